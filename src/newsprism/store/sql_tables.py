"""Every store operation whose SQL both backends run, as one base class of the stores.

A backend (``SQLiteStore``, ``PostgresStore``) adds its connection (``self._db``, a
``SQLConnection``), ``self._transaction``, ``self._driver_errors``, ``self.path``,
``self.read_only``, its schema and what its SQL cannot share (integrity checks, the full-text
index's match clause).
"""

from __future__ import annotations

from newsprism.store.sql_articles import ArticleTables
from newsprism.store.sqlite_catalog import StoryCatalog
from newsprism.store.sqlite_corrections import CorrectionLog
from newsprism.store.sqlite_feeds import FeedTables
from newsprism.store.sqlite_incremental import IncrementalTables, WindowTables
from newsprism.store.sqlite_signatures import SignatureTables
from newsprism.store.sqlite_stories import StoryTables


class SharedTables(
    ArticleTables,
    StoryTables,
    StoryCatalog,
    CorrectionLog,
    FeedTables,
    IncrementalTables,
    WindowTables,
    SignatureTables,
):
    """The table mixins together: articles, stories, catalog, corrections, feeds, the
    incremental tables and the reprint signatures. A mixin, not a record."""
