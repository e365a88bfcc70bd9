"""Ingestion throughput and memory: text and HTML articles per second, peak memory by size.

Generates a corpus of distinct news-like articles (plain text with metadata headers, and HTML
pages with navigation, related links and a footer), ingests it into a fresh SQLite store with
the public API, and reports articles per second and peak resident memory (this process and
its worker processes) at several corpus sizes, so that "memory stays flat" can be read off.
Each measurement runs in a fresh subprocess; figures are medians over ``--runs``.

    .venv/bin/python bench/ingest.py                  # 5k/10k/20k text, 1k/5k/20k HTML
    .venv/bin/python bench/ingest.py --quick          # small sizes, one run
    .venv/bin/python bench/ingest.py --backends postgresql://user@host/db

Writes bench/results/ingest.json. With ``--backends URL`` it ingests the same corpora into
SQLite and into a fresh database on that PostgreSQL server instead (``scripts/postgres.sh
start`` prints a URL), and writes the two medians and their ratio to
bench/results/ingest_backends.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "ingest.json"
BACKENDS_RESULTS = ROOT / "bench" / "results" / "ingest_backends.json"
WORK = ROOT / "build" / "bench-ingest"

WORDS = (
    "council budget river bridge ferry harbor school library hospital road transit union "
    "mayor minister court police storm flood election vote tax fare plan report agency "
    "official resident company worker market price contract project county city village "
    "water power fuel crop farmer teacher doctor nurse judge lawyer protest strike talks"
).split()
VERBS = "said approved rejected announced delayed opened closed raised cut reviewed".split()
OUTLETS = ["Harbor Daily", "Valley Courier", "Lakeside Ledger", "Metro Signal", "Coast Times"]


def sentence(rng: random.Random, n: int) -> str:
    """One sentence of plausible news words, with a number so articles stay distinct."""
    words = [rng.choice(WORDS) for _ in range(n)]
    words.insert(2, rng.choice(VERBS))
    words.insert(rng.randrange(3, n), str(rng.randrange(2, 5000)))
    return " ".join(words).capitalize() + "."


def paragraphs(rng: random.Random, count: int) -> list[str]:
    return [" ".join(sentence(rng, rng.randrange(10, 22)) for _ in range(3)) for _ in range(count)]


def write_text_corpus(folder: Path, size: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for i in range(size):
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(paragraphs(rng, 6))
        (sub / f"{i:06d}.txt").write_text(
            f"title Report {i} on the {rng.choice(WORDS)}\noutlet {rng.choice(OUTLETS)}\n"
            f"date 2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}\n\n{body}\n",
            encoding="utf-8",
        )


def write_html_corpus(folder: Path, size: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    for i in range(size):
        sub = folder / f"{i // 500:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        outlet = rng.choice(OUTLETS)
        body = "".join(f"<p>{p}</p>\n" for p in paragraphs(rng, 6))
        related = "".join(
            f"<li><a href='/n/{rng.randrange(9999)}'>{sentence(rng, 6)}</a></li>" for _ in range(4)
        )
        (sub / f"{i:06d}.html").write_text(
            f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Report {i} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="2023-11-{rng.randrange(1, 29):02d}T09:00:00Z">
<meta name="author" content="Staff Writer {i % 50}">
<link rel="canonical" href="https://{outlet.lower().replace(' ', '')}.example/news/{i}">
</head><body><header><nav><a href="/">Home</a> <a href="/news">News</a>
<a href="/sport">Sport</a></nav></header>
<main><article><h1>Report {i} on the {rng.choice(WORDS)}</h1>
<p class="byline">By Staff Writer {i % 50}</p>
{body}</article>
<aside><h2>Related Articles</h2><ul>{related}</ul></aside></main>
<footer><p>Sign up for our newsletter</p><p>© 2023 {outlet}. All rights reserved.</p></footer>
</body></html>""",
            encoding="utf-8",
        )


def tree_rss_mib(root: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(statm[1]) * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in rss:
        walk = pid
        while walk and walk != root:
            walk = parents.get(walk, 0)
        if walk == root:
            total += rss[pid]
    return total / 2**20


class PeakSampler(threading.Thread):
    """Samples the memory of this process tree every 50 ms; ``peak`` is the largest seen."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.05):
            self.peak = max(self.peak, tree_rss_mib(os.getpid()))


def measure_one(kind: str, size: int, workers: int, server: str | None) -> dict[str, float]:
    """Ingest a generated corpus in this process, into a fresh SQLite file or (``server``) a
    fresh database on that PostgreSQL server; seconds and peak memory (MiB)."""
    from newsprism.ingest.batch import IngestOptions, ingest
    from newsprism.store import open_store

    corpus = WORK / f"{kind}-{size}"
    if not corpus.exists():
        (write_text_corpus if kind == "text" else write_html_corpus)(corpus, size)
    file = WORK / f"{kind}-{size}-{os.getpid()}.db"
    remove_sqlite(file)
    db = str(file)
    if server:
        from postgres_copy import drop_database, fresh_database

        db = fresh_database(server, f"bench_ingest_{os.getpid()}")
    options = IngestOptions(workers=workers)
    sampler = PeakSampler()
    sampler.start()
    start = time.perf_counter()
    with open_store(db) as store:
        report = ingest([str(corpus)], store, options)
    seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    remove_sqlite(file)
    if server:
        drop_database(server, db)
    if report.stored != size or report.failed:
        raise SystemExit(f"expected {size} stored, got {report.summary()}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib_main": own, "peak_mib_tree": sampler.peak}


def remove_sqlite(file: Path) -> None:
    """Delete a SQLite database file and the journal files beside it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{file}{suffix}").unlink(missing_ok=True)


def run(
    kind: str, size: int, runs: int, workers: int, server: str | None = None
) -> dict[str, object]:
    samples = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, __file__, "--one", kind, str(size), "--workers", str(workers)]
            + (["--server", server] if server else []),
            capture_output=True,
            text=True,
            check=True,
        )
        samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
    seconds = statistics.median(s["seconds"] for s in samples)
    result = {
        "backend": "postgresql" if server else "sqlite",
        "kind": kind,
        "articles": size,
        "runs": runs,
        "median_seconds": round(seconds, 3),
        "articles_per_second": round(size / seconds, 1),
        "peak_mib_main": round(max(s["peak_mib_main"] for s in samples), 1),
        "peak_mib_all_processes": round(max(s["peak_mib_tree"] for s in samples), 1),
    }
    print(json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=0, help="0 = one per core")
    parser.add_argument(
        "--backends",
        metavar="URL",
        help="compare SQLite with the PostgreSQL server at URL on the same corpora",
    )
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--server", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]), args.workers, args.server)))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    if args.backends:
        compare_backends(args.backends, args.runs, args.workers, quick=args.quick)
        return
    if args.quick:
        plan = [("text", 2000, 1), ("html", 500, 1)]
    else:
        plan = [
            ("text", 5000, args.runs),
            ("text", 10000, args.runs),
            ("text", 20000, args.runs),
            ("html", 1000, args.runs),
            ("html", 5000, 1),
            ("html", 20000, 1),
        ]
    results = [run(kind, size, runs, args.workers) for kind, size, runs in plan]
    targets = {"text": 2000, "html": 100}
    largest = {
        kind: max((r for r in results if r["kind"] == kind), key=lambda r: r["articles"])
        for kind in targets
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "ingest",
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "workers": args.workers or os.cpu_count(),
                "results": results,
                "targets_articles_per_second": targets,
                "targets_met": {
                    kind: largest[kind]["articles_per_second"] >= target
                    for kind, target in targets.items()
                },
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    shutil.rmtree(WORK, ignore_errors=True)


def compare_backends(server: str, runs: int, workers: int, *, quick: bool) -> None:
    """Ingest the same corpora into SQLite and into PostgreSQL; medians and their ratio."""
    plan = (
        [("text", 1000, 1), ("html", 300, 1)]
        if quick
        else [("text", 5000, runs), ("html", 1000, runs)]
    )
    rows = []
    for kind, size, n in plan:
        sqlite = run(kind, size, n, workers)
        postgres = run(kind, size, n, workers, server)
        rows.append(
            {
                "kind": kind,
                "articles": size,
                "runs": n,
                "sqlite_median_seconds": sqlite["median_seconds"],
                "postgresql_median_seconds": postgres["median_seconds"],
                "sqlite_articles_per_second": sqlite["articles_per_second"],
                "postgresql_articles_per_second": postgres["articles_per_second"],
                "postgresql_to_sqlite_time_ratio": round(
                    float(postgres["median_seconds"]) / float(sqlite["median_seconds"]), 2
                ),
            }
        )
    BACKENDS_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    BACKENDS_RESULTS.write_text(
        json.dumps(
            {
                "benchmark": "ingest into SQLite vs PostgreSQL (same corpora, same process setup)",
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "postgresql": "local server from scripts/postgres.sh (127.0.0.1, fsync off)",
                "workers": workers or os.cpu_count(),
                "results": rows,
            },
            indent=2,
            sort_keys=True,
        )
        + "\n"
    )
    print(f"wrote {BACKENDS_RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
