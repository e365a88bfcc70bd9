"""A story-fingerprint reader on its own read-only connection, for a caller's own thread.

The server's brief cache checks a story's fingerprint right on the event loop: two indexed
lookups cost less than a hop to a reader thread. This reader keeps one read-only connection
(opened on first use) with a short busy timeout, and answers None instead of waiting when the
database is busy, so that the caller can fall back to a reader thread. ``QuickFingerprints``
itself knows no backend: the PostgreSQL store gives it a catalog on a connection whose
statements time out instead (``postgres.quick_fingerprints``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Protocol

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


class ClosableCatalog(Protocol):
    """Catalog queries on a connection of their own."""

    def story_fingerprint(self, story_ref: str) -> StoryFingerprint:
        """The story's fingerprint; raises NotFoundError."""
        ...

    def close(self) -> None:
        """Close the connection."""
        ...


class QuickFingerprints:
    """Story fingerprints read on the caller's thread, or None when the database is busy.

    ``open_catalog`` opens the catalog (on the first call, and again after a failure);
    ``busy`` are the driver's errors that mean "cannot answer at once". A plain class: it owns
    a connection; ``close`` releases it (call it from the thread that used it).
    """

    def __init__(
        self, open_catalog: Callable[[], ClosableCatalog], busy: tuple[type[Exception], ...]
    ) -> None:
        self._open = open_catalog
        self._busy = busy
        self._catalog: ClosableCatalog | None = None

    @classmethod
    def on_sqlite(cls, path: str, *, busy_ms: int = 20) -> QuickFingerprints:
        """A reader of the SQLite file at ``path``, waiting at most ``busy_ms`` on a writer."""
        return cls(lambda: _ReadOnlyCatalog(path, busy_ms=busy_ms), (sqlite3.OperationalError,))

    def fingerprint(self, story_ref: str) -> StoryFingerprint | None:
        """The story's fingerprint, or None if the database could not be read at once.

        Raises NotFoundError for an unknown story, as ``Store.story_fingerprint`` does.
        """
        try:
            if self._catalog is None:
                self._catalog = self._open()
            return self._catalog.story_fingerprint(story_ref)
        except self._busy:
            self.close()
            return None

    def close(self) -> None:
        """Close the connection, if one was opened."""
        if self._catalog is not None:
            catalog, self._catalog = self._catalog, None
            catalog.close()
