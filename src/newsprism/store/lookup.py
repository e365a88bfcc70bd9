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
    rows = db.execute(
        f"SELECT {columns} FROM {table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
        id_range(ref, noun),
    ).fetchall()
    chosen = chosen_id([row["id"] for row in rows], ref, noun=noun, hint=hint)
    return next(row for row in rows if row["id"] == chosen)


def id_range(ref: str, noun: str) -> tuple[str, str]:
    """(lowest, past the highest) id that starts with ``ref``, for ``id >= ? AND id < ?``;
    NotFoundError for anything but hex digits."""
    wanted = ref.strip().lower()
    if not wanted or not set(wanted) <= _HEX:
        raise NotFoundError(f"no {noun} with id {ref!r}: ids are hex digits")
    return wanted, wanted + "g"


def chosen_id(ids: list[str], ref: str, *, noun: str, hint: str) -> str:
    """The id ``ref`` names among ``ids`` (the first two ids, in order, in its id_range):
    the one there is, or the one equal to ``ref``; NotFoundError when none or several."""
    wanted = ref.strip().lower()
    if not ids:
        raise NotFoundError(f"no {noun} with id {ref!r}; {hint}")
    if len(ids) > 1 and ids[0] != wanted:
        raise NotFoundError(f"id prefix {ref!r} matches more than one {noun}; give more")
    return ids[0]
