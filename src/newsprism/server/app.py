"""The FastAPI application factory, and ``serve`` that runs it under uvicorn."""

from __future__ import annotations

import base64
import contextlib
import os
import pickle
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from newsprism.errors import ConfigError
from newsprism.ingest.fetch import Fetcher
from newsprism.server import apidocs, export, views, writes
from newsprism.server.briefs import BriefBuilder, library_builder
from newsprism.server.errors import install_error_handlers
from newsprism.server.head import HeadAsGet
from newsprism.server.refresh import StoryRefresher
from newsprism.server.rendering import STATIC
from newsprism.server.security import GuardedHttpProtocol, GuardMiddleware, check_bind
from newsprism.server.shortcut import CachedBriefShortcut
from newsprism.server.state import ServerConfig, ServerState
from newsprism.store import is_server_url, open_store

# How ``serve --workers N`` hands its configuration to the worker processes it starts.
_WORKER_CONFIG = "NEWSPRISM_SERVER_CONFIG"

DESCRIPTION = """\
One story, every outlet, every fact with its sources.

Every HTML page has a JSON twin: add `.json` to its path (`/stories.json`,
`/stories/ID.json`, `/articles/ID.json`). Every error has one shape:
`{"error": {"status", "code", "message"[, "detail"]}}`.
"""


def create_app(
    config: ServerConfig,
    *,
    brief_builder: BriefBuilder | None = None,
    fetcher_factory: Callable[[], Fetcher] | None = None,
    refresher: StoryRefresher | None = None,
) -> FastAPI:
    """The newsprism web app (REST API, pages, static files) over the store at ``config.db``.

    ``brief_builder`` and ``fetcher_factory`` default to the library's own (brief building,
    safe URL fetching). Stories are refreshed after ingests by the library's
    ``update_stories`` in a worker process (see ``refresh``), unless ``refresher`` is given:
    it then runs on the writer thread instead. Tests inject theirs.
    """
    # Open once here so that a bad path or a newer schema fails now, not on the first request.
    open_store(config.db).close()
    state = ServerState(
        config,
        brief_builder=brief_builder or library_builder(config.annotate),
        fetcher_factory=fetcher_factory or (lambda: Fetcher(config.ingest.fetch)),
        refresher=refresher,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.briefs.close()  # the event loop's own connection, closed in its thread
            state.close()

    from newsprism import __version__

    app = FastAPI(
        title="newsprism",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.newsprism = state
    install_error_handlers(app)
    # The last added is the outermost: the guard wraps the shortcut, so its answers get the
    # same security headers as every other response.
    app.add_middleware(CachedBriefShortcut, state=state)
    app.add_middleware(GuardMiddleware, max_body_bytes=config.max_body_bytes)
    app.add_middleware(HeadAsGet)  # outermost: HEAD answered with the GET's headers
    app.include_router(views.router)
    app.include_router(writes.router)
    app.include_router(export.router)
    app.include_router(apidocs.router)
    app.mount("/static", StaticFiles(directory=STATIC, follow_symlink=False), name="static")
    return app


def serve(
    config: ServerConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "info",
    workers: int = 1,
) -> None:
    """Run the app under uvicorn until interrupted, in ``workers`` processes.

    Raises ConfigError for an unsafe bind (a server that other machines can reach must have a
    token, see ``check_bind``), and for more than one worker on a SQLite database: several
    processes, each with its own brief cache and writer thread, are for a PostgreSQL store.
    """
    import uvicorn

    check_bind(host, config.token)
    check_workers(config.db, workers)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "server_header": False,
        "proxy_headers": False,
        "timeout_graceful_shutdown": 10,
        "http": GuardedHttpProtocol,  # security headers on uvicorn's own 400s; a head timeout
    }
    if workers <= 1:
        uvicorn.run(create_app(config), **options)
        return
    # Open once here so that a bad URL or a newer schema fails now, and the schema is migrated
    # before the workers start. The workers build their app from the same configuration,
    # which reaches them (and only them: it is this process's own environment) pickled.
    open_store(config.db).close()
    os.environ[_WORKER_CONFIG] = base64.b64encode(pickle.dumps(config)).decode()
    uvicorn.run(
        "newsprism.server.app:worker_app",
        factory=True,
        workers=workers,
        **options,
    )


def check_workers(db: str, workers: int) -> None:
    """Refuse (ConfigError) more than one worker process on a SQLite database: each process
    would hold its own writer thread on the one file, and its own brief cache."""
    if workers > 1 and not is_server_url(db):
        raise ConfigError(
            f"--workers {workers} needs a PostgreSQL database (--db postgresql://...); "
            "a SQLite database is served by one process"
        )


def worker_app() -> FastAPI:
    """The app of one ``serve --workers N`` worker process, for the configuration ``serve``
    left in the environment."""
    encoded = os.environ.get(_WORKER_CONFIG)
    if not encoded:
        raise ConfigError(f"{_WORKER_CONFIG} is not set: start the workers with `newsprism serve`")
    config = pickle.loads(base64.b64decode(encoded))
    if not isinstance(config, ServerConfig):
        raise ConfigError(f"{_WORKER_CONFIG} does not hold a server configuration")
    return create_app(config)
