"""Publication dates as sources print them, parsed with the precision they actually carry."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import warnings

from dateutil import parser as dateutil_parser

from newsprism.model import PublishedDate

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_YEAR_MONTH = re.compile(r"^(1[89]\d\d|20\d\d)[-/](0[1-9]|1[0-2])$")
_EPOCH = re.compile(r"^\d{9,13}(\.\d+)?$")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    "|july|august|september|october|november|december"
)
_MONTH_YEAR = re.compile(rf"^({_MONTHS})\.?,?\s+(1[89]\d\d|20\d\d)$", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
# Zone abbreviations common in news datelines; dateutil warns on (and drops) any it does not know.
_ZONES = {
    name: int(hours * 3600)
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "EST": -5,
        "EDT": -4,
        "CST": -6,
        "CDT": -5,
        "MST": -7,
        "MDT": -6,
        "PST": -8,
        "PDT": -7,
        "BST": 1,
        "CET": 1,
        "CEST": 2,
        "EET": 2,
        "EEST": 3,
        "IST": 5.5,
        "JST": 9,
        "AEST": 10,
        "AEDT": 11,
    }.items()
}
_HAS_DAY = re.compile(r"\b([0-2]?\d|3[01])(st|nd|rd|th)?\b")

# The leading date of a metadata line that may run on into the article's first sentence:
# "2023-11-14 The council voted ..." or "November 14, 2023 The council voted ...".
LEADING_DATE = re.compile(
    rf"""^(
        \d{{4}}-\d{{2}}-\d{{2}}
        (?:[T\ ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
      | \d{{4}}/\d{{2}}/\d{{2}}
      | (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?
        (?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
      | (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?
        \d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}
      | \d{{4}}-\d{{2}}
      | \d{{4}}
    )(?=\s|$)""",
    re.IGNORECASE | re.VERBOSE,
)


def parse_published(value: object) -> PublishedDate | None:
    """The publication date in ``value`` with its precision, or None when it holds no date.

    Accepts ISO 8601, RFC 822 (feeds), "November 14, 2023", "14 Nov 2023", "2023-11",
    "November 2023", "2023", and Unix timestamps in seconds or milliseconds.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _from_datetime(value)
    if isinstance(value, dt.date):
        return PublishedDate(value.isoformat(), "day")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text or len(text) > 100:
        return None
    if _YEAR.match(text):
        return PublishedDate(text, "year")
    match = _YEAR_MONTH.match(text)
    if match:
        return PublishedDate(f"{match.group(1)}-{match.group(2)}", "month")
    match = _MONTH_YEAR.match(text)
    if match:
        month = dateutil_parser.parse(f"1 {match.group(1)} 2000").month
        return PublishedDate(f"{match.group(2)}-{month:02d}", "month")
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    iso = _parse_iso(text)
    if iso is not None:
        return iso
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return _from_datetime(parsed)
    return _parse_loose(text)


def _parse_iso(text: str) -> PublishedDate | None:
    candidate = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        if len(candidate) == 10:
            return PublishedDate(dt.date.fromisoformat(candidate).isoformat(), "day")
        return _from_datetime(dt.datetime.fromisoformat(candidate))
    except ValueError:
        return None


def _parse_loose(text: str) -> PublishedDate | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            parsed = dateutil_parser.parse(
                text, fuzzy=False, default=dt.datetime(1900, 1, 1), tzinfos=_ZONES
            )
    except (ValueError, OverflowError):
        return None
    if parsed.year == 1900:
        return None  # no year in the text: a date we would have to guess
    if _HAS_TIME.search(text):
        return _from_datetime(parsed)
    if not _HAS_DAY.search(re.sub(r"\b\d{4}\b", "", text)):
        return PublishedDate(f"{parsed.year}-{parsed.month:02d}", "month")
    return PublishedDate(parsed.date().isoformat(), "day")


def _from_datetime(value: dt.datetime) -> PublishedDate:
    if value.hour == value.minute == value.second == 0 and value.tzinfo is None:
        return PublishedDate(value.date().isoformat(), "day")
    return PublishedDate(value.isoformat(timespec="seconds"), "time")


def _from_epoch(seconds: float) -> PublishedDate | None:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return PublishedDate(moment.isoformat(timespec="seconds"), "time")
