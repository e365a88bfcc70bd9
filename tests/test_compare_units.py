"""The compare stage on small hand-annotated stories: no model, every rule checked alone."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from newsprism.annotate.records import (
    ArticleAnnotations,
    DateMention,
    EntityMention,
    QuoteMention,
    Sentence,
)
from newsprism.brief import build_brief
from newsprism.compare.figures import compatible, find_figures, same_measure
from newsprism.compare.names import given_compatible, person_name, similar_spelling
from newsprism.compare.records import Brief, StoryInput
from newsprism.compare.story import BriefInputError
from newsprism.model import Article, PublishedDate


def article(article_id: str, text: str, outlet: str, day: str = "2023-11-14") -> Article:
    """An article with just what the brief reads."""
    return Article(
        id=article_id,
        source=f"{article_id}.txt",
        format="text",
        text=text,
        content_hash="",
        ingested_at="2023-11-30T00:00:00+00:00",
        outlet=outlet,
        title=f"{outlet} story",
        published=PublishedDate(day, "day"),
    )


def at(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """The offsets of the nth occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def person(
    text: str,
    phrase: str,
    name: str | None = None,
    role: str | None = None,
    kind: str = "person",
    nth: int = 0,
) -> EntityMention:
    start, end = at(text, phrase, nth)
    return EntityMention(
        text=phrase, name=name or phrase, type=kind, start=start, end=end, role=role
    )


def quote(
    text: str, words: str, speaker: int | None = None, name: str | None = None, direct: bool = True
) -> QuoteMention:
    start, end = at(text, words)
    return QuoteMention(
        text=words, start=start, end=end, direct=direct, speaker=speaker, speaker_name=name
    )


def notes(
    a: Article,
    entities: list[EntityMention] = (),
    quotes: list[QuoteMention] = (),
    dates: list[DateMention] = (),
) -> ArticleAnnotations:
    """Annotations with sentences cut at ". " and the given mentions."""
    sentences = [
        Sentence(m.start(), m.end()) for m in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", a.text, re.S)
    ]
    return ArticleAnnotations(
        article_id=a.id,
        text_hash="",
        annotator="test",
        sentences=tuple(sentences),
        entities=tuple(entities),
        quotes=tuple(quotes),
        dates=tuple(dates),
    )


def brief_of(*pairs: tuple[Article, ArticleAnnotations], reprints=None) -> Brief:
    articles = [a for a, _ in pairs]
    return build_brief(StoryInput("s1", reprints or {}), articles, {a.id: n for a, n in pairs})


def entity_with(brief: Brief, alias: str):
    found = [e for e in brief.entities if alias in e.aliases]
    assert len(found) == 1, (alias, [(e.name, e.aliases) for e in brief.entities])
    return found[0]


# --- names and figures -------------------------------------------------------------------


def test_person_names_drop_titles_and_fit_initials_and_spellings() -> None:
    assert person_name("Dr. Amara Okafor") == person_name("Amara Okafor")
    assert person_name("Mayor Okafor").given == ()
    assert given_compatible(("john", "f"), ("john",))
    assert given_compatible(("j",), ("john",))
    assert given_compatible(("chuck",), ("charles", "e"))
    assert not given_compatible(("amara",), ("chidi",))
    assert similar_spelling("gaddafi", "qaddafi")
    assert similar_spelling("gurbanguli", "kurbanguly")
    assert not similar_spelling("farmers", "growers")


def test_figures_parse_units_hedges_and_scores() -> None:
    text = "About 1,100 drivers struck; the council voted 7-2 for a $4.2 million budget."
    figures = {f.text: f for f in find_figures(text)}
    assert figures["About 1,100"].value == 1100 and figures["About 1,100"].hedge == "about"
    assert figures["7-2"].unit == "score" and figures["7-2"].other == 2
    assert figures["$4.2 million"].value == 4_200_000 and figures["$4.2 million"].unit == "$"
    seven = find_figures("approved by seven votes to two")[0]
    assert compatible(seven, figures["7-2"])
    assert find_figures("open 24/7 since 9/11 in 2019 at 3:30 p.m.") == []


def test_hedged_and_rounded_figures_agree_but_different_ones_clash() -> None:
    def one(text: str):
        return find_figures(text)[0]

    assert compatible(one("more than 600 people"), one("650 people"))
    assert compatible(one("9.21 million jobs"), one("9.2 million jobs"))
    assert not compatible(one("$4.2 million budget"), one("$4.7 million budget"))
    assert not same_measure(one("nine workers"), one("six more workers"))
    assert not same_measure(one("nine workers"), one("nine residents"))


def test_figures_keep_glued_hedges_dozens_and_skip_clock_times() -> None:
    (glued,) = find_figures("killed 275 and more than1,100 injured", glued_hedges=True)[1:]
    assert glued.value == 1100 and glued.hedge == "more than"
    assert [f.value for f in find_figures("two dozen passengers")] == [24]
    assert find_figures("it struck at 6.55 PM and landed around 18.03 hrs") == []
    assert find_figures("1,175 rail passengers")[0].value == 1175  # never cut at the comma


def test_rounding_follows_the_printed_precision_and_bounds_of_one_side_differ() -> None:
    def one(text: str):
        return find_figures(text)[0]

    assert compatible(one("$26.04 billion revenue"), one("$26 billion revenue"))
    assert not compatible(one("$46.06 billion forecast"), one("$46.5 billion forecast"))
    assert not compatible(one("$1.05 a share"), one("$1.08 a share"))
    assert not compatible(one("more than 1,100 injured"), one("more than 900 injured"))
    assert not compatible(one("at least five dead"), one("nine dead"))
    assert not compatible(one("more than 14,000 cases"), one("15,600 cases"))


# --- entities ------------------------------------------------------------------------------


def test_honorific_title_and_dropped_first_name_are_one_entity() -> None:
    a = article("a1", "Dr. Amara Okafor opened the session. Okafor spoke first.", "Harbor Daily")
    b = article("b1", "Mayor Okafor thanked residents after the vote.", "Valley Courier")
    c = article("c1", "Mayor Amara Okafor posted a message online.", "Riverton Ledger")
    brief = brief_of(
        (
            a,
            notes(
                a,
                [
                    person(a.text, "Amara Okafor", role="Dr."),
                    person(a.text, "Okafor", "Amara Okafor", "Dr.", nth=1),
                ],
            ),
        ),
        (b, notes(b, [person(b.text, "Okafor", role="Mayor")])),
        (c, notes(c, [person(c.text, "Amara Okafor", role="Mayor")])),
    )
    okafor = entity_with(brief, "Dr. Amara Okafor")
    assert okafor.name == "Amara Okafor"
    assert {"Mayor Okafor", "Mayor Amara Okafor", "Okafor"} <= set(okafor.aliases)
    assert set(okafor.articles) == {"a1", "b1", "c1"}
    assert {r.text for r in okafor.roles} >= {"Dr.", "Mayor"}
    assert not any(d.kind == "name" for d in brief.discrepancies)


def test_two_people_sharing_a_surname_stay_apart_and_the_role_decides() -> None:
    a = article("a1", "Mayor Amara Okafor chaired the meeting.", "Harbor Daily")
    b = article("b1", "Her brother, developer Chidi Okafor, bid for it.", "Valley Courier")
    c = article("c1", "Mayor Okafor said the bid would be reviewed.", "Lakeshore Post")
    d = article("d1", "Okafor declined to comment.", "Eastbank Observer")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Amara Okafor", role="Mayor")])),
        (b, notes(b, [person(b.text, "Chidi Okafor", role="developer")])),
        (c, notes(c, [person(c.text, "Okafor", role="Mayor")])),
        (d, notes(d, [person(d.text, "Okafor")])),
    )
    amara = entity_with(brief, "Mayor Amara Okafor")
    chidi = entity_with(brief, "Chidi Okafor")
    assert amara.id != chidi.id
    assert "c1" in amara.articles  # "Mayor Okafor" goes to the mayor
    assert "d1" not in amara.articles and "d1" not in chidi.articles  # unresolved


def test_acronym_transliteration_and_spelling_variants_are_aliases() -> None:
    a = article("a1", "The National Farmers Union met Muammar Gaddafi in Tripoli.", "Harbor Daily")
    b = article("b1", "The NFU said Moammar Qaddafi had agreed.", "Valley Courier")
    brief = brief_of(
        (
            a,
            notes(
                a,
                [
                    person(a.text, "National Farmers Union", kind="organization"),
                    person(a.text, "Muammar Gaddafi"),
                ],
            ),
        ),
        (
            b,
            notes(
                b, [person(b.text, "NFU", kind="organization"), person(b.text, "Moammar Qaddafi")]
            ),
        ),
    )
    assert "NFU" in entity_with(brief, "National Farmers Union").aliases
    assert "Moammar Qaddafi" in entity_with(brief, "Muammar Gaddafi").aliases
    assert brief.discrepancies == ()


def test_organisation_named_two_ways_is_a_discrepancy_not_an_alias() -> None:
    a = article(
        "a1",
        "The Northern Farmers Union, led by chair Ines Navarro, wants inspections.",
        "Harbor Daily",
    )
    b = article(
        "b1",
        "The Northern Growers Union and its chair Ines Navarro want inspections.",
        "Eastbank Observer",
    )
    brief = brief_of(
        (
            a,
            notes(
                a,
                [
                    person(a.text, "Northern Farmers Union", kind="organization"),
                    person(a.text, "Ines Navarro", role="chair"),
                ],
            ),
        ),
        (
            b,
            notes(
                b,
                [
                    person(b.text, "Northern Growers Union", kind="organization"),
                    person(b.text, "Ines Navarro", role="chair"),
                ],
            ),
        ),
    )
    orgs = [d for d in brief.discrepancies if d.kind == "organization"]
    assert len(orgs) == 1
    assert {v.value for v in orgs[0].values} == {"Northern Farmers Union", "Northern Growers Union"}
    assert (
        entity_with(brief, "Northern Farmers Union").id
        != entity_with(brief, "Northern Growers Union").id
    )


def test_different_office_and_party_are_discrepancies() -> None:
    a = article(
        "a1",
        "Mayor Lena Park said the plan works. Republican Sen. Ann Bell agreed.",
        "Harbor Daily",
    )
    b = article(
        "b1",
        "Deputy Mayor Lena Park said the plan works. Ann Bell (D-Ohio) agreed.",
        "Valley Courier",
    )
    brief = brief_of(
        (
            a,
            notes(
                a,
                [
                    person(a.text, "Lena Park", role="Mayor"),
                    person(a.text, "Ann Bell", role="Sen."),
                ],
            ),
        ),
        (
            b,
            notes(
                b, [person(b.text, "Lena Park", role="Deputy Mayor"), person(b.text, "Ann Bell")]
            ),
        ),
    )
    kinds = {d.kind: d for d in brief.discrepancies}
    assert {v.value for v in kinds["title"].values} == {"mayor", "deputy mayor"}
    assert {v.value for v in kinds["affiliation"].values} == {"Republican", "Democratic"}


# --- quotes ------------------------------------------------------------------------------


def test_quote_ledger_marks_paraphrase_diffs_it_and_links_indirect_speech() -> None:
    a = article(
        "a1",
        '"We will rebuild the riverside, and we will do it together," Okafor said.',
        "Harbor Daily",
    )
    b = article(
        "b1",
        '"We are going to rebuild the riverside together," Okafor told the chamber.',
        "Valley Courier",
    )
    c = article(
        "c1",
        "Okafor said the city would rebuild the riverside together with residents.",
        "Lakeshore Post",
    )
    brief = brief_of(
        (
            a,
            notes(
                a,
                [person(a.text, "Okafor", "Amara Okafor")],
                [quote(a.text, "We will rebuild the riverside, and we will do it together", 0)],
            ),
        ),
        (
            b,
            notes(
                b,
                [person(b.text, "Okafor", "Amara Okafor")],
                [quote(b.text, "We are going to rebuild the riverside together", 0)],
            ),
        ),
        (
            c,
            notes(
                c,
                [person(c.text, "Okafor", "Amara Okafor")],
                [
                    quote(
                        c.text,
                        "the city would rebuild the riverside together with residents",
                        0,
                        direct=False,
                    )
                ],
            ),
        ),
    )
    assert len(brief.quotes) == 1
    q = brief.quotes[0]
    assert q.text == "We will rebuild the riverside, and we will do it together"
    assert q.speaker_name == "Amara Okafor"
    by_article = {x.article: x for x in q.attributions}
    assert by_article["a1"].verbatim and by_article["a1"].diff == ()
    assert not by_article["b1"].verbatim
    assert any(ch.printed == "are going to" for ch in by_article["b1"].diff)
    assert not by_article["c1"].direct and not by_article["c1"].verbatim


def test_excerpt_is_verbatim_and_different_speakers_are_a_discrepancy() -> None:
    words = "We have made a fair offer, and we are ready to return to talks at any time"
    a = article("a1", f'"{words}," said Marcus Bell.', "Meridian Wire")
    b = article("b1", '"We have made a fair offer," said Hana Lindqvist.', "Eastbank Observer")
    brief = brief_of(
        (a, notes(a, [person(a.text, "Marcus Bell")], [quote(a.text, words, 0)])),
        (
            b,
            notes(
                b,
                [person(b.text, "Hana Lindqvist")],
                [quote(b.text, "We have made a fair offer", 0)],
            ),
        ),
    )
    (q,) = brief.quotes
    assert all(x.verbatim for x in q.attributions)
    names = [d for d in brief.discrepancies if d.kind == "name"]
    assert len(names) == 1 and "speaker" in names[0].about
    assert {v.value for v in names[0].values} == {"Marcus Bell", "Hana Lindqvist"}


# --- claims, figures, documents ------------------------------------------------------------


def test_reprints_count_once_and_a_figure_conflict_is_found() -> None:
    wire = "About 1,100 drivers began a 48-hour strike on Tuesday over pay."
    a = article("a1", wire, "Meridian Wire")
    b = article("b1", wire, "Riverton Ledger")
    c = article("c1", "The city approved a $4.2 million budget for the riverside plan.", "Post")
    d = article("d1", "The city approved a $4.7 million budget for the riverside plan.", "Courier")
    brief = brief_of(
        (a, notes(a)), (b, notes(b)), (c, notes(c)), (d, notes(d)), reprints={"b1": "a1"}
    )
    strike = next(cl for cl in brief.claims if "drivers" in cl.text)
    assert strike.status == "single_source"  # one wire story, reprinted
    assert {p.article for p in strike.support} == {"a1", "b1"}
    budget = next(cl for cl in brief.claims if "budget" in cl.text)
    assert budget.status == "conflicting"
    (number,) = [x for x in brief.discrepancies if x.kind == "number"]
    values = {v.value: v.articles for v in number.values}
    assert values == {"$4.2 million": ("c1",), "$4.7 million": ("d1",)}
    assert brief.coverage.independent_reports == 3 and brief.coverage.reprints == 1


def test_corroborated_claim_needs_two_independent_outlets() -> None:
    a = article("a1", "Nine workers were injured in the depot fire on Quarry Road.", "Harbor")
    b = article("b1", "The depot fire on Quarry Road injured nine workers overnight.", "Courier")
    c = article("c1", "The depot passed a routine fire safety inspection in June.", "Lakeshore")
    brief = brief_of((a, notes(a)), (b, notes(b)), (c, notes(c)))
    statuses = {cl.text: cl.status for cl in brief.claims}
    injured = next(t for t in statuses if "injur" in t)
    assert statuses[injured] == "corroborated"
    assert statuses["The depot passed a routine fire safety inspection in June."] == "single_source"


def test_narration_contradicting_a_quoted_document_is_a_discrepancy() -> None:
    text = (
        "The council approved a $4.2 million budget for the riverside repairs. "
        'The letter said "the budget of $4.5 million for the riverside repairs is final".'
    )
    a = article("a1", text, "Harbor Daily")
    q = quote(
        text, "the budget of $4.5 million for the riverside repairs is final", name="the letter"
    )
    brief = brief_of((a, notes(a, quotes=[q])))
    (d,) = brief.discrepancies
    assert d.kind == "number" and "narration" in d.summary
    assert [v.value for v in d.values] == ["$4.2 million", "$4.5 million"]


def test_timeline_and_extractive_summary_come_from_the_articles() -> None:
    text = (
        "The council voted on Monday to approve the riverside budget after a long debate. "
        "Work on the flood wall will start in the drier summer months next year."
    )
    a = article("a1", text, "Harbor Daily")
    start, end = at(text, "on Monday")
    monday = DateMention(
        text="on Monday", value="2023-11-13", granularity="day", start=start, end=end, sentence=0
    )
    brief = brief_of((a, notes(a, dates=[monday])))
    (event,) = brief.timeline
    assert event.date == "2023-11-13" and event.articles == ("a1",)
    assert event.text.startswith("The council voted on Monday")
    assert brief.summary and all(s.text in text for s in brief.summary)


def test_missing_or_stale_annotations_raise_a_clear_error() -> None:
    a = article("a1", "Nine workers were injured in the fire.", "Harbor")
    with pytest.raises(BriefInputError, match="no annotations"):
        build_brief(StoryInput("s1"), [a], {})
    stale = replace(notes(a), text_hash="not-the-hash")
    with pytest.raises(BriefInputError, match="another text"):
        build_brief(StoryInput("s1"), [a], {"a1": stale})
