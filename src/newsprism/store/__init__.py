"""Storage backends behind one protocol; ``open_store`` picks one from a path or URL.

Code outside this package types its store as ``Store`` (or one of the narrower protocols in
``base``) and gets one from ``open_store``: it never names a backend or holds SQL.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

from newsprism.errors import StoreError
from newsprism.store.base import (
    AddOutcome,
    AnnotationStore,
    ArticleStore,
    CatalogStore,
    CorrectionStore,
    FeedStore,
    FingerprintReader,
    IncrementalStore,
    SignatureStore,
    Store,
    StoryStore,
)
from newsprism.store.feed_records import FeedState
from newsprism.store.records import (
    MAX_QUERY_WORDS,
    ListedMember,
    ListedStory,
    StoredCorrection,
    StoredSignature,
    StoryFilters,
    StoryFingerprint,
    StorySearch,
)
from newsprism.store.sqlite import SCHEMA_VERSION, SQLiteStore
from newsprism.store.sqlite_incremental import StoredFeatures
from newsprism.store.sqlite_quick import QuickFingerprints

__all__ = [
    "BACKEND_ERRORS",
    "MAX_QUERY_WORDS",
    "SCHEMA_VERSION",
    "AddOutcome",
    "AnnotationStore",
    "ArticleStore",
    "CatalogStore",
    "CorrectionStore",
    "FeedState",
    "FeedStore",
    "FingerprintReader",
    "IncrementalStore",
    "ListedMember",
    "ListedStory",
    "SQLiteStore",
    "SignatureStore",
    "Store",
    "StoredCorrection",
    "StoredFeatures",
    "StoredSignature",
    "StoryFilters",
    "StoryFingerprint",
    "StorySearch",
    "StoryStore",
    "backend_errors",
    "is_server_url",
    "open_fingerprint_reader",
    "open_store",
]

BACKEND_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
"""Errors SQLite may raise that the store did not turn into StoreError (see backend_errors)."""

_SERVER_SCHEMES = ("postgresql://", "postgres://")


def backend_errors() -> tuple[type[Exception], ...]:
    """Errors a backend's driver may raise that the store did not turn into StoreError:
    BACKEND_ERRORS, and psycopg.Error once psycopg is loaded (no psycopg error can be raised
    before; SQLite users need not have it)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return BACKEND_ERRORS
    return (*BACKEND_ERRORS, psycopg.Error)


def is_server_url(location: str | Path) -> bool:
    """Whether ``location`` names a PostgreSQL database (``postgresql://`` or ``postgres://``)
    rather than a SQLite file."""
    return str(location).lower().startswith(_SERVER_SCHEMES)


def open_store(location: str | Path, *, create: bool = True) -> Store:
    """The store at ``location``, migrated if needed: a SQLite file path, or a PostgreSQL URL
    (``postgresql://user@host:port/db``).

    A missing database is created, unless ``create`` is False: then StoreError says
    "no database at PATH". A SQLite file that cannot be written is opened read-only. A
    PostgreSQL URL without psycopg installed raises StoreError naming the extra to install.
    """
    if is_server_url(location):
        return _postgres().PostgresStore(str(location), create=create)
    return SQLiteStore(location, create=create)


def open_fingerprint_reader(location: str | Path, *, busy_ms: int = 20) -> FingerprintReader:
    """A reader of story fingerprints for the store at ``location``, on the caller's thread.

    It answers None instead of waiting more than ``busy_ms`` on a busy store.
    """
    if is_server_url(location):
        return _postgres().quick_fingerprints(str(location), busy_ms=busy_ms)
    return QuickFingerprints.on_sqlite(str(location), busy_ms=busy_ms)


def _postgres() -> Any:
    """The PostgreSQL backend module, imported on first use (psycopg is optional)."""
    try:
        import newsprism.store.postgres as postgres
    except ImportError as exc:
        raise StoreError(
            f"a postgresql:// database needs psycopg ({exc}); "
            "install newsprism[postgres] (pip install 'newsprism[postgres]')"
        ) from exc
    return postgres
