"""Timeline and summary on small hand-annotated stories: furniture is never an entry or a
summary sentence, undated articles are placed against the story's date, a summary sentence
credits only the articles that state its fact."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from newsprism.annotate.records import DateMention
from newsprism.compare.claims import ClaimAlignment, Statement
from newsprism.compare.records import BriefOptions, StoryInput
from newsprism.compare.story import prepare_story
from newsprism.compare.summary import build_summary
from newsprism.compare.timeline import build_timeline
from tests.test_compare_units import article, at, brief_of, notes


def mention(text: str, phrase: str, value: str | None, tense: str | None = None) -> DateMention:
    """A date mention of ``phrase`` in ``text`` (sentence index 0: the tests do not read it)."""
    start, end = at(text, phrase)
    return DateMention(
        text=phrase,
        value=value,
        granularity="day",
        start=start,
        end=end,
        sentence=0,
        tense=tense,
    )


def test_a_date_in_a_photo_caption_makes_no_timeline_entry() -> None:
    text = (
        "The council of Velmont voted on Monday to close the old pier for repairs.\n"
        "Workers fence off the pier in Velmont on Friday. — AFP/File\n"
        "The repairs are expected to take most of the coming year."
    )
    a = article("a1", text, "Harbour Daily", day="2023-11-14")
    monday = mention(text, "on Monday", "2023-11-13")
    friday = mention(text, "on Friday", "2023-11-10")
    brief = brief_of((a, notes(a, dates=[monday, friday])))
    assert [e.date for e in brief.timeline] == ["2023-11-13"]


def test_a_byline_run_into_a_sentence_is_trimmed_from_the_entry() -> None:
    text = "By Marta Oyelaran\nThe council of Velmont voted on Monday to close the old pier."
    a = article("a1", text, "Harbour Daily", day="2023-11-14")
    brief = brief_of((a, notes(a, dates=[mention(text, "on Monday", "2023-11-13")])))
    (event,) = brief.timeline
    assert event.text.startswith("The council of Velmont voted")
    (passage,) = event.evidence
    assert text[passage.start : passage.end] == passage.text
    assert not passage.text.startswith("By")


def test_an_undated_article_is_placed_against_the_story_date() -> None:
    dated_text = "The port of Velmont reopened on Tuesday after the storm passed the coast."
    undated_text = "Voters in Velmont go to the polls on February 8 to choose a new council."
    dated = article("a1", dated_text, "Harbour Daily", day="2024-01-30")
    undated = replace(article("b1", undated_text, "Lakeside Courier"), published=None)
    unplaced = mention(undated_text, "February 8", None, tense="present")
    brief = brief_of(
        (dated, notes(dated, dates=[mention(dated_text, "on Tuesday", "2024-01-30")])),
        (undated, notes(undated, dates=[unplaced])),
    )
    assert "2024-02-08" in [e.date for e in brief.timeline]


def test_the_summary_skips_furniture_fragments_and_cut_off_sentences() -> None:
    shared = "The council of Velmont voted to close the old pier for a year of repairs."
    a_text = (
        f"{shared}\n"
        "Workers fence off the old pier in Velmont before the repairs. Photo: Harbour Wire\n"
        "said the mayor of Velmont, who has long argued for a new pier on the bay.\n"
        'It is a sad day for the bay," the mayor of Velmont told the council at its meeting.\n'
        "The repairs will be paid for by a regional fund that the council set up in"
    )
    b_text = (
        f"{shared}\n"
        "Workers fence off the old pier in Velmont before the repairs. Photo: Harbour Wire\n"
        "said the mayor of Velmont, who has long argued for a new pier on the bay.\n"
        'It is a sad day for the bay," the mayor of Velmont told the council at its meeting.\n'
        "The repairs will be paid for by a regional fund that the council set up in"
    )
    a = article("a1", a_text, "Harbour Daily")
    b = article("b1", b_text, "Lakeside Courier")
    brief = brief_of((a, notes(a)), (b, notes(b)))
    texts = [s.text for s in brief.summary]
    assert shared in texts
    assert not any("Photo:" in t or t.startswith("said") or t.endswith(" in") for t in texts)
    assert not any("sad day" in t for t in texts)


def test_a_summary_sentence_loses_its_dateline_furniture() -> None:
    shared = "The council of Velmont voted to close the old pier for a year of repairs."
    a = article("a1", f"VELMONT, Ostria (AP) — {shared}", "Harbour Daily")
    b = article("b1", shared, "Lakeside Courier")
    brief = brief_of((a, notes(a)), (b, notes(b)))
    assert [s.text for s in brief.summary] == [shared]


def test_a_summary_sentence_credits_only_the_statements_tied_to_it() -> None:
    texts = {
        "a1": "The harbour board of Velmont approved the new pier budget on Monday evening.",
        "b1": "The harbour board of Velmont approved the pier budget on Monday night.",
        "c1": "The pier budget of Velmont is the largest the harbour board has ever set.",
    }
    articles = [article(k, v, f"Outlet {k}") for k, v in texts.items()]
    story = prepare_story(StoryInput("s1"), articles, {a.id: notes(a) for a in articles})
    statements = tuple(
        Statement(
            key=n,
            article=a.id,
            start=0,
            end=len(a.text),
            text=a.text,
            stems=frozenset(a.text.lower().split()),
            entities=frozenset(),
            figures=(),
            dates=(),
            position=0.0,
        )
        for n, a in enumerate(articles)
    )
    # a1 and b1 state one fact; c1 reached their claim only through a weak tie to b1.
    similarity = np.array([[0, 0.9, 0.1], [0.9, 0, 0.3], [0.1, 0.3, 0]], dtype=np.float32)
    alignment = ClaimAlignment(statements=statements, similarity=similarity, groups=((0, 1, 2),))
    (sentence,) = build_summary(story, alignment, set(), BriefOptions())
    assert sentence.articles == ("a1", "b1")
    assert [p.article for p in sentence.evidence] == ["a1", "b1"]


def test_a_summary_sentence_prefers_a_statement_that_names_its_subject() -> None:
    a = article("a1", "He approved the new pier budget for Velmont on Monday evening.", "Harbour")
    b_text = "Mayor Ilse Varga approved the new pier budget for Velmont on Monday evening."
    b = article("b1", b_text, "Courier")
    brief = brief_of((a, notes(a)), (b, notes(b)))
    assert [s.text for s in brief.summary] == [b_text]
    assert brief.summary[0].articles == ("a1", "b1")


def test_a_timeline_entry_credits_only_the_statements_tied_to_it() -> None:
    texts = {
        "a1": "The harbour board of Velmont approved the new pier budget on Monday evening.",
        "b1": "The harbour board of Velmont approved the pier budget on Monday night.",
        "c1": "The pier of Velmont reopened to ferries on Monday after a storm.",
    }
    articles = [article(k, v, f"Outlet {k}") for k, v in texts.items()]
    annotated = {a.id: notes(a, dates=[mention(a.text, "Monday", "2023-11-13")]) for a in articles}
    story = prepare_story(StoryInput("s1"), articles, annotated)
    statements = tuple(
        Statement(
            key=n,
            article=a.id,
            start=0,
            end=len(a.text),
            text=a.text,
            stems=frozenset(a.text.lower().split()),
            entities=frozenset(),
            figures=(),
            dates=(("2023-11-13", "day"),),
            position=0.0,
        )
        for n, a in enumerate(articles)
    )
    # One claim heaped by a weak tie: c1 states another fact of the same Monday.
    similarity = np.array([[0, 0.9, 0.1], [0.9, 0, 0.3], [0.1, 0.3, 0]], dtype=np.float32)
    alignment = ClaimAlignment(statements=statements, similarity=similarity, groups=((0, 1, 2),))
    events = build_timeline(story, alignment)
    assert sorted(e.articles for e in events) == [("a1", "b1"), ("c1",)]


def test_a_fiscal_year_is_no_timeline_date_but_the_quarter_end_is() -> None:
    text = (
        "Calder Systems reported record revenue for the first quarter of fiscal 2025, "
        "which ended on April 28, 2024, beating forecasts."
    )
    a = article("a1", text, "Harbour Daily", day="2024-05-23")
    fiscal = replace(mention(text, "2025", "2025"), granularity="year")
    end = mention(text, "April 28, 2024", "2024-04-28")
    brief = brief_of((a, notes(a, dates=[fiscal, end])))
    assert [e.date for e in brief.timeline] == ["2024-04-28"]
