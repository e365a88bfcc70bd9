"""Atomic facts, alignment that cannot heap, and claim statuses, on sentences written for them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from newsprism.cluster.linkage import average_link
from newsprism.compare.alignment import constrained_groups, similarity_matrix
from newsprism.compare.claims import claim_status
from newsprism.compare.entities import resolve_entities
from newsprism.compare.facts import Statement, find_statements, numbers_in, split_facts
from newsprism.compare.figures import find_figures
from newsprism.compare.quotes import build_quote_ledger
from newsprism.compare.records import BriefOptions, StoryInput
from newsprism.compare.story import prepare_story
from newsprism.compare.words import content_stems, fact_stems
from tests.test_compare_units import article, brief_of, notes, person, quote


def pieces(sentence: str) -> list[str]:
    return [sentence[a:b] for a, b in split_facts(sentence, 0, len(sentence))]


def statement(key: int, article_id: str, text: str) -> Statement:
    return Statement(
        key=key,
        article=article_id,
        start=0,
        end=len(text),
        text=text,
        stems=frozenset(content_stems(text)),
        entities=frozenset(),
        figures=tuple(find_figures(text)),
        dates=(),
        position=0.0,
        numbers=numbers_in(text),
    )


# --- atomic facts ---------------------------------------------------------------------------


def test_a_sentence_is_cut_into_the_clauses_it_states() -> None:
    assert pieces(
        "The ferry from Lindholm sank near the harbour wall, and the coastguard closed "
        "the northern channel for two days."
    ) == [
        "The ferry from Lindholm sank near the harbour wall",
        "and the coastguard closed the northern channel for two days.",
    ]
    # A coordinated predicate without a comma.
    assert pieces(
        "A district court found the mayor of Tarvik guilty of fraud and sentenced him "
        "to four years in prison."
    ) == [
        "A district court found the mayor of Tarvik guilty of fraud",
        "and sentenced him to four years in prison.",
    ]
    # A participle clause after a comma.
    assert pieces(
        "The relief convoy reached the northern pass at dawn, making Orsk the first "
        "town to get fresh supplies."
    ) == [
        "The relief convoy reached the northern pass at dawn",
        "making Orsk the first town to get fresh supplies.",
    ]


def test_lists_short_sides_and_paragraph_breaks() -> None:
    # A list of names is no clause; "including" opens no clause.
    listed = "Aid arrived from Orlen, Dask, Mirow and Tallis, including tents and blankets."
    assert pieces(listed) == [listed]
    # A side shorter than six words stays with its sentence.
    short = "The bridge reopened on Monday, and traffic resumed."
    assert pieces(short) == [short]
    # A caption or heading run into the next line is cut at the line break, its marks trimmed.
    assert pieces("“Storm damage at the pier\n\nThe storm flooded forty homes in Bellmoor.") == [
        "Storm damage at the pier",
        "The storm flooded forty homes in Bellmoor.",
    ]


def test_words_of_one_family_count_as_one() -> None:
    assert set(fact_stems("The gunman was detained")) == set(fact_stems("the shooter was arrested"))
    assert set(fact_stems("The gunman was detained")) != set(
        content_stems("the shooter was arrested")
    )


def test_british_and_american_spellings_count_as_one() -> None:
    uk = "The Health Organisation's centre defended its labour programme"
    us = "The Health Organization's center defended its labor programme"
    assert fact_stems(uk) == fact_stems(us)
    assert content_stems(uk) != content_stems(us)


def test_numbers_are_read_as_anchors() -> None:
    assert numbers_in("At least 3,417 dead; it struck at 10:52 pm, the 73rd minute") == {
        "3417",
        "10.52",
        "73",
    }


def test_a_sentence_inside_a_quote_is_the_speakers_statement_and_credits_are_none() -> None:
    text = (
        "Dana Virelli, the harbour master, spoke to reporters on the quay. "
        '"The northern channel will stay closed until the wreck is lifted," Virelli said. '
        "Photo: Harbour Authority archive picture of the northern channel. "
        "Additional reporting by Tomas Ekberg in the port of Lindholm."
    )
    a = article("a1", text, "Coast Herald")
    who = person(text, "Dana Virelli", role="harbour master")
    q = quote(text, "The northern channel will stay closed until the wreck is lifted,", speaker=0)
    note = notes(a, entities=[who], quotes=[q])
    story = prepare_story(StoryInput("s1"), [a], {"a1": note})
    resolution = resolve_entities(story)
    ledger = build_quote_ledger(story, resolution)
    found = find_statements(story, resolution, ledger.quote_spans, BriefOptions())
    said = next(s for s in found if "northern channel will stay closed" in s.text)
    assert said.quoted and said.speaker == resolution.mention_entity[("a1", 0)]
    narration = next(s for s in found if s.text.startswith("Dana Virelli"))
    assert not narration.quoted and narration.speaker is None
    assert not any(s.text.startswith(("Photo:", "Additional reporting")) for s in found)
    brief = brief_of((a, note))
    claim = next(c for c in brief.claims if "northern channel will stay closed" in c.text)
    assert claim.status == "single_source"


def test_page_furniture_is_no_statement() -> None:
    text = (
        "By Maria Lund, Staff Writer\n"
        "Updated: 14 March 2031 10:32\n"
        "Related: Flood waters rise across the northern valley towns\n"
        "By Tuesday, crews had reopened both roads into the valley."
    )
    a = article("a1", text, "Valley Post")
    story = prepare_story(StoryInput("s1"), [a], {"a1": notes(a)})
    resolution = resolve_entities(story)
    found = find_statements(story, resolution, {}, BriefOptions())
    assert [s.text for s in found] == ["By Tuesday, crews had reopened both roads into the valley."]


# --- alignment ------------------------------------------------------------------------------


def test_a_claim_never_holds_two_statements_of_one_article() -> None:
    # Rows 0-2 are one article's three sentences, each much like row 3 of another article:
    # transitive ties would heap them all into one claim.
    sim = np.array(
        [
            [0.0, 0.0, 0.0, 0.9],
            [0.0, 0.0, 0.0, 0.8],
            [0.0, 0.0, 0.0, 0.7],
            [0.9, 0.8, 0.7, 0.0],
        ]
    )
    groups = constrained_groups(sim, ["a", "a", "a", "b"], ["x", "y", "z", "w"], 0.34)
    assert groups == ((0, 3), (1,), (2,))


def test_clustering_by_component_gives_what_one_clustering_of_all_gives() -> None:
    rng = np.random.default_rng(3)
    n = 60
    sim = rng.random((n, n)) ** 4
    sim = (sim + sim.T) / 2
    articles = [str(i % 7) for i in range(n)]
    for i in range(n):
        for j in range(n):
            if articles[i] == articles[j]:
                sim[i, j] = 0.0
    apart = [(i, j) for i in range(n) for j in range(i + 1, n) if articles[i] == articles[j]]
    labels = average_link(sim, 0.4, [[i] for i in range(n)], apart)
    whole: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        whole.setdefault(int(label), []).append(i)
    expected = tuple(sorted(tuple(m) for m in whole.values()))
    assert constrained_groups(sim, articles, [str(i) for i in range(n)], 0.4) == expected
    assert any(len(group) > 2 for group in expected)


def test_a_verbatim_repeat_joins_its_first_printing() -> None:
    sim = np.array([[0.0, 0.0, 0.9], [0.0, 0.0, 0.9], [0.9, 0.9, 0.0]])
    groups = constrained_groups(sim, ["a", "a", "b"], ["same", "same", "other"], 0.34)
    assert groups == ((0, 1, 2),)


def test_no_chain_of_loose_ties_makes_one_claim() -> None:
    # 0 ~ 1 and 1 ~ 2, but 0 and 2 state different things: average link keeps 2 out.
    sim = np.array([[0.0, 0.6, 0.05], [0.6, 0.0, 0.45], [0.05, 0.45, 0.0]])
    groups = constrained_groups(sim, ["a", "b", "c"], ["x", "y", "z"], 0.34)
    assert groups == ((0, 1), (2,))


def test_pair_score_needs_more_than_one_shared_word_and_counts_numbers() -> None:
    options = BriefOptions()
    rows = [
        statement(0, "a", "Mira hid her face from the cameras outside the court."),
        statement(
            1, "b", "Each of the four suspects faces up to 12 years behind bars if convicted."
        ),
        statement(2, "c", "Officials said 3,417 people were dead in the valley towns."),
        statement(
            3, "d", "Rescue teams counted at least 3,417 dead and 8,000 injured by nightfall."
        ),
        statement(4, "e", "Volunteers cleared the main road to the valley overnight."),
    ]
    sim = similarity_matrix(rows, options)
    assert sim[0, 1] < options.claim_threshold  # "face" / "faces": one shared stem
    assert sim[2, 3] > 2 * sim[2, 4]  # the same toll
    assert sim[2, 4] < options.claim_threshold
    no_numbers = similarity_matrix(rows, replace(options, claim_number_weight=0.0))
    assert no_numbers[2, 3] < sim[2, 3]


def test_the_measure_slot_lines_up_two_values_of_one_amount() -> None:
    rows = [
        statement(0, "a", "The council will spend about $1 billion on the new tram line."),
        statement(1, "b", "The new tram line is set to cost the city $1.3 billion."),
    ]
    bare = [replace(r, figures=()) for r in rows]
    assert similarity_matrix(rows)[0, 1] > similarity_matrix(bare)[0, 1]


def test_a_figure_on_one_side_only_lowers_the_score() -> None:
    rows = [
        statement(0, "a", "Dunmore City kept the ball for 70% of the opening half at home."),
        statement(1, "b", "Dunmore City kept the ball for most of the opening half at home."),
    ]
    plain = similarity_matrix(rows, BriefOptions(claim_figure_penalty=0.0))[0, 1]
    assert similarity_matrix(rows, BriefOptions(claim_figure_penalty=0.3))[0, 1] < plain


def test_two_outlets_stating_one_fact_corroborate_it_and_a_third_stays_apart() -> None:
    a = article(
        "a1",
        "The Kestrel dam on the Ruven river burst on Sunday night. "
        "Engineers had warned of cracks in the spillway last spring.",
        "Valley Post",
    )
    b = article(
        "b1",
        "The Kestrel dam on the Ruven river burst late on Sunday. "
        "Farmers downstream moved their cattle to higher ground.",
        "Ruven Courier",
    )
    c = article("c1", "The Kestrel dam on the Ruven river burst on Sunday night.", "Valley Post")
    brief = brief_of((a, notes(a)), (b, notes(b)), (c, notes(c)))
    burst = next(cl for cl in brief.claims if "burst" in cl.text)
    assert burst.status == "corroborated" and burst.independent_reports == 2
    assert {p.article for p in burst.support} == {"a1", "b1", "c1"}
    for claim in brief.claims:
        if "cracks" in claim.text or "cattle" in claim.text:
            assert claim.status == "single_source" and len(claim.support) == 1


# --- statuses -------------------------------------------------------------------------------


def test_status_is_conflicting_when_contested_corroborated_from_two_reports() -> None:
    rows = [statement(0, "a", "The toll rose to 41."), statement(1, "b", "The toll rose to 44.")]
    assert claim_status(rows, 2, {("b", 5, 9)}) == "conflicting"
    assert claim_status(rows, 2, {("b", 50, 60)}) == "corroborated"
    assert claim_status(rows, 1, set()) == "single_source"
