"""The story list as the pages and the API show it, from the store's catalog queries.

The queries themselves are the store's (``newsprism.store.sqlite_catalog.StoryCatalog``:
search, listed members, outlets, fingerprints); this module only turns their records into the
list's JSON, the filters into query-string parameters, and members into per-day counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from newsprism.store import ListedStory, StoryFilters

__all__ = ["StoryFilters", "articles_per_day", "fill_days", "filter_params", "listed_story_dict"]


def filter_params(filters: StoryFilters) -> dict[str, str]:
    """The filters as query-string parameters (only those that are set)."""
    values = {
        "q": filters.q,
        "outlet": filters.outlet,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
        "min_outlets": str(filters.min_outlets) if filters.min_outlets else None,
    }
    return {key: value for key, value in values.items() if value}


def outlet_names(story: ListedStory) -> list[str]:
    """Distinct outlet names of the story in the order their first article appears."""
    names: list[str] = []
    for member in story.members:
        if member.outlet and member.outlet not in names:
            names.append(member.outlet)
    return names


def articles_per_day(story: ListedStory) -> list[tuple[str, int]]:
    """(YYYY-MM-DD, articles published that day), for every day between first and last."""
    counts: dict[str, int] = {}
    for member in story.members:
        if member.published and len(member.published) >= 10:
            day = member.published[:10]
            counts[day] = counts.get(day, 0) + 1
    return fill_days(counts)


def listed_story_dict(story: ListedStory) -> dict[str, Any]:
    """The story as the list's JSON gives it."""
    return {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "coverage": {
            "articles": story.articles,
            "outlets": story.outlets,
            "independent_reports": story.independent_reports,
            "reprints": story.reprints,
        },
        "outlets": outlet_names(story),
        "articles_per_day": [
            {"date": day, "articles": count} for day, count in articles_per_day(story)
        ],
    }


def fill_days(counts: dict[str, int], max_days: int = 366) -> list[tuple[str, int]]:
    """The counts by day with the missing days between first and last filled with 0."""
    if not counts:
        return []
    days = sorted(counts)
    try:
        first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    except ValueError:
        return [(day, counts[day]) for day in days]
    span = (last - first).days
    if span > max_days:
        return [(day, counts[day]) for day in days]
    out = []
    for offset in range(span + 1):
        day = (first + dt.timedelta(days=offset)).isoformat()
        out.append((day, counts.get(day, 0)))
    return out
