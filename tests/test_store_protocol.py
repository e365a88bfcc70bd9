"""Every store operation goes through the ``Store`` protocol; no backend leaks out of ``store/``.

Outside ``src/newsprism/store/`` no module may name ``SQLiteStore`` or hold a SQL statement in
a string literal, so that another backend can be plugged in behind ``open_store``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import newsprism
from newsprism.store import (
    AnnotationStore,
    ArticleStore,
    CatalogStore,
    CorrectionStore,
    FeedStore,
    FingerprintReader,
    IncrementalStore,
    SQLiteStore,
    Store,
    StoryStore,
    open_fingerprint_reader,
    open_store,
)

from .conftest import NewDatabase

PACKAGE = Path(newsprism.__file__).parent
STORE_PACKAGE = PACKAGE / "store"
BACKEND_NAMES = frozenset({"SQLiteStore", "PostgresStore"})

# A SQL statement as it starts: uppercase keywords (as the project writes SQL), so that English
# text such as "select the story" or a "begin" marker is not taken for SQL.
SQL_STATEMENT = re.compile(
    r"^\s*(?:"
    r"SELECT\b[\s\S]*\bFROM\b"
    r"|INSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b"
    r"|UPDATE\s+\w+\s+SET\b"
    r"|DELETE\s+FROM\b"
    r"|REPLACE\s+INTO\b"
    r"|CREATE\s+(?:TEMP\s+|TEMPORARY\s+|UNIQUE\s+|VIRTUAL\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|DROP\s+(?:TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|ALTER\s+TABLE\b"
    r"|PRAGMA\s+\w+"
    r"|WITH\s+(?:RECURSIVE\s+)?\w+\s+AS\s*\("
    r"|(?:BEGIN|COMMIT|ROLLBACK|VACUUM)\s*(?:IMMEDIATE|EXCLUSIVE|DEFERRED|TRANSACTION)?\s*;?\s*$"
    r")"
)


def _modules_outside_store() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if STORE_PACKAGE not in path.parents)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the docstring nodes of a module, its classes and functions."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
        ):
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def backend_leaks(source: str) -> list[str]:
    """Where ``source`` names a backend class or holds a SQL statement string, one per line."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    leaks: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in BACKEND_NAMES:
            leaks.append(f"line {node.lineno}: names {node.id}")
        elif isinstance(node, ast.Attribute) and node.attr in BACKEND_NAMES:
            leaks.append(f"line {node.lineno}: names {node.attr}")
        elif isinstance(node, ast.alias) and node.name.split(".")[-1] in BACKEND_NAMES:
            leaks.append(f"line {node.lineno}: imports {node.name}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            ("newsprism.store.sqlite", "newsprism.store.postgres")
        ):
            leaks.append(f"line {node.lineno}: imports from {node.module}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            if SQL_STATEMENT.search(node.value):
                leaks.append(f"line {node.lineno}: SQL string {node.value.strip()[:40]!r}")
            elif node.value in BACKEND_NAMES:
                leaks.append(f"line {node.lineno}: names {node.value}")
    return leaks


def test_no_module_outside_store_names_a_backend_or_holds_sql() -> None:
    modules = _modules_outside_store()
    assert len(modules) > 50  # the scan really looked at the package
    problems = [
        f"{path.relative_to(PACKAGE)} {leak}"
        for path in modules
        for leak in backend_leaks(path.read_text(encoding="utf-8"))
    ]
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        "from newsprism.store import SQLiteStore\n",
        "import newsprism.store\nx = newsprism.store.SQLiteStore\n",
        "def f(store: 'SQLiteStore') -> None: ...\n",
        "from newsprism.store.sqlite_catalog import Something\n",
        "from newsprism.store.postgres import PostgresStore\n",
        "x = 'PostgresStore'\n",
        'Q = "SELECT id FROM widgets WHERE name = ?"\n',
        'Q = """\n    INSERT OR IGNORE INTO widgets (id) VALUES (?)\n"""\n',
        'db.execute("UPDATE widgets SET size = 2")\n',
        'db.execute("DELETE FROM widgets")\n',
        'db.execute("CREATE INDEX IF NOT EXISTS w ON widgets (id)")\n',
        'db.execute("PRAGMA query_only=ON")\n',
        'db.execute("BEGIN IMMEDIATE")\n',
    ],
)
def test_the_scan_finds_a_backend_name_or_a_sql_string(source: str) -> None:
    assert backend_leaks(source)


@pytest.mark.parametrize(
    "source",
    [
        '"""Select the stories from the outlets, then update the brief."""\n',
        'MARK = "begin"\n',
        'HELP = "Delete from the list the feeds you no longer follow."\n',
        'TITLE = "Update on the bridge set for Tuesday"\n',
        "from newsprism.store import Store, open_store\n",
    ],
)
def test_the_scan_lets_prose_and_the_protocol_through(source: str) -> None:
    assert backend_leaks(source) == []


def test_every_store_satisfies_every_store_protocol(new_db: NewDatabase, backend: str) -> None:
    with open_store(new_db("a.db")) as store:
        assert (
            type(store).__name__ == {"sqlite": "SQLiteStore", "postgres": "PostgresStore"}[backend]
        )
        for protocol in (
            Store,
            ArticleStore,
            AnnotationStore,
            StoryStore,
            CorrectionStore,
            CatalogStore,
            FeedStore,
            IncrementalStore,
        ):
            assert isinstance(store, protocol), protocol.__name__


@pytest.mark.parametrize("backend_module", ["sqlite", "postgres"])
def test_the_protocol_covers_every_public_method_of_each_store(backend_module: str) -> None:
    declared = {
        name
        for cls in Store.__mro__
        if cls.__module__ == "newsprism.store.base"
        for name in vars(cls)
        if not name.startswith("_")
    }
    if backend_module == "postgres":
        backend = pytest.importorskip("newsprism.store.postgres").PostgresStore
    else:
        backend = SQLiteStore
    public = {name for name in dir(backend) if not name.startswith("_")}
    # schema_version is each backend's own (PRAGMA user_version, the schema_version table),
    # read by the store's own tests
    assert public - declared == {"schema_version"}
    assert declared - public == set()


def test_the_fingerprint_reader_answers_on_the_callers_thread(tmp_path: Path) -> None:
    from newsprism.errors import NotFoundError

    path = tmp_path / "a.db"
    open_store(path).close()
    reader = open_fingerprint_reader(path)
    assert isinstance(reader, FingerprintReader)
    try:
        with pytest.raises(NotFoundError):
            reader.fingerprint("nosuchstory")
    finally:
        reader.close()


def test_the_fingerprint_reader_answers_none_when_the_store_cannot_be_read(
    tmp_path: Path,
) -> None:
    reader = open_fingerprint_reader(tmp_path / "missing.db")
    try:
        assert reader.fingerprint("anything") is None
    finally:
        reader.close()
