"""Benchmark of the brief on real multi-outlet coverage: the shared scorer, per category.

    .venv/bin/python bench/real_stories.py [--data ../shared/data/real-stories]
        [--scorer ../shared/eval/real_stories_check.py] [--out bench/results/real_stories.json]
        [--reuse DB] [--fails FILE]

Runs ``../shared/eval/real_stories_check.py`` (the scorer that also judges the project on real
events it never sees) against this checkout's ``newsprism`` and writes, per category of
expectation (entities, discrepancies, quotes, single-source and corroborated facts, key dates,
reprints, grouping), how many hold, to ``bench/results/real_stories.json``.

By default the scorer runs as it is, one ``newsprism`` process per command. ``--reuse DB`` is
for development of the compare stage: the scorer's commands run in this process (no start-up
cost each), and the ingest is skipped when DB already holds the articles, so a change to the
brief is scored in seconds instead of re-annotating every article. Delete DB after a change to
annotation, dedup or clustering.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "real-stories"
SCORER = SHARED / "eval" / "real_stories_check.py"

# The scorer's expectation names start with these words; each is one category.
CATEGORIES = (
    ("grouping", r"grouping:"),
    ("reprints", r"reprints:"),
    ("schema", r"brief: schema"),
    ("entities", r"entity: "),
    ("distinct_entities", r"entities: .* kept apart"),
    ("discrepancies", r"discrepancy \("),
    ("alias_discrepancies", r"no discrepancy made of two aliases"),
    ("quotes_lined_up", r"quote '.*' is one quote"),
    ("quote_speakers", r"quote '.*': speaker"),
    ("single_source", r"single-source:"),
    ("corroborated", r"corroborated:"),
    ("key_dates", r"timeline:"),
    ("evidence_offsets", r"evidence offsets"),
    ("summary_verbatim", r"summary:"),
)


def load_scorer(path: Path) -> ModuleType:
    """Return the shared scorer as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("real_stories_check", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_in_process(scorer: ModuleType, reuse_db: Path) -> None:
    """Make the scorer run its commands in this process, on ``reuse_db``, skipping a done ingest."""
    from click.testing import CliRunner

    from newsprism.cli.main import cli

    runner = CliRunner()
    db = str(reuse_db)

    def run(self: Any, *args: str, timeout: int = 300) -> tuple[int, str, str]:
        if args and args[0] == "ingest" and reuse_db.exists():
            return 0, "", ""
        result = runner.invoke(cli, ["--db", db, *args], catch_exceptions=True)
        err = result.stderr if result.stderr_bytes is not None else ""
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            err += f"{type(result.exception).__name__}: {result.exception}"
        return result.exit_code, result.stdout, err

    scorer.Cli.run = run


def categorise(lines: list[str], gold: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Return, per category, how many expectations the scorer checked and how many held."""
    failed: Counter[str] = Counter()
    for line in lines:
        if not line.startswith("FAIL: "):
            continue
        name = line.split(": ", 2)[-1]
        for category, pattern in CATEGORIES:
            if re.match(pattern, name):
                failed[category] += 1
                break
    total: Counter[str] = Counter()
    for ev in gold:
        total["grouping"] += 2
        total["reprints"] += len(ev.get("reprints", [])) + 1
        total["schema"] += 1
        total["entities"] += len(ev.get("entities", []))
        total["distinct_entities"] += len(ev.get("distinct_entities", []))
        total["discrepancies"] += len(ev.get("discrepancies", []))
        total["alias_discrepancies"] += 1 if ev.get("alias_pairs") else 0
        total["quotes_lined_up"] += len(ev.get("shared_quotes", []))
        total["quote_speakers"] += len(ev.get("shared_quotes", []))
        total["single_source"] += len(ev.get("single_source_facts", []))
        total["corroborated"] += len(ev.get("corroborated_facts", []))
        total["key_dates"] += len(ev.get("key_dates", []))
        total["evidence_offsets"] += 1
        total["summary_verbatim"] += 1
    return {c: {"held": total[c] - failed[c], "total": total[c]} for c, _ in CATEGORIES if total[c]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    out = ROOT / "bench" / "results" / "real_stories.json"
    parser.add_argument("--out", type=Path, default=out)
    parser.add_argument("--reuse", type=Path, help="score in process on this database (dev loop)")
    parser.add_argument("--fails", type=Path, help="also write the scorer's full output here")
    args = parser.parse_args(argv)
    if not (args.data / "gold.json").exists() or not args.scorer.exists():
        print(f"skipped: no real-stories data at {args.data} or no scorer at {args.scorer}")
        return 0
    scorer = load_scorer(args.scorer)
    exe = str(Path(sys.executable).parent / "newsprism")
    if args.reuse is not None:
        sys.path.insert(0, str(ROOT / "src"))
        run_in_process(scorer, args.reuse.resolve())
    gold = json.loads((args.data / "gold.json").read_text(encoding="utf-8"))["events"]
    started = time.perf_counter()
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = scorer.main(["real_stories_check.py", exe, "--data", str(args.data)])
    seconds = time.perf_counter() - started
    lines = buffer.getvalue().splitlines()
    if args.fails is not None:
        args.fails.write_text(buffer.getvalue(), encoding="utf-8")
    summary = [line for line in lines if line.startswith(("grouping:", "reprints:", "events:"))]
    categories = categorise(lines, gold)
    held = sum(c["held"] for c in categories.values())
    total = sum(c["total"] for c in categories.values())
    result = {
        "scorer_summary": summary,
        "expectations": {"held": held, "total": total},
        "categories": categories,
        "seconds": round(seconds, 1),
        "scorer_exit": code,
    }
    if args.reuse is None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for line in summary:
        print(line)
    for name, c in categories.items():
        print(f"  {name:22s} {c['held']:4d} / {c['total']:<4d}")
    print(f"  {'all':22s} {held:4d} / {total:<4d}  ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.exit(main())
