"""Alignment of atomic facts across articles: constrained clustering that cannot heap.

Two statements of different articles state the same fact when their slots and words agree:
the pair score is an IDF-weighted cosine over words, entities, figures (value and what they
count) and dates, blended with how much of the shorter statement the longer one covers.

Claims are made by average-link clustering with a cannot-link between any two statements of
one article: a claim holds at most one statement per article (and so cannot heap sentences
of one article), and two groups merge only when the mean score over all their pairs reaches
``BriefOptions.claim_threshold``, so a chain of loosely related sentences never joins up the
way transitive ties did. An article that repeats one of its statements verbatim lends the
repeat to the same claim.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from newsprism.cluster.linkage import average_link
from newsprism.compare.facts import Statement
from newsprism.compare.records import BriefOptions
from newsprism.compare.story import StoryArticles


@dataclass(frozen=True)
class ClaimAlignment:
    """The statements of the story, their pair scores, and the groups that make claims.

    ``similarity[i, j]`` is the score of statements ``i`` and ``j`` (by key), 0 between two
    statements of one article; ``groups`` holds tuples of statement keys, sorted.
    """

    statements: tuple[Statement, ...]
    similarity: np.ndarray
    groups: tuple[tuple[int, ...], ...]

    def group_of(self) -> dict[int, int]:
        """Return statement key -> index of its group."""
        return {key: g for g, members in enumerate(self.groups) for key in members}


def similarity_matrix(statements: list[Statement]) -> np.ndarray:
    """Return the pair scores of the statements, a square float32 matrix with zeros between
    statements of one article.

    Each statement is a vector of IDF-weighted features: word stems, entities (weighted
    ``_ENTITY``), measures (a figure with what it counts) and dates. The score is the mean of
    the cosine and of the shared weight over the smaller statement's weight (a short sentence
    restating part of a long lead states that fact).
    """
    n = len(statements)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    features = [_features(s) for s in statements]
    df: Counter[str] = Counter()
    for f in features:
        df.update(set(f))
    vocab = {name: i for i, name in enumerate(sorted(df))}
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, f in enumerate(features):
        for name, weight in f.items():
            idf = math.log((1 + n) / (1 + df[name])) + 1.0
            matrix[row, vocab[name]] = weight * idf
    binary = (matrix > 0).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit = matrix / norms
    cosine = unit @ unit.T
    mass = matrix.sum(axis=1)
    shared = matrix @ binary.T
    shared = np.minimum(shared, shared.T)
    smaller = np.minimum(mass[:, None], mass[None, :])
    smaller[smaller == 0] = 1.0
    sim = (0.5 * cosine + 0.5 * shared / smaller).astype(np.float32)
    articles = np.array([s.article for s in statements])
    sim[articles[:, None] == articles[None, :]] = 0.0
    return sim


_ENTITY = 1.5


def _features(statement: Statement) -> dict[str, float]:
    features: dict[str, float] = {s: 1.0 for s in statement.stems}
    for entity in statement.entities:
        features["E:" + entity] = _ENTITY
    for fig in statement.figures:
        features[f"N:{fig.unit}:{fig.value:g}:{fig.other or ''}"] = 1.0
    for value, _ in statement.dates:
        features["D:" + value] = 1.0
    return features


def align_statements(
    story: StoryArticles, statements: list[Statement], options: BriefOptions
) -> ClaimAlignment:
    """Return the statements grouped into claims by average-link clustering, at most one
    statement per article in a group (a verbatim repeat joins its first printing)."""
    sim = similarity_matrix(statements)
    n = len(statements)
    if n == 0:
        return ClaimAlignment(statements=(), similarity=sim, groups=())
    # Verbatim repeats inside one article start as one group; every other pair of one
    # article may never share a group.
    first: dict[tuple[str, str], int] = {}
    seeds: dict[int, list[int]] = defaultdict(list)
    for s in statements:
        key = (s.article, " ".join(s.text.split()))
        seeds[first.setdefault(key, s.key)].append(s.key)
    groups = [members for _, members in sorted(seeds.items())]
    article_of = [statements[members[0]].article for members in groups]
    by_article: dict[str, list[int]] = defaultdict(list)
    for position, article in enumerate(article_of):
        by_article[article].append(position)
    apart = [
        (a, b)
        for positions in by_article.values()
        for x, a in enumerate(positions)
        for b in positions[x + 1 :]
    ]
    labels = average_link(sim.astype(np.float64), options.claim_threshold, groups, apart)
    clusters: dict[int, list[int]] = defaultdict(list)
    for key in range(n):
        clusters[int(labels[key])].append(key)
    ordered = tuple(sorted(tuple(sorted(members)) for members in clusters.values()))
    return ClaimAlignment(statements=tuple(statements), similarity=sim, groups=ordered)
