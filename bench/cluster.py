"""Story-clustering benchmark: ECB+ (doc -> sub-topic), NeuS/AllSides (items -> story), UCI News
Aggregator (422k headlines, online at scale).

Every part tunes its options on train/dev data only, then scores the test data once.

    .venv/bin/python bench/cluster.py [--part ecb|neus|uci] [--quick] [--calibrate]

Results go to bench/results/cluster.json (one key per part, merged with what is there);
``--calibrate`` also grid-searches the library defaults over all three train/dev sets and writes
bench/results/cluster_calibration.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import hashlib
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprism.cluster import (  # noqa: E402
    ClusterItem,
    ClusterOptions,
    StoryClusterer,
    TermStats,
    bcubed,
    pair_similarity,
    pairwise,
)
from newsprism.cluster.features import item_terms, weigh  # noqa: E402
from newsprism.cluster.linkage import average_link  # noqa: E402

DATA = Path(os.environ.get("NEWSPRISM_SHARED_DATA", ROOT.parent / "shared" / "data"))
RESULTS = ROOT / "bench" / "results"
CACHE = ROOT / "build" / "cluster-cache"
Labelled = tuple[list[ClusterItem], dict[str, str]]


# ------------------------------------------------------------------ data
def ecb_split(split: str) -> Labelled:
    """ECB+ documents of one split (train/val/test): first sentence as title, gold sub-topic."""
    items, gold = [], {}
    with open(DATA / "ecbplus" / "docs.jsonl", encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if doc["split"] != split:
                continue
            sentences = doc["sentences"]
            items.append(
                ClusterItem(
                    doc["doc_id"], sentences[0] if sentences else "", " ".join(sentences[1:])
                )
            )
            gold[doc["doc_id"]] = doc["subtopic"]
    return items, gold


def neus_split(split: str, stories: slice | None = None) -> Labelled:
    """NeuS/AllSides probe items of one split: each line is one story of 3 outlet items."""
    items, gold = [], {}
    path = DATA / "neus-allsides" / "probe" / f"{split}.source"
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = list(enumerate(lines))[stories or slice(None)]
    for number, line in numbered:
        for position, part in enumerate(line.split(" [SEP] ")):
            title, _, text = part.strip().partition(" ARTICLE=> ")
            item_id = f"{split}-{number}-{position}"
            items.append(ClusterItem(item_id, title.replace("TITLE=>", "").strip(), text.strip()))
            gold[item_id] = f"{split}-{number}"
    return items, gold


def uci_stream(limit: int | None = None, seed: int = 13) -> Labelled:
    """UCI headlines as a stream: days in order, shuffled within each day, only the day given.

    The raw timestamps and ID order leak the gold story (see the data README), so the system
    sees the calendar day (at noon UTC) and a seeded random order within the day.
    """
    by_day: dict[dt.date, list[tuple[str, str, str]]] = {}
    with gzip.open(
        DATA / "uci-news-aggregator" / "newsCorpora.csv.gz", "rt", encoding="utf-8", newline="\n"
    ) as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            day = dt.datetime.fromtimestamp(int(fields[7]) / 1000, tz=dt.UTC).date()
            by_day.setdefault(day, []).append((fields[0], fields[1], fields[5]))
    rng = random.Random(seed)
    items, gold = [], {}
    for day in sorted(by_day):
        rows = sorted(by_day[day])
        rng.shuffle(rows)
        noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
        for row_id, title, story in rows:
            items.append(ClusterItem(row_id, title, "", noon))
            gold[row_id] = story
    if limit is not None:
        items = items[:limit]
        gold = {item.id: gold[item.id] for item in items}
    return items, gold


# -------------------------------------------------------------- entities
def annotated_entities(
    name: str, source: Path, jobs: Sequence[tuple[str, str]]
) -> dict[str, tuple[str, ...]]:
    """Entity terms ("type:name", as ``newsprism.stories`` gives them) of each (id, text) job.

    spaCy takes seconds per hundred documents here, so the terms are cached under
    build/cluster-cache/, keyed by the data file's hash and the annotator's fingerprint.
    """
    from newsprism.annotate import AnnotateOptions, Annotator, model_fingerprint

    options = AnnotateOptions(n_process=2)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    key = hashlib.sha256(f"{digest}|{model_fingerprint(options.model)}".encode()).hexdigest()
    path = CACHE / f"{name}-{key[:16]}.json.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            cached: dict[str, list[str]] = json.load(handle)
        return {item_id: tuple(terms) for item_id, terms in cached.items()}
    started = time.perf_counter()
    with Annotator(options) as annotator:
        found = annotator.annotate_texts((item_id, text, None) for item_id, text in jobs)
    terms = {
        a.article_id: sorted({f"{e.type}:{e.name}" for e in a.entities if e.type != "outlet"})
        for a in found
    }
    print(
        f"annotated {len(jobs)} {name} texts in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    CACHE.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(terms, handle, sort_keys=True)
    return {item_id: tuple(one) for item_id, one in terms.items()}


# --------------------------------------------------------------- running
def linked_similarity(
    items: list[ClusterItem], options: ClusterOptions, background: TermStats | None
) -> Any:
    """The pair similarity matrix batch mode builds for these items (cached while tuning: the
    threshold does not change it)."""
    stats = background.copy() if background is not None else TermStats()
    terms = [item_terms(item, options.title_weight) for item in items]
    for one in terms:
        stats.observe(one)
    return pair_similarity([weigh(one, stats) for one in terms], options)


def run_batch(
    items: list[ClusterItem], options: ClusterOptions, background: TermStats | None
) -> dict[str, str]:
    """Batch labels article id -> story id."""
    return StoryClusterer(options, background=background).fit(items).clustering().labels()


def run_online(
    items: list[ClusterItem], options: ClusterOptions, background: TermStats | None, seed: int = 7
) -> dict[str, str]:
    """Online labels, the items arriving in a seeded random order (the data has no dates)."""
    order = list(items)
    random.Random(seed).shuffle(order)
    clusterer = StoryClusterer(options, background=background).partial_fit(order)
    return clusterer.clustering().labels()


def scores(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """BCubed and pairwise P/R/F1, rounded, and the number of predicted stories."""
    b, p = bcubed(predicted, gold), pairwise(predicted, gold)
    return {
        "bcubed_p": round(b.precision, 4),
        "bcubed_r": round(b.recall, 4),
        "bcubed_f1": round(b.f1, 4),
        "pairwise_p": round(p.precision, 4),
        "pairwise_r": round(p.recall, 4),
        "pairwise_f1": round(p.f1, 4),
        "stories": len(set(predicted.values())),
        "gold_stories": len(set(gold.values())),
    }


Evaluator = Callable[[ClusterOptions], float]


def grid_search(
    evaluate: Evaluator, base: ClusterOptions, grid: dict[str, Sequence[float]]
) -> tuple[ClusterOptions, float]:
    """The options from ``grid`` (over ``base``) with the best score, and that score."""
    best, best_score = base, -1.0
    names = list(grid)
    for values in itertools.product(*(grid[n] for n in names)):
        options = dataclasses.replace(base, **dict(zip(names, values, strict=True)))
        score = evaluate(options)
        if score > best_score + 1e-9:
            best, best_score = options, score
    return best, best_score


def tuned_fields(options: ClusterOptions) -> dict[str, Any]:
    """The option values as a dict (for the results file)."""
    return dataclasses.asdict(options)


# ------------------------------------------------------------- datasets
def dev_sets(part: str) -> list[tuple[list[ClusterItem], dict[str, str], TermStats]]:
    """Tuning sets of a part, each with the background statistics it may use (no test data)."""
    if part == "ecb":
        train, dev = ecb_split("train"), ecb_split("val")
        return [
            (dev[0], dev[1], TermStats.fit(train[0])),
            (train[0], train[1], TermStats.fit(dev[0])),
        ]
    train_chunk = neus_split("train", slice(0, 307))
    rest = neus_split("train", slice(307, None))
    val = neus_split("val")
    return [
        (val[0], val[1], TermStats.fit(rest[0])),
        (train_chunk[0], train_chunk[1], TermStats.fit(rest[0])),
    ]


def test_set(part: str) -> tuple[list[ClusterItem], dict[str, str], TermStats]:
    """The test set of a part and background statistics from its train+dev data."""
    if part == "ecb":
        items, gold = ecb_split("test")
        return items, gold, TermStats.fit(ecb_split("train")[0] + ecb_split("val")[0])
    items, gold = neus_split("test")
    return items, gold, TermStats.fit(neus_split("train")[0] + neus_split("val")[0])


BATCH_GRID = {
    "title_weight": [1.0, 2.0],
    "names_weight": [0.0, 0.5, 1.0, 2.0],
    "batch_threshold": [round(0.04 + 0.01 * i, 2) for i in range(30)],
}
ONLINE_GRID = {"threshold": [round(0.10 + 0.02 * i, 3) for i in range(13)], "merge_checks": [0, 3]}


def bench_labelled(part: str, quick: bool) -> dict[str, Any]:
    """Tune batch and online options on train/dev of ECB+ or NeuS, then score test once."""
    sets = dev_sets(part)
    if quick:
        sets = sets[:1]

    similarity_cache: dict[tuple[int, float, float], Any] = {}

    def batch_score(options: ClusterOptions) -> float:
        total = 0.0
        for number, (items, gold, background) in enumerate(sets):
            key = (number, options.title_weight, options.names_weight)
            if key not in similarity_cache:
                similarity_cache[key] = linked_similarity(items, options, background)
            labels = average_link(
                similarity_cache[key], options.batch_threshold, [[i] for i in range(len(items))]
            )
            total += bcubed({it.id: str(x) for it, x in zip(items, labels, strict=True)}, gold).f1
        return total / len(sets)

    def online_score(options: ClusterOptions) -> float:
        return sum(bcubed(run_online(i, options, b), g).f1 for i, g, b in sets) / len(sets)

    started = time.perf_counter()
    batch_options, batch_dev = grid_search(batch_score, ClusterOptions(), BATCH_GRID)
    online_options, online_dev = grid_search(online_score, batch_options, ONLINE_GRID)
    tuning_seconds = time.perf_counter() - started
    items, gold, background = test_set(part)
    started = time.perf_counter()
    batch = scores(run_batch(items, online_options, background), gold)
    batch_seconds = time.perf_counter() - started
    online = scores(run_online(items, online_options, background), gold)
    defaults = scores(run_batch(items, ClusterOptions(), background), gold)
    baseline = scores(
        run_batch(
            items,
            dataclasses.replace(batch_options, names_weight=0.0, title_weight=1.0),
            background,
        ),
        gold,
    )
    return {
        "tuned_on": "ECB+ val + train" if part == "ecb" else "NeuS val + first 307 train stories",
        "dev_bcubed_f1": {"batch": round(batch_dev, 4), "online": round(online_dev, 4)},
        "options": tuned_fields(online_options),
        "test_batch": batch,
        "test_online": online,
        "test_batch_library_defaults": defaults,
        "test_baseline_words_only_average_link": baseline,
        "seconds": {"tuning": round(tuning_seconds, 1), "test_batch": round(batch_seconds, 2)},
        "items": len(items),
    }


def calibrate_defaults() -> dict[str, Any]:
    """Library defaults: one set of options that maximises the mean BCubed F1 over the ECB+
    and NeuS/AllSides tuning sets (batch options first, then the online threshold)."""
    sets = dev_sets("ecb") + dev_sets("neus")
    cache: dict[tuple[int, float, float], Any] = {}

    def batch_score(options: ClusterOptions) -> float:
        total = 0.0
        for number, (items, gold, background) in enumerate(sets):
            key = (number, options.title_weight, options.names_weight)
            if key not in cache:
                cache[key] = linked_similarity(items, options, background)
            labels = average_link(
                cache[key], options.batch_threshold, [[i] for i in range(len(items))]
            )
            total += bcubed({it.id: str(x) for it, x in zip(items, labels, strict=True)}, gold).f1
        return total / len(sets)

    def online_score(options: ClusterOptions) -> float:
        return sum(bcubed(run_online(i, options, b), g).f1 for i, g, b in sets) / len(sets)

    batch_options, batch_f1 = grid_search(batch_score, ClusterOptions(), BATCH_GRID)
    online_options, online_f1 = grid_search(online_score, batch_options, ONLINE_GRID)
    return {
        "data": "ECB+ val and train (each with the other as background); NeuS/AllSides val "
        "and the first 307 train stories (rest of train as background)",
        "objective": "mean BCubed F1 over the four sets",
        "batch_f1": round(batch_f1, 4),
        "online_f1": round(online_f1, 4),
        "options": tuned_fields(online_options),
    }


# ------------------------------------------------------------------- UCI
UCI_SIZES = (10_000, 100_000, 422_937)


def uci_dev_test(items: list[ClusterItem]) -> tuple[set[str], set[str]]:
    """Article ids of the first 20% of calendar days (dev) and of the other days (test)."""
    days = sorted({item.published for item in items if item.published is not None})
    cut = days[len(days) // 5]
    dev = {item.id for item in items if item.published is not None and item.published < cut}
    return dev, {item.id for item in items} - dev


def online_timed(
    items: list[ClusterItem], options: ClusterOptions, checkpoints: Sequence[int] = ()
) -> tuple[dict[str, str], dict[str, Any]]:
    """Online labels over the stream and seconds per 1,000 articles around each checkpoint."""
    clusterer = StoryClusterer(options)
    marks: dict[str, Any] = {}
    window = 5_000
    started = time.perf_counter()
    segment_start = started
    for count, item in enumerate(items, start=1):
        clusterer.add(item)
        if count % window == 0 or count == len(items):
            now = time.perf_counter()
            marks.setdefault("segments", []).append(
                (count, round((now - segment_start) * 1000 / window, 4))
            )
            segment_start = now
    total = time.perf_counter() - started
    marks["seconds"] = round(total, 2)
    marks["articles_per_second"] = round(len(items) / total, 1)
    marks["load"] = clusterer.candidate_load()
    return clusterer.clustering().labels(), marks


def restrict(labels: dict[str, str], ids: set[str]) -> dict[str, str]:
    """The labels of the given ids only."""
    return {k: v for k, v in labels.items() if k in ids}


UCI_BASELINE = {"names_weight": 0.0, "title_weight": 1.0, "time_penalty": 0.0, "window_days": 1e9}


def bench_uci(quick: bool) -> dict[str, Any]:
    """Tune on the first 20% of days, then score the rest, for our clusterer and the baseline."""
    items, gold = uci_stream()
    dev_ids, test_ids = uci_dev_test(items)
    # Tuning runs on the first 40,000 articles of the dev days (30,000 with --quick) to keep
    # the grid affordable on a shared 2-core machine.
    dev_items = [item for item in items if item.id in dev_ids][: 30_000 if quick else 40_000]
    dev_gold = {item.id: gold[item.id] for item in dev_items}

    def online_score(options: ClusterOptions) -> float:
        labels, _ = online_timed(dev_items, options)
        return bcubed(labels, dev_gold).f1

    thresholds = [0.1, 0.12, 0.15]
    ours, ours_dev = grid_search(
        online_score,
        ClusterOptions(title_weight=1.0, names_weight=0.0),
        {"threshold": thresholds, "window_days": [1.0, 2.0]},
    )
    base, base_dev = grid_search(
        online_score,
        dataclasses.replace(ClusterOptions(), **UCI_BASELINE),
        {"threshold": [0.1, 0.15, 0.2, 0.25]},
    )
    stream = items if not quick else items[:100_000]
    result: dict[str, Any] = {
        "tuned_on": "first 40k (quick: 30k) articles of the first 20% of days",
        "dev_bcubed_f1": {"ours": round(ours_dev, 4), "baseline": round(base_dev, 4)},
        "options": tuned_fields(ours),
        "baseline_options": tuned_fields(base),
    }
    for name, options in (("ours", ours), ("baseline", base)):
        labels, marks = online_timed(stream, options)
        test = test_ids & set(labels)
        result[name] = {
            "test": scores(restrict(labels, test), restrict(gold, test)),
            "articles_per_second": marks["articles_per_second"],
            "seconds": marks["seconds"],
            "load": marks["load"],
            "ms_per_1000_by_segment": marks["segments"],
        }
    sizes = [s for s in UCI_SIZES if not quick or s <= 100_000]
    result["scale"] = [memory_run(size, ours) for size in sizes]
    return result


def memory_run(size: int, options: ClusterOptions) -> dict[str, Any]:
    """Throughput and peak memory of online assignment of the first ``size`` articles, measured
    in a fresh process so that peak memory is this run's own."""
    code = (
        "import json,sys,resource,time;sys.path.insert(0,'bench');"
        "import cluster as b;from newsprism.cluster import ClusterOptions, StoryClusterer;"
        f"items,_=b.uci_stream({size});"
        "base=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        f"o=ClusterOptions(**{dataclasses.asdict(options)!r});c=StoryClusterer(o);"
        "t=time.perf_counter();[c.add(i) for i in items];t=time.perf_counter()-t;"
        "print(json.dumps({'articles':len(items),'seconds':round(t,2),"
        "'articles_per_second':round(len(items)/t,1),"
        "'peak_rss_mb':round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024,1),"
        "'rss_after_loading_mb':round(base/1024,1),'load':c.candidate_load()}))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


# ------------------------------------------------------------------ main
def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen parts and merge their results into bench/results/cluster.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["ecb", "neus", "uci"], action="append")
    parser.add_argument("--quick", action="store_true", help="smaller grids and streams")
    parser.add_argument("--out", type=Path, default=RESULTS / "cluster.json")
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="grid-search the library defaults on the tuning sets only",
    )
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"no evaluation data at {DATA}; set NEWSPRISM_SHARED_DATA", file=sys.stderr)
        return 2
    if args.calibrate:
        calibration = calibrate_defaults()
        calibration["command"] = "bench/cluster.py --calibrate"
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "cluster_calibration.json").write_text(
            json.dumps(calibration, indent=2, sort_keys=True) + "\n"
        )
        print(json.dumps(calibration, indent=1, sort_keys=True))
        return 0
    parts = args.part or ["ecb", "neus", "uci"]
    out_path = args.out if not args.quick else args.out.with_name("cluster_quick.json")
    results: dict[str, Any] = json.loads(out_path.read_text()) if out_path.exists() else {}
    for part in parts:
        started = time.perf_counter()
        result = bench_uci(args.quick) if part == "uci" else bench_labelled(part, args.quick)
        result["wall_seconds"] = round(time.perf_counter() - started, 1)
        result["command"] = "bench/cluster.py --part " + part + (" --quick" if args.quick else "")
        result["peak_rss_mb_of_bench"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        )
        results[part] = result
        print(json.dumps({part: result}, indent=1, sort_keys=True))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
