"""A story-fingerprint reader on its own read-only connection, for a caller's own thread.

The server's brief cache checks a story's fingerprint right on the event loop: two indexed
lookups cost less than a hop to a reader thread. This reader keeps one read-only connection
(opened on first use) with a short busy timeout, and answers None instead of waiting when the
database is busy, so that the caller can fall back to a reader thread.
"""

from __future__ import annotations

import sqlite3

from newsprism.store.records import StoryFingerprint
from newsprism.store.sqlite_catalog import StoryCatalog


def open_read_connection(path: str, *, busy_ms: int = 30_000) -> sqlite3.Connection:
    """A read-only connection on the database at ``path`` (rows as ``sqlite3.Row``)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=busy_ms / 1000)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA query_only=ON")
    return db


class _ReadOnlyCatalog(StoryCatalog):
    """The store's catalog queries on a read-only connection of the caller's own."""

    _db: sqlite3.Connection

    def __init__(self, path: str, *, busy_ms: int) -> None:
        self._db = open_read_connection(path, busy_ms=busy_ms)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


class QuickFingerprints:
    """Story fingerprints read on the caller's thread, or None when the database is busy.

    A plain class: it owns a connection, opened on the first call; ``close`` releases it
    (call it from the thread that used it).
    """

    def __init__(self, location: str, *, busy_ms: int = 20) -> None:
        self.location = location
        self.busy_ms = busy_ms
        self._catalog: _ReadOnlyCatalog | None = None

    def fingerprint(self, story_ref: str) -> StoryFingerprint | None:
        """The story's fingerprint, or None if the database could not be read at once.

        Raises NotFoundError for an unknown story, as ``Store.story_fingerprint`` does.
        """
        try:
            if self._catalog is None:
                self._catalog = _ReadOnlyCatalog(self.location, busy_ms=self.busy_ms)
            return self._catalog.story_fingerprint(story_ref)
        except sqlite3.OperationalError:
            return None

    def close(self) -> None:
        """Close the connection, if one was opened."""
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None
