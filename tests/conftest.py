"""Shared fixtures: a fresh store, fixture files, and the path to the shared evaluation data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsprism.store import Store, open_store

from .postgres_server import PostgresServer, start_postgres

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"
SHARED_DATA = Path(__file__).parent.parent.parent / "shared" / "data"

BACKENDS = ("sqlite", "postgres")
"""The store backends the store and CLI tests run on."""

NewDatabase = Callable[[str], str]
"""Makes a fresh, empty database named after its argument; its location (path or URL)."""


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the test session (scripts/postgres.sh), stopped at
    the end; the tests that need it skip, saying why, where it cannot be installed."""
    server, reason = start_postgres()
    if server is None:
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each store backend in turn."""
    return str(request.param)


def _database_maker(
    backend: str, folder: Path, request: pytest.FixtureRequest
) -> Iterator[NewDatabase]:
    if backend == "sqlite":
        yield lambda name: str(folder / name)
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    made: list[str] = []

    def make(name: str) -> str:
        dsn = server.new_database()
        made.append(dsn)
        return dsn

    yield make
    for dsn in made:
        server.drop_database(dsn)


@pytest.fixture
def new_db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[NewDatabase]:
    """Fresh databases of the backend under test: ``new_db("n.db")`` is a SQLite path in
    tmp_path, or the URL of a new database on the session's PostgreSQL server."""
    yield from _database_maker(backend, tmp_path, request)


@pytest.fixture(scope="module", params=BACKENDS)
def module_new_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[NewDatabase]:
    """``new_db`` for module-scoped fixtures, each backend in turn."""
    yield from _database_maker(str(request.param), tmp_path_factory.mktemp("db"), request)


@pytest.fixture
def store(new_db: NewDatabase) -> Iterator[Store]:
    """An empty store of the backend under test (SQLite in a temporary folder, or a fresh
    PostgreSQL database)."""
    with open_store(new_db("test.db")) as opened:
        yield opened


@pytest.fixture
def fixtures() -> Path:
    """The folder of small fixture files (HTML page, RSS, Atom, OPML)."""
    return FIXTURES


def article_text(subject: str, sentences: int = 4) -> str:
    """A short, distinct news-like body about ``subject``."""
    lines = [
        f"Officials in {subject} said on Tuesday that the plan would go ahead.",
        f"The council of {subject} voted after a long debate about the budget.",
        f"Residents of {subject} told reporters they welcomed the decision.",
        f"A spokesperson for {subject} said more details would follow next week.",
    ]
    return " ".join(lines[:sentences])


EXAMPLE_INPUTS = [str(EXAMPLES / part) for part in ("text", "html", "feeds", "jsonl")]


def example_ref(source: str) -> str:
    """An article's source as ``examples/planted.json`` names it: ``path`` or ``path#N``."""
    relative = source.split("examples/", 1)[1]
    if "#item" in relative:
        path, number = relative.split("#item")
        return f"{path}#{number}"
    if ".jsonl:" in relative:
        path, number = relative.rsplit(":", 1)
        return f"{path}#{number}"
    return relative
