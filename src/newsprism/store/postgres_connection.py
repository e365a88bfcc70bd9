"""A psycopg 3 connection that runs the SQL shared with SQLite (``store.sql.SQLConnection``).

The shared SQL is written with SQLite's parameter marks: ``?`` and ``:name``. ``PgConnection``
turns them into psycopg's ``%s`` and ``%(name)s`` (doubling a literal ``%``), skipping quoted
strings and identifiers, and returns rows that read by column name or by position, as
``sqlite3.Row`` does. Imported only when a PostgreSQL store is opened: psycopg is an optional
dependency (``newsprism[postgres]``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any

import psycopg
from psycopg.rows import RowMaker

from newsprism.store.sql import SQLCursor

# A quoted string or identifier (copied, with % doubled), a mark, a bare %, or :name.
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\?|%|(?<![:\w]):([A-Za-z_]\w*)")


class PgRow(tuple[Any, ...]):
    """One result row: ``row[0]`` by position, ``row["id"]`` by column name."""

    _index: dict[str, int]

    def __new__(cls, values: Sequence[Any], index: dict[str, int]) -> PgRow:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """The column names, in order."""
        return list(self._index)


def _pg_rows(cursor: psycopg.Cursor[Any]) -> RowMaker[PgRow]:
    """psycopg's row factory for ``PgRow``: one column index shared by a result's rows."""
    description = cursor.description or []
    index = {column.name: position for position, column in enumerate(description)}

    def make(values: Sequence[Any]) -> PgRow:
        return PgRow(values, index)

    return make


@functools.lru_cache(maxsize=1024)
def to_psycopg(sql: str) -> str:
    """``sql`` with SQLite's ``?`` and ``:name`` marks as psycopg's, and ``%`` escaped."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if match.group(1):
            return f"%({match.group(1)})s"
        return token.replace("%", "%%")

    return _TOKEN.sub(replace, sql)


class PgConnection:
    """A psycopg connection in autocommit mode, speaking the shared SQL's parameter style.

    A plain class: it owns the connection. ``transaction()`` opens a transaction (a savepoint
    when one is already open); outside one, each statement commits on its own.
    """

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Any = (), /) -> SQLCursor:
        """Run one statement; its cursor (rows already fetched by the client)."""
        cursor = self.raw.cursor(row_factory=_pg_rows)
        cursor.execute(to_psycopg(sql), parameters)
        return cursor

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> SQLCursor:
        """Run one statement once per parameter row (pipelined by psycopg)."""
        cursor = self.raw.cursor(row_factory=_pg_rows)
        rows = list(parameters)
        if rows:
            cursor.executemany(to_psycopg(sql), rows)
        return cursor

    @property
    def in_transaction(self) -> bool:
        """True while a transaction is open (inside ``transaction()``)."""
        return bool(self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE)

    def transaction(self) -> AbstractContextManager[Any]:
        """A context that commits on leaving, or rolls back when an exception leaves it."""
        return self.raw.transaction()

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()


def connect(dsn: str, *, connect_timeout: int = 10, options: str = "") -> PgConnection:
    """A connection to the PostgreSQL database at ``dsn`` (autocommit, UTF-8)."""
    raw = psycopg.connect(
        dsn,
        autocommit=True,
        connect_timeout=connect_timeout,
        options=options or None,
        client_encoding="utf8",
    )
    return PgConnection(raw)
