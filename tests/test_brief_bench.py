"""Quality gates of the brief on the annotated dev set (real data; slow, skipped without it).

Pinned minimum scores may only go up. The dev set is described in bench/brief.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsprism.compare.records import BriefOptions

ROOT = Path(__file__).parent.parent
DATA = ROOT.parent / "shared" / "data"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (DATA / "neus-allsides").is_dir() or not (DATA / "ecbplus").is_dir(),
        reason=f"the evaluation data is not in {DATA} (neus-allsides and ecbplus needed)",
    ),
]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_brief", ROOT / "bench" / "brief.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _bench()


def test_dev_set_scores(bench: ModuleType) -> None:
    scores = bench.evaluate(DATA, BriefOptions())
    assert scores["stories"] >= 20
    for part in ("alias_merges", "quote_alignment"):
        assert scores[part]["precision"] >= 0.9, part
        assert scores[part]["recall"] >= 0.9, part
    assert scores["discrepancies"]["precision"] >= 0.8
    assert scores["discrepancies"]["recall"] >= 0.8
    assert scores["claim_status_accuracy"] >= 0.85


def test_fifty_article_story_builds_in_under_two_seconds(bench: ModuleType) -> None:
    timing = bench.time_fifty(DATA, BriefOptions(), runs=3)
    assert timing["articles"] == 50
    assert timing["first_run_seconds"] < 2.0
    assert timing["median_seconds"] < 2.0
