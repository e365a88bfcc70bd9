"""Batch pair similarity: word, name, headline, number and embedding cosines mixed into one
matrix, with the time window and penalty applied, then locally scaled.

Local scaling divides each pair's similarity by the two articles' typical similarity to their
nearest neighbours (in the spirit of Zelnik-Manor and Perona's self-tuning spectral clustering
and of CSLS in Conneau et al. 2018). Some articles (broad explainers, opinion columns on a
running topic) are fairly close to many stories, "hubs" in the vector space; raw cosines let
them join whatever story is nearest, while after scaling a pair counts by how much closer the
two are to each other than each is to the rest of the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from newsprism.cluster.features import HeadlineVectors, ItemVector
from newsprism.cluster.options import ClusterOptions

_FAR = -1e12  # a pair similarity no average can lift over a threshold (outside the window)
# Neighbours at least this similar are copies of the same text (wire reprints, syndicated
# pages): they say nothing about how crowded an article's neighbourhood is, so local scaling
# leaves them out of its reach (else a wire story with many reprints would split from the
# outlets that reported it themselves).
_COPY = 0.8


def pair_similarity(
    vectors: Sequence[ItemVector],
    options: ClusterOptions,
    headlines: Sequence[HeadlineVectors] = (),
    embeddings: np.ndarray | None = None,
) -> np.ndarray:
    """The dense matrix of article-pair similarities used by batch linking.

    The cosine of word vectors, mixed with the cosines of names, headline words and numbers
    (``names_weight``, ``headline_weight``, ``numbers_weight``; each only for pairs where both
    articles have some, names in full only where both have ``names_full`` name terms) and
    of sentence embeddings (``embedding_weight``, when given), less the time penalty, then
    locally scaled over ``local_scaling`` neighbours above ``scaling_floor``
    (``local_scaling`` 0 leaves the cosines as they are).
    """
    total = _cosines([v.text for v in vectors])
    weights = np.ones_like(total)
    channels = [([v.names for v in vectors], options.names_weight, options.names_full)]
    if headlines:
        channels.append(([h.title for h in headlines], options.headline_weight, 1))
        channels.append(([h.numbers for h in headlines], options.numbers_weight, 1))
    for rows, weight, full in channels:
        # a channel counts for a pair in proportion to the terms of the poorer article, up
        # to ``full`` terms: two snippets that share one president's name say little
        confidence = np.minimum(np.array([len(row) for row in rows], dtype=np.float64) / full, 1)
        if weight <= 0 or not confidence.any():
            continue
        pair_confidence = np.minimum.outer(confidence, confidence)
        total += weight * pair_confidence * _cosines(rows)
        weights += weight * pair_confidence
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
    return local_scaling(similarity, options.local_scaling, options.scaling_floor)


def local_scaling(similarity: np.ndarray, neighbours: int, floor: float) -> np.ndarray:
    """The similarity divided, for each pair, by the geometric mean of both articles' reach
    where it lies above ``floor`` (unchanged when ``neighbours`` is 0).

    An article's reach is its mean similarity to its ``neighbours`` nearest other articles,
    never taken below ``floor``; a pair's similarity is multiplied by ``floor`` over the
    geometric mean of the two reaches. An article with no close neighbours (a story of its
    own, or one of a few unrelated articles) keeps its plain cosines, so the batch threshold
    means for it what it means without scaling; articles close to many others (hubs, members
    of tight stories) are held to more, each in proportion to its own neighbourhood.
    Copies (similarity at least ``_COPY``) are no neighbours; pairs outside the time window
    stay out of reach; missing or negative neighbours count 0.
    """
    n = similarity.shape[0]
    if neighbours <= 0 or n < 2:
        return similarity
    k = min(neighbours, n - 1)
    others = similarity.copy()
    np.fill_diagonal(others, -np.inf)
    others[others >= _COPY] = -np.inf
    nearest = np.partition(others, n - k, axis=1)[:, n - k :]
    reach = np.maximum(np.clip(nearest, 0.0, None).sum(axis=1) / neighbours, floor)
    scaled = similarity * (floor / np.sqrt(np.outer(reach, reach)))
    scaled[similarity <= _FAR / 2] = _FAR
    return scaled


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
