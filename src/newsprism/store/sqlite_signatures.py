"""The tables behind reprint detection on the incremental path: each article's MinHash
signatures (its dedup evidence) and LSH band keys, and the reprint links of a few articles.

A mixin of both stores (its SQL runs on SQLite and PostgreSQL); ``SIGNATURES_MIGRATION`` is
SQLite's schema step that creates the tables (PostgreSQL's is in ``postgres_schema``). Every
query reads or writes a bounded number of rows (one article's keys, the articles sharing one of
them, the links of a few families), so a new article's reprint check does not read the whole
store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from newsprism.model import Reprint
from newsprism.store.records import StoredSignature
from newsprism.store.sql import SQLConnection, chunks, marks

SIGNATURES_MIGRATION = """
    CREATE TABLE IF NOT EXISTS article_signatures (
        article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        params TEXT NOT NULL,
        evidence BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS signature_bands (
        band_key INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band_key, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS reprints_original ON reprints (reprint_of)
"""
# signature_bands is the largest table (one row per article and band key, ~130 per article),
# so it has no second index and no foreign key: articles are never deleted, and the keys an
# article had under other dedup options stay behind harmlessly (a candidate is verified
# against its current signatures, and signatures made with other options are recomputed).


class SignatureTables:
    """Reading and writing stored signatures, band keys and a few families' reprint links.

    A mixin, not a record: it needs ``self._db`` and ``self._transaction`` from the store.
    Writes join the caller's transaction when one is open (``in_transaction``), else run in
    their own.
    """

    _db: SQLConnection
    _transaction: Callable[[Callable[[], object], str], None]

    def save_signatures(self, signatures: Sequence[StoredSignature]) -> None:
        """Store (or replace) each article's signatures and band keys."""

        def write() -> None:
            db = self._db
            db.executemany(
                "INSERT INTO article_signatures (article_id, params, evidence) VALUES (?, ?, ?)"
                " ON CONFLICT (article_id) DO UPDATE SET params = excluded.params,"
                " evidence = excluded.evidence",
                [(s.article_id, s.params, s.evidence) for s in signatures],
            )
            db.executemany(
                "INSERT INTO signature_bands (band_key, article_id) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                sorted((key, s.article_id) for s in signatures for key in s.band_keys),
            )

        self._write_now(write, "could not save article signatures")

    def load_signatures(self, article_ids: Iterable[str]) -> dict[str, StoredSignature]:
        """The stored signatures of these articles, by id (absent ones left out); their
        ``band_keys`` are not read back (empty)."""
        found: dict[str, StoredSignature] = {}
        for chunk in chunks(list(dict.fromkeys(article_ids))):
            for row in self._db.execute(
                "SELECT article_id, params, evidence FROM article_signatures"
                f" WHERE article_id IN ({marks(len(chunk))})",
                chunk,
            ):
                found[row["article_id"]] = StoredSignature(
                    row["article_id"], row["params"], bytes(row["evidence"]), ()
                )
        return found

    def band_candidates(self, band_keys: Sequence[int], *, limit: int) -> list[str]:
        """Ids of the articles sharing at least one of these band keys (at most ``limit``,
        sorted)."""
        found: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(band_keys))):
            rows = self._db.execute(
                "SELECT DISTINCT article_id FROM signature_bands"
                f" WHERE band_key IN ({marks(len(chunk))}) LIMIT ?",
                [*chunk, limit + 1],
            )
            found.update(row["article_id"] for row in rows)
        return sorted(found)[:limit]

    def reprints_touching(self, article_ids: Iterable[str]) -> list[Reprint]:
        """The stored reprint links in which one of these articles is the reprint or the
        original, sorted by the reprint's id."""
        found: dict[str, Reprint] = {}
        for chunk in chunks(list(dict.fromkeys(article_ids))):
            listed = marks(len(chunk))
            for row in self._db.execute(
                "SELECT article_id, reprint_of, similarity, reason FROM reprints"
                f" WHERE article_id IN ({listed}) OR reprint_of IN ({listed})",
                [*chunk, *chunk],
            ):
                found[row["article_id"]] = Reprint(
                    row["article_id"], row["reprint_of"], row["similarity"], row["reason"]
                )
        return [found[key] for key in sorted(found)]

    def write_reprints(self, links: Sequence[Reprint], unlinked: Sequence[str]) -> None:
        """Write (or replace) these reprint links and drop the links of ``unlinked`` articles
        (reprints that are now an original)."""

        def write() -> None:
            db = self._db
            db.executemany("DELETE FROM reprints WHERE article_id = ?", [(a,) for a in unlinked])
            db.executemany(
                "INSERT INTO reprints (article_id, reprint_of, similarity, reason)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET"
                " reprint_of = excluded.reprint_of, similarity = excluded.similarity,"
                " reason = excluded.reason",
                [(r.article_id, r.reprint_of, r.similarity, r.reason) for r in links],
            )

        self._write_now(write, "could not write reprint links")

    def _write_now(self, work: Callable[[], None], what: str) -> None:
        """Run ``work`` inside the open transaction, or in one of its own."""
        if self._db.in_transaction:
            work()
        else:
            self._transaction(work, what)
