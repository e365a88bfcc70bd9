"""The manual corrections as a numbered log that can be listed and undone one at a time.

A mixin of both stores (it only needs ``self._db``, ``self._driver_errors`` and
``self.path``). A correction's number is its sequence number in the ``corrections`` table: it
never changes, so undoing number 2 leaves number 3 as it was.
"""

from __future__ import annotations

import json

from newsprism.errors import NotFoundError, StoreError
from newsprism.store.records import StoredCorrection
from newsprism.store.sql import SQLConnection


class CorrectionLog:
    """Listing and removing stored corrections by number.

    A mixin, not a record: it needs ``self._db`` from the store it is mixed into.
    """

    _db: SQLConnection
    _driver_errors: tuple[type[Exception], ...]
    path: str

    def numbered_corrections(self) -> list[StoredCorrection]:
        """Every stored correction with its number and time, oldest first."""
        return [
            StoredCorrection(int(row["seq"]), str(row["created_at"]), json.loads(row["record"]))
            for row in self._db.execute(
                "SELECT seq, created_at, record FROM corrections ORDER BY seq"
            )
        ]

    def remove_correction(self, number: int) -> StoredCorrection:
        """Delete correction ``number``; the correction removed. Raises NotFoundError."""
        row = self._db.execute(
            "SELECT seq, created_at, record FROM corrections WHERE seq = ?", (number,)
        ).fetchone()
        if row is None:
            raise NotFoundError(
                f"no correction number {number}; `newsprism corrections` lists them"
            )
        try:
            self._db.execute("DELETE FROM corrections WHERE seq = ?", (number,))
        except self._driver_errors as exc:
            raise StoreError(f"{self.path}: could not remove the correction ({exc})") from exc
        return StoredCorrection(int(row["seq"]), str(row["created_at"]), json.loads(row["record"]))
