"""Quality gates of the annotate stage on real data in ../shared/data (marked slow).

The figures and matching rules are those of bench/annotate.py, loaded from there so that the
gate and the benchmark cannot disagree. Minimum scores may only go up.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from newsprism.annotate import AnnotateOptions

ROOT = Path(__file__).parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"

pytestmark = pytest.mark.slow


def bench() -> ModuleType:
    """Return bench/annotate.py as a module."""
    spec = importlib.util.spec_from_file_location("bench_annotate", ROOT / "bench" / "annotate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def need(folder: str) -> None:
    """Skip, saying why, when a shared data folder is missing."""
    if not (SHARED_DATA / folder).is_dir():
        pytest.skip(f"{SHARED_DATA / folder} is absent: the real-data gate needs it")


def test_quotes_on_polnear_test() -> None:
    need("polnear")
    figures = bench().bench_quotes("test", None, AnnotateOptions())
    assert figures["precision"] >= 0.85
    assert figures["recall"] >= 0.85
    assert figures["speaker_accuracy"] >= 0.95


def test_entities_on_uner_test_beat_the_raw_model() -> None:
    need("uner_english_ewt")
    figures = bench().bench_entities("test", None, AnnotateOptions())["norp_as_none"]
    assert figures["ours"]["f1"] >= figures["raw_model"]["f1"] + 0.03


def test_dates_gold_file() -> None:
    figures = bench().bench_dates(AnnotateOptions())
    assert figures["expressions"] >= 100
    assert figures["accuracy"] >= 0.95
