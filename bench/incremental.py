"""Benchmark of incremental stories: the cost of adding 100 articles as the store grows.

    .venv/bin/python bench/incremental.py [--sizes 10000 100000 1000000] [--batch 100]
        [--batches 5] [--annotate] [--out bench/results/incremental.json] [--keep DIR]

For each size N, a store of N generated articles (invented words; stories of 1-12 articles
over days, 500 articles a day) is filled FAST (not measured): the articles through
``Store.add_articles``, the stories and reprint-free links through ``replace_stories``, and
what the incremental path keeps through the store's own write methods: term statistics and
length counts, story features and their term index for every story older than the time
window (from the story's generated topic words; the recent stories are indexed from their
members by the first batch, as for a store a full recomputation wrote), and MinHash
signatures with their LSH band keys (real ones for the newest ``RECENT`` articles, which the
measured copies copy; random registers for older ones, the same number of band keys each).
Then, in a fresh process (so that the maximum resident size is the batches', not the
fill's), one warm-up batch and ``--batches`` batches of ``--batch`` new articles (half
joining recent stories, half new stories, one in ten a lightly edited copy of a recent
article) are added: read and normalised (``build_article``), stored, checked for reprints
and placed into stories (``add_to_stories``, reprint check included). The JSON gives, per
size, the median seconds per batch (total, and the placing alone), the candidate stories
and reprints seen, the peak of Python allocations during a batch (tracemalloc) and the
measuring process's maximum resident size. ``--annotate`` annotates the new articles with
spaCy (the same work at every size); without it capitalised words stand in for entities.

    .venv/bin/python bench/incremental.py --one-by-one DB [--regroup-every N] [--regroup-days D]

is the quality check instead: the stories, reprint links and signatures of DB (a store
ingested by ``bench/real_stories.py --reuse DB``, whose articles are the dev set) are thrown
away and rebuilt by feeding its articles one at a time in publication order through
``add_to_stories`` (reprint check included; with a window re-grouping every N articles);
score DB again with ``bench/real_stories.py --reuse DB`` and compare the grouping and
reprint lines with the batch ingest's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pickle
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprism.articles import build_article  # noqa: E402
from newsprism.cluster.features import item_terms  # noqa: E402
from newsprism.cluster.items import ClusterItem, published_datetime, timestamp_days  # noqa: E402
from newsprism.cluster.options import ClusterOptions  # noqa: E402
from newsprism.cluster.records import story_id  # noqa: E402
from newsprism.dedup import ReprintDetector  # noqa: E402
from newsprism.dedup_evidence import ANCHOR_SHINGLE_SIZE, Evidence  # noqa: E402
from newsprism.dedup_rules import DedupOptions  # noqa: E402
from newsprism.dedup_signatures import (  # noqa: E402
    mark_all_stored,
    pack,
    params_key,
    stored_signature,
)
from newsprism.incremental import add_to_stories  # noqa: E402
from newsprism.incremental.features import index_terms  # noqa: E402
from newsprism.incremental.preset import LENGTHS, length_class, preset_for  # noqa: E402
from newsprism.minhash import Signature  # noqa: E402
from newsprism.model import Article, ArticleDraft, Coverage, Story  # noqa: E402
from newsprism.store import Store, StoredFeatures, StoredSignature, open_store  # noqa: E402
from newsprism.store.sqlite_incremental import DOCUMENTS  # noqa: E402

PER_DAY = 500
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
RECENT = 3000
"""The newest articles of a filled store whose signatures are real (the copies' originals)."""
COPIES = 0.1
"""The share of each measured batch that copies a recent article (a reprint to find)."""
POOL = 2000
"""How many generated texts the old part of a filled store reuses (each made unique)."""
StoryKey = tuple[str, int]  # ("old", n): the n-th pair of old articles; ("new", corpus story)
Member = tuple[str, str, str, str]  # article id, published, outlet, title
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
        self.story_of: list[int] = []  # the story (index into ``stories``) of each draft
        self.recent: list[ArticleDraft] = []  # the newest drafts (the copies' originals)

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

    def copy(self, day: float) -> ArticleDraft:
        """A lightly edited copy of a recent draft, by another outlet, a little later."""
        original = self.rng.choice(self.recent[-1000:])
        self.count += 1
        when = START + dt.timedelta(days=day)
        return ArticleDraft(
            source=f"gen/{self.count}",
            text=original.text + " Distributed by the Genwire agency.",
            format="text",
            title=original.title,
            url=f"https://copy{self.count % 50}.invalid/a/{self.count}",
            outlet=f"Copier {self.count % 50}",
            published=when.isoformat(timespec="seconds"),
        )

    def drafts(self, n: int, first_index: int, copies: float = 0.0) -> list[ArticleDraft]:
        """``n`` drafts, the ``first_index``-th onwards of the stream (500 a day); a share
        ``copies`` of them are copies of recent drafts."""
        out = []
        for i in range(first_index, first_index + n):
            day = i / PER_DAY
            if copies and self.recent and self.rng.random() < copies:
                out.append(self.copy(day))
                continue
            recent = range(max(0, len(self.stories) - 200), len(self.stories))
            recent_ids = [k for k in recent if day - self.stories[k][2] < 2]
            if recent_ids and self.rng.random() < 0.5:
                index = self.rng.choice(recent_ids)
            else:
                self.new_story(day)
                index = len(self.stories) - 1
            self.story_of.append(index)
            draft = self.article(self.stories[index], day)
            self.recent.append(draft)
            out.append(draft)
        del self.recent[:-RECENT]
        return out

    def articles(self, n: int, first_index: int, copies: float = 0.0) -> list[Article]:
        """The articles of ``drafts(n, first_index, copies)``."""
        return [build_article(draft) for draft in self.drafts(n, first_index, copies)]

    def save(self, path: Path) -> None:
        """Keep what the stream needs to go on (the random state, the newest stories and
        drafts), so a measuring process resumes without generating the stored articles."""
        state = (self.rng.getstate(), self.count, self.stories[-200:], self.recent)
        path.write_bytes(pickle.dumps(state))

    @classmethod
    def resume(cls, path: Path) -> Corpus:
        """The corpus as ``save`` left it."""
        corpus = cls()
        rng_state, corpus.count, corpus.stories, corpus.recent = pickle.loads(path.read_bytes())
        corpus.rng.setstate(rng_state)
        return corpus


# ------------------------------------------------------------------------------------ fill


def fill(db: Path, corpus: Corpus, size: int, chunk: int = 10_000) -> float:
    """Seconds to fill the store with ``size`` generated articles, their stories, term
    statistics, story features and signatures (see the module docstring)."""
    started = time.perf_counter()
    dedup = DedupOptions()
    detector = ReprintDetector(dedup)
    rng = np.random.default_rng(size)
    stats: dict[str, Counter[str]] = {"text": Counter(), "names": Counter(), LENGTHS: Counter()}
    members: dict[StoryKey, list[Member]] = {}
    drafts = Corpus(seed=11).drafts(POOL, 0)
    pool = [build_article(d) for d in drafts]
    cluster = preset_for(Counter(length_class(ClusterItem.from_article(a)) for a in pool))
    pool_terms = [item_terms(ClusterItem.from_article(a), cluster.title_weight) for a in pool]
    old = max(0, size - RECENT)
    with open_store(db) as store:
        db_ = store._db  # type: ignore[attr-defined]  # a bench may reach into its own store
        db_.execute("PRAGMA synchronous=OFF")
        db_.execute("PRAGMA cache_size=-500000")
        bounds = [(s, min(s + chunk, old)) for s in range(0, old, chunk)]
        bounds += [(s, min(s + chunk, size)) for s in range(old, size, chunk)]
        for start, stop in bounds:
            if start < old:
                articles = [_old_article(drafts[i % POOL], i) for i in range(start, stop)]
                keys: list[StoryKey] = [("old", i // 2) for i in range(start, stop)]
            else:
                articles = corpus.articles(stop - start, start)
                keys = [("new", index) for index in corpus.story_of]
                corpus.story_of.clear()
            store.add_articles(articles)
            signatures = []
            for n, article in enumerate(articles):
                published = article.published.value if article.published else ""
                members.setdefault(keys[n], []).append(
                    (article.id, published, str(article.outlet), str(article.title))
                )
                if start + n < old:  # the pool text's terms (the suffix's two left out)
                    terms = pool_terms[(start + n) % POOL]
                    packed = pack(_random_evidence(rng))  # its band keys written below
                    signatures.append(StoredSignature(article.id, params_key(dedup), packed, ()))
                else:
                    terms = item_terms(ClusterItem.from_article(article), cluster.title_weight)
                    evidence = detector.evidence(article)
                    signatures.append(stored_signature(article.id, evidence, dedup))
                stats[LENGTHS][length_class(ClusterItem.from_article(article))] += 1
                stats["text"].update(terms.text)
                stats["names"].update(terms.names)
            store.save_signatures(signatures)
            if start < old:
                _random_band_rows(db_, rng, [a.id for a in articles])
            print(f"  filled {stop}/{size}", file=sys.stderr, flush=True)
        _write_stories(store, corpus, members, size, cluster, pool)
        rows = [(kind, term, df) for kind, counter in stats.items() for term, df in counter.items()]
        rows.append((DOCUMENTS, "", size))
        db_.execute("BEGIN")
        db_.executemany("INSERT INTO term_stats (kind, term, df) VALUES (?, ?, ?)", rows)
        db_.execute("COMMIT")
        assert preset_for(dict(stats[LENGTHS])) == cluster
        mark_all_stored(store)
    return time.perf_counter() - started


def _old_article(draft: ArticleDraft, index: int) -> Article:
    """The ``index``-th article of the store's old part: a pool text made unique."""
    when = START + dt.timedelta(days=index / PER_DAY)
    return build_article(
        ArticleDraft(
            source=f"old/{index}",
            text=f"{draft.text} Item {index}.",
            format="text",
            title=draft.title,
            url=f"https://old{index % 50}.invalid/a/{index}",
            outlet=f"Outlet {index % 50}",
            published=when.isoformat(timespec="seconds"),
        )
    )


def _random_band_rows(db: Any, rng: np.random.Generator, article_ids: list[str]) -> None:
    """As many random band keys per article as real evidence has (128), written in key order
    (sorted with numpy: sorting a million Python tuples costs more than writing them)."""
    keys = rng.integers(-(2**63), 2**63 - 1, size=len(article_ids) * 128, dtype=np.int64)
    order = np.argsort(keys)
    rows = zip(keys[order].tolist(), [article_ids[i] for i in (order // 128).tolist()], strict=True)
    db.execute("BEGIN")
    db.executemany(
        "INSERT OR IGNORE INTO signature_bands (band_key, article_id) VALUES (?, ?)", rows
    )
    db.execute("COMMIT")


def _random_evidence(rng: np.random.Generator) -> Evidence:
    """Evidence of random registers (an old article no measured copy copies): it costs what
    real evidence costs to store and look up, with as many band keys (no anchor bands, as
    the generated texts have too few anchors)."""
    registers = rng.integers(0, 2**64 - 1, size=128, dtype=np.uint64, endpoint=True)
    registers.flags.writeable = False
    key = rng.bytes(16)
    text = Signature(registers, 80, key, 3, 1)
    anchors = Signature(registers[::-1].copy(), 5, key, ANCHOR_SHINGLE_SIZE, 1)
    return Evidence(text, text, anchors)


def _write_stories(
    store: Store,
    corpus: Corpus,
    members: dict[StoryKey, list[Member]],
    size: int,
    cluster: ClusterOptions,
    pool: list[Article],
) -> None:
    """The generated stories; features and index terms for those older than the window."""
    newest = timestamp_days(START + dt.timedelta(days=(size - 1) / PER_DAY)) or 0.0
    stories: list[Story] = []
    old: list[tuple[Story, StoryKey, float, float]] = []
    for key, articles in members.items():
        dates = [published for _, published, _, _ in articles]
        days = [timestamp_days(dt.datetime.fromisoformat(d)) or 0.0 for d in dates]
        story = Story(
            id=story_id(articles[0][0]),
            title=articles[0][3],
            article_ids=tuple(a[0] for a in articles),
            first_seen=min(dates),
            last_seen=max(dates),
            coverage=Coverage(len(articles), len({a[2] for a in articles}), len(articles), 0),
        )
        stories.append(story)
        if max(days) < newest - 2 * cluster.window_days:
            old.append((story, key, min(days), max(days)))
    store.replace_stories(stories, [])

    def features() -> None:
        for story, (part, index), first, last in old:
            if part == "new":
                topic = corpus.stories[index][0]
            else:  # the pool text's title words, and its first words
                source = pool[(2 * index) % POOL]
                words = f"{source.title} {source.text}".lower().split()
                topic = list(dict.fromkeys(words))[:15]
            size_ = story.coverage.articles
            sums = {w: size_ / len(topic) ** 0.5 for w in topic}
            feats = StoredFeatures(story.id, size_, 0, first, last, sums, {}, sums)
            store.save_story_features(feats, index_terms(feats, cluster.index_terms))

    store.in_transaction(features, "could not write story features")


# --------------------------------------------------------------------------------- measure


def measure(
    db: Path, corpus: Corpus, size: int, batch: int, batches: int, annotate: bool, skip: int = 0
) -> dict[str, Any]:
    """Median cost of adding ``batch`` articles, over ``batches`` runs after one warm-up run
    (imports, seeding the recent stories' features, a cold page cache); the stream resumes
    ``skip`` articles on."""
    totals, placing, candidates, peaks = [], [], [], []
    reprints = copies = 0
    if skip:
        corpus.drafts(skip, size)  # articles a previous run stored: generated, not stored
    with open_store(db) as store:
        warm = corpus.articles(batch, size + skip, COPIES)
        store.add_articles(warm)
        add_to_stories(store, [a.id for a in warm], use_annotations=annotate)
        for run in range(batches):
            drafts = corpus.drafts(batch, size + skip + (run + 1) * batch, COPIES)
            copies += sum("Genwire" in d.text for d in drafts)
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
            reprints += sum(p.reprint_of is not None for p in update.placements)
    return {
        "stored_articles": size,
        "seconds_per_batch": round(statistics.median(totals), 3),
        "placing_seconds_per_batch": round(statistics.median(placing), 3),
        "mean_candidates": round(statistics.mean(candidates), 1),
        "max_candidates": max(candidates),
        "copies_added": copies,
        "reprints_found": reprints,
        "peak_traced_mb": round(max(peaks) / 2**20, 1),
        "max_rss_mb": _max_rss_mb(),
    }


def _max_rss_mb() -> float:
    """This process's peak resident size (VmHWM: unlike ``ru_maxrss`` it does not carry the
    parent's peak over ``exec``), or ``ru_maxrss`` where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def one_by_one(db: Path, regroup_every: int, regroup_days: float) -> str:
    """Rebuild DB's stories article by article in publication order; a one-line summary."""
    from newsprism.incremental import regroup_recent

    def order(article: Article) -> tuple[bool, float, str]:
        moment = published_datetime(article.published)
        return (moment is None, moment.timestamp() if moment else 0.0, article.id)

    tables = (
        "story_members",
        "stories",
        "reprints",
        "term_stats",
        "story_features",
        "story_terms",
        "article_signatures",
        "signature_bands",
    )
    with open_store(db) as store:
        for table in tables:
            store._db.execute(f"DELETE FROM {table}")  # type: ignore[attr-defined]
        mark_all_stored(store)  # no article has a signature yet: each gets its own when fed
        articles = sorted(store.iter_articles(), key=order)
        started = time.perf_counter()
        regroups = reprints = 0
        for count, article in enumerate(articles, 1):
            update = add_to_stories(store, [article.id])
            reprints += sum(p.reprint_of is not None for p in update.placements)
            if regroup_every and count % regroup_every == 0:
                regroup_recent(store, days=regroup_days)
                regroups += 1
        seconds = time.perf_counter() - started
        return (
            f"{len(articles)} articles fed one by one in {seconds:.1f} s, {regroups} window "
            f"re-groupings: {store.count_stories()} stories, {len(store.load_reprints())} "
            f"reprint links ({reprints} found as a copy arrived)"
        )


def _measure_apart(db: Path, size: int, args: argparse.Namespace) -> dict[str, Any]:
    """``measure`` in a fresh process, so that its maximum resident size is its own."""
    command = [
        sys.executable,
        __file__,
        "--measure",
        str(db),
        "--sizes",
        str(size),
        "--batch",
        str(args.batch),
        "--batches",
        str(args.batches),
        "--skip",
        str(args.skip),
        *(["--annotate"] if args.annotate else []),
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    row: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--one-by-one", type=Path, metavar="DB")
    parser.add_argument("--regroup-every", type=int, default=0)
    parser.add_argument("--regroup-days", type=float, default=3.0)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
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
    parser.add_argument("--fill-only", action="store_true", help="fill the --keep stores only")
    parser.add_argument("--measure", type=Path, metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "incremental.json")
    args = parser.parse_args(argv)
    if args.one_by_one is not None:
        print(one_by_one(args.one_by_one, args.regroup_every, args.regroup_days))
        return 0
    if args.measure is not None:  # the child process of ``_measure_apart``
        (size,) = args.sizes
        corpus = Corpus.resume(args.measure.with_suffix(".corpus"))
        row = measure(
            args.measure, corpus, size, args.batch, args.batches, args.annotate, args.skip
        )
        print(json.dumps(row, sort_keys=True), flush=True)
        return 0
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sorted(args.sizes):
            db = folder / f"incremental-{size}.db"
            filled = None
            if not db.exists():
                corpus = Corpus()
                filled = round(fill(db, corpus, size), 1)
                corpus.save(db.with_suffix(".corpus"))
                print(f"filled {size} in {filled} s", file=sys.stderr, flush=True)
            if args.fill_only:
                continue
            row = _measure_apart(db, size, args)
            row["fill_seconds"] = filled
            results.append(row)
            print(json.dumps(row, sort_keys=True), flush=True)
    if args.fill_only:
        return 0
    base = results[0]["seconds_per_batch"]
    summary = {
        "batch": args.batch,
        "annotate": args.annotate,
        "sizes": results,
        "worst_ratio_to_smallest": round(max(r["seconds_per_batch"] for r in results) / base, 2),
        "rss_ratio_to_smallest": round(
            max(r["max_rss_mb"] for r in results) / results[0]["max_rss_mb"], 2
        ),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"worst batch time / smallest store's: {summary['worst_ratio_to_smallest']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
