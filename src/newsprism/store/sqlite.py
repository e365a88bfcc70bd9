"""The default store: one SQLite file in WAL mode, with forward-only schema migrations."""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from newsprism.errors import SchemaVersionError, StoreError
from newsprism.identity import article_identity, canonical_url
from newsprism.model import Article, ArticleSummary, Embed, PublishedDate, WireCredit
from newsprism.store.base import AddOutcome
from newsprism.store.lookup import row_by_id_prefix
from newsprism.store.sqlite_catalog import StoryCatalog
from newsprism.store.sqlite_corrections import CorrectionLog
from newsprism.store.sqlite_feeds import FEEDS_MIGRATION, FeedTables
from newsprism.store.sqlite_incremental import (
    INCREMENTAL_MIGRATION,
    IncrementalTables,
    WindowTables,
)
from newsprism.store.sqlite_search import SEARCH_MIGRATION, split_statements
from newsprism.store.sqlite_signatures import SIGNATURES_MIGRATION, SignatureTables
from newsprism.store.sqlite_stories import StoryTables

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
_PAGE = 256  # articles per read when iterating over all of them
# How long a write waits for another process's write transaction before giving up.
_BUSY_SECONDS = 60.0

_ARTICLE_COLUMNS = (
    "id, identity, url_key, source, format, outlet, url, title, published, published_precision,"
    " byline, language, text, content_hash, wire_agency, wire_text, wire_position, wire_start,"
    " wire_end, ingested_at"
)


class SQLiteStore(
    StoryTables,
    StoryCatalog,
    CorrectionLog,
    FeedTables,
    IncrementalTables,
    WindowTables,
    SignatureTables,
):
    """A Store in one SQLite file (WAL, foreign keys on, schema version in ``user_version``).

    A plain class, not a dataclass: it owns an open connection.
    """

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

    def _rollback(self) -> None:
        """Roll back the open transaction, if SQLite has not already done so (a full disk)."""
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    # -- writing ---------------------------------------------------------------------------
    def add_articles(self, articles: Sequence[Article]) -> list[AddOutcome]:
        """One outcome per article, in order; all of them are written in one transaction."""
        outcomes: list[AddOutcome] = []

        def write() -> None:
            outcomes.extend(self._add_one(article) for article in articles)

        self._transaction(write, "could not write articles")
        return outcomes

    def _add_one(self, article: Article) -> AddOutcome:
        existing = self._find_same(article)
        if existing is not None:
            return AddOutcome(article_id=existing, stored=False)
        self._db.execute(
            f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 20)})",
            _article_row(article),
        )
        self._db.executemany(
            'INSERT INTO embeds (article_id, seq, kind, start, "end", author, handle, posted,'
            " link) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (article.id, seq, e.kind, e.start, e.end, e.author, e.handle, e.posted, e.link)
                for seq, e in enumerate(article.embeds)
            ],
        )
        return AddOutcome(article_id=article.id, stored=True)

    def _find_same(self, article: Article) -> str | None:
        """The id of a stored copy of this article: the same identity, else the same URL, else
        (for an article without URL) the same text."""
        row = self._db.execute("SELECT id FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None and article.url:
            row = self._db.execute(
                "SELECT id FROM articles WHERE url_key = ?", (canonical_url(article.url),)
            ).fetchone()
        elif row is None:
            row = self._db.execute(
                "SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
                (article.content_hash,),
            ).fetchone()
        return None if row is None else str(row["id"])

    # -- reading ---------------------------------------------------------------------------
    def get_article(self, article_id: str) -> Article:
        """The article with this id (or unique id prefix); raises NotFoundError."""
        row = row_by_id_prefix(
            self._db,
            "articles",
            _ARTICLE_COLUMNS,
            article_id,
            noun="article",
            hint="`newsprism articles` lists them",
        )
        return self._article_from_row(row)

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, ordered by id.

        Read a page at a time, each page its own short read, so a caller may write between
        pages: no read cursor stays open to block its write transaction.
        """
        after = ""
        while True:
            rows = self._db.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                (after, _PAGE),
            ).fetchall()
            articles = [self._article_from_row(row) for row in rows]
            yield from articles
            if len(rows) < _PAGE:
                return
            after = rows[-1]["id"]

    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        """Article summaries ordered by publication date (undated last), then id."""
        rows = self._db.execute(
            "SELECT id, source, outlet, title, published, published_precision, wire_agency,"
            " length(text) AS chars FROM articles"
            " ORDER BY published IS NULL, published, id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        return [
            ArticleSummary(
                id=row["id"],
                source=row["source"],
                outlet=row["outlet"],
                title=row["title"],
                published=_published(row),
                wire=row["wire_agency"],
                chars=row["chars"],
            )
            for row in rows
        ]

    def count_articles(self) -> int:
        """How many articles are stored."""
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of these URLs (compared in canonical form) already stored."""
        known: set[str] = set()
        for url in urls:
            row = self._db.execute(
                "SELECT 1 FROM articles WHERE url_key = ?", (canonical_url(url),)
            ).fetchone()
            if row is not None:
                known.add(url)
        return known

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
        for row in self._db.execute("SELECT id, identity, url, content_hash FROM articles"):
            expected = article_identity(row["url"], row["content_hash"])
            if row["identity"] != expected:
                problems.append(f"article {row['id']}: identity does not match its url or text")
        return problems

    def _article_from_row(self, row: sqlite3.Row) -> Article:
        embeds = tuple(
            Embed(
                kind=e["kind"],
                start=e["start"],
                end=e["end"],
                author=e["author"],
                handle=e["handle"],
                posted=e["posted"],
                link=e["link"],
            )
            for e in self._db.execute(
                'SELECT kind, start, "end", author, handle, posted, link FROM embeds'
                " WHERE article_id = ? ORDER BY seq",
                (row["id"],),
            )
        )
        wire = None
        if row["wire_agency"]:
            wire = WireCredit(
                agency=row["wire_agency"],
                text=row["wire_text"],
                position=row["wire_position"],
                start=row["wire_start"],
                end=row["wire_end"],
            )
        return Article(
            id=row["id"],
            source=row["source"],
            format=row["format"],
            text=row["text"],
            content_hash=row["content_hash"],
            ingested_at=row["ingested_at"],
            outlet=row["outlet"],
            url=row["url"],
            title=row["title"],
            published=_published(row),
            byline=row["byline"],
            language=row["language"],
            wire=wire,
            embeds=embeds,
        )


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


def _published(row: sqlite3.Row) -> PublishedDate | None:
    if row["published"] is None:
        return None
    return PublishedDate(value=row["published"], precision=row["published_precision"])


def _article_row(article: Article) -> tuple[Any, ...]:
    wire = article.wire
    return (
        article.id,
        article_identity(article.url, article.content_hash),
        canonical_url(article.url) if article.url else None,
        article.source,
        article.format,
        article.outlet,
        article.url,
        article.title,
        article.published.value if article.published else None,
        article.published.precision if article.published else None,
        article.byline,
        article.language,
        article.text,
        article.content_hash,
        wire.agency if wire else None,
        wire.text if wire else None,
        wire.position if wire else None,
        wire.start if wire else None,
        wire.end if wire else None,
        article.ingested_at,
    )
