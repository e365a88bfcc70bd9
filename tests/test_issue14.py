"""Regression tests for issue 14 ("nothing is lost"): each numbered defect's reproducer."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from newsprism.errors import (
    HTTPStatusError,
    InputError,
    MalformedInputError,
)
from newsprism.ingest.batch import IngestOptions, ingest
from newsprism.store import SQLiteStore

from .conftest import article_text


# -- 1: errors cross process boundaries ------------------------------------------------------
@pytest.mark.parametrize(
    "error",
    [
        InputError("a.txt", "bad"),
        MalformedInputError("b.jsonl", "not valid JSON", line=3),
        HTTPStatusError("http://example.com/", "the server answered HTTP 404", status=404),
    ],
)
def test_input_errors_pickle_with_every_field(error: InputError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert (copy.source, copy.reason, copy.line) == (error.source, error.reason, error.line)
    assert getattr(copy, "status", None) == getattr(error, "status", None)


def test_64_good_files_and_one_bad_in_worker_processes(
    tmp_path: Path, store: SQLiteStore
) -> None:
    for i in range(64):
        (tmp_path / f"{i:03d}.txt").write_text(article_text(f"Vellmar {i}"))
    (tmp_path / "050-empty.txt").write_text("")
    report = ingest([str(tmp_path)], store, IngestOptions(workers=2))
    assert report.stored == 64
    assert [e.source for e in report.errors] == [str(tmp_path / "050-empty.txt")]
