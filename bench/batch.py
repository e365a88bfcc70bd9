"""Batch throughput: ``newsprism batch`` with the local engine and with Ray, on this machine.

Generates a corpus of distinct news-like articles (named people quoted, organizations, places,
dates and numbers, so the annotator has real work), then runs ``run_batch`` on it with each
engine in a fresh subprocess per run, into a fresh SQLite store (or the store ``--db`` names,
e.g. ``postgresql://...``). Reports, per engine, the median over ``--runs`` of: the engine's
start-up (Ray's local instance, or nothing), the batch itself (stages, store writes, story
grouping) and the total, as articles per second; and Ray's overhead as ratios of Ray's time
to the local engine's (above 1: Ray is slower).

    .venv/bin/python bench/batch.py                 # 400 articles, 3 runs per engine
    .venv/bin/python bench/batch.py --quick         # 100 articles, one run
    .venv/bin/python bench/batch.py --db postgresql://user@host/db

Writes bench/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "batch.json"
WORK = ROOT / "build" / "bench-batch"

FIRST = "Amara Daniel Priya Tomas Lena Omar Grace Henrik Sofia Marcus Ines Kwame".split()
LAST = "Okafor Reyes Lindqvist Haddad Moreau Tanaka Brennan Novak Castillo Mensah".split()
TITLES = ["Mayor", "Minister", "Dr.", "Judge", "Councillor", "Chief Inspector"]
ORGS = [
    "Northern Farmers Union",
    "Riverton City Council",
    "Harbor Transit Authority",
    "Coastal Water Board",
    "Valley Teachers Association",
    "Port Alden Dockworkers Union",
]
PLACES = "Riverton Millbrook Port Alden Eastbank Lakeshore Westfield Ashford Northgate".split()
TOPICS = [
    ("budget", "a budget of {n} million dollars", "the spending plan"),
    ("strike", "a strike by {n} workers", "the walkout"),
    ("fire", "a fire that destroyed {n} homes", "the blaze"),
    ("vote", "a vote that passed by {n} votes", "the decision"),
    ("flood", "floods that closed {n} roads", "the flooding"),
]
OUTLETS = ["Harbor Daily", "Valley Courier", "Lakeshore Post", "Eastbank Observer"]
DAYS = "Monday Tuesday Wednesday Thursday Friday".split()
SAID = ["said", "told reporters", "added", "warned"]


def article(rng: random.Random, number: int) -> str:
    """One plain-text article with metadata headers, distinct from every other one."""
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    other = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    title = rng.choice(TITLES)
    org = rng.choice(ORGS)
    place = rng.choice(PLACES)
    topic, event, short = rng.choice(TOPICS)
    n = rng.randrange(3, 900)
    day = rng.choice(DAYS)
    lines = [
        f"{place} officials confirmed on {day} {event.format(n=n)}, the {org} said.",
        f"“We have to be honest about what {short} means for families in {place},” "
        f"{title} {person} {rng.choice(SAID)}.",
        f"{person.split()[-1]} said the {org} would meet again on {rng.choice(DAYS)} "
        f"and publish a report within {rng.randrange(2, 30)} days.",
        f"{other}, who has lived in {place} for {rng.randrange(2, 60)} years, said residents "
        f"were told about {short} only after article {number} of the rules was invoked.",
        f"“Nobody asked us,” {other.split()[-1]} said. “We found out from the news.”",
        f"The {org} estimated the cost at {rng.randrange(1, 90)} million dollars and said "
        f"{rng.randrange(2, 400)} people had written to object.",
    ]
    rng.shuffle(lines[2:])
    month, date = rng.randrange(1, 13), rng.randrange(1, 29)
    return (
        f"title {place} {topic}: {person.split()[-1]} speaks out ({number})\n"
        f"outlet {rng.choice(OUTLETS)}\ndate 2024-{month:02d}-{date:02d}\n\n"
        + "\n\n".join(lines)
        + "\n"
    )


def write_corpus(folder: Path, size: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(size):
        (folder / f"{i:05d}.txt").write_text(article(rng, i), encoding="utf-8")


def measure_one(engine: str, corpus: str, db: str, batch_size: int) -> dict[str, float]:
    """One run in this process: seconds to start the engine, to run the batch, in all."""
    from newsprism.batch import StageOptions, make_engine, run_batch
    from newsprism.store import open_store

    started = time.perf_counter()
    runner = make_engine(engine, batch_size=batch_size)
    ready = time.perf_counter()
    try:
        with open_store(db) as store:
            report = run_batch([corpus], store, runner, StageOptions())
    finally:
        runner.close()
    done = time.perf_counter()
    if report.ingest.failed:
        raise SystemExit(f"{report.ingest.failed} inputs failed: {report.ingest.errors[0]}")
    return {
        "start_seconds": ready - started,
        "batch_seconds": done - ready,
        "total_seconds": done - started,
        "articles": report.ingest.stored + report.ingest.already,
        "stored": report.ingest.stored,
    }


def run(engine: str, corpus: Path, size: int, runs: int, db: str | None, batch_size: int) -> dict:
    samples = []
    for i in range(runs):
        target = db or str(WORK / f"{engine}-{i}.db")
        if db is None:
            for suffix in ("", "-wal", "-shm"):
                Path(target + suffix).unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, __file__, "--one", engine, str(corpus), target, str(batch_size)],
            capture_output=True,
            text=True,
            check=True,
            # Ray's workers import newsprism too: this tree's sources, as the driver does.
            env=os.environ | {"PYTHONPATH": str(ROOT / "src")},
        )
        samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
    median = {
        key: round(statistics.median(s[key] for s in samples), 3)
        for key in ("start_seconds", "batch_seconds", "total_seconds")
    }
    articles = samples[0]["articles"]
    result = {
        "engine": engine,
        "articles": articles,
        "runs": runs,
        "batch_size": batch_size,
        **{f"median_{key}": value for key, value in median.items()},
        "articles_per_second": round(articles / median["total_seconds"], 1),
        "articles_per_second_after_start": round(articles / median["batch_seconds"], 1),
        "samples": samples,
    }
    print(json.dumps({k: v for k, v in result.items() if k != "samples"}), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=400, help="articles in the corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs per engine (median)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--quick", action="store_true", help="100 articles, one run")
    parser.add_argument("--db", default=None, help="store to write into (default: fresh SQLite)")
    parser.add_argument("--one", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        engine, corpus, db, batch_size = args.one
        print(json.dumps(measure_one(engine, corpus, db, int(batch_size))))
        return
    size, runs = (100, 1) if args.quick else (args.size, args.runs)
    load = os.getloadavg()[0]
    shutil.rmtree(WORK, ignore_errors=True)
    corpus = WORK / "corpus"
    write_corpus(corpus, size)
    results = {
        engine: run(engine, corpus, size, runs, args.db, args.batch_size)
        for engine in ("local", "ray")
    }
    local, ray = results["local"], results["ray"]
    output = {
        "benchmark": "batch",
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            # the machine is shared: a load above its cores slows every figure
            "load_average_1min_at_start": round(load, 2),
        },
        "store": "postgresql" if args.db and args.db.startswith("postgres") else "sqlite",
        "corpus": f"{size} generated plain-text articles (bench/batch.py, seed 7)",
        "results": [local, ray],
        "ray_over_local": {
            "total_seconds": round(ray["median_total_seconds"] / local["median_total_seconds"], 2),
            "batch_seconds": round(ray["median_batch_seconds"] / local["median_batch_seconds"], 2),
        },
        "note": (
            "ratios above 1 mean Ray is slower; total includes starting a local Ray instance "
            "and loading the spaCy model in each annotator actor"
        ),
    }
    if not args.quick:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(output, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(output["ray_over_local"]))


if __name__ == "__main__":
    main()
