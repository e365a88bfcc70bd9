"""ECB+ and NeuS/AllSides through the incremental path: items fed one by one to a store.

    .venv/bin/python bench/cluster_incremental.py [--part ecb|neus] [--dev-only]

``bench/cluster.py`` scores batch clustering (``StoryClusterer.fit``) and the in-memory online
clusterer (``partial_fit``). This scores what ``newsprism ingest``/``update``/``watch`` do with
a few new articles: each item is stored as an article and placed by
``incremental.add_to_stories`` (reprint check, candidate stories from the store's term index,
merges of neighbouring stories by the batch rule), one at a time. Neither data set has
publication dates, so the items arrive in the seeded random order ``bench/cluster.py`` uses
for its online figures (``run_online``), undated (never kept out by the time window).

Each part starts from the options ``bench/cluster.py`` tuned on its train/dev sets for the
``capitalised_names`` variant (read from bench/results/cluster.json; capitalised words stand
in for entities, as ``add_to_stories`` does without annotations); only the number of
neighbouring stories checked for a merge by the batch rule (``merge_checks``, which the
in-memory online clusterer's tuning may have set to 0) is chosen here, on the same
train/dev sets (mean BCubed F1).
The store's term statistics start from the same background items as the batch figures
(train and dev for the test set). Dev figures first; the test set is scored once, after.
Results go to bench/results/cluster_incremental.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from cluster import (  # noqa: E402
    RESULTS,
    LabelledSet,
    ecb_split,
    labelled,
    neus_split,
    run_batch,
    run_online,
    scores,
)

from newsprism.articles import build_article  # noqa: E402
from newsprism.cluster import ClusterItem, ClusterOptions  # noqa: E402
from newsprism.cluster.features import item_terms  # noqa: E402
from newsprism.incremental import IncrementalOptions, add_to_stories  # noqa: E402
from newsprism.incremental.preset import count_lengths  # noqa: E402
from newsprism.model import ArticleDraft  # noqa: E402
from newsprism.store import open_store  # noqa: E402

VARIANT = "capitalised_names"


def run_incremental(
    data: LabelledSet, background: list[ClusterItem], options: ClusterOptions, seed: int = 7
) -> dict[str, str]:
    """Labels item id -> story id after feeding the items one by one, in ``run_online``'s
    seeded order, through ``add_to_stories`` into a fresh store whose term statistics start
    from ``background``."""
    order = list(data.items)
    random.Random(seed).shuffle(order)
    with tempfile.TemporaryDirectory() as scratch, open_store(Path(scratch) / "s.db") as store:

        def count_background() -> None:
            for item in background:
                terms = item_terms(item, options.title_weight)
                store.count_terms("text", terms.text, documents=1)
                store.count_terms("names", terms.names)
            count_lengths(store, background)

        store.in_transaction(count_background, "could not count the background")
        placing = IncrementalOptions(cluster=options)
        article_of: dict[str, str] = {}
        for item in order:
            article = build_article(
                ArticleDraft(
                    source=item.id,
                    text=item.text or item.title,
                    format="text",
                    title=item.title,
                    url=f"https://bench.invalid/{item.id}",
                )
            )
            (outcome,) = store.add_articles([article])
            article_of[item.id] = outcome.article_id
            add_to_stories(store, [outcome.article_id], placing, use_annotations=False)
        stories = store.story_assignments()
    return {item_id: stories[article_id] for item_id, article_id in article_of.items()}


def sets(part: str, test: bool) -> list[tuple[LabelledSet, list[ClusterItem]]]:
    """The tuning sets (or the test set) of a part, each with its background items (as
    ``bench/cluster.py``'s ``dev_sets`` and ``test_set`` build them)."""
    if part == "ecb":
        train, dev = ecb_split("train"), ecb_split("val")
        if test:
            background = train[0] + dev[0]
            return [(labelled("ecb-test", ecb_split("test"), background, False), background)]
        return [
            (labelled("ecb-val", dev, train[0], False), train[0]),
            (labelled("ecb-train", train, dev[0], False), dev[0]),
        ]
    if test:
        background = neus_split("train")[0] + neus_split("val")[0]
        return [(labelled("neus-test", neus_split("test"), background, False), background)]
    rest = neus_split("train", slice(307, None))[0]
    return [
        (labelled("neus-val", neus_split("val"), rest, False), rest),
        (labelled("neus-train", neus_split("train", slice(0, 307)), rest, False), rest),
    ]


def tuned_options(part: str) -> ClusterOptions:
    """The options bench/cluster.py tuned on the part's train/dev sets (capitalised names)."""
    results = json.loads((RESULTS / "cluster.json").read_text(encoding="utf-8"))
    return ClusterOptions(**results[part][VARIANT]["options"])


MERGE_CHECKS = (0, 3, 6)


def score_part(part: str, dev_only: bool) -> dict[str, Any]:
    """Batch, in-memory online and incremental-store BCubed/pairwise scores of one part."""
    tuned = tuned_options(part)
    out: dict[str, Any] = {"variant": VARIANT, "options_from": "bench/results/cluster.json"}
    dev = sets(part, False)
    by_checks: dict[int, float] = {}
    for checks in MERGE_CHECKS:
        options = dataclasses.replace(tuned, merge_checks=checks)
        f1s = [
            scores(run_incremental(data, background, options), data.gold)["bcubed_f1"]
            for data, background in dev
        ]
        by_checks[checks] = round(sum(f1s) / len(f1s), 4)
        print(f"{part} merge_checks={checks}: dev BCubed F1 {by_checks[checks]}", file=sys.stderr)
    best = min(by_checks, key=lambda c: (-by_checks[c], c))
    options = dataclasses.replace(tuned, merge_checks=best)
    out["dev_mean_bcubed_f1_by_merge_checks"] = {str(k): v for k, v in by_checks.items()}
    out["merge_checks"] = best
    for test in (False, True) if not dev_only else (False,):
        for data, background in sets(part, test) if test else dev:
            started = time.perf_counter()
            incremental = scores(run_incremental(data, background, options), data.gold)
            seconds = time.perf_counter() - started
            out[data.name] = {
                "batch": scores(run_batch(data, options), data.gold),
                "online_in_memory": scores(run_online(data, options), data.gold),
                "incremental_store": incremental,
                "incremental_seconds": round(seconds, 1),
                "items": len(data.items),
            }
            row = out[data.name]
            print(
                f"{data.name}: BCubed F1 batch {row['batch']['bcubed_f1']}, online in memory "
                f"{row['online_in_memory']['bcubed_f1']}, incremental store "
                f"{incremental['bcubed_f1']} ({seconds:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--part", choices=["ecb", "neus"], action="append")
    parser.add_argument("--dev-only", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "cluster_incremental.json")
    args = parser.parse_args(argv)
    out: dict[str, Any] = json.loads(args.out.read_text()) if args.out.exists() else {}
    for part in args.part or ["ecb", "neus"]:
        out[part] = score_part(part, args.dev_only)
    args.out.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
