"""What the SQL shared by the backends needs of a database connection.

The table mixins (``sql_articles``, ``sqlite_stories``, ``sqlite_catalog``, ``sqlite_feeds``,
``sqlite_incremental``, ``sqlite_corrections``) hold SQL that SQLite and PostgreSQL both run:
qmark (``?``) or named (``:name``) parameters, ``INSERT ... ON CONFLICT``, ``RETURNING``. They
reach the database only through ``execute``/``executemany`` of a ``SQLConnection``: SQLite's own
connection is one, and ``postgres_connection.PgConnection`` is one over psycopg. Rows are read
by column name or by position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

NO_LIMIT = 2**63 - 1
"""A LIMIT that never cuts (both backends accept a 64-bit limit; SQLite's -1 is its own)."""


class SQLCursor(Protocol):
    """The part of a DB-API cursor the shared SQL uses."""

    @property
    def rowcount(self) -> int:
        """Rows the last statement changed."""
        ...

    def fetchone(self) -> Any:
        """The next row, or None."""
        ...

    def fetchall(self) -> list[Any]:
        """Every remaining row."""
        ...

    def __iter__(self) -> Iterator[Any]:
        """The remaining rows, one at a time."""
        ...


class SQLConnection(Protocol):
    """A connection the shared SQL runs on (statements in SQLite's parameter style)."""

    def execute(self, sql: str, parameters: Any = (), /) -> SQLCursor:
        """Run one statement; its cursor."""
        ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> SQLCursor:
        """Run one statement once per parameter row."""
        ...

    @property
    def in_transaction(self) -> bool:
        """True while a transaction is open on this connection."""
        ...


def chunks(values: list[T], size: int = 500) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size`` (to bound the parameters of one IN (...))."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def marks(count: int) -> str:
    """``?, ?, ...``: ``count`` parameter marks for an IN (...) list."""
    return ", ".join("?" * count)
