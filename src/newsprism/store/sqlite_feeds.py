"""The table of followed feeds: subscriptions and each feed's polling state.

A mixin of both stores (it uses the store's connection and transaction helper; its SQL runs on
SQLite and PostgreSQL alike); ``FEEDS_MIGRATION`` is SQLite's schema step that creates the
table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from newsprism.store.feed_records import FeedState
from newsprism.store.sql import SQLConnection

FEEDS_MIGRATION = """
    CREATE TABLE IF NOT EXISTS feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        added_at REAL NOT NULL,
        last_fetch REAL,
        last_status TEXT,
        http_status INTEGER,
        items INTEGER NOT NULL DEFAULT 0,
        last_new INTEGER NOT NULL DEFAULT 0,
        etag TEXT,
        last_modified TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_due REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS feeds_next_due ON feeds (next_due);
"""

_FEED_COLUMNS = (
    "url, title, added_at, last_fetch, last_status, http_status, items, last_new, etag,"
    " last_modified, failures, last_error, next_due"
)


class FeedTables:
    """Adding, listing, removing followed feeds and saving their polling state.

    A mixin, not a record: it needs ``self._db`` and ``self._transaction`` from the store.
    """

    _db: SQLConnection
    _transaction: Callable[[Callable[[], object], str], None]

    def add_feeds(self, urls: Sequence[str], *, now: float) -> list[bool]:
        """Follow these feeds (due at once); one flag per URL, False if already followed."""
        added: list[bool] = []

        def write() -> None:
            for url in urls:
                cursor = self._db.execute(
                    "INSERT INTO feeds (url, added_at, next_due) VALUES (?, ?, ?)"
                    " ON CONFLICT (url) DO NOTHING",
                    (url, now, now),
                )
                added.append(cursor.rowcount == 1)

        self._transaction(write, "could not add feeds")
        return added

    def remove_feeds(self, urls: Sequence[str]) -> list[bool]:
        """Stop following these feeds (their articles stay); one flag per URL, False if unknown."""
        removed: list[bool] = []

        def write() -> None:
            for url in urls:
                cursor = self._db.execute("DELETE FROM feeds WHERE url = ?", (url,))
                removed.append(cursor.rowcount == 1)

        self._transaction(write, "could not remove feeds")
        return removed

    def list_feeds(self) -> list[FeedState]:
        """Every followed feed, ordered by URL."""
        rows = self._db.execute(f"SELECT {_FEED_COLUMNS} FROM feeds ORDER BY url").fetchall()
        return [_feed(row) for row in rows]

    def due_feeds(self, now: float) -> list[FeedState]:
        """The feeds due for a poll at ``now``, the longest overdue first (then by URL)."""
        rows = self._db.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE next_due <= ? ORDER BY next_due, url",
            (now,),
        ).fetchall()
        return [_feed(row) for row in rows]

    def next_feed_due(self) -> float | None:
        """The earliest time a followed feed is due, or None when no feed is followed."""
        value = self._db.execute("SELECT min(next_due) FROM feeds").fetchone()[0]
        return None if value is None else float(value)

    def save_feed_state(self, state: FeedState) -> None:
        """Write a feed's polling state (nothing happens if it was removed meanwhile)."""
        self._transaction(
            lambda: self._db.execute(
                "UPDATE feeds SET title = ?, last_fetch = ?, last_status = ?, http_status = ?,"
                " items = ?, last_new = ?, etag = ?, last_modified = ?, failures = ?,"
                " last_error = ?, next_due = ? WHERE url = ?",
                (
                    state.title,
                    state.last_fetch,
                    state.last_status,
                    state.http_status,
                    state.items,
                    state.last_new,
                    state.etag,
                    state.last_modified,
                    state.failures,
                    state.last_error,
                    state.next_due,
                    state.url,
                ),
            ),
            "could not save a feed's state",
        )


def _feed(row: Any) -> FeedState:
    return FeedState(
        url=row["url"],
        added_at=row["added_at"],
        next_due=row["next_due"],
        title=row["title"],
        last_fetch=row["last_fetch"],
        last_status=row["last_status"],
        http_status=row["http_status"],
        items=row["items"],
        last_new=row["last_new"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        failures=row["failures"],
        last_error=row["last_error"],
    )
