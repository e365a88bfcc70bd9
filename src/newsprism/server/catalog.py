"""Read queries the pages need and the store does not offer (yet): search, listings, fingerprints.

They run on a reader thread's read-only connection (``ReadContext.db``) against the store's
documented tables (stories, story_members, articles, annotations, reprints). When the store
grows equivalent methods, these should move into ``store/`` and the views call those instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsprism.errors import NotFoundError

MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class StoryFilters:
    """What the story list is narrowed to; every field is optional."""

    q: str | None = None
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_outlets: int | None = None

    def as_params(self) -> dict[str, str]:
        """The filters as query-string parameters (only those that are set)."""
        values = {
            "q": self.q,
            "outlet": self.outlet,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "min_outlets": str(self.min_outlets) if self.min_outlets else None,
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class Member:
    """One article of a story, as the story list shows it."""

    article_id: str
    outlet: str | None
    published: str | None
    reprint_of: str | None


@dataclass(frozen=True)
class StoryRow:
    """One story of the list, with the outlets and dates of its articles."""

    id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None
    articles: int
    outlets: int
    independent_reports: int
    reprints: int
    members: tuple[Member, ...] = field(default_factory=tuple)

    @property
    def outlet_names(self) -> list[str]:
        """Distinct outlet names in the order their first article appears."""
        names: list[str] = []
        for member in self.members:
            if member.outlet and member.outlet not in names:
                names.append(member.outlet)
        return names

    def articles_per_day(self) -> list[tuple[str, int]]:
        """(YYYY-MM-DD, articles published that day), for every day between first and last."""
        counts: dict[str, int] = {}
        for member in self.members:
            if member.published and len(member.published) >= 10:
                day = member.published[:10]
                counts[day] = counts.get(day, 0) + 1
        return fill_days(counts)

    def to_dict(self) -> dict[str, Any]:
        """The story as the list's JSON gives it."""
        return {
            "id": self.id,
            "title": self.title,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "coverage": {
                "articles": self.articles,
                "outlets": self.outlets,
                "independent_reports": self.independent_reports,
                "reprints": self.reprints,
            },
            "outlets": self.outlet_names,
            "articles_per_day": [
                {"date": day, "articles": count} for day, count in self.articles_per_day()
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


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(filters: StoryFilters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    words = (filters.q or "").split()[:MAX_QUERY_WORDS]
    for word in words:
        clauses.append(
            "(s.title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM story_members m"
            " JOIN articles a ON a.id = m.article_id"
            " WHERE m.story_id = s.id AND a.title LIKE ? ESCAPE '\\'))"
        )
        params += [_like(word), _like(word)]
    if filters.outlet:
        clauses.append(
            "EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article_id"
            " WHERE m.story_id = s.id AND a.outlet = ? COLLATE NOCASE)"
        )
        params.append(filters.outlet)
    if filters.since:
        clauses.append("substr(s.last_seen, 1, 10) >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        clauses.append("substr(s.first_seen, 1, 10) <= ?")
        params.append(filters.until.isoformat())
    if filters.min_outlets:
        clauses.append("s.outlets >= ?")
        params.append(filters.min_outlets)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search_stories(
    db: sqlite3.Connection, filters: StoryFilters, *, limit: int, offset: int
) -> tuple[list[StoryRow], int]:
    """(one page of matching stories, most recently updated first; how many match in all)."""
    where, params = _where(filters)
    total = int(db.execute(f"SELECT count(*) FROM stories s{where}", params).fetchone()[0])
    rows = db.execute(
        "SELECT s.id, s.title, s.first_seen, s.last_seen, s.articles, s.outlets,"
        f" s.independent_reports, s.reprints FROM stories s{where}"
        " ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    members = story_members(db, [row["id"] for row in rows])
    return [
        StoryRow(
            id=row["id"],
            title=row["title"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            articles=row["articles"],
            outlets=row["outlets"],
            independent_reports=row["independent_reports"],
            reprints=row["reprints"],
            members=tuple(members.get(row["id"], ())),
        )
        for row in rows
    ], total


def story_members(db: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, list[Member]]:
    """The members of these stories (outlet, date, reprint link), by story id, in order."""
    found: dict[str, list[Member]] = {}
    ids = list(story_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(
            "SELECT m.story_id, m.article_id, a.outlet, a.published, r.reprint_of"
            " FROM story_members m JOIN articles a ON a.id = m.article_id"
            " LEFT JOIN reprints r ON r.article_id = m.article_id"
            f" WHERE m.story_id IN ({marks}) ORDER BY m.story_id, m.seq",
            chunk,
        ):
            found.setdefault(row["story_id"], []).append(
                Member(row["article_id"], row["outlet"], row["published"], row["reprint_of"])
            )
    return found


def list_outlets(db: sqlite3.Connection) -> list[str]:
    """Every outlet name in the store, sorted without regard to case."""
    return [
        str(row[0])
        for row in db.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL"
            " ORDER BY outlet COLLATE NOCASE"
        )
    ]


def resolve_story(db: sqlite3.Connection, story_ref: str) -> sqlite3.Row:
    """The stories row for this id or unique id prefix; raises NotFoundError."""
    wanted = story_ref.strip().lower()
    if not wanted or any(c not in "0123456789abcdef" for c in wanted):
        raise NotFoundError(f"no story with id {story_ref!r}: ids are hex digits")
    rows = db.execute(
        "SELECT id, title, first_seen, last_seen, articles, outlets, independent_reports,"
        " reprints FROM stories WHERE id >= ? AND id < ? LIMIT 2",
        (wanted, wanted + "g"),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"no story with id {story_ref!r}; the story list is at /stories")
    if len(rows) > 1 and rows[0]["id"] != wanted:
        raise NotFoundError(f"id prefix {story_ref!r} matches several stories; give more")
    row: sqlite3.Row = rows[0]
    return row


def story_fingerprint(db: sqlite3.Connection, story_ref: str) -> tuple[str, str]:
    """(the story's full id, a digest of everything its brief is built from).

    The digest covers the story row, its members in order, each member's annotation version
    (text hash and annotator) and reprint link: when none of these change, neither does the
    brief, so it can be served from the cache.
    """
    row = resolve_story(db, story_ref)
    members = db.execute(
        "SELECT group_concat(m.article_id || ':' || coalesce(an.text_hash, '') || ':'"
        " || coalesce(an.annotator, '') || ':' || coalesce(r.reprint_of, '') || ':'"
        " || coalesce(r.similarity, ''), ' ')"
        " FROM (SELECT article_id, seq FROM story_members WHERE story_id = ? ORDER BY seq) m"
        " LEFT JOIN annotations an ON an.article_id = m.article_id"
        " LEFT JOIN reprints r ON r.article_id = m.article_id",
        (row["id"],),
    ).fetchone()[0]
    digest = hashlib.blake2b(f"{tuple(row)!r}|{members}".encode(), digest_size=16)
    return str(row["id"]), digest.hexdigest()
