"""Quality gate of the brief on real coverage: the shared scorer's categories hold their floors.

Runs ``../shared/eval/real_stories_check.py`` on ``../shared/data/real-stories`` in this
process (through ``bench/brief.py``'s ``real_stories``) and checks every category of
expectation against ``bench/real_stories_floor.json``. Slow (it ingests and annotates the
whole dev set); skipped without the data.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parent.parent
DATA = ROOT.parent / "shared" / "data"
SCORER = ROOT.parent / "shared" / "eval" / "real_stories_check.py"
FLOORS = ROOT / "bench" / "real_stories_floor.json"

pytestmark = [
    pytest.mark.slow,
    # The shared scorer is a script that leaves files open: its warnings are not ours.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
    pytest.mark.skipif(
        not (DATA / "real-stories" / "gold.json").is_file() or not SCORER.is_file(),
        reason=f"the real-stories dev set ({DATA / 'real-stories'}) or its scorer ({SCORER}) "
        "is absent",
    ),
]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_brief", ROOT / "bench" / "brief.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_category_holds_its_floor(tmp_path: Path) -> None:
    result = _bench().real_stories(DATA, SCORER, tmp_path / "real.db")
    assert "skipped" not in result, result.get("skipped")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["categories"]
    categories = result["categories"]
    assert set(floors) <= set(categories), sorted(set(floors) - set(categories))
    below = {
        name: (categories[name]["held"], floor)
        for name, floor in floors.items()
        if categories[name]["held"] < floor
    }
    assert not below, f"categories below their floor (held, floor): {below}"
