"""ingest/update: a few new articles are placed incrementally, a large batch is regrouped."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsprism.cli import cli
from newsprism.pipeline import ingest, update_stories
from newsprism.store import SQLiteStore
from newsprism.stories import split_story

from .conftest import EXAMPLES, example_ref

PLANTED = json.loads((EXAMPLES / "planted.json").read_text())
FIRST = [str(EXAMPLES / part) for part in ("text", "html", "feeds")]  # 12 articles
LATER = [str(EXAMPLES / "jsonl")]  # 3 more, one per story


def _ref(source: str) -> str:
    return example_ref(source) if "examples/" in source else Path(source).name


def _stories(store: SQLiteStore) -> set[frozenset[str]]:
    ref = {a.id: _ref(a.source) for a in store.iter_articles()}
    return {frozenset(ref[a] for a in s.article_ids) for s in store.list_stories()}


def _fingerprints(store: SQLiteStore) -> dict[str, str]:
    return {s.id: store.story_fingerprint(s.id).digest for s in store.list_stories()}


ORCHESTRA = (
    "The Brennick orchestra opened its winter season on Friday with a new symphony by a young "
    "composer, and the hall was full for both evening concerts, the orchestra's manager said."
)


def test_a_few_new_articles_are_placed_and_only_their_stories_change(
    store: SQLiteStore, tmp_path: Path
) -> None:
    other = tmp_path / "orchestra.txt"
    other.write_text(ORCHESTRA, encoding="utf-8")
    first = update_stories(store, new_ids=ingest([*FIRST, str(other)], store).article_ids)
    assert not first.incremental  # an empty store: the batch path
    before = _fingerprints(store)
    later = ingest(LATER, store)
    report = update_stories(store, new_ids=later.article_ids)
    assert report.incremental and report.placed is not None
    assert report.annotated == 3 and report.placed.created == 0
    planted = {frozenset(s["files"]) for s in PLANTED["stories"]}
    assert _stories(store) - planted == {frozenset({"orchestra.txt"})}
    after = _fingerprints(store)
    assert set(after) == set(before)  # story ids stay
    changed = set(report.placed.changed_stories)
    assert changed and changed < set(after)
    for sid in after:  # cached briefs: only the changed stories' fingerprints move
        assert (after[sid] != before[sid]) == (sid in changed)
    ref = {a.id: _ref(a.source) for a in store.iter_articles()}
    found = {(ref[r.reprint_of], ref[r.article_id]) for r in store.load_reprints().values()}
    assert found == {(r["original"], r["reprint"]) for r in PLANTED["reprints"]}


def test_a_batch_as_large_as_the_store_takes_the_batch_path(store: SQLiteStore) -> None:
    update_stories(store, new_ids=ingest(LATER, store).article_ids)
    report = update_stories(store, new_ids=ingest(FIRST, store).article_ids)
    assert not report.incremental
    assert _stories(store) == {frozenset(s["files"]) for s in PLANTED["stories"]}


def test_a_split_holds_through_the_incremental_path(store: SQLiteStore) -> None:
    update_stories(store, new_ids=ingest(FIRST, store).article_ids)
    ref = {example_ref(a.source): a.id for a in store.iter_articles()}
    vote = ref["html/valley-courier-riverside-vote.html"]
    sid = store.story_of(vote)
    split_story(store, sid, [vote], now="2026-12-07T00:00:00+00:00")
    update_stories(store, full=True)
    alone = store.story_of(vote)
    report = update_stories(store, new_ids=ingest(LATER, store).article_ids)
    assert report.incremental
    assert store.get_story(alone).article_ids == (vote,)  # the split article stays alone


def test_update_full_recomputes_and_the_default_places(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "ingest", "-q", *FIRST]).exit_code == 0
    stored = runner.invoke(cli, ["--db", db, "ingest", "-q", "--no-update", *LATER])
    assert stored.exit_code == 0
    placed = runner.invoke(cli, ["--db", db, "update"])
    assert placed.exit_code == 0, placed.output
    assert placed.output.strip() == (
        "3 annotated, 3 articles placed (0 new stories, 1 reprint), 3 stories in all"
    )
    full = runner.invoke(cli, ["--db", db, "update", "--full"])
    assert full.output.strip() == "0 annotated, 3 stories, 2 reprints"
