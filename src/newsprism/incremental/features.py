"""A story's retrieval features as the incremental path keeps them, and how an article's
similarity to a story is computed from them (the online clusterer's formula, over stored sums).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

from newsprism.cluster.features import ItemVector, StorySums, story_similarity
from newsprism.cluster.options import ClusterOptions
from newsprism.store import StoredFeatures


def empty_features(story_id: str) -> StoredFeatures:
    """The features of a story with no members yet."""
    return StoredFeatures(story_id, 0, 0, None, None, {}, {}, {})


def with_member(features: StoredFeatures, vector: ItemVector) -> StoredFeatures:
    """The features after one more member with this vector."""
    text = _added(features.text, vector.text)
    names, unnamed, named = features.names, features.unnamed, features.named
    if vector.names:
        names, named = _added(names, vector.names), named + 1
    else:
        unnamed = _added(unnamed, vector.text)
    first, last = features.first_day, features.last_day
    if vector.day is not None:
        first = vector.day if first is None else min(first, vector.day)
        last = vector.day if last is None else max(last, vector.day)
    return StoredFeatures(
        features.story_id, features.size + 1, named, first, last, text, names, unnamed
    )


def merged(survivor: StoredFeatures, absorbed: StoredFeatures) -> StoredFeatures:
    """The features of ``survivor`` after it absorbs every member of ``absorbed`` (the sums
    add up; the id stays the survivor's)."""
    firsts = [d for d in (survivor.first_day, absorbed.first_day) if d is not None]
    lasts = [d for d in (survivor.last_day, absorbed.last_day) if d is not None]
    return StoredFeatures(
        survivor.story_id,
        survivor.size + absorbed.size,
        survivor.named + absorbed.named,
        min(firsts) if firsts else None,
        max(lasts) if lasts else None,
        _added(survivor.text, absorbed.text),
        _added(survivor.names, absorbed.names),
        _added(survivor.unnamed, absorbed.unnamed),
    )


def index_terms(features: StoredFeatures, count: int) -> tuple[str, ...]:
    """The story's ``count`` heaviest centroid terms (ties broken by the term), to index."""
    text = features.text
    return tuple(t for t, _ in heapq.nsmallest(count, text.items(), key=lambda kv: (-kv[1], kv[0])))


def similarity(vector: ItemVector, story: StoredFeatures, options: ClusterOptions) -> float:
    """The average similarity of the article to the story's members, less the time penalty;
    minus infinity beyond the time window (as ``StoryClusterer`` scores it online)."""
    sums = StorySums(
        story.text,
        story.names,
        story.unnamed,
        story.named,
        story.size,
        story.first_day,
        story.last_day,
    )
    return story_similarity(vector, sums, options)


MAX_TERMS = 4000
"""Most centroid terms a story keeps (its heaviest): a story's stored row stays bounded."""


def _added(total: Mapping[str, float], vector: Mapping[str, float]) -> dict[str, float]:
    out = dict(total)
    for term, weight in vector.items():
        out[term] = out.get(term, 0.0) + weight
    if len(out) > MAX_TERMS:
        kept = heapq.nsmallest(MAX_TERMS, out.items(), key=lambda kv: (-kv[1], kv[0]))
        out = dict(kept)
    return out
