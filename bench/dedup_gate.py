"""The real-data gate of reprint detection (part of ``bench/dedup.py``'s run and its results).

NeuS/AllSides raw reports (a left-, a centre- and a right-rated outlet's own report of each
story, so independent by construction: at most ``GATE["neus_articles_called_reprints_max"]``
may be called reprints) and the real-stories dev set's copy groups (reprint links scored as
the shared scorer ``../shared/eval/real_stories_check.py`` scores them), with each rule's
measure on the dev set's copy pairs against partial copies and independent reports.
``tests/test_dedup_gates.py`` asserts the gate.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from newsprism.dedup import DedupOptions, DedupResult, ReprintDetector
from newsprism.model import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _article(doc_id: str, text: str, outlet: str) -> Article:
    return Article(
        id=doc_id,
        source=f"real:{doc_id}",
        format="text",
        text=text,
        content_hash=doc_id,
        ingested_at="2024-01-01T00:00:00+00:00",
        outlet=outlet,
    )


REAL_STORIES = SHARED / "real-stories"
NEUS_RAW = SHARED / "neus-allsides" / "raw" / "headline_11_2021-10-19_crawled_all.jsonl"
GATE = {  # issue 12: what the real-data section must hold
    "neus_articles_called_reprints_max": 2,
    "dev_precision_min": 0.95,
    "dev_recall_min": 0.95,
    "dev_independent_called_reprints_max": 0,
}


def neus_raw_articles() -> list[Article]:
    """Every outlet item of the NeuS/AllSides raw file with a body (independent by construction:
    a left-, a centre- and a right-rated outlet's own reports of each story)."""
    articles = []
    lines = NEUS_RAW.read_text(encoding="utf-8").splitlines() if NEUS_RAW.exists() else []
    for line in lines:
        doc = json.loads(line)
        for side, item in sorted(doc["news"].items()):
            text = " ".join(item["newBody"]).strip()
            if text:
                outlet = item.get("newsSource") or "real"
                articles.append(_article(f"neus:{doc['id']}:{side}", text, outlet))
    return articles


def dev_set_articles() -> tuple[list[Article], list[dict]]:
    """The real-stories dev set's articles (id "event/file") and its gold events, if present."""
    from newsprism.articles import build_article
    from newsprism.ingest.reader import read_path

    gold_path = REAL_STORIES / "gold.json"
    if not gold_path.exists():
        return [], []
    events = json.loads(gold_path.read_text(encoding="utf-8"))["events"]
    articles = []
    for event in events:
        for name in event["files"]:
            read = read_path(REAL_STORIES / "events" / event["slug"] / name, max_bytes=1 << 22)
            built = build_article(read.drafts[0], ingested_at="2024-01-01T00:00:00+00:00")
            articles.append(replace(built, id=f"{event['slug']}/{name}"))
    return articles, events


def dev_reprint_scores(result: DedupResult, events: Sequence[dict]) -> dict:
    """Reprint links scored as the shared real-stories scorer does: a link inside a gold copy
    group is right, one inside a partial-copy group counts neither way, any other is wrong;
    recall counts, per group, its members linked to another member (at most all but one)."""
    group_of: dict[str, frozenset[str]] = {}
    partial_of: dict[str, set[str]] = {}
    for event in events:
        for g in event.get("reprints", []):
            members = frozenset(f"{event['slug']}/{f}" for f in g["files"])
            group_of.update(dict.fromkeys(members, members))
        for g in event.get("partial_copies", []):
            members = frozenset(f"{event['slug']}/{f}" for f in g["files"])
            for m in members:
                partial_of.setdefault(m, set()).update(members)
    reprint_of = {link.article_id: link.reprint_of for link in result.links}
    right = wrong = 0
    for source, target in reprint_of.items():
        if target in group_of.get(source, ()):
            right += 1
        elif target not in partial_of.get(source, ()):
            wrong += 1
    groups = set(group_of.values())
    need = sum(len(g) - 1 for g in groups)
    got = sum(min(len(g) - 1, sum(reprint_of.get(m) in g for m in g)) for g in groups)
    independent = sorted(k for k in reprint_of if k not in group_of and k not in partial_of)
    return {
        "links_right": right,
        "links_wrong": wrong,
        "precision": round(right / (right + wrong), 4) if right + wrong else 1.0,
        "recall": round(got / need, 4) if need else 1.0,
        "copies_linked": got,
        "copies": need,
        "independent_called_reprints": independent,
        "links": {k: reprint_of[k] for k in sorted(reprint_of)},
    }


def dev_pair_separation(
    options: DedupOptions, articles: Sequence[Article], events: Sequence[dict]
) -> dict:
    """What each rule measures on the dev set's pairs of one event, by kind of pair: every gold
    copy pair, and the highest value among partial copies and among independent reports.

    Measures: narration Jaccard, the larger share of one narration found in the other's whole
    text (the ``narration_in_text`` rule), and the Jaccard similarity of the anchor runs with
    the smaller run count (the ``anchor_`` rules; a pair below ``anchor_runs`` cannot pass).
    """
    from newsprism.dedup_rules import found_share, similarity_of

    detector = ReprintDetector(options)
    evidence = {a.id: detector.evidence(a) for a in articles}
    copies: list[dict] = []
    top: dict[str, dict[str, float]] = {"partial": {}, "independent": {}}
    for event in events:
        copy_groups = [set(g["files"]) for g in event.get("reprints", [])]
        partial_groups = [set(g["files"]) for g in event.get("partial_copies", [])]
        files = sorted(event["files"])
        for n, a in enumerate(files):
            for b in files[n + 1 :]:
                pair = similarity_of(
                    evidence[f"{event['slug']}/{a}"], evidence[f"{event['slug']}/{b}"]
                )
                (told_a, told_b), (text_a, text_b) = pair.narration_sizes, pair.text_sizes
                found = max(
                    found_share(pair.narration_in_text[0], told_a, text_b, options),
                    found_share(pair.narration_in_text[1], told_b, text_a, options),
                )
                anchor_runs = min(pair.anchor_sizes)
                values = {
                    "narration_jaccard": round(pair.narration, 4),
                    "narration_in_text": round(found, 4),
                    "anchor_jaccard": round(pair.anchors, 4),
                    "anchor_jaccard_with_enough_runs": round(pair.anchors, 4)
                    if anchor_runs >= options.anchor_runs
                    else 0.0,
                }
                if any(a in g and b in g for g in copy_groups):
                    copies.append({"pair": f"{event['slug']}: {a} / {b}", **values})
                    continue
                kind = (
                    "partial" if any(a in g and b in g for g in partial_groups) else "independent"
                )
                for key, value in values.items():
                    top[kind][key] = max(top[kind].get(key, 0.0), value)
    return {
        "copy_pairs": copies,
        "highest_partial": top["partial"],
        "highest_independent": top["independent"],
    }


def real_data_gate(options: DedupOptions) -> dict:
    """The gate on real data: NeuS raw reports called reprints, and the dev set's reprint P/R."""
    neus = neus_raw_articles()
    dev, events = dev_set_articles()
    if not neus or not dev:
        return {"available": False}
    neus_result = ReprintDetector(options).fit(neus).result_
    called = sorted({link.article_id for link in neus_result.links})
    dev_scores = dev_reprint_scores(ReprintDetector(options).fit(dev).result_, events)
    passed = (
        len(called) <= GATE["neus_articles_called_reprints_max"]
        and dev_scores["precision"] >= GATE["dev_precision_min"]
        and dev_scores["recall"] >= GATE["dev_recall_min"]
        and len(dev_scores["independent_called_reprints"])
        <= GATE["dev_independent_called_reprints_max"]
    )
    return {
        "available": True,
        "gate": GATE,
        "passed": passed,
        "neus_raw": {
            "articles": len(neus),
            "called_reprints": len(called),
            "links": [vars(link) for link in neus_result.links],
        },
        "dev_set": {
            "articles": len(dev),
            **dev_scores,
            "separation": dev_pair_separation(options, dev, events),
        },
    }
