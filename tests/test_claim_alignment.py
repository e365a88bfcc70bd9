"""Atomic facts, alignment that cannot heap, and claim statuses, on sentences written for them."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from newsprism.cluster.linkage import average_link
from newsprism.compare.alignment import constrained_groups, similarity_matrix
from newsprism.compare.claims import claim_status
from newsprism.compare.entities import resolve_entities
from newsprism.compare.facts import (
    Statement,
    find_statements,
    name_stems,
    numbers_in,
    split_facts,
)
from newsprism.compare.figures import find_figures
from newsprism.compare.quotes import build_quote_ledger
from newsprism.compare.records import BriefOptions, Dispute, StoryInput
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


def test_a_clause_placed_hours_or_days_after_another_event_is_its_own_fact() -> None:
    assert pieces(
        "The port authority ordered a safety review of the Kessen ferries, two days after "
        "the harbour master said the crew had ignored a storm warning."
    ) == [
        "The port authority ordered a safety review of the Kessen ferries",
        "two days after the harbour master said the crew had ignored a storm warning.",
    ]
    assert pieces(
        "The union called off the strike at the Varnel mill, hours before the owners "
        "were due to sign the new wage deal."
    ) == [
        "The union called off the strike at the Varnel mill",
        "hours before the owners were due to sign the new wage deal.",
    ]


def test_a_relative_clause_after_a_comma_is_its_own_fact() -> None:
    assert pieces(
        "The collision involved the Harwick night mail and a freight train, which were "
        "carrying about 900 passengers between them."
    ) == [
        "The collision involved the Harwick night mail and a freight train",
        "which were carrying about 900 passengers between them.",
    ]


def test_but_before_a_new_named_subject_opens_a_clause() -> None:
    assert pieces(
        "Tomas Reyl put the visitors ahead after nine minutes but Ilse Varga, their captain, "
        "soon levelled the match from the penalty spot."
    ) == [
        "Tomas Reyl put the visitors ahead after nine minutes",
        "but Ilse Varga, their captain, soon levelled the match from the penalty spot.",
    ]
    # "but" before a lower-case word that is no verb stays inside its clause.
    kept = "The council approved the plan for the new harbour but only after a long debate."
    assert pieces(kept) == [kept]


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


def test_general_news_paraphrases_count_as_one() -> None:
    pairs = [
        ("The ministry sought an inquiry", "the ministry recommended an inquiry"),
        ("Delmar was barred from office", "Delmar was disqualified from office"),
        ("The rebels fled the town", "the rebels escaped the town"),
        ("The army takeover in Varnia", "the army coup in Varnia"),
        ("Osei levelled for the visitors", "Osei equalised for the visitors"),
        ("The minister was hospitalised", "the minister was admitted"),
    ]
    for one, other in pairs:
        assert set(fact_stems(one)) == set(fact_stems(other)), (one, other)
        assert set(content_stems(one)) != set(content_stems(other)), (one, other)


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
        "EBITDA = earnings before interest, taxes, depreciation and amortization.\n"
        "By Tuesday, crews had reopened both roads into the valley."
    )
    a = article("a1", text, "Valley Post")
    story = prepare_story(StoryInput("s1"), [a], {"a1": notes(a)})
    resolution = resolve_entities(story)
    found = find_statements(story, resolution, {}, BriefOptions())
    assert [s.text for s in found] == ["By Tuesday, crews had reopened both roads into the valley."]


def test_a_photo_caption_with_its_credit_is_no_statement() -> None:
    text = (
        "Crews reopened both roads into the valley on Tuesday morning.\n"
        "A man wades past a flooded shop in the old town of Selm. — AFP/File\n"
        "The mayor said repairs to the bridge would take several weeks."
    )
    a = article("a1", text, "Valley Post")
    story = prepare_story(StoryInput("s1"), [a], {"a1": notes(a)})
    found = find_statements(story, resolve_entities(story), {}, BriefOptions())
    assert not any("flooded shop" in s.text for s in found)
    assert len(found) == 2


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
    # Two values of one measure (dollars, billions) score above the same values of
    # different measures.
    other = [
        rows[0],
        replace(rows[1], figures=tuple(replace(f, unit="%") for f in rows[1].figures)),
    ]
    assert similarity_matrix(rows)[0, 1] > similarity_matrix(other)[0, 1]


def test_a_figure_on_one_side_only_lowers_the_score() -> None:
    rows = [
        statement(0, "a", "Dunmore City kept the ball for 70% of the opening half at home."),
        statement(1, "b", "Dunmore City kept the ball for most of the opening half at home."),
    ]
    plain = similarity_matrix(rows, BriefOptions(claim_figure_penalty=0.0))[0, 1]
    assert similarity_matrix(rows, BriefOptions(claim_figure_penalty=0.3))[0, 1] < plain


def test_the_same_fact_told_without_its_number_keeps_its_score() -> None:
    rows = [
        statement(0, "a", "The Red Cross said it sent 14 trucks to the Varnel valley."),
        statement(1, "b", "The Red Cross has sent trucks to villages in the Varnel valley."),
        statement(2, "c", "The Red Cross has sent several trucks to the Varnel valley."),
    ]
    assert rows[0].figures and rows[0].figures[0].context[0] in rows[1].stems
    on = similarity_matrix(rows, BriefOptions(claim_figure_penalty=0.3))
    off = similarity_matrix(rows, BriefOptions(claim_figure_penalty=0.0))
    # "trucks" named plainly: the same fact without its number, no penalty.
    assert on[0, 1] == off[0, 1]
    # A vague amount instead ("several trucks") is a vaguer detail: the penalty stands.
    assert on[0, 2] < off[0, 2]


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


def test_a_name_with_its_title_counts_as_the_name() -> None:
    text = "Transport Minister Amara Okafor rode to the flooded depot on a tractor."
    at = text.index("Amara")
    names = name_stems(text, [(at, at + len("Amara Okafor"))], 0, len(text))
    assert names == frozenset(fact_stems("Transport Minister Amara Okafor"))
    # A mention outside the statement names nothing in it.
    assert name_stems(text, [(at, at + 5)], at + 20, len(text)) == frozenset()


def test_two_things_said_of_one_person_score_below_one_fact_told_twice() -> None:
    def named(key: int, article_id: str, text: str) -> Statement:
        at = text.index("Amara")
        row = statement(key, article_id, text)
        return replace(row, names=name_stems(text, [(at, at + len("Amara Okafor"))], 0, len(text)))

    rows = [
        named(0, "a", "Transport Minister Amara Okafor rode to the flooded depot on a tractor."),
        named(1, "b", "Transport Minister Amara Okafor said the injured were taken to Selm."),
        named(2, "c", "Transport Minister Amara Okafor reached the flooded depot on a tractor."),
    ]
    on = similarity_matrix(rows)
    off = similarity_matrix(rows, BriefOptions(claim_name_only_penalty=0.0))
    # Only the name and title shared: the score is cut.
    assert on[0, 1] < off[0, 1]
    # Words beyond the name shared ("flooded depot", "tractor"): the score stands.
    assert on[0, 2] == off[0, 2]


# --- statuses -------------------------------------------------------------------------------


def test_status_is_conflicting_when_contested_corroborated_from_two_reports() -> None:
    rows = [statement(0, "a", "The toll rose to 41."), statement(1, "b", "The toll rose to 44.")]
    both = Dispute(
        frozenset({("b", 0, 20)}), (frozenset({("a", 0, 20)}), frozenset({("b", 0, 20)}))
    )
    elsewhere = Dispute(frozenset({("b", 50, 60)}), (frozenset({("b", 50, 60)}),))
    assert claim_status(rows, 2, [both], undisputed_reports=2) == "conflicting"
    assert claim_status(rows, 2, [elsewhere]) == "corroborated"
    assert claim_status(rows, 1, []) == "single_source"


def test_a_disputed_detail_one_report_adds_does_not_undo_what_several_agree_on() -> None:
    rows = [
        statement(0, "a", "Police arrested four men late on Friday."),
        statement(1, "b", "Four men were arrested by police."),
    ]
    # Another outlet says Thursday: article a's "Friday" is the contested value; article b
    # gives no day. The two reports still agree that four men were arrested.
    friday = Dispute(
        frozenset({("a", 0, 41)}), (frozenset({("a", 0, 41)}), frozenset({("c", 0, 30)}))
    )
    # With two other reports stating the fact without the disputed day, it stands.
    assert claim_status(rows, 3, [friday], undisputed_reports=2) == "corroborated"
    # With only one, the claim rests on the disputed report: conflicting.
    assert claim_status(rows, 2, [friday], undisputed_reports=1) == "conflicting"
    assert claim_status(rows[:1], 1, [friday]) == "conflicting"


def test_a_claim_reads_as_a_sentence_rather_than_a_clause_cut_from_one() -> None:
    from newsprism.compare.alignment import ClaimAlignment
    from newsprism.compare.claims import _representative

    rows = [
        statement(0, "a", "which is expected to vote on the budget before the end of May."),
        statement(1, "b", "The finance committee is expected to vote on the budget in May."),
    ]
    # The clause is the more central of the two; the sentence still reads better.
    similarity = np.array([[1.0, 0.6], [0.6, 0.9]])
    alignment = ClaimAlignment(statements=tuple(rows), similarity=similarity, groups=((0, 1),))
    lead = _representative(alignment, (0, 1), {"a": 0, "b": 1})
    assert lead.text.startswith("The finance committee")
