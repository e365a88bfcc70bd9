"""The server's configuration and the live objects its views share (threads, cache)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request

from newsprism.annotate.records import AnnotateOptions
from newsprism.config import Settings
from newsprism.ingest.fetch import Fetcher
from newsprism.pipeline import IngestOptions
from newsprism.server.briefs import BriefBuilder, BriefCache
from newsprism.server.refresh import RefreshScheduler, StoryRefresher
from newsprism.server.security import DEFAULT_MAX_BODY_BYTES
from newsprism.server.threads import StoreThreads
from newsprism.store import Store, open_store

log = logging.getLogger("newsprism.server")


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs: database, write token, limits, threads.

    ``token`` is required for writes when set (``Authorization: Bearer TOKEN``);
    ``refresh_on_ingest`` brings stories up to date after API ingests (annotating new articles
    with ``annotate``, as ``newsprism ingest`` does), starting at most once every
    ``refresh_interval`` seconds and resting ``refresh_pause_ratio`` times as long as the last
    refresh took (see ``refresh``).
    """

    db: str
    token: str | None = None
    readers: int = 4
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    cache_entries: int = 512
    refresh_on_ingest: bool = True
    refresh_interval: float = 10.0
    refresh_pause_ratio: float = 2.0
    ingest: IngestOptions = field(default_factory=IngestOptions)
    annotate: AnnotateOptions = field(default_factory=AnnotateOptions)

    @classmethod
    def from_settings(cls, settings: Settings, *, token: str | None = None) -> ServerConfig:
        """The configuration for the settings in force (database, fetch limits)."""
        return cls(
            db=settings.db,
            token=token or None,
            ingest=IngestOptions.from_settings(settings),
            annotate=AnnotateOptions(model=settings.spacy_model),
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
        refresher: StoryRefresher | None = None,
    ) -> None:
        self.config = config
        self.readers: StoreThreads[Store] = StoreThreads(
            "reader", config.readers, lambda: open_store(config.db), lambda store: store.close()
        )
        self.writer: StoreThreads[Store] = StoreThreads(
            "writer", 1, lambda: open_store(config.db), lambda store: store.close()
        )
        self.briefs = BriefCache(
            self.readers, brief_builder, max_entries=config.cache_entries, db_path=config.db
        )
        self.fetcher_factory = fetcher_factory
        self.refreshes: RefreshScheduler | None = None
        if config.refresh_on_ingest:
            self.refreshes = RefreshScheduler(
                self.writer,
                db_path=config.db,
                annotate=config.annotate,
                interval=config.refresh_interval,
                pause_ratio=config.refresh_pause_ratio,
                refresher=refresher,
            )
        self.ingested = 0

    def schedule_refresh(self) -> None:
        """Ask for a story refresh after an ingest (nothing when refreshes are off)."""
        if self.refreshes is not None:
            self.refreshes.request()

    def close(self) -> None:
        """Stop refreshing, then the writer (after its queued work) and the readers."""
        if self.refreshes is not None:
            self.refreshes.close()
        self.writer.close()
        self.readers.close()


def server_state(request: Request) -> ServerState:
    """The ServerState of the app serving this request."""
    state: ServerState = request.app.state.newsprism
    return state
