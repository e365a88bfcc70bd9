"""Alignment of atomic facts across articles: constrained clustering that cannot heap.

Two statements of different articles state the same fact when their slots and words agree:
the pair score is an IDF-weighted cosine over words (paraphrases and spellings folded, see
``words.fact_stems``), entities, figures with what they count, numbers and dates, blended
with how much of the shorter statement the longer one covers (see ``similarity_matrix``).

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
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

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


def similarity_matrix(
    statements: list[Statement],
    options: BriefOptions = BriefOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> np.ndarray:
    """Return the pair scores of the statements, a square float32 matrix with zeros between
    statements of one article.

    Each statement is a vector of IDF-weighted features, one per slot value: word stems,
    entities, figures, measures (what a figure counts; its unit and size), numbers in digits
    and dates (weights in ``BriefOptions``). The score blends their cosine with the shared
    weight over the smaller statement's weight (a short sentence restating part of a long lead
    states that fact), the latter in full only once the shared weight reaches that of a few
    rare words; a pair where one side gives a figure and the other none is cut by
    ``claim_figure_penalty``.
    """
    n = len(statements)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    features = [_features(s, options) for s in statements]
    df: Counter[str] = Counter()
    for f in features:
        df.update(set(f))
    vocab = {name: i for i, name in enumerate(sorted(df))}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, f in enumerate(features):
        for name, weight in f.items():
            rows.append(row)
            cols.append(vocab[name])
            values.append(weight * (math.log((1 + n) / (1 + df[name])) + 1.0))
    # Sparse products: a statement holds a few dozen of the story's thousands of features.
    matrix = sp.csr_matrix(
        (np.asarray(values, dtype=np.float32), (rows, cols)), shape=(n, len(vocab))
    )
    binary = matrix.copy()
    binary.data[:] = 1.0
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = sp.diags((1.0 / norms).astype(np.float32)) @ matrix
    cosine = (unit @ unit.T).toarray()
    mass = np.asarray(matrix.sum(axis=1)).ravel()
    shared = (matrix @ binary.T).toarray()
    shared = np.minimum(shared, shared.T)
    smaller = np.minimum(mass[:, None], mass[None, :])
    smaller[smaller == 0] = 1.0
    # A short statement that shares one word with a long one is "contained" in it too: the
    # containment counts in full only once the shared weight reaches that of
    # ``claim_anchor_words`` rare words.
    rare = math.log((1 + n) / 2) + 1.0  # the IDF of a feature only one statement has
    anchor = options.claim_anchor_words * rare
    contain = shared / smaller * np.minimum(1.0, shared / anchor)
    weight = options.claim_contain_weight
    sim = ((1 - weight) * cosine + weight * contain).astype(np.float32)
    # A statement that gives a figure and one that gives none tell different details ("kept
    # 70% of the ball" / "kept most of the ball"): their score is cut by the figure penalty.
    counted = np.array([bool(s.figures) for s in statements])
    sim[counted[:, None] != counted[None, :]] *= np.float32(1.0 - options.claim_figure_penalty)
    articles = np.array([s.article for s in statements])
    sim[articles[:, None] == articles[None, :]] = 0.0
    return sim


def _features(statement: Statement, options: BriefOptions) -> dict[str, float]:
    """Return the statement's features with their weights before IDF: word stems, entities,
    figures (value, unit, score), numbers in digits and resolved dates."""
    features: dict[str, float] = {s: 1.0 for s in statement.stems}
    for entity in statement.entities:
        features["E:" + entity] = options.claim_entity_weight
    for fig in statement.figures:
        features[f"N:{fig.unit}:{fig.value:g}:{fig.other or ''}"] = 1.0
        # The measure slot: what the figure counts, and its unit and size, so that two
        # reports giving different values of one measure ("41 dead" / "44 dead", "$3
        # billion" / "$3.4 billion") still line up, to be compared as a discrepancy.
        if fig.context and fig.context[0] != "+":
            features[f"M:{fig.unit}:{fig.context[0]}"] = 1.0
        if fig.unit and fig.unit != "score" and fig.value > 0:
            features[f"M:{fig.unit}:e{math.floor(math.log10(fig.value))}"] = 1.0
    for value, _ in statement.dates:
        features["D:" + value] = 1.0
    for number in statement.numbers:
        features["#:" + number] = options.claim_number_weight
    return features


def align_statements(
    story: StoryArticles, statements: list[Statement], options: BriefOptions
) -> ClaimAlignment:
    """Return the statements grouped into claims by average-link clustering, at most one
    statement per article in a group (a verbatim repeat joins its first printing)."""
    sim = similarity_matrix(statements, options)
    groups = constrained_groups(
        sim,
        [s.article for s in statements],
        [" ".join(s.text.split()) for s in statements],
        options.claim_threshold,
    )
    return ClaimAlignment(statements=tuple(statements), similarity=sim, groups=groups)


def constrained_groups(
    similarity: np.ndarray, articles: list[str], texts: list[str], threshold: float
) -> tuple[tuple[int, ...], ...]:
    """Return the groups (sorted tuples of row numbers) of average-link clustering of the
    rows at ``threshold``, never two rows of one article in a group, except that a row
    repeating an earlier row of its article word for word starts in that row's group."""
    n = len(articles)
    if n == 0:
        return ()
    first: dict[tuple[str, str], int] = {}
    seed_of = np.empty(n, dtype=np.int64)
    for row in range(n):
        seed_of[row] = first.setdefault((articles[row], texts[row]), row)
    # Two groups merge only when their mean score reaches the threshold, so at least one of
    # their pairs does: clusters never cross the components of the graph of such pairs (and
    # of verbatim repeats), and each component is clustered alone (exactly as a whole would
    # be, and in time that grows with the components, not with the story).
    rows, cols = np.nonzero(similarity >= threshold)
    graph = sp.coo_matrix(
        (
            np.ones(len(rows) + n),
            (np.concatenate([rows, np.arange(n)]), np.concatenate([cols, seed_of])),
        ),
        shape=(n, n),
    )
    _, component = connected_components(graph, directed=False)
    members_of: dict[int, list[int]] = defaultdict(list)
    for row in range(n):
        members_of[int(component[row])].append(row)
    clusters: dict[int, list[int]] = {}
    for members in members_of.values():
        if len(members) == 1:
            clusters[members[0]] = members
            continue
        local = {row: x for x, row in enumerate(members)}
        seeds: dict[int, list[int]] = defaultdict(list)
        for row in members:
            seeds[int(seed_of[row])].append(local[row])
        groups = [seed for _, seed in sorted(seeds.items())]
        by_article: dict[str, list[int]] = defaultdict(list)
        for position, seed in enumerate(groups):
            by_article[articles[members[seed[0]]]].append(position)
        apart = [
            (a, b)
            for positions in by_article.values()
            for x, a in enumerate(positions)
            for b in positions[x + 1 :]
        ]
        block = similarity[np.ix_(members, members)].astype(np.float64)
        labels = average_link(block, threshold, groups, apart)
        for x, row in enumerate(members):
            clusters.setdefault(int(labels[x]) * n + members[0], []).append(row)
    return tuple(sorted(tuple(sorted(members)) for members in clusters.values()))
