"""The Makefile a newcomer runs first: install vs dev, a quiet demo, a test run that leaves
git clean, and the demo's choice of story made from the briefs' content."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from .test_server_corpus import Corpus, corpus_fixture  # noqa: F401 (the `corpus` fixture)

ROOT = Path(__file__).resolve().parents[1]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def recipe(target: str) -> tuple[str, list[str]]:
    """(the prerequisites line, the recipe lines) of a Makefile target."""
    match = re.search(rf"^{re.escape(target)}:(.*)\n((?:\t.*\n|\n)*)", MAKEFILE, re.M)
    assert match, target
    lines = [line for line in match.group(2).splitlines() if line.strip()]
    return match.group(1), lines


def demo_story() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_story", ROOT / "scripts/demo_story.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_install_is_runtime_only_and_dev_adds_the_tools() -> None:
    _, install = recipe("$(STAMP)")
    assert not any("[dev" in line for line in install)
    _, dev = recipe("$(DEV_STAMP)")
    assert any("'.[dev]'" in line for line in dev)
    for target in ("test", "test-all", "lint", "screenshots"):
        needs, _ = recipe(target)
        assert "dev" in needs.split(), target
    assert "dev" not in recipe("demo")[0].split()


def test_demo_echoes_no_command() -> None:
    _, lines = recipe("demo")
    continued = False
    for line in lines:
        assert continued or line.startswith("\t@"), line
        continued = line.rstrip().endswith("\\")
    assert "python -c" not in "".join(lines)


def test_only_make_screenshots_rewrites_the_readme_screenshots(
    monkeypatch: Any, tmp_path: Path
) -> None:
    from .browser import conftest

    class Page:
        def screenshot(self, path: str, full_page: bool) -> None:
            Path(path).write_bytes(b"png")

    monkeypatch.setattr(conftest, "OUTPUT", tmp_path / "out")
    monkeypatch.setattr(conftest, "README_SHOTS", tmp_path / "readme")
    monkeypatch.setattr(conftest, "REFRESH_README_SHOTS", False)
    conftest.screenshot(Page(), "stories", for_readme=True)
    assert not (tmp_path / "readme").exists()
    monkeypatch.setattr(conftest, "REFRESH_README_SHOTS", True)
    conftest.screenshot(Page(), "stories", for_readme=True)
    assert (tmp_path / "readme" / "stories.png").exists()
    _, lines = recipe("screenshots")
    assert any("NEWSPRISM_REFRESH_SCREENSHOTS=1" in line for line in lines)


def _brief(*, aliases: int, discrepancies: int, paraphrased: bool, reports: int) -> dict:
    return {
        "entities": [{"aliases": ["A", "B"]}] * aliases + [{"aliases": ["C"]}],
        "discrepancies": [{}] * discrepancies,
        "quotes": [{"attributions": [{"verbatim": not paraphrased, "direct": True}]}],
        "coverage": {"independent_reports": reports},
    }


def test_the_demo_story_is_the_one_showing_most_planted_cases(corpus: Corpus) -> None:
    module = demo_story()
    rich = module.planted_cases(_brief(aliases=1, discrepancies=1, paraphrased=True, reports=3))
    wide = module.planted_cases(_brief(aliases=0, discrepancies=5, paraphrased=False, reports=9))
    assert rich[0] == 3 and wide[0] == 1 and rich > wide
    # On the sample corpus: the story with an alias, a discrepancy and a paraphrase.
    assert module.richest_story(corpus.db) == corpus.richest
