"""The PostgreSQL store: the shared table mixins over psycopg 3, for a server several processes
(web workers, ingests, ``watch``) write at once.

Writes run in transactions that first take one advisory lock, so writers take turns as they
do on SQLite (whose queries the mixins share) while readers never wait; the unique keys on
an article's id and identity would refuse a second copy even so. Selected by ``open_store``
for a ``postgresql://`` (or ``postgres://``) URL; psycopg is imported only then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import psycopg

from newsprism.annotate.records import ArticleAnnotations
from newsprism.errors import StoreError
from newsprism.model import Article
from newsprism.store.base import AddOutcome
from newsprism.store.postgres_connection import PgConnection, connect
from newsprism.store.postgres_schema import (
    STORIES_CHANNEL,
    WRITE_LOCK,
    migrate,
    schema_version,
)
from newsprism.store.postgres_search import (
    INSERT_ARTICLE,
    UPDATE_NAMES,
    names_rows,
    tsvector_literal,
    word_clause,
)
from newsprism.store.records import StoryFingerprint
from newsprism.store.sql_tables import SharedTables
from newsprism.store.sqlite_catalog import StoryCatalog
from newsprism.store.sqlite_quick import QuickFingerprints
from newsprism.store.sqlite_stories import StoryTables

# How long a write waits for another process's write transaction before giving up (as SQLite).
_LOCK_TIMEOUT = "60s"


def _shown(dsn: str) -> str:
    """The DSN as messages show it: without a password."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.Error:
        return "the PostgreSQL database"
    host = info.get("host") or "localhost"
    port = f":{info['port']}" if info.get("port") else ""
    user = f"{info['user']}@" if info.get("user") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname') or ''}"


class PostgresStore(SharedTables):
    """A Store in a PostgreSQL database (schema version in the ``schema_version`` table).

    A plain class, not a dataclass: it owns an open connection. ``path`` is the DSN given
    (it opens the same store from another thread or process); messages name it without its
    password.
    """

    _db: PgConnection
    _driver_errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def __init__(self, dsn: str, *, create: bool = True) -> None:
        """Connect to the database at ``dsn`` and migrate its schema.

        ``create=False`` refuses a database newsprism has never written ("no newsprism
        database at URL") instead of creating the tables. Raises StoreError when the server
        cannot be reached or refuses the connection.
        """
        self.path = dsn
        self.read_only = False  # a server database is written through the connection
        self._name = _shown(dsn)
        try:
            self._db = connect(dsn, options=f"-c lock_timeout={_LOCK_TIMEOUT}")
        except psycopg.Error as exc:
            raise StoreError(
                f"{self._name}: cannot connect ({' '.join(str(exc).split())}); "
                "check the URL and that the server runs"
            ) from exc
        try:
            if not create and schema_version(self._db) == 0:
                raise StoreError(
                    f"no newsprism database at {self._name}; ingest articles first "
                    "(`newsprism ingest FILES`) or pass --db with the right URL"
                )
            migrate(self._db, self._name)
        except BaseException:
            self._db.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def own_files(self) -> tuple[str, ...]:
        """None: the server keeps the data, no file beside the inputs."""
        return ()

    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""
        self._db.close()

    @property
    def schema_version(self) -> int:
        """The version the database's schema is at."""
        return schema_version(self._db)

    def check_integrity(self) -> list[str]:
        """Problems found in the stored data (PostgreSQL enforces the foreign keys itself)."""
        return self._identity_problems()

    def _transaction(self, work: Callable[[], object], what: str) -> None:
        """Run ``work`` in one write transaction, writers one at a time; a database error
        becomes a StoreError."""
        try:
            with self._db.transaction():
                self._db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                work()
        except psycopg.Error as exc:
            raise StoreError(f"{self._name}: {what} ({' '.join(str(exc).split())})") from exc

    # -- the full-text index, written with the rows it indexes -------------------------------
    def _add_one(self, article: Article) -> AddOutcome:
        outcome = super()._add_one(article)
        if outcome.stored:
            self._db.execute(
                INSERT_ARTICLE,
                (article.id, tsvector_literal(article.title or ""), tsvector_literal(article.text)),
            )
        return outcome

    def save_annotations(self, annotations: Sequence[ArticleAnnotations]) -> None:
        """Store (or replace) each article's annotations and index their entity names, all in
        one transaction."""

        def write() -> None:
            StoryTables.save_annotations(self, annotations)
            self._db.executemany(UPDATE_NAMES, names_rows(annotations))

        self._transaction(write, "could not write annotations")

    def _word_clause(self, word: str) -> tuple[str, list[object]]:
        return word_clause(word)


def quick_fingerprints(dsn: str, *, busy_ms: int = 20) -> QuickFingerprints:
    """Story fingerprints on connections of the caller's own: None when the server does not
    answer within ``busy_ms`` or cannot be reached. A fingerprint read is kept until the
    database notifies a change to stories, members, annotations or reprints, so that a hot
    story costs no round trip while nothing changes."""
    return QuickFingerprints(lambda: _ListeningCatalog(dsn, busy_ms), (psycopg.Error,))


class _ListeningCatalog:
    """Fingerprints read on one connection and kept until a notification on the other.

    A change is seen once its notification has arrived: a fraction of a millisecond after
    the writer's commit on a local server, the same moment a request racing the commit
    could have read either version anyway.
    """

    _MAX_KEPT = 50_000

    def __init__(self, dsn: str, busy_ms: int) -> None:
        self._listener = psycopg.connect(dsn, autocommit=True, connect_timeout=2)
        self._catalog: _Catalog | None = None
        try:
            self._listener.execute(f"LISTEN {STORIES_CHANNEL}".encode())
            self._catalog = _Catalog(dsn, busy_ms)
        except BaseException:
            self.close()
            raise
        self._kept: dict[str, StoryFingerprint] = {}

    def story_fingerprint(self, story_ref: str) -> StoryFingerprint:
        """The story's fingerprint (kept, or read); raises NotFoundError."""
        assert self._catalog is not None
        if list(self._listener.notifies(timeout=0)) or len(self._kept) > self._MAX_KEPT:
            self._kept.clear()
        kept = self._kept.get(story_ref)
        if kept is None:
            kept = self._kept[story_ref] = self._catalog.story_fingerprint(story_ref)
        return kept

    def close(self) -> None:
        """Close both connections."""
        self._listener.close()
        if self._catalog is not None:
            self._catalog.close()


class _Catalog(StoryCatalog):
    """The catalog queries on a connection whose statements give up after ``busy_ms``."""

    _db: PgConnection

    def __init__(self, dsn: str, busy_ms: int) -> None:
        self._db = connect(
            dsn, connect_timeout=2, options=f"-c statement_timeout={max(1, busy_ms)}"
        )

    def close(self) -> None:
        """Close the connection."""
        self._db.close()
