"""The server's configuration and the live objects its views share (threads, cache)."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request

from newsprism.config import Settings
from newsprism.ingest.fetch import Fetcher
from newsprism.pipeline import IngestOptions
from newsprism.server.briefs import BriefBuilder, BriefCache
from newsprism.server.security import DEFAULT_MAX_BODY_BYTES
from newsprism.server.threads import (
    ReadContext,
    StoreThreads,
    close_read_context,
    open_read_context,
)
from newsprism.store import SQLiteStore, open_store

log = logging.getLogger("newsprism.server")

StoryRefresher = Callable[[SQLiteStore], Any]
"""Brings stories up to date after an ingest (runs on the writer thread)."""


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs: database, write token, limits, threads.

    ``token`` is required for writes when set (``Authorization: Bearer TOKEN``);
    ``refresh_on_ingest`` re-clusters stories after API ingests when the library can, at most
    once every ``refresh_interval`` seconds.
    """

    db: str
    token: str | None = None
    readers: int = 4
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    cache_entries: int = 512
    refresh_on_ingest: bool = True
    refresh_interval: float = 10.0
    ingest: IngestOptions = field(default_factory=IngestOptions)

    @classmethod
    def from_settings(cls, settings: Settings, *, token: str | None = None) -> ServerConfig:
        """The configuration for the settings in force (database, fetch limits)."""
        return cls(
            db=settings.db, token=token or None, ingest=IngestOptions.from_settings(settings)
        )


class ServerState:
    """Everything the views share: config, reader threads, the writer, the brief cache.

    A plain class: it owns threads and is closed when the app shuts down.
    """

    def __init__(
        self,
        config: ServerConfig,
        *,
        brief_builder: BriefBuilder,
        fetcher_factory: Callable[[], Fetcher],
        refresher: StoryRefresher | None,
    ) -> None:
        self.config = config
        self.readers: StoreThreads[ReadContext] = StoreThreads(
            "reader", config.readers, lambda: open_read_context(config.db), close_read_context
        )
        self.writer: StoreThreads[SQLiteStore] = StoreThreads(
            "writer", 1, lambda: open_store(config.db), lambda store: store.close()
        )
        self.briefs = BriefCache(
            self.readers, brief_builder, max_entries=config.cache_entries, db_path=config.db
        )
        self.fetcher_factory = fetcher_factory
        self.refresher = refresher if config.refresh_on_ingest else None
        self._refresh_lock = threading.Lock()
        self._refresh_pending = False
        self._last_refresh = float("-inf")
        self._timer: threading.Timer | None = None
        self._closed = False
        self.ingested = 0

    def schedule_refresh(self) -> None:
        """Queue one story refresh on the writer thread, unless one is already waiting.

        Refreshes are spaced by ``config.refresh_interval`` seconds, so a stream of ingests
        re-clusters a few times a minute rather than after every article.
        """
        refresher = self.refresher
        if refresher is None:
            return
        with self._refresh_lock:
            if self._refresh_pending or self._closed:
                return
            self._refresh_pending = True
            delay = max(0.0, self._last_refresh + self.config.refresh_interval - time.monotonic())

        def refresh(store: SQLiteStore) -> None:
            with self._refresh_lock:
                self._refresh_pending = False
                self._last_refresh = time.monotonic()
            try:
                refresher(store)
            except Exception:  # the ingest itself succeeded; the next one retries
                log.exception("story refresh after an ingest failed")

        def submit() -> None:
            with contextlib.suppress(RuntimeError):  # the server closed meanwhile
                self.writer.submit(refresh)

        if delay <= 0:
            submit()
            return
        timer = threading.Timer(delay, submit)
        timer.daemon = True
        self._timer = timer
        timer.start()

    def close(self) -> None:
        """Stop the writer (after its queued work) and the readers."""
        with self._refresh_lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
        self.writer.close()
        self.readers.close()


def server_state(request: Request) -> ServerState:
    """The ServerState of the app serving this request."""
    state: ServerState = request.app.state.newsprism
    return state
