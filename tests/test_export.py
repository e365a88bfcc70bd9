"""The export command and library: JSONL, CSV (formula-safe) and Parquet of every article."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsprism.cli import cli

from .conftest import EXAMPLE_INPUTS, NewDatabase


@pytest.fixture(scope="module")
def db(module_new_db: NewDatabase) -> str:
    path = module_new_db("n.db")
    result = CliRunner().invoke(cli, ["--db", path, "ingest", "-q", *EXAMPLE_INPUTS])
    assert result.exit_code == 0, result.output
    return path


def test_jsonl_has_every_article_with_story_and_reprint(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, "export", "--format", "jsonl"])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 15 and all(row["story"] for row in rows)
    assert sum(1 for row in rows if row["reprint_of"]) == 2
    assert "15 articles exported" in result.stderr


def test_csv_to_a_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    result = CliRunner().invoke(cli, ["--db", db, "export", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 15 and rows[0]["text"] and rows[0]["story"]


def test_parquet_needs_pyarrow_or_writes(db: str, tmp_path: Path) -> None:
    out = tmp_path / "a.parquet"
    result = CliRunner().invoke(
        cli, ["--db", db, "export", "--format", "parquet", "--out", str(out)]
    )
    try:
        import pyarrow.parquet as pq
    except ImportError:
        assert result.exit_code == 1 and "pyarrow" in result.output
        return
    assert result.exit_code == 0
    assert pq.read_table(out).num_rows == 15
