"""Quality gates of reprint detection on real data in ../shared/data (marked slow).

The figures come from bench/dedup_gate.py and bench/dedup.py, loaded from there so that the
gate and the benchmark cannot disagree: NeuS/AllSides raw reports (independent by
construction) are not reprints, the real-stories dev set's copy groups are found, and
generated edited copies still are.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsprism.dedup import DedupOptions

ROOT = Path(__file__).parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

pytestmark = pytest.mark.slow


def bench(name: str = "dedup") -> ModuleType:
    """Return bench/NAME.py as a module."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_real_data_gate() -> None:
    for folder in ("neus-allsides", "real-stories"):
        if not (SHARED_DATA / folder).is_dir():
            pytest.skip(f"{SHARED_DATA / folder} is absent: the real-data gate needs it")
    gate = bench("dedup_gate").real_data_gate(DedupOptions())
    assert gate["neus_raw"]["called_reprints"] <= 2
    dev = gate["dev_set"]
    assert dev["precision"] >= 0.95 and dev["recall"] >= 0.95
    assert dev["independent_called_reprints"] == []
    assert gate["passed"]


def test_generated_edited_copies_are_still_found() -> None:
    figures = bench().quality(2, 40, DedupOptions(), (0.0, 0.05, 0.1, 0.15))
    assert figures["mixed_0_to_15"]["recall"] >= 0.95
    assert figures["mixed_0_to_15"]["precision"] >= 0.95
