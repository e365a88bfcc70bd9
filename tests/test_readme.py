"""The README's quick start and Python example, run verbatim against a temporary database.

A newcomer copies these first: every command of the quick start must succeed as printed (the
ids it names included), and the Python example must run and print what its comments say.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SCRIPT = Path(sys.executable).with_name("newsprism")


def code_block(heading: str, language: str) -> str:
    """The first ``language`` code block after the README heading ``heading``."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(text, start)
    assert match, f"no {language} block after {heading!r}"
    return match.group(1)


def quick_start_commands() -> list[list[str]]:
    """The quick start's newsprism commands, each as argv with the installed script first."""
    commands = []
    for line in code_block("## Quick start", "sh").splitlines():
        words = shlex.split(line, comments=True)
        if not words or words[0] == "make":
            continue  # set-up: the test runs inside the installed environment already
        assert words[0] == ".venv/bin/newsprism", line
        commands.append([str(SCRIPT), *words[1:]])
    return commands


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    """A scratch directory holding a copy of the sample corpus, as a fresh clone has it."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def _env(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NEWSPRISM_DB"] = str(db)
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def test_quick_start_runs_verbatim(workdir: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"the newsprism script is not installed next to {sys.executable}")
    commands = quick_start_commands()
    assert len(commands) >= 5
    for argv in commands:
        result = subprocess.run(
            argv,
            cwd=workdir,
            env=_env(workdir / "quick.db"),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        shown = " ".join(argv[1:])
        assert result.returncode == 0, f"`newsprism {shown}` failed:\n{result.stderr}"
        assert "Traceback" not in result.stderr, shown
    # The ids the quick start names are the ones its ingest gives.
    assert (workdir / "brief.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_python_example_runs_verbatim_and_prints_what_it_says(workdir: Path) -> None:
    code = code_block("## Python API", "python")
    promised = re.findall(r'#\s*"([^"]+)"', code)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=workdir,
        env=_env(workdir / "unused.db"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for line in promised:
        assert line in result.stdout.splitlines(), (line, result.stdout)
