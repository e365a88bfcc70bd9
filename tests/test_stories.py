"""Stories of the sample corpus: reprints found, stories recovered, corrections kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import cli
from newsprism.errors import CorrectionError
from newsprism.pipeline import ingest
from newsprism.store import SQLiteStore, open_store
from newsprism.stories import merge_stories, move_article, refresh_stories, split_story

from .conftest import EXAMPLE_INPUTS, EXAMPLES, NewDatabase, example_ref

PLANTED = json.loads((EXAMPLES / "planted.json").read_text())


def refs(store: SQLiteStore) -> dict[str, str]:
    """Article id -> planted.json reference."""
    return {a.id: example_ref(a.source) for a in store.iter_articles()}


@pytest.fixture
def corpus(store: SQLiteStore) -> SQLiteStore:
    report = ingest(EXAMPLE_INPUTS, store)
    assert report.failed == 0 and report.stored == 15
    refresh_stories(store)
    return store


def stories_as_refs(store: SQLiteStore) -> set[frozenset[str]]:
    by_id = refs(store)
    return {frozenset(by_id[a] for a in s.article_ids) for s in store.list_stories()}


def test_sample_corpus_stories_are_recovered(corpus: SQLiteStore) -> None:
    expected = {frozenset(story["files"]) for story in PLANTED["stories"]}
    assert stories_as_refs(corpus) == expected


def test_planted_reprints_and_nothing_else(corpus: SQLiteStore) -> None:
    by_id = refs(corpus)
    found = {(by_id[r.reprint_of], by_id[r.article_id]) for r in corpus.load_reprints().values()}
    assert found == {(r["original"], r["reprint"]) for r in PLANTED["reprints"]}
    strike = corpus.get_story(corpus.story_of(next(iter(corpus.load_reprints()))))
    assert (strike.coverage.independent_reports, strike.coverage.reprints) == (3, 2)


def test_story_ids_are_the_same_whatever_the_ingest_order(tmp_path: Path) -> None:
    ids = []
    for name, inputs in (("a", EXAMPLE_INPUTS), ("b", list(reversed(EXAMPLE_INPUTS)))):
        with open_store(tmp_path / f"{name}.db") as store:
            ingest(inputs, store)
            refresh_stories(store)
            ids.append(sorted((s.id, s.article_ids) for s in store.list_stories()))
    assert ids[0] == ids[1]


def test_corrections_survive_a_full_rerun(corpus: SQLiteStore) -> None:
    fire, council = (
        s
        for s in corpus.list_stories()
        if s.title and ("fire" in s.title.lower() or "council" in s.title.lower())
    )
    merge_stories(corpus, fire.id, council.id, now="2024-01-01T00:00:00+00:00")
    refresh_stories(corpus)
    merged = corpus.get_story(corpus.story_of(fire.article_ids[0]))
    assert set(merged.article_ids) == set(fire.article_ids) | set(council.article_ids)

    leaving = council.article_ids[:2]
    split_story(corpus, merged.id, leaving, now="2024-01-02T00:00:00+00:00")
    refresh_stories(corpus)
    apart = corpus.get_story(corpus.story_of(leaving[0]))
    assert set(apart.article_ids) == set(leaving)

    strike = next(s for s in corpus.list_stories() if "strike" in (s.title or "").lower())
    move_article(corpus, strike.article_ids[0], apart.id, now="2024-01-03T00:00:00+00:00")
    before = stories_as_refs(corpus)
    refresh_stories(corpus)
    refresh_stories(corpus)
    after = stories_as_refs(corpus)
    assert before != after  # the move took effect on refresh ...
    assert corpus.story_of(strike.article_ids[0]) == corpus.story_of(leaving[0])
    refresh_stories(corpus)
    assert stories_as_refs(corpus) == after  # ... and stays


def test_bad_corrections_are_refused(corpus: SQLiteStore) -> None:
    story = corpus.list_stories()[0]
    with pytest.raises(CorrectionError, match="same story"):
        merge_stories(corpus, story.id, story.id, now="x")
    with pytest.raises(CorrectionError, match="leaves nothing"):
        split_story(corpus, story.id, story.article_ids, now="x")
    other = corpus.list_stories()[1]
    with pytest.raises(CorrectionError, match="not in story"):
        split_story(corpus, story.id, other.article_ids[:1], now="x")


def test_cli_stories_story_and_corrections(new_db: NewDatabase) -> None:
    db = new_db("n.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "ingest", "-q", *EXAMPLE_INPUTS]).exit_code == 0
    listed = json.loads(runner.invoke(cli, ["--db", db, "stories", "--json"]).output)
    assert len(listed) == 3
    strike = next(s for s in listed if s["coverage"]["reprints"] == 2)
    shown = json.loads(runner.invoke(cli, ["--db", db, "story", strike["id"][:8], "--json"]).output)
    assert shown["coverage"] == {
        "articles": 5,
        "outlets": 5,
        "independent_reports": 3,
        "reprints": 2,
    }
    assert sum(1 for a in shown["articles"] if a["reprint_of"]) == 2
    assert {"id", "outlet", "source", "published", "wire", "reprint_of"} <= set(
        shown["articles"][0]
    )
    other = next(s for s in listed if s["id"] != strike["id"])
    merged = runner.invoke(cli, ["--db", db, "merge", strike["id"], other["id"]])
    assert merged.exit_code == 0, merged.output
    assert "2 stories now" in merged.output
    again = runner.invoke(cli, ["--db", db, "ingest", "-q", *EXAMPLE_INPUTS])
    assert again.exit_code == 0
    assert len(json.loads(runner.invoke(cli, ["--db", db, "stories", "--json"]).output)) == 2
    missing = runner.invoke(cli, ["--db", db, "merge", "ffff", "eeee"])
    assert missing.exit_code == 1 and "no story" in missing.output


def test_ingest_no_update_then_update(new_db: NewDatabase) -> None:
    db = new_db("n.db")
    runner = CliRunner()
    stored = runner.invoke(cli, ["--db", db, "ingest", "-q", "--no-update", *EXAMPLE_INPUTS])
    assert stored.exit_code == 0
    assert json.loads(runner.invoke(cli, ["--db", db, "stories", "--json"]).output) == []
    updated = runner.invoke(cli, ["--db", db, "update"])
    assert updated.exit_code == 0, updated.output
    assert updated.output.strip() == "15 annotated, 3 stories, 2 reprints"
    again = runner.invoke(cli, ["--db", db, "update"])
    assert again.output.strip() == "0 annotated, no new article, 3 stories"
    full = runner.invoke(cli, ["--db", db, "update", "--full"])
    assert full.output.strip() == "0 annotated, 3 stories, 2 reprints"


def test_article_json_shows_annotations(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    runner = CliRunner()
    runner.invoke(cli, ["--db", db, "ingest", "-q", "--no-update", *EXAMPLE_INPUTS])
    listed = json.loads(runner.invoke(cli, ["--db", db, "articles", "--json"]).output)
    harbor = next(a for a in listed if a["source"].endswith("harbor-daily-riverside-budget.txt"))
    shown = json.loads(runner.invoke(cli, ["--db", db, "article", harbor["id"], "--json"]).output)
    text = shown["text"]
    for entity in shown["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]
        assert set(entity) >= {"text", "name", "type", "role", "start", "end"}
    okafor = [e for e in shown["entities"] if e["name"] == "Amara Okafor"]
    assert okafor and any(e["role"] for e in okafor)
    assert any(q["direct"] and q["speaker_name"] for q in shown["quotes"])
    monday = next(
        d
        for d in shown["dates"]
        if d["text"].lower().startswith("on monday") or d["text"].lower() == "monday"
    )
    assert monday["value"] == "2023-11-13" and monday["granularity"] == "day"
