"""The store (on each backend, through the `store` fixture): round trips, identity rules, schema
version and migrations (SQLite), integrity."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsprism.articles import build_article
from newsprism.errors import NotFoundError, SchemaVersionError, StoreError
from newsprism.model import ArticleDraft
from newsprism.store import SCHEMA_VERSION, SQLiteStore, open_store


def draft(text: str = "The council voted on Tuesday to approve the budget.", **kw: object):
    values: dict[str, object] = {"source": "a.txt", "text": text, "format": "text"} | kw
    return ArticleDraft(**values)  # type: ignore[arg-type]


def test_round_trip_keeps_every_field(store: SQLiteStore) -> None:
    tweet = (
        "The mayor posted her thanks.\n\n"
        "Thank you, Riverton! pic.twitter.com/Ab12Cd\n"
        "— Amara Okafor (@MayorOkafor) November 13, 2023"
    )
    article = build_article(
        draft(
            "LONDON (Reuters) - The council voted on Tuesday.\n\n" + tweet,
            url="https://x.example/a?utm_source=feed",
            title="Vote",
            outlet="Harbor Daily",
            published="2023-11-14T09:30:00Z",
            byline="Lena Marsh",
            language="en",
        )
    )
    assert store.add_articles([article])[0].stored
    loaded = store.get_article(article.id)
    assert loaded == article
    assert loaded.wire is not None and loaded.wire.agency == "Reuters"
    assert loaded.published is not None and loaded.published.precision == "time"


def test_same_url_is_stored_once_even_with_trackers(store: SQLiteStore) -> None:
    first = build_article(draft(url="https://x.example/news/a"))
    again = build_article(draft("Updated text.", url="https://X.example/news/a/?utm_medium=rss#c"))
    outcomes = store.add_articles([first, again])
    assert [o.stored for o in outcomes] == [True, False]
    assert outcomes[1].article_id == first.id
    assert store.count_articles() == 1


def test_same_text_without_url_is_stored_once(store: SQLiteStore) -> None:
    one = build_article(draft("The “council” voted   on Tuesday.", source="a.txt"))
    two = build_article(draft('The "council" voted on\nTuesday.', source="copy/a.txt"))
    assert one.id == two.id
    outcomes = store.add_articles([one]) + store.add_articles([two])
    assert [o.stored for o in outcomes] == [True, False]


def test_different_urls_with_the_same_text_are_two_articles(store: SQLiteStore) -> None:
    a = build_article(draft(url="https://a.example/x"))
    b = build_article(draft(url="https://b.example/y"))
    assert all(o.stored for o in store.add_articles([a, b]))


def test_ids_are_stable_and_prefixes_work(store: SQLiteStore) -> None:
    article = build_article(draft(url="https://x.example/stable"))
    assert article.id == build_article(draft(url="https://x.example/stable")).id
    store.add_articles([article])
    assert store.get_article(article.id[:8]).id == article.id
    with pytest.raises(NotFoundError, match="no article"):
        store.get_article("ffffffffffff")
    with pytest.raises(NotFoundError, match="hex"):
        store.get_article("../../etc/passwd")


def test_list_orders_by_date_with_undated_last(store: SQLiteStore) -> None:
    store.add_articles(
        [
            build_article(draft("Undated.", url="https://x.example/u")),
            build_article(draft("Later.", url="https://x.example/l", published="2024-02-01")),
            build_article(draft("Earlier.", url="https://x.example/e", published="2024-01-01")),
        ]
    )
    assert [s.published.value if s.published else None for s in store.list_articles()] == [
        "2024-01-01",
        "2024-02-01",
        None,
    ]
    assert len(store.list_articles(limit=1, offset=2)) == 1


def test_schema_version_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as opened:
        assert opened.schema_version == SCHEMA_VERSION
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_migrates_an_empty_old_database_forward(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # version 0: an empty file
    with open_store(path) as opened:
        assert opened.schema_version == SCHEMA_VERSION
        assert opened.count_articles() == 0


def test_refuses_a_database_from_a_newer_newsprism(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(SchemaVersionError, match="upgrade newsprism"):
        open_store(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(path)


def test_integrity_check_finds_tampering(store: SQLiteStore) -> None:
    article = build_article(draft(url="https://x.example/t"))
    store.add_articles([article])
    assert store.check_integrity() == []
    store._db.execute("UPDATE articles SET url = 'https://elsewhere.example/'")
    assert store.check_integrity() != []


def test_known_urls(store: SQLiteStore) -> None:
    store.add_articles([build_article(draft(url="https://x.example/k"))])
    assert store.known_urls(["https://x.example/k?utm_source=a", "https://x.example/n"]) == {
        "https://x.example/k?utm_source=a"
    }


def _stored(store: SQLiteStore, count: int) -> list[str]:
    articles = [
        build_article(
            draft(
                f"Story text number {i}.",
                url=f"https://x.example/{i}",
                published=f"2024-01-0{i + 1}",
                outlet=f"Outlet {i % 2}",
            )
        )
        for i in range(count)
    ]
    store.add_articles(articles)
    return [a.id for a in articles]


def test_stories_and_reprints_round_trip(store: SQLiteStore) -> None:
    from newsprism.model import Coverage, Reprint, Story

    a, b, c = _stored(store, 3)
    story = Story("abc123", "Vote", (a, b), "2024-01-01", "2024-01-02", Coverage(2, 2, 1, 1))
    other = Story("def456", None, (c,), "2024-01-03", "2024-01-03", Coverage(1, 1, 1, 0))
    store.replace_stories([story, other], [Reprint(b, a, 0.91, "near-duplicate")])
    assert store.get_story("abc") == story
    assert [s.id for s in store.list_stories()] == ["def456", "abc123"]  # latest first
    assert store.story_of(c) == "def456" and store.count_stories() == 2
    assert store.load_reprints() == {b: Reprint(b, a, 0.91, "near-duplicate")}
    store.replace_stories(
        [Story("abc123", "Vote", (a, b, c), "2024-01-01", "2024-01-03", Coverage(3, 2, 2, 1))], []
    )
    assert store.count_stories() == 1 and store.load_reprints() == {}
    assert store.check_integrity() == []
    with pytest.raises(NotFoundError, match="no story"):
        store.get_story("999")


def test_corrections_are_kept_in_order(store: SQLiteStore) -> None:
    store.add_correction({"kind": "merge", "first": ["a"], "second": ["b"]}, "2024-01-01")
    store.add_correction({"kind": "move", "article_id": "c", "to": ["a"]}, "2024-01-02")
    assert [r["kind"] for r in store.list_corrections()] == ["merge", "move"]


def test_annotations_round_trip(store: SQLiteStore) -> None:
    from newsprism.annotate.records import ArticleAnnotations, EntityMention

    (a,) = _stored(store, 1)
    annotations = ArticleAnnotations(
        article_id=a,
        text_hash="h",
        annotator="v1",
        entities=(EntityMention("Okafor", "Amara Okafor", "person", 0, 6, role="Mayor"),),
    )
    store.save_annotations([annotations])
    assert store.load_annotations([a, "missing"]) == {a: annotations}
    assert store.annotation_fingerprints() == {a: ("h", "v1")}
