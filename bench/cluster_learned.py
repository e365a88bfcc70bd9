"""How far learning from NeuS/AllSides' own train stories takes story clustering (a ceiling check).

The shipped batch clustering mixes fixed word and embedding cosines and locally scales them
(bench/cluster.py calibrates the few options). This script measures two learned peers on the
same NeuS items, trained on the 2,145 train stories that bench/cluster.py does not use for
tuning (train stories 307 onwards), thresholds chosen on the two dev sets (val, train 0-306),
test scored once:

- ``pair_scorer``: a gradient-boosted classifier of "same story" over 16 features of each
  candidate pair (its word, names, headline, number and embedding cosines, the shipped mix
  before and after local scaling, the pair's ranks in both neighbour lists, its margins to
  each article's nearest and third-nearest neighbour, both articles' reach), candidates being
  each article's 15 nearest by the shipped mix; average-link over the predicted probabilities.
- ``fine_tuned`` (``--fine-tune``, about 15 minutes here): all-MiniLM-L6-v2 itself trained one
  epoch with a supervised contrastive loss on those train stories, its embeddings then used in
  the shipped mix in place of the packaged model's.

Both need the embeddings extra. Results go to bench/results/cluster_learned.json.

    .venv/bin/python bench/cluster_learned.py [--fine-tune]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cluster as bench

from newsprism.cluster import ClusterItem, ClusterOptions
from newsprism.cluster.similarity import _cosines, local_scaling, pair_similarity

RESULTS = Path(__file__).resolve().parent / "results"
DEV_STORIES = 307  # train stories 0-306 are bench/cluster.py's second dev set
CANDIDATES = 15
THRESHOLDS = [round(0.02 * i, 2) for i in range(1, 50)]


@dataclasses.dataclass
class Channels:
    """The pair-cosine matrices of one labelled set by channel, the shipped mix of them before
    local scaling, and the set's gold story numbers."""

    name: str
    cosines: dict[str, np.ndarray]
    mix: np.ndarray
    gold: np.ndarray


def channels(data: bench.LabelledSet, options: ClusterOptions) -> Channels:
    """Every channel's pair cosines for the set, and the mix batch clustering makes of them."""
    vectors, headlines = bench.set_vectors(data, options.title_weight)
    stories = [data.gold[item.id] for item in data.items]
    number = {story: k for k, story in enumerate(dict.fromkeys(stories))}
    unscaled = dataclasses.replace(options, local_scaling=0)
    return Channels(
        data.name,
        {
            "words": _cosines([v.text for v in vectors]),
            "names": _cosines([v.names for v in vectors]),
            "headline": _cosines([h.title for h in headlines]),
            "numbers": _cosines([h.numbers for h in headlines]),
            "embedding": data.embeddings @ data.embeddings.T,
        },
        pair_similarity(vectors, unscaled, headlines, data.embeddings),
        np.array([number[story] for story in stories]),
    )


def pair_features(found: Channels, options: ClusterOptions) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (i < j, each article's ``CANDIDATES`` nearest) and their features."""
    mix = found.mix
    scaled = local_scaling(mix, options.local_scaling, options.scaling_floor)
    others = mix.copy()
    np.fill_diagonal(others, -np.inf)
    order = np.argsort(-others, axis=1)
    n = len(mix)
    rank = np.empty_like(order)
    rank[np.arange(n)[:, None], order] = np.arange(n)[None, :]
    nearest = -np.sort(-others, axis=1)[:, :3]
    reach = nearest.mean(axis=1)
    pairs = np.unique(
        np.sort(
            np.stack([np.repeat(np.arange(n), CANDIDATES), order[:, :CANDIDATES].ravel()], axis=1),
            axis=1,
        ),
        axis=0,
    )
    i, j = pairs[:, 0], pairs[:, 1]
    columns = [found.cosines[name][i, j] for name in sorted(found.cosines)]
    columns += [
        mix[i, j],
        scaled[i, j],
        np.minimum(rank[i, j], rank[j, i]),
        np.maximum(rank[i, j], rank[j, i]),
        mix[i, j] - nearest[i, 0],
        mix[i, j] - nearest[j, 0],
        mix[i, j] - nearest[i, 2],
        mix[i, j] - nearest[j, 2],
        np.minimum(reach[i], reach[j]),
        np.maximum(reach[i], reach[j]),
    ]
    return pairs, np.stack(columns, axis=1)


def best_threshold(
    curves: Sequence[np.ndarray], thresholds: Sequence[float]
) -> tuple[float, float]:
    """The threshold with the best mean BCubed F1 over the curves, and that mean."""
    mean = np.mean(curves, axis=0)
    return thresholds[int(mean.argmax())], round(float(mean.max()), 4)


def score_at(similarity: np.ndarray, gold: np.ndarray, threshold: float) -> float:
    return round(float(bench.f1_by_threshold(similarity, gold.tolist(), [threshold])[0]), 4)


def learned_pairs(
    train: Channels, dev: Sequence[Channels], test: Channels, options: ClusterOptions
) -> dict[str, Any]:
    """The gradient-boosted pair scorer: trained on ``train``, threshold from ``dev``."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    pairs, features = pair_features(train, options)
    same = train.gold[pairs[:, 0]] == train.gold[pairs[:, 1]]
    model = HistGradientBoostingClassifier(
        max_iter=300, learning_rate=0.05, max_leaf_nodes=15, random_state=0
    ).fit(features, same)

    def probability_matrix(found: Channels) -> np.ndarray:
        pairs, features = pair_features(found, options)
        p = model.predict_proba(features)[:, 1]
        out = np.zeros((len(found.gold), len(found.gold)))
        out[pairs[:, 0], pairs[:, 1]] = p
        out[pairs[:, 1], pairs[:, 0]] = p
        return out

    curves = [
        bench.f1_by_threshold(probability_matrix(d), d.gold.tolist(), THRESHOLDS) for d in dev
    ]
    threshold, dev_f1 = best_threshold(curves, THRESHOLDS)
    return {
        "train_pairs": int(len(same)),
        "train_positive_share": round(float(same.mean()), 4),
        "threshold": threshold,
        "dev_bcubed_f1": dev_f1,
        "dev_bcubed_f1_by_set": {
            d.name: round(float(c[THRESHOLDS.index(threshold)]), 4)
            for d, c in zip(dev, curves, strict=True)
        },
        "test_bcubed_f1": score_at(probability_matrix(test), test.gold, threshold),
    }


def shipped(dev: Sequence[Channels], test: Channels, options: ClusterOptions) -> dict[str, Any]:
    """The shipped mix and local scaling at the best dev threshold (a same-run reference)."""

    def scaled(found: Channels) -> np.ndarray:
        return local_scaling(found.mix, options.local_scaling, options.scaling_floor)

    curves = [bench.f1_by_threshold(scaled(d), d.gold.tolist(), bench.THRESHOLDS) for d in dev]
    threshold, dev_f1 = best_threshold(curves, bench.THRESHOLDS)
    return {
        "threshold": threshold,
        "dev_bcubed_f1": dev_f1,
        "test_bcubed_f1": score_at(scaled(test), test.gold, threshold),
    }


def fine_tuned_embeddings(
    train: list[ClusterItem], gold: dict[str, str], evaluate: Sequence[Sequence[ClusterItem]]
) -> list[np.ndarray]:
    """Embeddings of each ``evaluate`` set by all-MiniLM-L6-v2 after one epoch of supervised
    contrastive training (temperature 0.05, 32 stories a batch, AdamW 2e-5) on ``train``."""
    import torch

    from newsprism.cluster import embed

    torch.manual_seed(0)
    model = embed._model()
    sentences = ClusterOptions().embedding_sentences
    texts = [embed.lead_text(item, sentences) for item in train]
    numbers = {story: k for k, story in enumerate(dict.fromkeys(gold[i.id] for i in train))}
    label = np.array([numbers[gold[item.id]] for item in train])
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-5)
    model.train()
    started = time.perf_counter()
    order = np.random.default_rng(0).permutation(len(numbers))
    encode = getattr(model, "preprocess", model.tokenize)
    for first in range(0, len(order), 32):
        rows = np.flatnonzero(np.isin(label, order[first : first + 32]))
        z = torch.nn.functional.normalize(
            model(dict(encode([texts[k] for k in rows])))["sentence_embedding"], dim=1
        )
        stories = torch.tensor(label[rows])
        logits = z @ z.T / 0.05
        logits.fill_diagonal_(-1e9)
        positive = (stories[:, None] == stories[None, :]).float()
        positive.fill_diagonal_(0)
        log_p = logits - torch.logsumexp(logits, dim=1, keepdim=True)
        loss = -((log_p * positive).sum(1) / positive.sum(1)).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    print(
        f"fine-tuned on {len(train)} items in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    model.eval()
    with torch.no_grad():
        return [
            embed.embed_texts([embed.lead_text(i, sentences) for i in items]) for items in evaluate
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fine-tune", action="store_true", help="also fine-tune MiniLM (slow)")
    args = parser.parse_args()
    options = ClusterOptions()
    dev_sets = bench.dev_sets("neus", entities=False, embed=True)
    test_set = bench.test_set("neus", entities=False, embed=True)
    every, gold = bench.neus_split("train")
    rest = every[3 * DEV_STORIES :]
    train_set = bench.labelled(
        "neus-train-rest",
        (rest, {item.id: gold[item.id] for item in rest}),
        [item for data in dev_sets for item in data.items],
        embed=True,
    )
    started = time.perf_counter()
    dev = [channels(data, options) for data in dev_sets]
    test = channels(test_set, options)
    result: dict[str, Any] = {
        "train_stories": len(set(train_set.gold.values())),
        "shipped": shipped(dev, test, options),
        "pair_scorer": learned_pairs(channels(train_set, options), dev, test, options),
    }
    if args.fine_tune:
        vectors = fine_tuned_embeddings(
            train_set.items, train_set.gold, [d.items for d in dev_sets] + [test_set.items]
        )
        tuned = [
            dataclasses.replace(data, embeddings=rows)
            for data, rows in zip([*dev_sets, test_set], vectors, strict=True)
        ]
        result["fine_tuned"] = shipped(
            [channels(d, options) for d in tuned[:-1]], channels(tuned[-1], options), options
        )
    result["seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster_learned.json").write_text(
        json.dumps(result, indent=2, sort_keys=True) + "\n"
    )
    print(json.dumps(result, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
