"""``newsprism brief``: JSON that validates, Markdown, one HTML page, byte-identical reruns."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from newsprism.cli import cli

from .conftest import EXAMPLE_INPUTS, NewDatabase

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "src/newsprism/schemas/brief.schema.json").read_text()
)


def build_db(db: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, "ingest", "-q", *EXAMPLE_INPUTS])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def db(module_new_db: NewDatabase) -> str:
    """The example corpus ingested, on each store backend in turn."""
    return build_db(module_new_db("n.db"))


def strike_story(db: str) -> str:
    stories = json.loads(CliRunner().invoke(cli, ["--db", db, "stories", "--json"]).output)
    return next(s["id"] for s in stories if s["coverage"]["reprints"] == 2)


def test_json_brief_validates_and_counts_reprints_once(db: str) -> None:
    story = strike_story(db)
    result = CliRunner().invoke(cli, ["--db", db, "brief", story, "--format", "json"])
    assert result.exit_code == 0, result.output
    brief = json.loads(result.output)
    jsonschema.validate(brief, SCHEMA)
    assert brief["story"]["id"] == story
    assert brief["coverage"]["independent_reports"] == 3 and brief["coverage"]["reprints"] == 2
    assert sum(1 for a in brief["articles"] if a["reprint_of"]) == 2


def test_markdown_and_html(db: str, tmp_path: Path) -> None:
    story = strike_story(db)
    markdown = CliRunner().invoke(cli, ["--db", db, "brief", story[:6]]).output
    assert markdown.startswith("# ") and "## " in markdown
    out = tmp_path / "b.html"
    result = CliRunner().invoke(
        cli, ["--db", db, "brief", story, "--format", "html", "--out", str(out)]
    )
    assert result.exit_code == 0
    page = out.read_text()
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "<script" not in page.lower() and "http://" not in page.split("<body", 1)[0]


def test_two_runs_give_byte_identical_briefs(db: str, tmp_path: Path) -> None:
    # The second run is on SQLite: a PostgreSQL store gives the very same briefs.
    other = build_db(str(tmp_path / "again.db"))
    story = strike_story(db)
    assert strike_story(other) == story
    for fmt in ("json", "md", "html"):
        first = CliRunner().invoke(cli, ["--db", db, "brief", story, "--format", fmt]).output
        second = CliRunner().invoke(cli, ["--db", other, "brief", story, "--format", fmt]).output
        assert first == second, fmt


def test_unknown_story_is_a_clear_error(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, "brief", "ffffffff"])
    assert result.exit_code == 1 and "no story with id 'ffffffff'" in result.output
