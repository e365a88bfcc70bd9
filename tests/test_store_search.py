"""The full-text index (store/sqlite_search.py): migration of older databases, triggers, queries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from newsprism.articles import build_article
from newsprism.model import ArticleDraft
from newsprism.store import SCHEMA_VERSION, open_store
from newsprism.store.sqlite import MIGRATIONS
from newsprism.store.sqlite_search import SEARCH_MIGRATION, match_words, split_statements

TEXT = "The Velmora tram depot will close for a week while crews replace the overhead wires."


def _article(text: str = TEXT, title: str = "Tram depot to close", url: str | None = None):
    draft = ArticleDraft(source="t.txt", format="text", text=text, title=title, url=url)
    return build_article(draft, ingested_at="2024-01-01T00:00:00+00:00")


def _matches(db: str, word: str) -> list[int]:
    with sqlite3.connect(db) as raw:
        return [
            row[0]
            for row in raw.execute(
                "SELECT rowid FROM article_search WHERE article_search MATCH ?",
                (match_words(word, 1)[0],),
            )
        ]


def _annotate(db: str, article_id: str, names: list[tuple[str, str]]) -> None:
    entities = [{"name": name, "text": text, "type": "person"} for name, text in names]
    with sqlite3.connect(db) as raw:
        raw.execute(
            "INSERT OR REPLACE INTO annotations (article_id, text_hash, annotator, data)"
            " VALUES (?, 'h', 'test', ?)",
            (article_id, json.dumps({"entities": entities})),
        )


def test_triggers_keep_titles_texts_and_entity_names_searchable(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        article = _article()
        store.add_articles([article])
    assert len(_matches(db, "velmora")) == 1  # text
    assert len(_matches(db, "Tram")) == 1  # title, any case
    assert len(_matches(db, "overh")) == 1  # the start of a word
    _annotate(db, article.id, [("Isolde Varkonyi-Brandt", "Varkonyi-Brandt")])
    assert len(_matches(db, "Isolde")) == 1  # a name the annotations give, not in the text
    _annotate(db, article.id, [("Osric Penhallow", "Penhallow")])
    assert _matches(db, "Isolde") == [] and len(_matches(db, "Osric")) == 1
    with sqlite3.connect(db) as raw:
        raw.execute("PRAGMA foreign_keys=ON")
        raw.execute("DELETE FROM articles WHERE id = ?", (article.id,))
    assert _matches(db, "velmora") == [] and _matches(db, "Osric") == []


def test_an_older_database_is_indexed_when_migrated(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    with open_store(db) as store:
        article = _article()
        store.add_articles([article])
    _annotate(db, article.id, [("Ottilie Marsk", "Marsk")])
    # Take the database back to the schema before the index existed.
    with sqlite3.connect(db) as raw:
        for (name,) in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'article_search%'"
        ).fetchall():
            raw.execute(f"DROP TRIGGER {name}")
        raw.execute("DROP TABLE article_search")
        raw.execute(f"PRAGMA user_version = {MIGRATIONS.index(SEARCH_MIGRATION)}")
    with open_store(db) as store:
        assert store.schema_version == SCHEMA_VERSION
    assert len(_matches(db, "velmora")) == 1 and len(_matches(db, "Ottilie")) == 1


def test_query_words_are_never_fts_syntax() -> None:
    assert match_words('NEAR( "x AND* -y', 8) == ['"NEAR("*', '"""x"*', '"AND*"*', '"-y"*']
    assert match_words("a b c", 2) == ['"a"*', '"b"*']
    assert match_words(" -- ", 8) == []


def test_split_statements_keeps_trigger_bodies_whole() -> None:
    script = (
        "CREATE TABLE t (a);\nCREATE TRIGGER g AFTER INSERT ON t BEGIN\n"
        "  UPDATE t SET a = 1;\n  DELETE FROM t WHERE a = 2;\nEND;\n"
    )
    statements = list(split_statements(script))
    assert len(statements) == 2 and statements[1].endswith("END;")
