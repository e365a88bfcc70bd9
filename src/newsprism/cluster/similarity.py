"""Batch pair similarity: word, name, headline, number and embedding cosines mixed into one
matrix, with the time window and penalty applied."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from newsprism.cluster.features import HeadlineVectors, ItemVector
from newsprism.cluster.options import ClusterOptions

_FAR = -1e12  # a pair similarity no average can lift over a threshold (outside the window)


def pair_similarity(
    vectors: Sequence[ItemVector],
    options: ClusterOptions,
    headlines: Sequence[HeadlineVectors] = (),
    embeddings: np.ndarray | None = None,
) -> np.ndarray:
    """The dense matrix of article-pair similarities used by batch linking.

    The cosine of word vectors, mixed with the cosines of names, headline words and numbers
    (``names_weight``, ``headline_weight``, ``numbers_weight``; each only for pairs where both
    articles have some) and of sentence embeddings (``embedding_weight``, when given), less
    the time penalty.
    """
    total = _cosines([v.text for v in vectors])
    weights = np.ones_like(total)
    channels = [([v.names for v in vectors], options.names_weight)]
    if headlines:
        channels.append(([h.title for h in headlines], options.headline_weight))
        channels.append(([h.numbers for h in headlines], options.numbers_weight))
    for rows, weight in channels:
        has = np.array([bool(row) for row in rows])
        if weight <= 0 or not has.any():
            continue
        both = np.outer(has, has)
        total += weight * _cosines(rows)
        weights += weight * both
    if embeddings is not None and options.embedding_weight > 0:
        total += options.embedding_weight * (embeddings @ embeddings.T)
        weights += options.embedding_weight
    similarity = total / weights
    days = np.array([v.day if v.day is not None else np.nan for v in vectors])
    if not np.isnan(days).all():
        gap = np.abs(days[:, None] - days[None, :])
        gap = np.nan_to_num(gap, nan=0.0)
        similarity = similarity - options.time_penalty * gap
        similarity[gap > options.window_days] = _FAR
    return similarity


def _cosines(rows: Sequence[dict[str, float]]) -> np.ndarray:
    matrix = _matrix(rows)
    return np.asarray((matrix @ matrix.T).todense(), dtype=np.float64)


def _matrix(rows: Sequence[dict[str, float]]) -> sp.csr_matrix:
    columns: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for row in rows:
        for term, weight in row.items():
            indices.append(columns.setdefault(term, len(columns)))
            data.append(weight)
        indptr.append(len(indices))
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), max(len(columns), 1)))
