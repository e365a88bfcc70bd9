"""Benchmark of incremental stories: the cost of adding 100 articles as the store grows.

    .venv/bin/python bench/incremental.py [--sizes 10000 100000] [--batch 100] [--batches 3]
        [--annotate] [--out bench/results/incremental.json] [--keep DIR]

For each size N, a store of N generated articles (invented words; stories of 1-12 articles
over days, 500 articles a day) is filled through the incremental path itself, then batches of
``--batch`` new articles (half joining recent stories, half new stories) are added: read and
normalised (``build_article``), stored, placed into stories (``add_to_stories``). The JSON
gives, per size, the median seconds per batch (total, and the placing alone), the candidate
stories seen per article, and peak memory (Python allocations during a batch, and the
process's maximum resident size). ``--annotate`` annotates the new articles with spaCy (the
same work at every size); without it capitalised words stand in for entities.
Reprint detection is not part of the incremental path yet and is not measured.

    .venv/bin/python bench/incremental.py --one-by-one DB [--regroup-every N] [--regroup-days D]

is the quality check instead: the stories of DB (a store ingested by ``bench/real_stories.py
--reuse DB``, whose articles are the dev set) are thrown away and rebuilt by feeding its
articles one at a time in publication order through ``add_to_stories`` (with a window
re-grouping every N articles); score DB again with ``bench/real_stories.py --reuse DB`` and
compare the grouping line with the batch ingest's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprism.articles import build_article  # noqa: E402
from newsprism.incremental import add_to_stories  # noqa: E402
from newsprism.model import Article, ArticleDraft  # noqa: E402
from newsprism.store import open_store  # noqa: E402

PER_DAY = 500
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "or")]


class Corpus:
    """Generated articles: a seeded vocabulary, stories with topic words and names."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        words = set()
        while len(words) < 30000:
            words.add("".join(self.rng.choices(_SYLLABLES, k=self.rng.randint(2, 4))))
        self.vocab = sorted(words)
        total = 0.0
        self.cumulative = []
        for rank in range(len(self.vocab)):
            total += 1.0 / (rank + 10)
            self.cumulative.append(total)
        self.count = 0
        self.stories: list[tuple[list[str], list[str], float]] = []

    def new_story(self, day: float) -> tuple[list[str], list[str], float]:
        topic = self.rng.sample(self.vocab[2000:], 15)
        names = [w.capitalize() for w in self.rng.sample(self.vocab[5000:], 3)]
        story = (topic, names, day)
        self.stories.append(story)
        return story

    def article(self, story: tuple[list[str], list[str], float], day: float) -> ArticleDraft:
        topic, names, _ = story
        rng = self.rng
        sentences = []
        for _ in range(rng.randint(5, 9)):
            picked = rng.choices(self.vocab, cum_weights=self.cumulative, k=8)
            picked += rng.sample(topic, 4)
            rng.shuffle(picked)
            picked.insert(rng.randint(1, len(picked)), rng.choice(names))
            sentences.append(picked[0].capitalize() + " " + " ".join(picked[1:]) + ".")
        self.count += 1
        when = START + dt.timedelta(days=day)
        return ArticleDraft(
            source=f"gen/{self.count}",
            text=" ".join(sentences),
            format="text",
            title=" ".join(rng.sample(topic, 5)).capitalize(),
            url=f"https://gen{self.count % 50}.invalid/a/{self.count}",
            outlet=f"Outlet {self.count % 50}",
            published=when.isoformat(timespec="seconds"),
        )

    def drafts(self, n: int, first_index: int) -> list[ArticleDraft]:
        """``n`` drafts, the ``first_index``-th onwards of the stream (500 a day)."""
        out = []
        for i in range(first_index, first_index + n):
            day = i / PER_DAY
            recent = [s for s in self.stories[-200:] if day - s[2] < 2]
            if recent and self.rng.random() < 0.5:
                story = self.rng.choice(recent)
            else:
                story = self.new_story(day)
            out.append(self.article(story, day))
        return out

    def articles(self, n: int, first_index: int) -> list[Article]:
        """The articles of ``drafts(n, first_index)``."""
        return [build_article(draft) for draft in self.drafts(n, first_index)]


def fill(db: Path, corpus: Corpus, size: int, chunk: int = 2000) -> float:
    """Seconds to fill the store with ``size`` articles through the incremental path."""
    started = time.perf_counter()
    with open_store(db) as store:
        for start in range(0, size, chunk):
            articles = corpus.articles(min(chunk, size - start), start)
            store.add_articles(articles)
            add_to_stories(store, [a.id for a in articles], use_annotations=False)
    return time.perf_counter() - started


def measure(
    db: Path, corpus: Corpus, size: int, batch: int, batches: int, annotate: bool, skip: int = 0
) -> dict:
    """Median cost of adding ``batch`` articles, over ``batches`` runs after one warm-up run
    (imports, the annotator, a cold page cache); the stream resumes ``skip`` articles on."""
    totals, placing, candidates, peaks = [], [], [], []
    if skip:
        corpus.drafts(skip, size)  # articles a previous run stored: generated, not stored
    with open_store(db) as store:
        warm = corpus.drafts(batch, size + skip)
        warm_articles = [build_article(draft) for draft in warm]
        store.add_articles(warm_articles)
        add_to_stories(store, [a.id for a in warm_articles], use_annotations=annotate)
        for run in range(batches):
            drafts = corpus.drafts(batch, size + skip + (run + 1) * batch)
            tracemalloc.start()
            started = time.perf_counter()
            articles = [build_article(draft) for draft in drafts]
            store.add_articles(articles)
            placed_at = time.perf_counter()
            update = add_to_stories(store, [a.id for a in articles], use_annotations=annotate)
            done = time.perf_counter()
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
            totals.append(done - started)
            placing.append(done - placed_at)
            candidates.extend(p.candidates for p in update.placements)
    return {
        "stored_articles": size,
        "seconds_per_batch": round(statistics.median(totals), 3),
        "placing_seconds_per_batch": round(statistics.median(placing), 3),
        "mean_candidates": round(statistics.mean(candidates), 1),
        "max_candidates": max(candidates),
        "peak_traced_mb": round(max(peaks) / 2**20, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def one_by_one(db: Path, regroup_every: int, regroup_days: float) -> str:
    """Rebuild DB's stories article by article in publication order; a one-line summary."""
    from newsprism.cluster.items import published_datetime
    from newsprism.incremental import regroup_recent

    def order(article: Article) -> tuple[bool, float, str]:
        moment = published_datetime(article.published)
        return (moment is None, moment.timestamp() if moment else 0.0, article.id)

    with open_store(db) as store:
        for table in ("story_members", "stories", "term_stats", "story_features", "story_terms"):
            store._db.execute(f"DELETE FROM {table}")  # a bench may reach into its own store
        articles = sorted(store.iter_articles(), key=order)
        started = time.perf_counter()
        regroups = 0
        for count, article in enumerate(articles, 1):
            add_to_stories(store, [article.id])
            if regroup_every and count % regroup_every == 0:
                regroup_recent(store, days=regroup_days)
                regroups += 1
        seconds = time.perf_counter() - started
        return (
            f"{len(articles)} articles fed one by one in {seconds:.1f} s, {regroups} window "
            f"re-groupings: {store.count_stories()} stories"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--one-by-one", type=Path, metavar="DB")
    parser.add_argument("--regroup-every", type=int, default=0)
    parser.add_argument("--regroup-days", type=float, default=3.0)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument(
        "--skip",
        type=int,
        default=0,
        help="with --keep stores measured before: resume the stream this many articles on",
    )
    parser.add_argument("--annotate", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the generated stores in this folder")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "incremental.json")
    args = parser.parse_args(argv)
    if args.one_by_one is not None:
        print(one_by_one(args.one_by_one, args.regroup_every, args.regroup_days))
        return 0
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sorted(args.sizes):
            db = folder / f"incremental-{size}.db"
            corpus = Corpus()
            if db.exists():
                corpus.drafts(size, 0)  # the same stream position as the kept store
                filled = None
            else:
                filled = round(fill(db, corpus, size), 1)
            row = measure(db, corpus, size, args.batch, args.batches, args.annotate, args.skip)
            row["fill_seconds"] = filled
            results.append(row)
            print(json.dumps(row, sort_keys=True), flush=True)
    base = results[0]["seconds_per_batch"]
    summary = {
        "batch": args.batch,
        "annotate": args.annotate,
        "sizes": results,
        "worst_ratio_to_smallest": round(max(r["seconds_per_batch"] for r in results) / base, 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"worst batch time / smallest store's: {summary['worst_ratio_to_smallest']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
