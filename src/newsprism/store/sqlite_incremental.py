"""The tables behind incremental story assignment: term statistics, each story's
retrieval features (centroid sums, time span) and an inverted index from terms to stories.

A mixin of both stores (its SQL runs on SQLite and PostgreSQL alike); ``INCREMENTAL_MIGRATION``
is SQLite's schema step that creates the tables. Every query here reads or writes a bounded
number of rows (the terms of one article, the postings of a few terms, the stories that are
candidates), so its cost does not grow with the number of stored articles beyond the B-tree
depth.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsprism.model import Reprint, Story
from newsprism.store.sql import SQLConnection, chunks, marks
from newsprism.store.sqlite_stories import insert_stories

INCREMENTAL_MIGRATION = """
    CREATE TABLE IF NOT EXISTS term_stats (
        kind TEXT NOT NULL,
        term TEXT NOT NULL,
        df INTEGER NOT NULL,
        PRIMARY KEY (kind, term)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS story_features (
        story_id TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        named INTEGER NOT NULL,
        first_day REAL,
        last_day REAL,
        vectors TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS story_terms (
        term TEXT NOT NULL,
        story_id TEXT NOT NULL,
        last_day REAL NOT NULL,
        PRIMARY KEY (term, story_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS story_terms_recent ON story_terms (term, last_day);
    CREATE INDEX IF NOT EXISTS story_terms_story ON story_terms (story_id)
"""

DOCUMENTS = "documents"
"""The ``kind`` of the term_stats row that counts documents (its term is empty)."""

UNDATED_DAY = 1e9
"""The last_day indexed for an undated story: never out of the time window."""


@dataclass(frozen=True)
class StoredFeatures:
    """One story's retrieval features as stored: centroid sums of its members' unit vectors
    (``text``, ``names``, ``unnamed``: word sums of members without names), sizes, time span."""

    story_id: str
    size: int
    named: int
    first_day: float | None
    last_day: float | None
    text: Mapping[str, float]
    names: Mapping[str, float]
    unnamed: Mapping[str, float]


class IncrementalTables:
    """Reading and writing term statistics, story features and the story term index.

    A mixin, not a record: it needs ``self._db`` from the store it is mixed into. Writes run
    inside the caller's transaction (see ``in_transaction``), so one batch is all or nothing.
    """

    _db: SQLConnection
    _transaction: Callable[[Callable[[], object], str], None]

    def in_transaction(self, work: Callable[[], object], what: str) -> None:
        """Run ``work`` (which may call the write methods below) in one write transaction."""
        self._transaction(work, what)

    # -- term statistics -----------------------------------------------------------------
    def term_frequencies(self, kind: str, terms: Iterable[str]) -> dict[str, int]:
        """Document frequencies of these terms of one kind ("text" or "names"); absent is 0."""
        found: dict[str, int] = {}
        chunk: list[str] = []
        for term in terms:
            chunk.append(term)
            if len(chunk) == 500:
                found.update(self._frequencies(kind, chunk))
                chunk = []
        if chunk:
            found.update(self._frequencies(kind, chunk))
        return found

    def _frequencies(self, kind: str, terms: list[str]) -> dict[str, int]:
        rows = self._db.execute(
            f"SELECT term, df FROM term_stats WHERE kind = ? AND term IN ({marks(len(terms))})",
            [kind, *terms],
        )
        return {row["term"]: int(row["df"]) for row in rows}

    def documents_counted(self) -> int:
        """How many documents the term statistics have counted."""
        row = self._db.execute(
            "SELECT df FROM term_stats WHERE kind = ? AND term = ''", (DOCUMENTS,)
        ).fetchone()
        return 0 if row is None else int(row["df"])

    def count_terms(self, kind: str, terms: Iterable[str], documents: int = 0) -> None:
        """Add one to the document frequency of each term (and ``documents`` to the count)."""
        self._db.executemany(
            "INSERT INTO term_stats (kind, term, df) VALUES (?, ?, 1)"
            " ON CONFLICT (kind, term) DO UPDATE SET df = term_stats.df + 1",
            [(kind, term) for term in terms],
        )
        if documents:
            self._db.execute(
                "INSERT INTO term_stats (kind, term, df) VALUES (?, '', ?)"
                " ON CONFLICT (kind, term) DO UPDATE SET df = term_stats.df + excluded.df",
                (DOCUMENTS, documents),
            )

    # -- story features and their index --------------------------------------------------
    def story_candidates(
        self, terms: Sequence[tuple[str, float]], *, since_day: float | None, per_term: int
    ) -> dict[str, float]:
        """Story ids sharing these weighted terms, with the summed weight; for each term only
        its ``per_term`` most recently active stories, and none older than ``since_day``."""
        scores: dict[str, float] = {}
        floor = -1e18 if since_day is None else since_day
        for term, weight in terms:
            rows = self._db.execute(
                "SELECT story_id FROM story_terms WHERE term = ? AND last_day >= ?"
                " ORDER BY last_day DESC LIMIT ?",
                (term, floor, per_term),
            )
            for row in rows:
                scores[row["story_id"]] = scores.get(row["story_id"], 0.0) + weight
        return scores

    def load_story_features(self, story_ids: Iterable[str]) -> dict[str, StoredFeatures]:
        """The stored features of these stories, by id (stories without features left out)."""
        found: dict[str, StoredFeatures] = {}
        for chunk in chunks(list(story_ids)):
            for row in self._db.execute(
                "SELECT story_id, size, named, first_day, last_day, vectors FROM story_features"
                f" WHERE story_id IN ({marks(len(chunk))})",
                chunk,
            ):
                vectors = json.loads(row["vectors"])
                found[row["story_id"]] = StoredFeatures(
                    story_id=row["story_id"],
                    size=row["size"],
                    named=row["named"],
                    first_day=row["first_day"],
                    last_day=row["last_day"],
                    text=vectors["text"],
                    names=vectors["names"],
                    unnamed=vectors["unnamed"],
                )
        return found

    def save_story_features(self, features: StoredFeatures, index_terms: Sequence[str]) -> None:
        """Write a story's features and index it under ``index_terms`` (replacing both)."""
        vectors = {"text": features.text, "names": features.names, "unnamed": features.unnamed}
        self._db.execute(
            "INSERT INTO story_features"
            " (story_id, size, named, first_day, last_day, vectors) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (story_id) DO UPDATE SET size = excluded.size, named = excluded.named,"
            " first_day = excluded.first_day, last_day = excluded.last_day,"
            " vectors = excluded.vectors",
            (
                features.story_id,
                features.size,
                features.named,
                features.first_day,
                features.last_day,
                json.dumps(vectors, sort_keys=True, separators=(",", ":")),
            ),
        )
        self._db.execute("DELETE FROM story_terms WHERE story_id = ?", (features.story_id,))
        last = features.last_day if features.last_day is not None else UNDATED_DAY
        self._db.executemany(
            "INSERT INTO story_terms (term, story_id, last_day) VALUES (?, ?, ?)"
            " ON CONFLICT (term, story_id) DO UPDATE SET last_day = excluded.last_day",
            [(term, features.story_id, last) for term in index_terms],
        )

    def drop_story_features(self, story_ids: Iterable[str]) -> None:
        """Forget the features and index entries of these stories (gone or regrouped)."""
        for story_id in story_ids:
            self._db.execute("DELETE FROM story_features WHERE story_id = ?", (story_id,))
            self._db.execute("DELETE FROM story_terms WHERE story_id = ?", (story_id,))

    def recent_stories_without_features(self, since: str, limit: int) -> list[str]:
        """Ids of stories last seen at or after ``since`` (ISO) that have no features yet."""
        rows = self._db.execute(
            "SELECT id FROM stories WHERE last_seen >= ? AND id NOT IN"
            " (SELECT story_id FROM story_features) ORDER BY last_seen DESC, id LIMIT ?",
            (since, limit),
        )
        return [row["id"] for row in rows]

    def newest_story_seen(self) -> str | None:
        """The latest ``last_seen`` (ISO) of any stored story, or None when none is dated."""
        row = self._db.execute("SELECT max(last_seen) FROM stories").fetchone()
        return None if row is None or row[0] is None else str(row[0])

    # -- story rows ----------------------------------------------------------------------
    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        """The stored member count of these stories, by id (unknown ids left out)."""
        found: dict[str, int] = {}
        for story_id in story_ids:
            row = self._db.execute(
                "SELECT articles FROM stories WHERE id = ?", (story_id,)
            ).fetchone()
            if row is not None:
                found[story_id] = int(row["articles"])
        return found

    def add_story_member(self, story_id: str, article_id: str) -> None:
        """Put an article in a story (creating the story row if needed), and bring the story's
        row up to date from its members: dates, counts, title when it had none."""
        db = self._db
        db.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, articles, outlets,"
            " independent_reports, reprints) VALUES (?, NULL, NULL, NULL, 0, 0, 0, 0)"
            " ON CONFLICT (id) DO NOTHING",
            (story_id,),
        )
        seq = db.execute(
            "SELECT coalesce(max(seq) + 1, 0) FROM story_members WHERE story_id = ?", (story_id,)
        ).fetchone()[0]
        db.execute(
            "INSERT INTO story_members (article_id, story_id, seq) VALUES (?, ?, ?)"
            " ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id,"
            " seq = excluded.seq",
            (article_id, story_id, seq),
        )
        self._refresh_story_row(story_id, article_id)

    def absorb_story(self, survivor: str, absorbed: str) -> None:
        """Move every member of ``absorbed`` into ``survivor`` (after its own members), drop
        the absorbed story with its features, and bring the survivor's row up to date."""
        db = self._db
        offset = db.execute(
            "SELECT coalesce(max(seq) + 1, 0) FROM story_members WHERE story_id = ?", (survivor,)
        ).fetchone()[0]
        db.execute(
            "UPDATE story_members SET story_id = ?, seq = seq + ? WHERE story_id = ?",
            (survivor, offset, absorbed),
        )
        db.execute("DELETE FROM stories WHERE id = ?", (absorbed,))
        self.drop_story_features([absorbed])
        self._refresh_story_row(survivor, None)

    def _refresh_story_row(self, story_id: str, article_id: str | None) -> None:
        db = self._db
        db.execute(
            "UPDATE stories SET"
            " articles = (SELECT count(*) FROM story_members WHERE story_id = :id),"
            " outlets = (SELECT count(DISTINCT lower(a.outlet)) FROM story_members m"
            "   JOIN articles a ON a.id = m.article_id WHERE m.story_id = :id),"
            " reprints = (SELECT count(*) FROM story_members m JOIN reprints r"
            "   ON r.article_id = m.article_id WHERE m.story_id = :id),"
            " first_seen = (SELECT min(a.published) FROM story_members m"
            "   JOIN articles a ON a.id = m.article_id WHERE m.story_id = :id),"
            " last_seen = (SELECT max(a.published) FROM story_members m"
            "   JOIN articles a ON a.id = m.article_id WHERE m.story_id = :id),"
            " title = coalesce(title, (SELECT title FROM articles WHERE id = :article))"
            " WHERE id = :id",
            {"id": story_id, "article": article_id},
        )
        db.execute(
            "UPDATE stories SET independent_reports = articles - reprints WHERE id = ?",
            (story_id,),
        )


class WindowTables:
    """Replacing the stories of a recent window (the scheduled re-grouping's write).

    A mixin, not a record: it needs ``self._db`` and ``self._transaction`` from the store.
    """

    _db: SQLConnection
    _transaction: Callable[[Callable[[], object], str], None]

    def stories_seen_since(self, since: str) -> list[str]:
        """Ids of the stories last seen at or after ``since`` (ISO), by id; undated stories
        are left out (they would pile up over the years and make the window unbounded)."""
        rows = self._db.execute(
            "SELECT id FROM stories WHERE last_seen >= ? ORDER BY id",
            (since,),
        )
        return [row["id"] for row in rows]

    def unplaced_articles(self, limit: int) -> list[str]:
        """Ids of up to ``limit`` stored articles in no story (new since the last update),
        sorted. A scan of the article ids against the members' primary key: no row is read
        beyond the two indexes."""
        rows = self._db.execute(
            "SELECT id FROM articles WHERE NOT EXISTS"
            " (SELECT 1 FROM story_members m WHERE m.article_id = articles.id)"
            " ORDER BY id LIMIT ?",
            (limit,),
        )
        return [row["id"] for row in rows]

    def replace_some_stories(
        self,
        old_story_ids: Sequence[str],
        stories: Sequence[Story],
        reprints: Sequence[Reprint],
        article_ids: Sequence[str],
    ) -> None:
        """In one transaction: drop these stories (and their features), drop the reprint links
        between these articles, and write the new stories and links in their place."""

        def write() -> None:
            db = self._db
            for sid in old_story_ids:
                db.execute("DELETE FROM story_members WHERE story_id = ?", (sid,))
                db.execute("DELETE FROM stories WHERE id = ?", (sid,))
                db.execute("DELETE FROM story_features WHERE story_id = ?", (sid,))
                db.execute("DELETE FROM story_terms WHERE story_id = ?", (sid,))
            inside = set(article_ids)
            for article_id in article_ids:
                row = db.execute(
                    "SELECT reprint_of FROM reprints WHERE article_id = ?", (article_id,)
                ).fetchone()
                if row is not None and row["reprint_of"] in inside:
                    db.execute("DELETE FROM reprints WHERE article_id = ?", (article_id,))
            insert_stories(db, stories, reprints, replace=True)

        self._transaction(write, "could not replace the recent stories")
