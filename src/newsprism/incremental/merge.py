"""Merging neighbouring stories after an article joins one, by the batch linking rule.

Online, an article that arrives before its story has enough members founds a story of its
own, and a later article that bridges two such stories only joins one of them. The batch
recomputation would merge them: average-link clustering merges two groups when the average
of their pair similarities (``pair_similarity``: words, names, headline words, numbers, time
penalty, local scaling) reaches the batch threshold. Here the same rule is applied locally,
after each placement: the touched story and a few of the article's other candidate stories
(each represented by its most recent members) are compared with the batch similarity, and the
touched story absorbs, greedily, every neighbour whose average link reaches the threshold and
that no correction keeps apart. The cost is bounded by the number of neighbours and members
compared, not by the store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from newsprism.cluster.features import HeadlineVectors, ItemVector
from newsprism.cluster.options import ClusterOptions
from newsprism.cluster.similarity import pair_similarity

MERGE_MEMBERS = 12
"""Most members of a story (its most recent) compared when checking a merge: a bounded cost."""


@dataclass(frozen=True)
class MemberFeatures:
    """One member article's batch features: its weighed vector and headline vectors."""

    article_id: str
    vector: ItemVector
    headline: HeadlineVectors


@dataclass(frozen=True)
class MergeChoice:
    """A neighbour (its position among the neighbours given) that the touched story absorbs,
    with the average link that decided it."""

    neighbour: int
    score: float


def neighbours_to_merge(
    touched: Sequence[MemberFeatures],
    neighbours: Sequence[Sequence[MemberFeatures]],
    options: ClusterOptions,
    blocked: Callable[[int], bool] = lambda _: False,
) -> list[MergeChoice]:
    """The neighbours the touched story absorbs, in the order average linking merges them:
    repeatedly the one whose average pair similarity to the (grown) touched story is highest,
    while it reaches ``options.batch_threshold``; ``blocked(i)`` keeps neighbour ``i`` out."""
    groups = [list(touched), *[list(n) for n in neighbours]]
    members = [m for group in groups for m in group]
    if not touched or len(groups) < 2:
        return []
    similarity = pair_similarity(
        [m.vector for m in members], options, [m.headline for m in members]
    )
    spans: list[np.ndarray] = []
    start = 0
    for group in groups:
        spans.append(np.arange(start, start + len(group)))
        start += len(group)
    grown = spans[0]
    left = [i for i in range(len(neighbours)) if len(neighbours[i]) and not blocked(i)]
    chosen: list[MergeChoice] = []
    while left:
        scores = {i: float(similarity[np.ix_(grown, spans[i + 1])].mean()) for i in left}
        best = min(left, key=lambda i: (-scores[i], i))
        if not scores[best] >= options.batch_threshold:
            break
        chosen.append(MergeChoice(best, round(scores[best], 6)))
        grown = np.concatenate([grown, spans[best + 1]])
        left.remove(best)
    return chosen
