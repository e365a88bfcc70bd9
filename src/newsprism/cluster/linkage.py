"""Average-link agglomerative clustering under must-link and cannot-link constraints."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


def average_link(
    similarity: np.ndarray,
    threshold: float,
    groups: Sequence[Sequence[int]],
    apart: Sequence[tuple[int, int]] = (),
) -> np.ndarray:
    """Cluster labels (one per row) from merging the closest groups while their average pair
    similarity is at least ``threshold``.

    ``groups`` is the starting partition (must-link groups, other items alone), ``apart`` holds
    pairs of group positions that may never merge. Ties go to the lowest positions, so the
    result depends only on the order of the rows.
    """
    n = similarity.shape[0]
    k = len(groups)
    rows = np.concatenate([np.asarray(g, dtype=np.int64) for g in groups]) if k else np.zeros(0)
    cols = np.concatenate([np.full(len(g), i, dtype=np.int64) for i, g in enumerate(groups)])
    member = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, k))
    size = np.asarray(member.sum(axis=0)).ravel()
    totals = member.T @ (member.T @ similarity).T  # k x k sums of pair similarities
    mean = np.asarray(totals) / np.outer(size, size)
    np.fill_diagonal(mean, -np.inf)
    for first, second in apart:
        mean[first, second] = mean[second, first] = -np.inf
    best = mean.max(axis=1) if k else np.zeros(0)
    arg = mean.argmax(axis=1) if k else np.zeros(0, dtype=np.int64)
    label = np.arange(k)
    while k > 1:
        i = int(np.argmax(best))
        if not best[i] >= threshold:
            break
        j = int(arg[i])
        if j < i:
            i, j = j, i
        merged = (size[i] * mean[i] + size[j] * mean[j]) / (size[i] + size[j])
        merged[[i, j]] = -np.inf
        mean[i, :] = merged
        mean[:, i] = merged
        mean[j, :] = -np.inf
        mean[:, j] = -np.inf
        size[i] += size[j]
        size[j] = 0
        label[label == j] = i
        best[j] = -np.inf
        stale = np.flatnonzero((arg == i) | (arg == j))
        stale = stale[stale != j]
        if len(stale):
            best[stale] = mean[stale].max(axis=1)
            arg[stale] = mean[stale].argmax(axis=1)
        better = merged > best
        better[j] = False
        best[better] = merged[better]
        arg[better] = i
        best[i] = mean[i].max()
        arg[i] = mean[i].argmax()
    out = np.empty(n, dtype=np.int64)
    for position, group in enumerate(groups):
        out[np.asarray(group, dtype=np.int64)] = label[position]
    return out
