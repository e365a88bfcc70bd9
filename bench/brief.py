"""Benchmark of the story brief: quality on the annotated dev set, and build time.

    .venv/bin/python bench/brief.py [--data ../shared/data] [--out bench/results/brief.json]

The dev set (``bench/gold/brief/*.json``) holds real multi-outlet stories from NeuS/AllSides
(``neus-allsides/raw``) and ECB+ (``ecbplus/docs.jsonl``), annotated by hand with ids and
character offsets only: the data's licence forbids copying its text, so every article's text
is rebuilt here from the data files (``article_text``) and checked against the SHA-256 kept in
the gold file. Scores:

- entities: alias merges, pairwise over the gold mentions of one story (two mentions merged
  by the brief and by the gold count as a true positive);
- quotes: alignment of quotes printed by several outlets, pairwise over gold attributions;
  verbatim/paraphrase accuracy on the aligned ones;
- claims: status accuracy over gold claims (the brief's claim holding the gold passage);
- discrepancies: a gold discrepancy is found when one of the brief's discrepancies has
  evidence overlapping two of its values; precision over the brief's discrepancies likewise.

Timing: a 50-article story (the largest ECB+ topic's articles, repeated with new ids when
fewer) is annotated once; ``build_brief`` alone is timed, median of several runs.

Real coverage: the shared scorer ``../shared/eval/real_stories_check.py`` on the real-stories
dev set (``real-stories`` under ``--data``), run in this process on a scratch database through
``bench/real_stories.py``; per category of expectation, how many hold (``real_stories`` in the
results; ``tests/test_real_stories_gate.py`` holds them above ``bench/real_stories_floor.json``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprism.annotate import AnnotateOptions, ArticleAnnotations, annotate_articles  # noqa: E402
from newsprism.brief import build_brief  # noqa: E402
from newsprism.compare.records import Brief, BriefOptions, StoryInput  # noqa: E402
from newsprism.model import Article, PublishedDate  # noqa: E402
from newsprism.text import content_hash  # noqa: E402

GOLD = ROOT / "bench" / "gold" / "brief"
NEUS_RAW = "neus-allsides/raw/headline_11_2021-10-19_crawled_all.jsonl"
ECB_DOCS = "ecbplus/docs.jsonl"
Span = tuple[str, int, int]


# --- articles rebuilt from the data files -------------------------------------------------


def detokenize(tokens_text: str) -> str:
    """Return ECB+'s space-separated tokens as running text ("Reid 's" -> "Reid's")."""
    text = " " + tokens_text + " "
    text = text.replace(" `` ", " “").replace(" '' ", "” ")
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r" ([,.;:?!%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    text = re.sub(r"(\w) - (\w)", r"\1-\2", text)
    text = re.sub(r"“ ", "“", text)
    text = re.sub(r" ”", "”", text)
    text = re.sub(r"(\d)([:,]) (\d)", r"\1\2\3", text)  # "3: 33", "380, 600"
    text = re.sub(r"\b([ap])\. m\.", r"\1.m.", text)
    text = re.sub(r"\b([A-Z])\. ([A-Z])\.", r"\1.\2.", text)  # "U. S."
    text = re.sub(r"(\w) ’ (\w)", r"\1’\2", text)
    return " ".join(text.split())


def _article(
    ref: str,
    text: str,
    title: str | None,
    outlet: str | None,
    url: str | None,
    published: str | None,
) -> Article:
    precision = "day" if published and len(published) >= 10 else None
    return Article(
        id=hashlib.sha256(ref.encode()).hexdigest()[:16],
        source=ref,
        format="bench",
        text=text,
        content_hash=content_hash(text),
        ingested_at="2024-01-01T00:00:00+00:00",
        outlet=outlet,
        url=url,
        title=title,
        published=PublishedDate(published[:10], "day") if precision else None,
    )


def load_neus(data: Path) -> dict[str, list[Article]]:
    """Return NeuS/AllSides raw stories: ``neus:ID`` -> its articles (left, center, right)."""
    stories: dict[str, list[Article]] = {}
    with open(data / NEUS_RAW, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            articles = []
            for side in ("left", "center", "right"):
                item = row["news"].get(side)
                if not item or not item.get("newBody"):
                    continue
                text = "\n\n".join(p.strip() for p in item["newBody"] if p.strip())
                outlet = re.sub(r"\s*\([^)]*\)\s*$", "", item.get("newsSource") or "") or None
                articles.append(
                    _article(
                        f"neus:{row['id']}:{side}",
                        text,
                        item.get("newsTitle"),
                        outlet,
                        item.get("newsLink"),
                        row.get("date"),
                    )
                )
            if len(articles) >= 2:
                stories[f"neus:{row['id']}"] = articles
    return stories


_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES.split(), start=1)}


def _ecb_date(line: str) -> str | None:
    m = re.match(r"^(?:\w+ , )?([A-Z][a-z]+)\.? (\d{1,2}) , (\d{4})", line)
    if m and m.group(1).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}"
    return None


def load_ecb(data: Path) -> dict[str, list[Article]]:
    """Return ECB+ sub-topics: ``ecb:SUBTOPIC`` -> its documents as articles."""
    stories: dict[str, list[Article]] = defaultdict(list)
    with open(data / ECB_DOCS, encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            sentences = list(doc["sentences"])
            url = None
            if sentences and sentences[0].startswith("http"):
                url = sentences.pop(0).replace(" ", "")
            title = None
            published = None
            for _ in range(3):
                if not sentences:
                    break
                date = _ecb_date(sentences[0])
                if date:
                    published = date
                    sentences.pop(0)
                elif title is None and url and not sentences[0].rstrip().endswith("."):
                    title = detokenize(sentences.pop(0))
                else:
                    break
            text = " ".join(detokenize(s) for s in sentences)
            if not text:
                continue
            ref = f"ecb:{doc['doc_id']}"
            stories[f"ecb:{doc['subtopic']}"].append(
                _article(ref, text, title, None, url, published)
            )
    for articles in stories.values():
        articles.sort(key=lambda a: a.source)
    return dict(stories)


def load_story(
    data: Path, story_id: str, cache: dict[str, dict[str, list[Article]]]
) -> list[Article]:
    """Return the articles of one dev-set story."""
    kind = story_id.split(":", 1)[0]
    if kind not in cache:
        cache[kind] = load_neus(data) if kind == "neus" else load_ecb(data)
    return cache[kind][story_id]


# --- gold ------------------------------------------------------------------------------


def load_gold() -> list[dict[str, Any]]:
    """Return the dev set's gold files, sorted by story id."""
    return [json.loads(p.read_text()) for p in sorted(GOLD.glob("*.json"))]


def gold_articles(gold: dict[str, Any], articles: list[Article]) -> dict[str, Article]:
    """Return gold article key ("A") -> article, checking the rebuilt text's SHA-256."""
    by_ref = {a.source: a for a in articles}
    out = {}
    for key, info in gold["articles"].items():
        article = by_ref[info["ref"]]
        digest = hashlib.sha256(article.text.encode()).hexdigest()
        if digest != info["sha256"]:
            raise SystemExit(
                f"{gold['story']}: the text of {info['ref']} differs from the "
                "one annotated; check the data files and article_text"
            )
        out[key] = article
    return out


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


# --- scores ----------------------------------------------------------------------------


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def score_entities(gold: dict, brief: Brief, key_of: dict[str, str]) -> tuple[int, int, int]:
    """Return (tp, fp, fn) of pairwise alias merges over the gold's mentions."""
    mentions: list[tuple[int, Span]] = []
    for g, entity in enumerate(gold.get("entities", [])):
        for key, start, end in entity["mentions"]:
            mentions.append((g, (key, start, end)))
    predicted: dict[int, str | None] = {}
    for i, (_, span) in enumerate(mentions):
        predicted[i] = None
        for entity in brief.entities:
            if any(_overlaps(span, (key_of[m.article], m.start, m.end)) for m in entity.mentions):
                predicted[i] = entity.id
                break
    tp = fp = fn = 0
    for i in range(len(mentions)):
        for j in range(i + 1, len(mentions)):
            same_gold = mentions[i][0] == mentions[j][0]
            same_pred = predicted[i] is not None and predicted[i] == predicted[j]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    return tp, fp, fn


def score_quotes(
    gold: dict, brief: Brief, key_of: dict[str, str]
) -> tuple[tuple[int, int, int], tuple[int, int]]:
    """Return pairwise (tp, fp, fn) of quote alignment and (correct, total) verbatim flags."""
    spans: list[tuple[int, Span, bool | None]] = []
    for g, quote in enumerate(gold.get("quotes", [])):
        for item in quote["attributions"]:
            key, start, end = item[:3]
            verbatim = item[3] if len(item) > 3 else None
            spans.append((g, (key, start, end), verbatim))
    located: list[tuple[str, bool] | None] = []
    for _, span, _ in spans:
        hit = None
        for quote in brief.quotes:
            for a in quote.attributions:
                if _overlaps(span, (key_of[a.article], a.start, a.end)):
                    hit = (quote.id, a.verbatim)
                    break
            if hit:
                break
        located.append(hit)
    tp = fp = fn = 0
    correct = total = 0
    for i in range(len(spans)):
        for j in range(i + 1, len(spans)):
            if spans[i][1][0] == spans[j][1][0]:
                continue  # pairs across articles only
            same_gold = spans[i][0] == spans[j][0]
            a, b = located[i], located[j]
            same_pred = a is not None and b is not None and a[0] == b[0]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    for (_, _, verbatim), hit in zip(spans, located, strict=True):
        if verbatim is not None and hit is not None:
            total += 1
            correct += hit[1] == verbatim
    return (tp, fp, fn), (correct, total)


def score_claims(gold: dict, brief: Brief, key_of: dict[str, str]) -> tuple[int, int]:
    """Return (correct, total) claim statuses: each gold claim's status against the status of
    the brief's claim holding most of its support passages."""
    correct = total = 0
    for claim in gold.get("claims", []):
        total += 1
        votes: dict[str, int] = defaultdict(int)
        for key, start, end in claim["support"]:
            for c in brief.claims:
                if any(
                    _overlaps((key, start, end), (key_of[p.article], p.start, p.end))
                    for p in c.support
                ):
                    votes[c.status] += 1
                    break
        if votes:
            status = max(sorted(votes), key=lambda s: votes[s])
            correct += status == claim["status"]
    return correct, total


def score_discrepancies(gold: dict, brief: Brief, key_of: dict[str, str]) -> tuple[int, int, int]:
    """Return (tp, fp, fn) of discrepancies: matched when evidence hits two gold values."""

    def hits(gold_d: dict, found: Any) -> bool:
        touched = set()
        for v, value in enumerate(gold_d["values"]):
            for span in value["evidence"]:
                for fv in found.values:
                    for p in fv.evidence:
                        if _overlaps(tuple(span), (key_of[p.article], p.start, p.end)):
                            touched.add((v, fv.value))
        values = {v for v, _ in touched}
        found_values = {fv for _, fv in touched}
        return len(values) >= 2 and len(found_values) >= 2

    gold_ds = gold.get("discrepancies", [])
    found = brief.discrepancies
    matched_gold = {i for i, g in enumerate(gold_ds) if any(hits(g, d) for d in found)}
    matched_found = [d for d in brief.discrepancies if any(hits(g, d) for g in gold_ds)]
    tp = len(matched_gold)
    fn = len(gold_ds) - tp
    fp = len(brief.discrepancies) - len(matched_found)
    return tp, fp, fn


# --- running -----------------------------------------------------------------------------


def annotate(articles: list[Article]) -> dict[str, ArticleAnnotations]:
    """Return the annotations of the articles, keyed by article id."""
    notes = annotate_articles(articles, AnnotateOptions())
    return {n.article_id: n for n in notes}


def evaluate(data: Path, options: BriefOptions) -> dict[str, Any]:
    """Return the dev-set scores of every part of the brief."""
    cache: dict[str, dict[str, list[Article]]] = {}
    golds = load_gold()
    per_story = []
    entity = [0, 0, 0]
    quote = [0, 0, 0]
    verbatim = [0, 0]
    claim = [0, 0]
    disc = [0, 0, 0]
    stories = [(g, load_story(data, g["story"], cache)) for g in golds]
    all_articles = [a for g, arts in stories for a in gold_articles(g, arts).values()]
    notes = annotate(all_articles)
    for gold, articles in stories:
        chosen = gold_articles(gold, articles)
        key_of = {a.id: k for k, a in chosen.items()}
        reprints = {chosen[k].id: chosen[v].id for k, v in gold.get("reprint_of", {}).items()}
        brief = build_brief(
            StoryInput(gold["story"], reprints), list(chosen.values()), notes, options
        )
        e = score_entities(gold, brief, key_of)
        q, v = score_quotes(gold, brief, key_of)
        c = score_claims(gold, brief, key_of)
        d = score_discrepancies(gold, brief, key_of)
        for acc, part in ((entity, e), (quote, q), (verbatim, v), (claim, c), (disc, d)):
            for i, x in enumerate(part):
                acc[i] += x
        per_story.append(
            {
                "story": gold["story"],
                "articles": len(chosen),
                "entities": e,
                "quotes": q,
                "verbatim": v,
                "claims": c,
                "discrepancies": d,
            }
        )
    return {
        "stories": len(golds),
        "articles": len(all_articles),
        "alias_merges": _prf(*entity),
        "quote_alignment": _prf(*quote),
        "quote_verbatim_accuracy": round(verbatim[0] / verbatim[1], 4) if verbatim[1] else None,
        "quote_verbatim_n": verbatim[1],
        "claim_status_accuracy": round(claim[0] / claim[1], 4) if claim[1] else None,
        "claims_n": claim[1],
        "discrepancies": _prf(*disc),
        "per_story": per_story,
    }


def time_fifty(data: Path, options: BriefOptions, runs: int = 5) -> dict[str, Any]:
    """Return the median time of ``build_brief`` for a 50-article story (annotated before)."""
    topics = load_ecb(data)
    biggest = max(sorted(topics), key=lambda k: len(topics[k]))
    topic = biggest.split(":", 1)[1].split("_")[0]
    pool = [
        a
        for k in sorted(topics)
        if k.split(":", 1)[1].split("_")[0] == topic and k == biggest
        for a in topics[k]
    ]
    articles = []
    n = 0
    while len(articles) < 50:
        base = pool[n % len(pool)]
        copy = n // len(pool)
        if copy:
            base = replace(
                base,
                id=hashlib.sha256(f"{base.id}#{copy}".encode()).hexdigest()[:16],
                source=f"{base.source}#{copy}",
            )
        articles.append(base)
        n += 1
    notes = annotate(articles)
    story = StoryInput("bench-50")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build_brief(story, articles, notes, options)
        times.append(time.perf_counter() - start)
    return {
        "story": biggest,
        "articles": len(articles),
        "distinct_texts": len(pool),
        "words": sum(len(a.text.split()) for a in articles),
        "runs": runs,
        "first_run_seconds": round(times[0], 4),
        "median_seconds": round(statistics.median(times), 4),
        "max_seconds": round(max(times), 4),
    }


def _real_stories_bench() -> ModuleType:
    """Return ``bench/real_stories.py`` as a module (the scorer's loader and categories)."""
    spec = importlib.util.spec_from_file_location(
        "bench_real_stories", ROOT / "bench" / "real_stories.py"
    )
    if spec is None or spec.loader is None:
        raise SystemExit("cannot load bench/real_stories.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def real_stories(data: Path, scorer: Path | None = None, db: Path | None = None) -> dict[str, Any]:
    """Return the shared real-coverage scorer's figures on the real-stories dev set.

    ``data`` is the folder holding ``real-stories``; the scorer runs in this process on
    ``db`` (a scratch database when None). Gives ``{"categories": {name: {"held", "total"}},
    "expectations": {"held", "total"}, "scorer_summary": [...]}``, or ``{"skipped": reason}``
    when the data or the scorer is absent.
    """
    bench = _real_stories_bench()
    folder = data / "real-stories"
    scorer = scorer or bench.SCORER
    if not (folder / "gold.json").exists() or not scorer.exists():
        return {"skipped": f"no real-stories dev set at {folder} or no scorer at {scorer}"}
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    module = bench.load_scorer(scorer)
    with tempfile.TemporaryDirectory(prefix="newsprism-real-") as scratch:
        bench.run_in_process(module, (db or Path(scratch) / "real.db").resolve())
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            module.main(["real_stories_check.py", "newsprism", "--data", str(folder)])
    lines = buffer.getvalue().splitlines()
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["events"]
    categories = bench.categorise(lines, gold)
    return {
        "categories": categories,
        "expectations": {
            "held": sum(c["held"] for c in categories.values()),
            "total": sum(c["total"] for c in categories.values()),
        },
        "scorer_summary": [
            line for line in lines if line.startswith(("grouping:", "reprints:", "events:"))
        ],
    }


def main() -> None:
    """Run the benchmark and write its JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "brief.json")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--no-real-stories", action="store_true")
    args = parser.parse_args()
    options = BriefOptions()
    results: dict[str, Any] = {"benchmark": "brief", "dev_set": evaluate(args.data, options)}
    if not args.no_timing:
        results["timing_50_articles"] = time_fifty(args.data, options)
    if not args.no_real_stories:
        results["real_stories"] = real_stories(args.data)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    summary = {k: v for k, v in results["dev_set"].items() if k != "per_story"}
    summary["timing"] = results.get("timing_50_articles")
    summary["real_stories"] = results.get("real_stories", {}).get("categories")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
