"""Shared fixtures: a fresh store, fixture files, and the path to the shared evaluation data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsprism.store import SQLiteStore, open_store

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parent.parent / "examples"
SHARED_DATA = Path(__file__).parent.parent.parent / "shared" / "data"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """An empty SQLite store in a temporary folder."""
    with open_store(tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture
def fixtures() -> Path:
    """The folder of small fixture files (HTML page, RSS, Atom, OPML)."""
    return FIXTURES


def article_text(subject: str, sentences: int = 4) -> str:
    """A short, distinct news-like body about ``subject``."""
    lines = [
        f"Officials in {subject} said on Tuesday that the plan would go ahead.",
        f"The council of {subject} voted after a long debate about the budget.",
        f"Residents of {subject} told reporters they welcomed the decision.",
        f"A spokesperson for {subject} said more details would follow next week.",
    ]
    return " ".join(lines[:sentences])


EXAMPLE_INPUTS = [str(EXAMPLES / part) for part in ("text", "html", "feeds", "jsonl")]


def example_ref(source: str) -> str:
    """An article's source as ``examples/planted.json`` names it: ``path`` or ``path#N``."""
    relative = source.split("examples/", 1)[1]
    if "#item" in relative:
        path, number = relative.split("#item")
        return f"{path}#{number}"
    if ".jsonl:" in relative:
        path, number = relative.rsplit(":", 1)
        return f"{path}#{number}"
    return relative
