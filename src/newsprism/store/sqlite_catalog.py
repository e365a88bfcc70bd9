"""Read queries for browsing stories: search with filters, listings, outlets, fingerprints.

A mixin of both stores (it only needs ``self._db``, a ``SQLConnection``), kept apart from
``sqlite_stories`` because these queries serve readers (the web app's story list and its brief
cache) and never write. Its SQL runs on SQLite and PostgreSQL alike, but for the one clause
that matches a query word against the full-text index: ``_word_clause``, SQLite's FTS5 here,
overridden by ``postgres_search.PgWordSearch``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from newsprism.store.lookup import chosen_id, id_range
from newsprism.store.records import (
    MAX_QUERY_WORDS,
    ListedMember,
    ListedStory,
    StoryFilters,
    StoryFingerprint,
    StorySearch,
)
from newsprism.store.sql import SQLConnection, chunks, marks
from newsprism.store.sqlite_search import match_words

_STORY_COLUMNS = (
    "id, title, first_seen, last_seen, articles, outlets, independent_reports, reprints"
)
_STORY_WIDTH = len(_STORY_COLUMNS.split(","))
_STORY_HINT = "the story list has them all"


class StoryCatalog:
    """Search, listing and fingerprint queries over the story tables.

    A mixin, not a record: it needs ``self._db`` from the store (or reader) it is mixed into.
    """

    _db: SQLConnection

    def search_stories(
        self, filters: StoryFilters, *, limit: int = 20, offset: int = 0
    ) -> StorySearch:
        """One page of the stories matching ``filters``, most recently updated first."""
        where, params = self._where(filters)
        total = int(
            self._db.execute(f"SELECT count(*) FROM stories s{where}", params).fetchone()[0]
        )
        rows = self._db.execute(
            f"SELECT {_prefixed('s.', _STORY_COLUMNS)} FROM stories s{where}"
            " ORDER BY s.last_seen IS NULL, s.last_seen DESC, s.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        members = self.listed_members([row["id"] for row in rows])
        stories = tuple(
            ListedStory(
                id=row["id"],
                title=row["title"],
                first_seen=row["first_seen"],
                last_seen=row["last_seen"],
                articles=row["articles"],
                outlets=row["outlets"],
                independent_reports=row["independent_reports"],
                reprints=row["reprints"],
                members=members.get(row["id"], ()),
            )
            for row in rows
        )
        return StorySearch(stories, total)

    def listed_members(self, story_ids: Sequence[str]) -> dict[str, tuple[ListedMember, ...]]:
        """The members of these stories (outlet, date, reprint link) in order, by story id."""
        found: dict[str, list[ListedMember]] = {}
        for chunk in chunks(list(story_ids)):
            for row in self._db.execute(
                "SELECT m.story_id, m.article_id, a.outlet, a.published, r.reprint_of"
                " FROM story_members m JOIN articles a ON a.id = m.article_id"
                " LEFT JOIN reprints r ON r.article_id = m.article_id"
                f" WHERE m.story_id IN ({marks(len(chunk))}) ORDER BY m.story_id, m.seq",
                chunk,
            ):
                found.setdefault(row["story_id"], []).append(
                    ListedMember(
                        row["article_id"], row["outlet"], row["published"], row["reprint_of"]
                    )
                )
        return {story_id: tuple(members) for story_id, members in found.items()}

    def list_outlets(self) -> list[str]:
        """Every outlet name among the stored articles, sorted without regard to case."""
        return [
            str(row[0])
            for row in self._db.execute(
                "SELECT outlet FROM articles WHERE outlet IS NOT NULL"
                " GROUP BY outlet ORDER BY lower(outlet), outlet"
            )
        ]

    def story_fingerprint(self, story_ref: str) -> StoryFingerprint:
        """The story's (id or unique id prefix) fingerprint; raises NotFoundError.

        The digest covers the story row, its members in order, and each member's annotation
        version (text hash and annotator) and reprint link: while none of these changes,
        neither does the story's brief, so a cached brief can be served. One query (a round
        trip counts on a database server), reading index ranges only.
        """
        rows = self._db.execute(
            f"SELECT {_prefixed('s.', _STORY_COLUMNS)}, m.article_id AS member, an.text_hash,"
            " an.annotator, r.reprint_of, r.similarity"
            f" FROM (SELECT {_STORY_COLUMNS} FROM stories WHERE id >= ? AND id < ?"
            " ORDER BY id LIMIT 2) s"
            " LEFT JOIN story_members m ON m.story_id = s.id"
            " LEFT JOIN annotations an ON an.article_id = m.article_id"
            " LEFT JOIN reprints r ON r.article_id = m.article_id"
            " ORDER BY s.id, m.seq",
            id_range(story_ref, "story"),
        ).fetchall()
        ids = list(dict.fromkeys(row["id"] for row in rows))
        story_id = chosen_id(ids, story_ref, noun="story", hint=_STORY_HINT)
        mine = [row for row in rows if row["id"] == story_id]
        story = tuple(mine[0])[:_STORY_WIDTH]
        members = " ".join(
            ":".join("" if value is None else str(value) for value in tuple(row)[_STORY_WIDTH:])
            for row in mine
            if row["member"] is not None
        )
        digest = hashlib.blake2b(f"{story!r}|{members}".encode(), digest_size=16)
        return StoryFingerprint(story_id, digest.hexdigest())

    def _where(self, filters: StoryFilters) -> tuple[str, list[Any]]:
        """The WHERE clause (with its parameters) of a story search narrowed by ``filters``."""
        clauses: list[str] = []
        params: list[Any] = []
        # Each word must be in the story's title, or in the title, text or entity names of one
        # of its articles (the backend's full-text index).
        for word in query_words(filters.q):
            clause, word_params = self._word_clause(word)
            clauses.append(clause)
            params += word_params
        if filters.outlet:
            clauses.append(
                "EXISTS (SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article_id"
                " WHERE m.story_id = s.id AND lower(a.outlet) = lower(?))"
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

    def _word_clause(self, word: str) -> tuple[str, list[Any]]:
        """SQL true for a story ``s`` whose title, or one of whose articles' title, text or
        entity names, has ``word`` as a word or the start of one; with its parameters."""
        (match,) = match_words(word, 1)
        return (
            "(s.title LIKE ? ESCAPE '\\' OR s.id IN (SELECT m.story_id FROM article_search f"
            " JOIN articles a ON a.rowid = f.rowid JOIN story_members m ON m.article_id = a.id"
            " WHERE article_search MATCH ?))",
            [like_pattern(word), match],
        )


def _prefixed(prefix: str, columns: str) -> str:
    return ", ".join(prefix + column.strip() for column in columns.split(","))


def like_pattern(word: str) -> str:
    """A LIKE pattern (escape character ``\\``) matching ``word`` anywhere."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query_words(text: str | None) -> list[str]:
    """The words of a query that count (those with a letter or digit), as match_words has them."""
    return [w for w in (text or "").split() if any(c.isalnum() for c in w)][:MAX_QUERY_WORDS]
