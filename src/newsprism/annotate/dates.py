"""Dates: expressions found by compiled patterns, resolved against the publication date.

What an expression means depends on when the article appeared and on the tense around it:

- a weekday is the publication day when it is the same weekday ("on Monday" in a Monday
  article); otherwise the latest one before publication in a past-tense context, the next one
  after it in a future or present one ("will meet on Friday"), the latest one before it when
  the sentence says nothing;
- a month and day without a year ("May 20", a dateline "LAGOS, May 3 (Reuters)") take the
  year that fits the tense, else the year that puts them nearest the publication date;
- "yesterday", "last week", "next month", "two years ago" count from the publication date;
- a year ("in the 2019 elections") and a full date need no publication date.

Without a publication day (none, or only a month or year), what needs one stays unresolved
(``value`` None): nothing is ever guessed from the clock. "Week" expressions resolve to the
Monday of that week, with granularity ``week``.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from newsprism.annotate.records import DateMention, Granularity
from newsprism.annotate.tense import clause_tense
from newsprism.model import PublishedDate

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
    r"Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89][0-9]{2}|20[0-9]{2}|2100)"
_COUNT = r"(?:[0-9]{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_MOD = r"(?:last|next|this|coming|past)"

DATE_PATTERN = re.compile(
    rf"""
    (?P<iso>\b(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>[0-3][0-9])\b)
  | (?P<numeric>\b[0-9]{{1,2}}[/.][0-9]{{1,2}}[/.](?:[0-9]{{4}}|[0-9]{{2}})\b)
  | (?P<mdy>(?:{_WEEKDAY},?\s+)?(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY})\b
        (?:,?\s+(?P<mdy_y>{_YEAR})\b)?)
  | (?P<dmy>(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MONTH})
        (?:,?\s+(?P<dmy_y>{_YEAR})\b)?)
  | (?P<my>(?P<my_m>{_MONTH}),?\s+(?P<my_y>{_YEAR})\b)
  | (?P<rel_day>\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday|today|
        tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))\b)
  | (?P<rel_ref>\b(?:the\s+)?(?P<rr_word>previous|preceding|following|next)\s+day\b
        |\bthe\s+day\s+(?P<rr_prep>before|after)\b)
  | (?P<wd>\b(?:(?P<wd_mod>{_MOD})\s+)?(?P<wd_name>{_WEEKDAY})\b
        (?:\s+(?:morning|afternoon|evening|night))?)
  | (?P<rel_unit>\b(?:(?P<ru_mod>last|next|this|coming)|(?P<ru_edge>earlier|later)\s+this)
        \s+(?P<ru_unit>week|month|year)\b)
  | (?P<ago>\b(?P<ago_n>{_COUNT})\s+(?P<ago_unit>day|week|month|year)s?\s+
        (?P<ago_dir>ago|earlier|before|later|from\s+now)\b)
  | (?P<mon>\b(?:(?P<mon_mod>last|next|this|early|late|mid-?|earlier\s+in|later\s+in)\s*)?
        (?P<mon_m>January|February|March|April|May|June|July|August|September|October|
        November|December)\b(?![\s,]*[0-9]))
  | (?P<year>(?<![0-9$€£.,:/-])\b(?P<year_y>{_YEAR})\b(?![0-9%]|[,.:/][0-9]|\s*(?:%|percent)))
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Where a date expression can begin: scanning for these first and trying the full pattern
# only there is several times faster than running the full pattern over the whole text.
_TRIGGER = re.compile(
    r"\b(?:[0-9]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|"
    r"sun|yesterday|today|tonight|tomorrow|last|next|this|coming|past|earlier|later|"
    r"previous|preceding|following|the\s+(?:day|previous|preceding|following|next)|"
    r"an?\s|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"early|late|mid)",
    re.IGNORECASE,
)


def find_date_expressions(text: str) -> list[re.Match[str]]:
    """Return the matches of ``DATE_PATTERN`` in ``text``, left to right, not overlapping."""
    found = []
    end = 0
    for trigger in _TRIGGER.finditer(text):
        position = trigger.start()
        if position < end:
            continue
        match = DATE_PATTERN.match(text, position)
        if match is not None and match.end() > position:
            found.append(match)
            end = match.end()
    return found


_MONTH_CONTEXT = frozenset(
    "in since by until till from of during before after through between last next this "
    "early late mid mid- to and or, earlier later".split()
)
_YEAR_CONTEXT = frozenset(
    "in since by until till from of during before after through between the to and or "
    "mid early late year fiscal class season election elections — – - 's".split()
)
# How far back (in sentences) an "N days earlier" still counts from a date named before it.
_REFERENCE_SENTENCES = 1
# A capitalised word after a weekday that is neither a month nor a part of the day: the
# weekday is part of a name ("Friday Prayers leader", "the Sunday Times").
_NAME_AFTER_WEEKDAY = re.compile(
    r"\s+(?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Morning|Afternoon|Evening|"
    r"Night|Noon|Midnight)\b)[A-Z][a-z]"
)
# After "two weeks before": a noun phrase ("the election") makes it a date of that event.
_NOUN_PHRASE_AHEAD = re.compile(r"\s+(?:the|a|an|his|her|its|their|this|that|[A-Z0-9\"“'‘])")


@lru_cache(maxsize=4096)
def _parse_numeric(text: str) -> dt.date | None:
    """Return the date in a numeric form ("11/14/2023", "14.11.2023"), read by dateparser."""
    import dateparser  # type: ignore[import-untyped]

    settings: dict[str, Any] = {
        "DATE_ORDER": "DMY" if "." in text else "MDY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None


def _anchor(published: PublishedDate | None) -> tuple[int | None, int | None, dt.date | None]:
    """Return the publication (year, month, day) as far as known."""
    if published is None:
        return None, None, None
    value = published.value
    try:
        year = int(value[:4])
        month = int(value[5:7]) if published.precision != "year" and len(value) >= 7 else None
    except ValueError:
        return None, None, None
    return year, month, published.day


def token_starts(doc: Any) -> list[int]:
    """Return the character offset of each token of ``doc`` (fast, through numpy)."""
    from spacy.attrs import IDX

    return [int(x) for x in doc.to_array([IDX]).reshape(-1)] if len(doc) else []


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class _Resolver:
    # A plain class: it carries one article's publication anchor and parse through the
    # resolution of each of its date expressions.
    """Resolves date expressions of one article."""

    def __init__(
        self,
        published: PublishedDate | None,
        doc: Any,
        tenses: Sequence[tuple[int, int, str | None]] = (),
        borrowed: str | None = None,
    ) -> None:
        self.year, self.month, self.day = _anchor(published)
        self.doc = doc
        self.token_starts = token_starts(doc) if doc is not None else []
        # Without a parse: the tense kept for each expression (start, end, tense).
        self.tenses = tuple(tenses)
        # "story" when the publication date is borrowed from the story's other articles: then
        # "yesterday" and "last week" stay unplaced; "weekdays" lets weekdays be placed.
        self.borrowed = borrowed
        # The last date placed (value, granularity, sentence) and the current sentence: what
        # "two days earlier" counts from.
        self.reference: tuple[str, Granularity, int] | None = None
        self.sentence = 0
        # With a borrowed date: the first and last days the story's articles appeared.
        self.window: tuple[dt.date, dt.date] | None = None

    def token_at(self, char: int) -> int:
        return max(bisect_right(self.token_starts, char) - 1, 0)

    def tense(self, char: int) -> str | None:
        if self.tenses:
            return next((t for s, e, t in self.tenses if s <= char < e), None)
        if not self.token_starts:
            return None
        return clause_tense(self.doc, self.token_at(char))

    def note(self, value: str | None, granularity: Granularity, sentence: int) -> None:
        """Remember a placed date as what a later "two days earlier" counts from."""
        if value is not None:
            self.reference = (value, granularity, sentence)

    def resolve(self, match: re.Match[str]) -> tuple[str | None, Granularity] | None:
        """Return (value, granularity) of a match, or None when it is no date after all."""
        kind = match.lastgroup
        group = match.group
        if kind == "iso":
            found = _safe_date(int(group("iso_y")), int(group("iso_m")), int(group("iso_d")))
            return (_iso(found), "day") if found else None
        if kind == "numeric":
            parsed = _parse_numeric(group("numeric"))
            return (_iso(parsed), "day") if parsed else None
        if kind in ("mdy", "dmy"):
            month = MONTHS[group(f"{kind}_m").lower().rstrip(".")]
            day = int(re.sub(r"\D", "", group(f"{kind}_d")))
            year_text = group(f"{kind}_y")
            if year_text:
                found = _safe_date(int(year_text), month, day)
                return (_iso(found), "day") if found else None
            named = re.match(_WEEKDAY, match.group(kind), re.IGNORECASE)
            weekday = WEEKDAYS[named.group(0).lower()] if named else None
            return self._month_day(month, day, match.start(), weekday), "day"
        if kind == "my":
            month = MONTHS[group("my_m").lower().rstrip(".")]
            return _month_value(int(group("my_y")), month), "month"
        if (self.borrowed and kind in ("rel_day", "rel_unit")) or (
            self.borrowed == "story" and kind == "wd"
        ):
            return None  # counted from a day the article may not share: left as it was
        if kind == "rel_day":
            return self._relative_day(group("rel_day").lower()), "day"
        if kind == "rel_ref":
            return self._day_from_reference(match), "day"
        if kind == "wd":
            if _NAME_AFTER_WEEKDAY.match(match.string, match.end()):
                return None  # "Friday Prayers", "Sunday Times": part of a name
            modifier = (group("wd_mod") or "").lower()
            possessive = match.string.startswith(("'s", "’s"), match.end())
            return self._weekday(
                WEEKDAYS[group("wd_name").lower()], modifier, match.start(), possessive
            )
        if kind == "rel_unit":
            return self._relative_unit(
                (group("ru_mod") or "this").lower(), group("ru_unit").lower()
            )
        if kind == "ago":
            return self._ago(match)
        if kind == "mon":
            return self._month(match)
        if kind == "year":
            return self._year(match)
        return None

    def _month_day(self, month: int, day: int, char: int, weekday: int | None = None) -> str | None:
        """Place a month and day without a year: the year whose date falls on the weekday
        printed with it ("Friday 28 July"), else the one that fits the tense, else the
        nearest."""
        if self.year is None:
            return None
        if self.month is None:
            found = _safe_date(self.year, month, day)
            return _iso(found) if found else None
        pub = self.day or dt.date(self.year, self.month, 15)
        tense = self.tense(char)
        candidates = [
            d
            for y in (self.year - 1, self.year, self.year + 1)
            if (d := _safe_date(y, month, day)) is not None
        ]
        if not candidates:
            return None
        on_weekday = [d for d in candidates if d.weekday() == weekday]
        if len(on_weekday) == 1:
            return _iso(on_weekday[0])
        if tense == "past":
            before = [d for d in candidates if d <= pub]
            if before and (pub - before[-1]).days < 300:
                return _iso(before[-1])
        if tense == "future":
            after = [d for d in candidates if d >= pub]
            if after and (after[0] - pub).days < 300:
                return _iso(after[0])
        return _iso(min(candidates, key=lambda d: (abs((d - pub).days), d)))

    def _relative_day(self, words: str) -> str | None:
        if self.day is None:
            return None
        words = " ".join(words.split())
        offset = {
            "yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1,
            "the day before yesterday": -2, "the day after tomorrow": 2,
        }.get(words, 0)  # fmt: skip
        return _iso(self.day + dt.timedelta(days=offset))

    def _weekday(
        self, weekday: int, modifier: str, char: int, possessive: bool = False
    ) -> tuple[str | None, Granularity]:
        """Place a weekday: "last"/"next" say which; else the publication day itself, the one
        before in a past clause, the one after in a future or present one. A possessive
        weekday ("Wednesday's semi-final") names an event of its own: outside a past or future
        clause it is the nearer one (the one before on a tie)."""
        if self.day is None:
            return None, "day"
        if self.window is not None:
            return self._weekday_in_window(weekday, modifier, char, possessive), "day"
        today = self.day.weekday()
        back = (today - weekday) % 7 or 7  # days back to the latest one before today
        ahead = (weekday - today) % 7 or 7
        if modifier == "last" or modifier == "past":
            return _iso(self.day - dt.timedelta(days=back)), "day"
        if modifier in ("next", "coming"):
            return _iso(self.day + dt.timedelta(days=ahead)), "day"
        if weekday == today:
            return _iso(self.day), "day"
        tense = self.tense(char)
        if possessive and tense not in ("past", "future") and modifier != "this":
            days = -back if back <= ahead else ahead
            return _iso(self.day + dt.timedelta(days=days)), "day"
        if tense in ("future", "present") or (modifier == "this" and tense is None):
            return _iso(self.day + dt.timedelta(days=ahead)), "day"
        return _iso(self.day - dt.timedelta(days=back)), "day"

    def _weekday_in_window(
        self, weekday: int, modifier: str, char: int, possessive: bool
    ) -> str | None:
        """Place a weekday of an undated article between the story's first and last days:
        ahead of the first in a future or present clause, back from the last otherwise."""
        if self.window is None or modifier:
            return None  # "last Friday" counts from a day the article does not give
        first, last = self.window
        tense = self.tense(char)
        if tense in ("future", "present") and not possessive:
            return _iso(first + dt.timedelta(days=(weekday - first.weekday()) % 7))
        return _iso(last - dt.timedelta(days=(last.weekday() - weekday) % 7))

    def _relative_unit(self, modifier: str, unit: str) -> tuple[str | None, Granularity]:
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(modifier, 0)
        if unit == "week":
            if self.day is None:
                return None, "week"
            return _iso(_monday(self.day) + dt.timedelta(weeks=step)), "week"
        if unit == "month":
            if self.year is None or self.month is None:
                return None, "month"
            return _month_value(*_shift_months(self.year, self.month, step)), "month"
        if self.year is None:
            return None, "year"
        return f"{self.year + step:04d}", "year"

    def _ago(self, match: re.Match[str]) -> tuple[str | None, Granularity]:
        """Place "two days ago" from the publication date, and "two days earlier/later" from
        the date named just before it; "two weeks before the election" is a date of another
        event and stays unplaced."""
        count, unit = match.group("ago_n").lower(), match.group("ago_unit").lower()
        direction = " ".join(match.group("ago_dir").lower().split())
        n = NUMBERS.get(count) if not count.isdigit() else int(count)
        sign = 1 if direction in ("later", "from now") else -1
        granularity: Granularity = "day" if unit == "day" else unit  # type: ignore[assignment]
        if n is None:
            return None, granularity
        if direction in ("ago", "from now"):
            if self.borrowed is not None:
                return None, granularity
            year, month, day = self.year, self.month, self.day
        else:
            if direction == "before" and _NOUN_PHRASE_AHEAD.match(match.string, match.end()):
                return None, granularity
            year, month, day = self._reference_anchor()
        if unit in ("day", "week"):
            if day is None:
                return None, granularity
            moved = day + dt.timedelta(days=sign * n * (7 if unit == "week" else 1))
            return _iso(_monday(moved) if unit == "week" else moved), granularity
        if unit == "month":
            if year is None or month is None:
                return None, "month"
            return _month_value(*_shift_months(year, month, sign * n)), "month"
        if year is None:
            return None, "year"
        return f"{year + sign * n:04d}", "year"

    def _day_from_reference(self, match: re.Match[str]) -> str | None:
        """Place "the previous day", "the following day", "the day before" from the date named
        just before; "the day before the vote" is a date of another event: unplaced."""
        word = (match.group("rr_word") or match.group("rr_prep") or "").lower()
        if match.group("rr_prep") and _NOUN_PHRASE_AHEAD.match(match.string, match.end()):
            return None
        day = self._reference_anchor()[2]
        if day is None:
            return None
        step = -1 if word in ("previous", "preceding", "before") else 1
        return _iso(day + dt.timedelta(days=step))

    def _reference_anchor(self) -> tuple[int | None, int | None, dt.date | None]:
        """Return the (year, month, day) of the date named in this or the previous sentence."""
        if self.reference is None:
            return None, None, None
        value, granularity, sentence = self.reference
        if self.sentence - sentence > _REFERENCE_SENTENCES:
            return None, None, None
        year = int(value[:4])
        month = int(value[5:7]) if len(value) >= 7 else None
        day = dt.date.fromisoformat(value) if len(value) == 10 and granularity == "day" else None
        return year, month, day

    def _month(self, match: re.Match[str]) -> tuple[str | None, Granularity] | None:
        name = match.group("mon_m")
        if not name[0].isupper():
            return None
        modifier = (match.group("mon_mod") or "").lower().strip()
        before = match.string[max(0, match.start() - 12) : match.start()].split()
        if not modifier and (not before or before[-1].lower() not in _MONTH_CONTEXT):
            return None  # "May" the verb, "June" the name
        if name == "May" and not modifier and before and before[-1].lower() in ("and", "or"):
            return None
        after = match.string[match.end() : match.end() + 20].split()
        if after and after[0][:1].isupper() and after[0].strip(",.;:").lower() not in MONTHS:
            return None  # a first name: "June Carter", "April Ryan"
        if self.token_starts and self.doc[self.token_at(match.start("mon_m"))].ent_type_ in (
            "PERSON",
            "ORG",
            "WORK_OF_ART",
        ):
            return None
        month = MONTHS[name.lower()]
        if self.year is None:
            return None, "month"
        if self.month is None:
            return _month_value(self.year, month), "month"
        year = self.year
        if modifier == "last":
            year = self.year if month < self.month else self.year - 1
        elif modifier == "next":
            year = self.year if month > self.month else self.year + 1
        elif modifier != "this":
            tense = self.tense(match.start("mon_m"))
            if tense == "past" and month > self.month:
                year -= 1
            elif tense == "future" and month < self.month:
                year += 1
            elif tense not in ("past", "future") and abs(month - self.month) > 6:
                # the present tense or none: the nearest such month ("licences are being
                # issued since July", "took office in October")
                year += -1 if month > self.month else 1
        return _month_value(year, month), "month"

    def _year(self, match: re.Match[str]) -> tuple[str | None, Granularity] | None:
        text = match.string
        before = text[max(0, match.start() - 12) : match.start()]
        words = before.replace("-", " - ").split()
        previous = words[-1].lower() if words else ""
        token = self.doc[self.token_at(match.start())] if self.token_starts else None
        is_date = token is not None and token.ent_type_ == "DATE"
        in_context = previous in _YEAR_CONTEXT or previous.endswith(("'s", "’s"))
        if not is_date and not in_context:
            return None
        if token is not None and token.ent_type_ in ("MONEY", "QUANTITY", "PERCENT"):
            return None
        if token is not None and token.dep_ == "nummod" and not in_context:
            return None  # "hired 1950 workers"
        return match.group("year_y"), "year"


def extract_dates(
    doc: Any, published: PublishedDate | None, sentence_starts: list[int]
) -> list[DateMention]:
    """Return the date expressions of one parsed article, resolved, sorted by position.

    ``sentence_starts`` are the character offsets where the article's sentences begin. Each
    mention keeps the tense of its clause (see ``place_undated``).
    """
    text: str = doc.text
    resolver = _Resolver(published, doc)
    found = []
    for match in find_date_expressions(text):
        start, end = match.span()
        resolver.sentence = max(bisect_right(sentence_starts, start) - 1, 0)
        resolved = resolver.resolve(match)
        if resolved is None:
            continue
        value, granularity = resolved
        word = match.start("mon_m") if match.lastgroup == "mon" else start
        found.append(
            DateMention(
                text=text[start:end],
                value=value,
                granularity=granularity,
                start=start,
                end=end,
                sentence=resolver.sentence,
                tense=resolver.tense(word),
            )
        )
        resolver.note(value, granularity, resolver.sentence)
    return found


def place_undated(
    text: str,
    mentions: Sequence[DateMention],
    anchor: dt.date,
    window: tuple[dt.date, dt.date] | None,
) -> tuple[DateMention, ...]:
    """Return the date mentions of an article without a publication day, those left unplaced
    placed against ``anchor``, a day borrowed from the story's other articles.

    A month and day ("February 8", "Friday 28 July") takes the year that fits its stored tense
    around ``anchor``. A weekday is placed only with a ``window`` (the first and last days
    the story's articles appeared, a few days apart): in a past clause the last such day by
    the window's end, in a future or present one the first from its start. "yesterday", "last
    week", "last Friday" and "two days ago" stay unplaced, since the article may be a day or
    more off the anchor. Mentions already placed are returned unchanged.
    """
    borrowed = PublishedDate(anchor.isoformat(), "day")
    resolver = _Resolver(
        borrowed,
        None,
        tenses=[(m.start, m.end, m.tense) for m in mentions],
        borrowed="weekdays" if window else "story",
    )
    resolver.window = window
    out = []
    for mention in mentions:
        resolver.sentence = mention.sentence
        if mention.value is None:
            match = DATE_PATTERN.match(text, mention.start)
            if match is not None and match.end() == mention.end:
                resolved = resolver.resolve(match)
                if resolved is not None and resolved[0] is not None:
                    mention = replace(mention, value=resolved[0], granularity=resolved[1])
        resolver.note(mention.value, mention.granularity, mention.sentence)
        out.append(mention)
    return tuple(out)
