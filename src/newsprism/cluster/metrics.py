"""Scores of a clustering against gold labels: BCubed and pairwise precision, recall, F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Precision, recall and their harmonic mean (0 when both are 0)."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> Scores:
        """Scores with F1 computed from precision and recall."""
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)


def _check(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> None:
    if predicted.keys() != gold.keys():
        missing = sorted(set(gold) ^ set(predicted))[:3]
        raise ValueError(f"predicted and gold label different items, e.g. {missing}")


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Scores:
    """BCubed scores: per item, the share of its predicted cluster that is in its gold cluster
    (precision) and the share of its gold cluster found in its predicted cluster (recall),
    averaged over items (Bagga & Baldwin 1998)."""
    _check(predicted, gold)
    if not gold:
        return Scores(1.0, 1.0, 1.0)
    both = Counter((predicted[i], gold[i]) for i in gold)
    predicted_sizes = Counter(predicted.values())
    gold_sizes = Counter(gold.values())
    # Every item in cell (p, g) has the same precision n_pg / |p| and recall n_pg / |g|.
    precision = sum(n * n / predicted_sizes[p] for (p, _), n in both.items())
    recall = sum(n * n / gold_sizes[g] for (_, g), n in both.items())
    return Scores.of(precision / len(gold), recall / len(gold))


def pairwise(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Scores:
    """Pairwise scores: over pairs of items put together, the share that gold puts together
    (precision), and over pairs gold puts together, the share predicted together (recall)."""
    _check(predicted, gold)

    def pairs(sizes: Counter[Hashable] | Counter[tuple[Hashable, Hashable]]) -> int:
        return sum(n * (n - 1) // 2 for n in sizes.values())

    together = pairs(Counter((predicted[i], gold[i]) for i in gold))
    predicted_pairs = pairs(Counter(predicted.values()))
    gold_pairs = pairs(Counter(gold.values()))
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / gold_pairs if gold_pairs else 1.0
    return Scores.of(precision, recall)
