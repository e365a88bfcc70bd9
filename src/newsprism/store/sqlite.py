"""The default store: one SQLite file in WAL mode, with forward-only schema migrations."""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from newsprism.errors import SchemaVersionError, StoreError
from newsprism.store.sql_tables import SharedTables
from newsprism.store.sqlite_feeds import FEEDS_MIGRATION
from newsprism.store.sqlite_incremental import INCREMENTAL_MIGRATION
from newsprism.store.sqlite_search import SEARCH_MIGRATION, split_statements
from newsprism.store.sqlite_signatures import SIGNATURES_MIGRATION

# Each entry moves the schema from version N to N+1 (N = its index). Never edit a shipped entry:
# append a new one, so every older database can be brought forward.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        identity TEXT NOT NULL UNIQUE,
        url_key TEXT,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        outlet TEXT,
        url TEXT,
        title TEXT,
        published TEXT,
        published_precision TEXT,
        byline TEXT,
        language TEXT,
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        wire_agency TEXT,
        wire_text TEXT,
        wire_position TEXT,
        wire_start INTEGER,
        wire_end INTEGER,
        ingested_at TEXT NOT NULL,
        CHECK (length(text) > 0),
        CHECK ((published IS NULL) = (published_precision IS NULL))
    );
    CREATE INDEX articles_content_hash ON articles (content_hash);
    CREATE INDEX articles_url_key ON articles (url_key);
    CREATE INDEX articles_published ON articles (published);
    CREATE TABLE embeds (
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        author TEXT,
        handle TEXT,
        posted TEXT,
        link TEXT,
        PRIMARY KEY (article_id, seq)
    );
    """,
    """
    CREATE TABLE annotations (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        text_hash TEXT NOT NULL,
        annotator TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE reprints (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        reprint_of TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        similarity REAL NOT NULL,
        reason TEXT NOT NULL,
        CHECK (article_id <> reprint_of)
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        first_seen TEXT,
        last_seen TEXT,
        articles INTEGER NOT NULL,
        outlets INTEGER NOT NULL,
        independent_reports INTEGER NOT NULL,
        reprints INTEGER NOT NULL
    );
    CREATE INDEX stories_last_seen ON stories (last_seen);
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL
    );
    CREATE INDEX story_members_story ON story_members (story_id, seq);
    CREATE TABLE corrections (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        record TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    """,
    SEARCH_MIGRATION,  # full-text search of titles, texts and entity names (sqlite_search)
    FEEDS_MIGRATION,
    INCREMENTAL_MIGRATION,
    SIGNATURES_MIGRATION,  # signatures and LSH band keys of articles (sqlite_signatures)
)

SCHEMA_VERSION = len(MIGRATIONS)
# How long a write waits for another process's write transaction before giving up.
_BUSY_SECONDS = 60.0


class SQLiteStore(SharedTables):
    """A Store in one SQLite file (WAL, foreign keys on, schema version in ``user_version``).

    A plain class, not a dataclass: it owns an open connection.
    """

    _db: sqlite3.Connection
    _driver_errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        """Open (and migrate) the database at ``path``.

        ``create=False`` refuses a missing file ("no database at PATH") instead of creating
        an empty database. A file this process may not write (read-only permissions or file
        system) is opened read-only: reading works, writing raises StoreError, and
        annotations computed on the fly are not cached.
        """
        self.path = str(path)
        self.read_only = False
        exists = os.path.exists(self.path)
        if not exists and not create:
            raise StoreError(
                f"no database at {self.path}; ingest articles first "
                "(`newsprism ingest FILES`) or pass --db with the right path"
            )
        try:
            if exists and not _writable(self.path):
                self._db = _connect_read_only(self.path)
                self.read_only = True
                if self._check_version(self.schema_version) < SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path}: the database needs an upgrade to schema version "
                        f"{SCHEMA_VERSION} but is read-only; open it once where it can be written"
                    )
                return
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=_BUSY_SECONDS)
            self._db.row_factory = sqlite3.Row
            _while_locked(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            _while_locked(self._migrate)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: cannot open the database ({exc}); "
                "check the path, or move a damaged file aside and ingest again"
            ) from exc

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def own_files(self) -> tuple[str, ...]:
        """The database file and the journal files SQLite keeps beside it, as real paths."""
        base = os.path.realpath(self.path)
        return (base, base + "-wal", base + "-shm", base + "-journal")

    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""
        self._db.close()

    @property
    def schema_version(self) -> int:
        """The schema version the database file is at."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION, each step in one write transaction.

        The version is read again after the write lock is taken: another process may have
        migrated the file in the meantime (two ingests creating one new database).
        """
        if self._check_version(self.schema_version) == SCHEMA_VERSION:
            return
        while True:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                current = self._check_version(self.schema_version)
                if current == SCHEMA_VERSION:
                    self._db.execute("COMMIT")
                    return
                # executescript would commit on its own; run the statements one by one instead.
                for statement in split_statements(MIGRATIONS[current]):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {current + 1}")
                self._db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    def _check_version(self, current: int) -> int:
        if current > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"{self.path}: the database is at schema version {current} but this newsprism "
                f"knows only up to {SCHEMA_VERSION}; upgrade newsprism"
            )
        return current

    def check_integrity(self) -> list[str]:
        """Problems found in the stored data; an empty list means the store is consistent."""
        problems = [
            str(row[0])
            for row in self._db.execute("PRAGMA integrity_check")
            if str(row[0]).lower() != "ok"
        ]
        problems += [
            f"{row[0]} row {row[1]} points to a missing {row[2]} row"
            for row in self._db.execute("PRAGMA foreign_key_check")
        ]
        return problems + self._identity_problems()

    def _transaction(self, work: Callable[[], object], what: str) -> None:
        """Run ``work`` in one write transaction; a database error becomes a StoreError."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                work()
                self._db.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (SQLITE_FULL, SQLITE_IOERR): a second
                # ROLLBACK would hide the real error behind "no transaction is active".
                self._rollback()
                raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {what} ({exc})") from exc

    def _rollback(self) -> None:
        """Roll back the open transaction, if SQLite has not already done so (a full disk)."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")


def _while_locked(step: Callable[[], object]) -> None:
    """Run ``step``, again while SQLite reports the file locked, for up to _BUSY_SECONDS.

    Switching a new file to WAL and the first migration can meet another process doing the
    same; SQLite then answers "database is locked" at once, without waiting on its busy
    timeout.
    """
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _writable(path: str) -> bool:
    """Whether this process may write the file and create journal files beside it."""
    folder = os.path.dirname(os.path.abspath(path))
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


def _connect_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection to ``path``, on a read-only file or file system.

    SQLite opens a WAL database read-only only if it can use the shared-memory file beside it;
    where it cannot even create that, the file is opened as immutable (nobody can change it
    through this file system anyway).
    """
    uri = "file:" + urllib.parse.quote(os.path.abspath(path))
    for flags in ("?mode=ro", "?mode=ro&immutable=1"):
        db = sqlite3.connect(uri + flags, uri=True, isolation_level=None, timeout=_BUSY_SECONDS)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            db.close()
            if flags.endswith("immutable=1"):
                raise
            continue
        db.row_factory = sqlite3.Row
        return db
    raise AssertionError("unreachable")
