"""Storage backends behind one protocol; ``open_store`` picks one from a path or URL."""

from __future__ import annotations

from pathlib import Path

from newsprism.store.base import AddOutcome, Store
from newsprism.store.sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = ["SCHEMA_VERSION", "AddOutcome", "SQLiteStore", "Store", "open_store"]


def open_store(location: str | Path, *, create: bool = True) -> SQLiteStore:
    """The store at ``location`` (a SQLite file path), migrated if needed.

    A missing file is created, unless ``create`` is False: then StoreError says
    "no database at PATH". A file that cannot be written is opened read-only.
    """
    return SQLiteStore(location, create=create)
