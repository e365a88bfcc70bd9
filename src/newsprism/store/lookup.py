"""Finding one row by its id or a unique prefix of it: the lookup every id-taking command uses."""

from __future__ import annotations

from typing import Any

from newsprism.errors import NotFoundError
from newsprism.store.sql import SQLConnection

_HEX = frozenset("0123456789abcdef")


def row_by_id_prefix(
    db: SQLConnection, table: str, columns: str, ref: str, *, noun: str, hint: str
) -> Any:
    """The row of ``table`` whose id is ``ref`` or starts with it; raises NotFoundError.

    ``noun`` names the record in messages ("article"); ``hint`` says where ids are listed.
    Anything but hex digits is refused before it reaches SQL.
    """
    wanted = ref.strip().lower()
    if not wanted or not set(wanted) <= _HEX:
        raise NotFoundError(f"no {noun} with id {ref!r}: ids are hex digits")
    rows = db.execute(
        f"SELECT {columns} FROM {table} WHERE id >= ? AND id < ? LIMIT 2",
        (wanted, wanted + "g"),
    ).fetchall()
    if not rows:
        raise NotFoundError(f"no {noun} with id {ref!r}; {hint}")
    if len(rows) > 1 and rows[0]["id"] != wanted:
        raise NotFoundError(f"id prefix {ref!r} matches more than one {noun}; give more")
    return rows[0]
