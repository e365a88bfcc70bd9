"""How counts and dates read in everything a person sees: "1 story", "2 stories", 2023-11-17.

One place for the wording shared by the command line, the Markdown and HTML briefs and the
web pages, so that they cannot drift apart.
"""

from __future__ import annotations

from typing import Protocol


class Coverage(Protocol):
    """What a coverage record has (``newsprism.model.Coverage``, the brief's ``Coverage``)."""

    @property
    def articles(self) -> int: ...
    @property
    def outlets(self) -> int: ...
    @property
    def independent_reports(self) -> int: ...
    @property
    def reprints(self) -> int: ...


# What an article without outlet (and without a URL naming its site) is credited to.
UNNAMED_OUTLET = "unnamed source"

# Nouns whose plural is not the noun plus "s".
_IRREGULAR = {"story": "stories", "discrepancy": "discrepancies", "entity": "entities"}


def plural(noun: str) -> str:
    """The plural of one of newsprism's nouns ("story" -> "stories", "article" -> "articles")."""
    words = noun.rsplit(" ", 1)
    last = words[-1]
    if last in _IRREGULAR:
        last = _IRREGULAR[last]
    elif last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def count(n: int, noun: str) -> str:
    """``n`` and the noun in the right number: "1 story", "2 stories", "0 reprints"."""
    return f"{n} {noun if n == 1 else plural(noun)}"


def coverage_line(coverage: Coverage, separator: str = ", ") -> str:
    """A story's coverage in words: "5 articles, 4 outlets, 5 independent reports, 0 reprints"."""
    return separator.join(
        (
            count(coverage.articles, "article"),
            count(coverage.outlets, "outlet"),
            count(coverage.independent_reports, "independent report"),
            count(coverage.reprints, "reprint"),
        )
    )


def display_date(value: str | None) -> str:
    """The date part of an ISO date or timestamp, the one format people are shown; "" if none."""
    return (value or "")[:10]


def date_range(first: str | None, last: str | None) -> str:
    """ "2023-11-13 to 2023-11-14", or one date when both fall on the same day; "" if none."""
    start, end = display_date(first), display_date(last)
    if not start:
        return end
    if not end or end == start:
        return start
    return f"{start} to {end}"


def clip(text: str, limit: int) -> str:
    """``text`` on one line, cut at the last word boundary within ``limit`` characters with "…"
    added when anything was cut (a single over-long word is cut where the limit falls)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    room = flat[: max(limit - 1, 1)]
    cut = room.rsplit(" ", 1)[0] if " " in room else room
    return cut.rstrip(" ,;:-–—") + "…"
