"""The tables that later stages write: annotations, reprints, stories and corrections.

A mixin of both stores (it uses the store's connection and transaction helper; its SQL runs on
SQLite and PostgreSQL alike), kept in its own module so that article storage and story storage
can each be read on their own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from newsprism.annotate.records import ArticleAnnotations
from newsprism.errors import NotFoundError, StoreError
from newsprism.model import Coverage, Reprint, Story
from newsprism.store.lookup import row_by_id_prefix
from newsprism.store.sql import NO_LIMIT, SQLConnection, chunks, marks

_STORY_COLUMNS = (
    "id, title, first_seen, last_seen, articles, outlets, independent_reports, reprints"
)


class StoryTables:
    """Reading and writing annotations, reprint links, stories and manual corrections.

    A mixin, not a record: it needs ``self._db`` (a connection in autocommit mode),
    ``self._transaction``, ``self._driver_errors`` and ``self.path`` from the store it is mixed
    into.
    """

    _db: SQLConnection
    _transaction: Callable[[Callable[[], object], str], None]
    _driver_errors: tuple[type[Exception], ...]
    path: str
    read_only: bool

    # -- annotations -----------------------------------------------------------------------
    def save_annotations(self, annotations: Sequence[ArticleAnnotations]) -> None:
        """Store (or replace) each article's annotations, all in one transaction.

        On a read-only store nothing is saved: annotations are derived data, made again when
        needed.
        """
        if self.read_only:
            return
        rows = [
            (
                a.article_id,
                a.text_hash,
                a.annotator,
                json.dumps(a.to_dict(), sort_keys=True, ensure_ascii=False),
            )
            for a in annotations
        ]
        self._write(
            "INSERT INTO annotations (article_id, text_hash, annotator, data) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET text_hash = excluded.text_hash,"
            " annotator = excluded.annotator, data = excluded.data",
            rows,
        )

    def load_annotations(self, article_ids: Iterable[str]) -> dict[str, ArticleAnnotations]:
        """The stored annotations of these articles, by article id (absent ones are left out)."""
        found: dict[str, ArticleAnnotations] = {}
        for chunk in chunks(list(article_ids)):
            for row in self._db.execute(
                f"SELECT data FROM annotations WHERE article_id IN ({marks(len(chunk))})", chunk
            ):
                annotations = ArticleAnnotations.from_dict(json.loads(row["data"]))
                found[annotations.article_id] = annotations
        return found

    def annotation_fingerprints(self) -> dict[str, tuple[str, str]]:
        """(text hash, annotator) of every stored annotation, by article id."""
        return {
            row["article_id"]: (row["text_hash"], row["annotator"])
            for row in self._db.execute("SELECT article_id, text_hash, annotator FROM annotations")
        }

    def count_unfinished(self) -> int:
        """How many articles have no annotations or no story: what an interrupted update left."""
        row = self._db.execute(
            "SELECT count(*) FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM annotations n WHERE n.article_id = a.id)"
            " OR NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id)"
        ).fetchone()
        return int(row[0])

    # -- stories and reprints --------------------------------------------------------------
    def replace_stories(self, stories: Sequence[Story], reprints: Sequence[Reprint]) -> None:
        """Replace every story and reprint link with these, in one transaction."""

        def write() -> None:
            self._db.execute("DELETE FROM story_members")
            self._db.execute("DELETE FROM stories")
            self._db.execute("DELETE FROM reprints")
            insert_stories(self._db, stories, reprints)

        self._transaction(write, "could not write stories")

    def list_stories(self, *, limit: int | None = None, offset: int = 0) -> list[Story]:
        """Stories, most recently updated first (then by id)."""
        rows = self._db.execute(
            f"SELECT {_STORY_COLUMNS} FROM stories"
            " ORDER BY last_seen IS NULL, last_seen DESC, id LIMIT ? OFFSET ?",
            (NO_LIMIT if limit is None else limit, offset),
        ).fetchall()
        members = self._members([row["id"] for row in rows])
        return [_story(row, members.get(row["id"], ())) for row in rows]

    def count_stories(self) -> int:
        """How many stories are stored."""
        return int(self._db.execute("SELECT count(*) FROM stories").fetchone()[0])

    def get_story(self, story_id: str) -> Story:
        """The story with this id (or unique id prefix); raises NotFoundError."""
        row = row_by_id_prefix(
            self._db,
            "stories",
            _STORY_COLUMNS,
            story_id,
            noun="story",
            hint="`newsprism stories` lists them",
        )
        return _story(row, self._members([row["id"]]).get(row["id"], ()))

    def story_of(self, article_id: str) -> str:
        """The id of the story an article belongs to; raises NotFoundError."""
        row = self._db.execute(
            "SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"article {article_id!r} is in no story yet")
        return str(row["story_id"])

    def story_assignments(self) -> dict[str, str]:
        """The story id of every article that is in a story, by article id."""
        return {
            row["article_id"]: row["story_id"]
            for row in self._db.execute("SELECT article_id, story_id FROM story_members")
        }

    def load_reprints(self) -> dict[str, Reprint]:
        """Every stored reprint link, by the reprint's article id."""
        return {
            row["article_id"]: Reprint(
                row["article_id"], row["reprint_of"], row["similarity"], row["reason"]
            )
            for row in self._db.execute(
                "SELECT article_id, reprint_of, similarity, reason FROM reprints"
            )
        }

    # -- corrections -----------------------------------------------------------------------
    def add_correction(self, record: dict[str, Any], created_at: str) -> int:
        """Store one manual correction (its JSON form); the sequence number it got."""
        text = json.dumps(record, sort_keys=True, ensure_ascii=False)
        try:
            row = self._db.execute(
                "INSERT INTO corrections (record, created_at) VALUES (?, ?) RETURNING seq",
                (text, created_at),
            ).fetchone()
        except self._driver_errors as exc:
            raise StoreError(f"{self.path}: could not save the correction ({exc})") from exc
        return int(row[0])

    def list_corrections(self) -> list[dict[str, Any]]:
        """Every stored correction's JSON form, oldest first."""
        return [
            json.loads(row["record"])
            for row in self._db.execute("SELECT record FROM corrections ORDER BY seq")
        ]

    # -- shared ----------------------------------------------------------------------------
    def _members(self, story_ids: list[str]) -> dict[str, tuple[str, ...]]:
        members: dict[str, list[str]] = {}
        for chunk in chunks(story_ids):
            for row in self._db.execute(
                "SELECT story_id, article_id FROM story_members"
                f" WHERE story_id IN ({marks(len(chunk))})"
                " ORDER BY story_id, seq",
                chunk,
            ):
                members.setdefault(row["story_id"], []).append(row["article_id"])
        return {key: tuple(value) for key, value in members.items()}

    def _write(self, statement: str, rows: list[tuple[Any, ...]]) -> None:
        self._transaction(lambda: self._db.executemany(statement, rows), "could not write")


def insert_stories(
    db: SQLConnection,
    stories: Sequence[Story],
    reprints: Sequence[Reprint],
    *,
    replace: bool = False,
) -> None:
    """Write ``stories`` (their rows and members) and ``reprints``, inside the caller's
    transaction; with ``replace`` a row already there under the same key is overwritten."""
    db.executemany(
        _insert("stories", _STORY_COLUMNS, "id", replace),
        [
            (
                s.id,
                s.title,
                s.first_seen,
                s.last_seen,
                s.coverage.articles,
                s.coverage.outlets,
                s.coverage.independent_reports,
                s.coverage.reprints,
            )
            for s in stories
        ],
    )
    db.executemany(
        _insert("story_members", "article_id, story_id, seq", "article_id", replace),
        [(a, s.id, seq) for s in stories for seq, a in enumerate(s.article_ids)],
    )
    db.executemany(
        _insert("reprints", "article_id, reprint_of, similarity, reason", "article_id", replace),
        [(r.article_id, r.reprint_of, r.similarity, r.reason) for r in reprints],
    )


def _insert(table: str, columns: str, key: str, replace: bool) -> str:
    """An INSERT of every column of ``columns``; with ``replace``, an upsert on ``key``."""
    names = [column.strip() for column in columns.split(",")]
    statement = f"INSERT INTO {table} ({columns}) VALUES ({marks(len(names))})"
    if not replace:
        return statement
    updates = ", ".join(f"{name} = excluded.{name}" for name in names if name != key)
    return f"{statement} ON CONFLICT ({key}) DO UPDATE SET {updates}"


def _story(row: Any, article_ids: tuple[str, ...]) -> Story:
    return Story(
        id=row["id"],
        title=row["title"],
        article_ids=article_ids,
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        coverage=Coverage(
            articles=row["articles"],
            outlets=row["outlets"],
            independent_reports=row["independent_reports"],
            reprints=row["reprints"],
        ),
    )
