"""Storage backends behind one protocol; ``open_store`` picks one from a path or URL.

Code outside this package types its store as ``Store`` (or one of the narrower protocols in
``base``) and gets one from ``open_store``: it never names a backend or holds SQL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
    "open_fingerprint_reader",
    "open_store",
]

BACKEND_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)
"""Errors a backend's driver may raise that the store did not turn into StoreError."""


def open_store(location: str | Path, *, create: bool = True) -> Store:
    """The store at ``location`` (a SQLite file path), migrated if needed.

    A missing file is created, unless ``create`` is False: then StoreError says
    "no database at PATH". A file that cannot be written is opened read-only.
    """
    return SQLiteStore(location, create=create)


def open_fingerprint_reader(location: str | Path, *, busy_ms: int = 20) -> FingerprintReader:
    """A reader of story fingerprints for the store at ``location``, on the caller's thread.

    It answers None instead of waiting more than ``busy_ms`` on a busy store.
    """
    return QuickFingerprints(str(location), busy_ms=busy_ms)
