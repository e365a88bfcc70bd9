"""The command line: ingest summary and exit codes, article listings, settings, --db.

The tests that use a database run on each store backend (``new_db``: SQLite or PostgreSQL).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from newsprism.cli import cli
from newsprism.config import SETTINGS
from newsprism.store import open_store

from .conftest import NewDatabase, article_text


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)


def test_ingest_prints_a_summary_and_exits_zero(tmp_path: Path, new_db: NewDatabase) -> None:
    (tmp_path / "a.txt").write_text(article_text("Riverton"))
    db = new_db("n.db")
    result = run("--db", db, "ingest", str(tmp_path / "a.txt"))
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1] == "1 stored, 0 already there, 0 failed"
    again = run("--db", db, "ingest", str(tmp_path / "a.txt"))
    assert again.output.strip().splitlines()[-1] == "0 stored, 1 already there, 0 failed"


def test_failures_are_one_line_each_and_exit_non_zero(tmp_path: Path, new_db: NewDatabase) -> None:
    (tmp_path / "a.txt").write_text(article_text("Riverton"))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("--db", new_db("n.db"), "ingest", str(tmp_path))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert any("empty.txt" in e for e in errors) and any("pic.png" in e for e in errors)
    assert result.output.strip().splitlines()[-1] == "1 stored, 0 already there, 2 failed"


def test_db_option_and_environment_variable(tmp_path: Path, new_db: NewDatabase) -> None:
    (tmp_path / "a.txt").write_text(article_text("Riverton"))
    env_db = new_db("from-env.db")
    run("ingest", "-q", str(tmp_path / "a.txt"), env={"NEWSPRISM_DB": env_db})
    with open_store(env_db, create=False) as store:
        assert store.count_articles() == 1
    listed = run("articles", "--json", env={"NEWSPRISM_DB": env_db})
    assert len(json.loads(listed.output)) == 1
    other = new_db("option.db")
    open_store(other).close()
    listed = run("--db", other, "articles", "--json", env={"NEWSPRISM_DB": env_db})
    assert json.loads(listed.output) == []


def test_articles_and_article_json(tmp_path: Path, new_db: NewDatabase) -> None:
    (tmp_path / "a.txt").write_text(
        "title Vote\noutlet Harbor Daily\ndate 2023-11-15\n\n"
        "RIVERTON (Reuters) - " + article_text("Riverton")
    )
    db = new_db("n.db")
    run("--db", db, "ingest", str(tmp_path))
    (summary,) = json.loads(run("--db", db, "articles", "--json").output)
    assert summary["title"] == "Vote" and summary["published"] == "2023-11-15"
    assert summary["wire"] == "Reuters"
    shown = json.loads(run("--db", db, "article", summary["id"], "--json").output)
    assert shown["outlet"] == "Harbor Daily"
    assert shown["published_precision"] == "day"
    assert shown["text"].startswith("RIVERTON (Reuters) - ")
    assert shown["wire"]["agency"] == "Reuters"
    text_view = run("--db", db, "article", summary["id"][:6])
    assert "Harbor Daily" in text_view.output and "RIVERTON" in text_view.output
    table = run("--db", db, "articles")
    assert summary["id"] in table.output


def test_unknown_article_is_a_clear_error(new_db: NewDatabase) -> None:
    db = new_db("n.db")
    open_store(db).close()
    result = CliRunner().invoke(cli, ["--db", db, "article", "abc123"])
    assert result.exit_code == 1
    assert "no article with id 'abc123'" in result.output


def test_bad_environment_value_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["articles"], env={"NEWSPRISM_MAX_INPUT_BYTES": "lots"})
    assert result.exit_code == 2
    assert "NEWSPRISM_MAX_INPUT_BYTES" in result.output


def test_settings_lists_every_setting() -> None:
    output = run("settings", "--markdown").output
    for setting in SETTINGS:
        assert f"`{setting.env_var}`" in output


def test_readme_documents_every_command_and_setting() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for setting in SETTINGS:
        assert setting.env_var in readme, setting.env_var
    for command in cli.commands:
        assert f"newsprism {command}" in readme or f"] {command}" in readme, command


def test_installed_script_reads_stdin(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "newsprism"
    done = subprocess.run(
        [str(script), "--db", str(tmp_path / "n.db"), "ingest", "-"],
        input=article_text("Piped").encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().strip() == "1 stored, 0 already there, 0 failed"
