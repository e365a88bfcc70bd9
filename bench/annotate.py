"""Benchmarks of the annotate stage; writes bench/results/annotate.json.

    .venv/bin/python bench/annotate.py quotes --split dev       # PolNeAR quotes and speakers
    .venv/bin/python bench/annotate.py entities --split dev     # UNER English-EWT, raw vs ours
    .venv/bin/python bench/annotate.py dates                    # bench/gold/dates.jsonl
    .venv/bin/python bench/annotate.py throughput --runs 3      # ours vs raw nlp.pipe, 2 cores
    .venv/bin/python bench/annotate.py all --split test         # everything, once, at the end

Each command prints its figures and merges them into the results file under its own key
(with the split in the key), so that dev runs never overwrite the test figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from newsprism.annotate import (  # noqa: E402
    AnnotateOptions,
    Annotator,
    ArticleAnnotations,
)
from newsprism.annotate.entities import extract_entities  # noqa: E402
from newsprism.annotate.nlp import load_model, model_fingerprint  # noqa: E402

DATA = Path(os.environ.get("NEWSPRISM_SHARED_DATA", ROOT.parent / "shared" / "data"))
RESULTS = HERE / "results" / "annotate.json"
GOLD_DATES = HERE / "gold" / "dates.jsonl"
QUOTE_MARKS = "\"“”'‘’«»„"
HONORIFIC_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Prof|President)\.?\s+")


# -- PolNeAR ------------------------------------------------------------------------------
def load_polnear(split: str) -> list[dict[str, Any]]:
    """Return PolNeAR articles of ``split``: text, publication date, attributions.

    Texts annotated by several annotators are read with the first annotation file in sorted
    order, so every text counts once.
    """
    folder = DATA / "polnear" / split
    dates = {}
    with (DATA / "polnear" / "metadata.tsv").open(encoding="utf-8") as meta:
        header = meta.readline().rstrip("\n").split("\t")
        for line in meta:
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            dates[row["filename"]] = row.get("publication_date")
    files: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        base = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        files.setdefault(base, []).append(ann)
    articles = []
    for base, anns in sorted(files.items()):
        text = (folder / "text" / f"{base}.txt").read_text(encoding="utf-8")
        spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
        attributions = []
        for line in anns[0].read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                tid, middle, surface = line.split("\t", 2)
                kind, ranges = middle.split(" ", 1)
                pieces = [(int(a), int(b)) for a, b in (r.split() for r in ranges.split(";"))]
                spans[tid] = (kind, pieces, surface)
            elif line.startswith("E"):
                parts = dict(p.split(":") for p in line.split("\t", 1)[1].split())
                attributions.append({k: spans[v] for k, v in parts.items() if v in spans})
        articles.append(
            {"name": base, "text": text, "published": dates.get(base), "attrs": attributions}
        )
    return articles


def _chars(pieces: Iterable[tuple[int, int]], text: str) -> set[int]:
    """Return the offsets of the pieces' characters that are neither spaces nor quote marks."""
    return {
        i
        for start, end in pieces
        for i in range(start, end)
        if not text[i].isspace() and text[i] not in QUOTE_MARKS
    }


def _name_words(name: str) -> set[str]:
    words = re.findall(r"[A-Z][\w'’-]+", HONORIFIC_RE.sub("", name))
    return {w.lower() for w in words if w.lower() not in {"the", "a"}}


def score_quotes(articles: list[dict[str, Any]], annotations: list[ArticleAnnotations]) -> dict:
    """Return precision, recall and speaker accuracy of direct quotes against PolNeAR."""
    n_gold = n_pred = matched_pred = matched_gold = with_source = right_speaker = 0
    for article, result in zip(articles, annotations, strict=True):
        text = article["text"]
        golds = []
        for attribution in article["attrs"]:
            content = attribution.get("Content")
            if content and content[2][:1] in QUOTE_MARKS:
                golds.append((_chars(content[1], text), attribution.get("Source")))
        preds = [
            (_chars([(q.start, q.end)], text), q)
            for q in result.quotes
            if q.direct and not q.partial
        ]
        n_gold += len(golds)
        n_pred += len(preds)

        def overlap(a: set[int], b: set[int]) -> bool:
            return bool(a) and bool(b) and len(a & b) >= 0.5 * min(len(a), len(b))

        matched_pred += sum(1 for p, _ in preds if any(overlap(p, g) for g, _ in golds))
        for gold_chars, source in golds:
            hits = [(len(p & gold_chars), q) for p, q in preds if overlap(p, gold_chars)]
            if not hits:
                continue
            matched_gold += 1
            if source is None:
                continue
            with_source += 1
            quote = max(hits, key=lambda h: h[0])[1]
            if _speaker_right(quote, source, text):
                right_speaker += 1
    precision = matched_pred / n_pred if n_pred else 0.0
    recall = matched_gold / n_gold if n_gold else 0.0
    return {
        "gold_quotes": n_gold,
        "predicted_quotes": n_pred,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if n_pred else 0.0,
        "speaker_accuracy": round(right_speaker / with_source, 4) if with_source else 0.0,
        "speaker_evaluated": with_source,
    }


def _speaker_right(quote: Any, source: tuple[str, list[tuple[int, int]], str], text: str) -> bool:
    """Return True when the predicted speaker is the annotated source (see QUOTE_RULES)."""
    if quote.speaker_name is None or quote.speaker_start is None:
        return False
    predicted = set(range(quote.speaker_start, quote.speaker_end))
    if any(predicted & set(range(a, b)) for a, b in source[1]):
        return True
    return bool(_name_words(quote.speaker_name) & _name_words(source[2]))


QUOTE_RULES = {
    "gold": "PolNeAR attributions whose Content starts with a quote mark (one annotation file "
    "per text: the first in sorted order); discontinuous contents are one quote",
    "predicted": "QuoteMention with direct=True and partial=False",
    "span_match": "a predicted and a gold quote match when their content characters (spaces "
    "and quote marks left out) overlap by at least half of the shorter of the two; precision "
    "= predicted quotes matching some gold quote / predicted; recall = gold quotes matched "
    "by some predicted quote / gold",
    "speaker": "for each matched gold quote with a Source, the best-overlapping predicted "
    "quote's speaker is right when its speaker span (speaker_start..speaker_end: the words "
    "that name the speaker, e.g. the pronoun) overlaps the gold Source span, or when its "
    "resolved speaker_name shares a capitalised name word with the gold Source text "
    "(honorifics left out); a quote without speaker counts as wrong",
}


def bench_quotes(split: str, limit: int | None, options: AnnotateOptions) -> dict:
    """Return the PolNeAR quote figures for ``split``."""
    articles = load_polnear(split)[:limit]
    started = time.perf_counter()
    with Annotator(options) as annotator:
        results = annotator.annotate_texts(
            [(a["name"], a["text"], a["published"]) for a in articles]
        )
    figures = score_quotes(articles, results)
    figures.update(
        split=split,
        articles=len(articles),
        seconds=round(time.perf_counter() - started, 1),
        rules=QUOTE_RULES,
        reference_textacy_direct_quotations_test={
            "precision": 0.71,
            "recall": 0.8,
            "speaker_accuracy": 0.77,
            "note": "figures given in the issue, not re-run here with these rules",
        },
    )
    return figures


# -- Universal NER ------------------------------------------------------------------------
UNER_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
OUR_LABELS = {"person": "PER", "organization": "ORG", "outlet": "ORG", "place": "LOC"}


def load_uner(split: str) -> list[dict[str, Any]]:
    """Return UNER English-EWT documents: text (sentences one per line) and gold spans."""
    path = DATA / "uner_english_ewt" / f"en_ewt-ud-{split}.iob2"
    documents: list[dict[str, Any]] = []
    sentence_text = ""
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        if not tokens:
            return
        document = documents[-1]
        base = len(document["text"]) + (1 if document["text"] else 0)
        text = sentence_text or " ".join(t for t, _ in tokens)
        document["text"] += ("\n" if document["text"] else "") + text
        position = 0
        current: list[Any] | None = None
        for token, tag in tokens:
            found = text.find(token, position)
            if found < 0:
                found = position
            start, end = base + found, base + found + len(token)
            position = found + len(token)
            if tag.startswith("B-") or (tag.startswith("I-") and current is None):
                current = [start, end, tag[2:]]
                document["gold"].append(current)
            elif tag.startswith("I-") and current is not None:
                current[1] = end
            else:
                current = None
        tokens.clear()

    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                flush()
                documents.append({"id": line.split("=", 1)[1].strip(), "text": "", "gold": []})
            elif line.startswith("# text ="):
                flush()
                sentence_text = line.split("=", 1)[1].strip()
            elif line.startswith("#"):
                continue
            elif not line.strip():
                flush()
                sentence_text = ""
            else:
                columns = line.split("\t")
                if not documents:
                    documents.append({"id": "doc", "text": "", "gold": []})
                tokens.append((columns[1], columns[2]))
        flush()
    for document in documents:
        document["gold"] = [tuple(g) for g in document["gold"]]
    return documents


def _prf(gold: set, predicted: set) -> dict[str, float]:
    hit = len(gold & predicted)
    p = hit / len(predicted) if predicted else 0.0
    r = hit / len(gold) if gold else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
    }


def score_entities(gold: set, predicted: set) -> dict[str, Any]:
    """Return micro P/R/F1 over all labels and per label, exact (start, end, label) match."""
    figures: dict[str, Any] = _prf(gold, predicted)
    for label in ("PER", "ORG", "LOC"):
        figures[label] = _prf(
            {g for g in gold if g[3] == label}, {p for p in predicted if p[3] == label}
        )
    return figures


def bench_entities(split: str, limit: int | None, options: AnnotateOptions) -> dict:
    """Return exact-span F1 on UNER for the raw model and for the annotate stage."""
    documents = load_uner(split)[:limit]
    nlp = load_model(options.model)
    gold: set = set()
    for n, document in enumerate(documents):
        gold |= {(n, s, e, label) for s, e, label in document["gold"]}
    gold_spans = {(n, s, e, lab) for n, s, e, lab in gold}
    results: dict[str, Any] = {"split": split, "documents": len(documents)}
    for norp in (None, "ORG", "LOC"):
        raw: set = set()
        ours: set = set()
        docs = nlp.pipe([d["text"] for d in documents], batch_size=options.batch_size)
        for n, doc in enumerate(docs):
            raw_labels = dict(UNER_LABELS, **({"NORP": norp} if norp else {}))
            raw |= {
                (n, e.start_char, e.end_char, raw_labels[e.label_])
                for e in doc.ents
                if e.label_ in raw_labels
            }
            our_labels = dict(OUR_LABELS, **({"group": norp} if norp else {}))
            ours |= {
                (n, m.start, m.end, our_labels[m.type])
                for m in extract_entities(doc)
                if m.type in our_labels
            }
        key = f"norp_as_{norp or 'none'}"
        results[key] = {
            "raw_model": score_entities(_flat(gold_spans), _flat(raw)),
            "ours": score_entities(_flat(gold_spans), _flat(ours)),
        }
    results["rules"] = {
        "match": "exact character span and label; micro over PER, ORG, LOC",
        "raw_model": "doc.ents: PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC",
        "ours": "EntityMention.type: person->PER, organization/outlet->ORG, place->LOC",
        "norp": "NORP (raw) and group (ours) left out, or mapped to ORG or LOC, per key",
        "text": "each document's sentences (the # text lines), one per line",
    }
    return results


def _flat(spans: set) -> set:
    return {(n, s, e, label) for n, s, e, label in spans}


# -- dates --------------------------------------------------------------------------------
def bench_dates(options: AnnotateOptions) -> dict:
    """Return the share of bench/gold/dates.jsonl resolved exactly (value and granularity)."""
    rows = [json.loads(line) for line in GOLD_DATES.read_text(encoding="utf-8").splitlines()]
    with Annotator(options) as annotator:
        results = annotator.annotate_texts(
            (str(n), row["sentence"], row["published"]) for n, row in enumerate(rows)
        )
    right = found = 0
    by_case: dict[str, list[int]] = {}
    errors = []
    for row, result in zip(rows, results, strict=True):
        start = row["sentence"].index(row["expression"])
        end = start + len(row["expression"])
        hits = [d for d in result.dates if d.start < end and d.end > start]
        ok = any(d.value == row["expected"] and d.granularity == row["granularity"] for d in hits)
        found += bool(hits)
        right += ok
        tally = by_case.setdefault(row["case"], [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok:
            errors.append(
                {
                    "sentence": row["sentence"],
                    "published": row["published"],
                    "expected": [row["expected"], row["granularity"]],
                    "got": [[d.text, d.value, d.granularity] for d in hits],
                }
            )
    weekday_cases = sum(t[1] for c, t in by_case.items() if c.startswith("weekday"))
    return {
        "expressions": len(rows),
        "weekday_and_tense_cases": weekday_cases,
        "found": found,
        "exactly_right": right,
        "accuracy": round(right / len(rows), 4),
        "by_case": {c: f"{t[0]}/{t[1]}" for c, t in sorted(by_case.items())},
        "errors": errors,
        "rule": "an expression is exactly right when a DateMention overlapping it has the "
        "expected value and granularity",
    }


# -- throughput ---------------------------------------------------------------------------
def bench_throughput(limit: int | None, runs: int, processes: int) -> dict:
    """Return articles per second of our annotation and of raw ``nlp.pipe``, same texts.

    Both sides start their worker processes inside the timed run; runs alternate between the
    two so that a busy machine slows both alike. Also reported: both on one process, where
    the difference is the cost of the rules alone.
    """
    articles = load_polnear("dev")[: limit or 40]
    texts = [a["text"] for a in articles]
    items = [(a["name"], a["text"], a["published"]) for a in articles]
    nlp = load_model(AnnotateOptions().model)
    figures: dict[str, Any] = {
        "articles": len(texts),
        "characters": sum(map(len, texts)),
        "runs": runs,
        "texts": "PolNeAR dev articles (the first N, sorted by name)",
    }
    for n_process in sorted({1, processes}):
        raw_times, our_times = [], []
        for _ in range(runs):
            started = time.perf_counter()
            list(nlp.pipe(texts, batch_size=32, n_process=n_process))
            raw_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            options = AnnotateOptions(batch_size=32, n_process=n_process)
            with Annotator(options) as annotator:
                annotator.annotate_texts(items)
            our_times.append(time.perf_counter() - started)
        raw, ours = statistics.median(raw_times), statistics.median(our_times)
        figures[f"processes_{n_process}"] = {
            "raw_nlp_pipe_seconds": round(raw, 2),
            "ours_seconds": round(ours, 2),
            "raw_articles_per_second": round(len(texts) / raw, 2),
            "ours_articles_per_second": round(len(texts) / ours, 2),
            "time_ratio_ours_to_raw": round(ours / raw, 3),
            "raw_runs": [round(t, 2) for t in raw_times],
            "ours_runs": [round(t, 2) for t in our_times],
        }
    return figures


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks asked for; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["quotes", "entities", "dates", "throughput", "all"])
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--limit", type=int, default=None, help="first N articles/docs only")
    parser.add_argument("--runs", type=int, default=3, help="throughput runs (median)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    options = AnnotateOptions()
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    todo = ["quotes", "entities", "dates", "throughput"] if args.what == "all" else [args.what]
    for what in todo:
        if what == "quotes":
            key, figures = (
                f"quotes_polnear_{args.split}",
                bench_quotes(args.split, args.limit, options),
            )
        elif what == "entities":
            key, figures = (
                f"entities_uner_{args.split}",
                bench_entities(args.split, args.limit, options),
            )
        elif what == "throughput":
            key = f"throughput_{args.processes}_cores"
            figures = bench_throughput(args.limit, args.runs, args.processes)
        elif what == "dates":
            key, figures = "dates_gold", bench_dates(options)
        else:
            raise SystemExit(f"{what}: not written yet")
        print(json.dumps({key: figures}, indent=2, sort_keys=True))
        results[key] = figures
    results["annotator"] = model_fingerprint(options.model)
    if not args.no_save and (args.limit is None or args.what == "throughput"):
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
