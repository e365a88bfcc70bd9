"""The clustering preset of a store, chosen from every article it has counted.

The full recomputation picks its preset (``ClusterOptions.for_corpus``) from the median body
length of all stored articles. The incremental path must keep to one preset as well: chosen
from each batch alone, a lone short article would be weighed and compared under the snippet
preset (other title weight, thresholds, no names) against stories whose features were summed
under the article preset. So each counted article adds one to its length class (no body,
short, full length) in the term statistics, and the preset follows the median of those counts
exactly as ``for_corpus`` follows the median of the lengths.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsprism.cluster.items import ClusterItem
from newsprism.cluster.options import ARTICLE_WORDS, ClusterOptions
from newsprism.store import Store

LENGTHS = "lengths"
"""The ``kind`` of the term_stats rows counting articles by length class."""

CLASSES = ("empty", "short", "full")


def length_class(item: ClusterItem) -> str:
    """The article's length class: no body, shorter than ``ARTICLE_WORDS`` words, or longer."""
    words = len(item.text.split())
    if words == 0:
        return "empty"
    return "full" if words >= ARTICLE_WORDS else "short"


def count_lengths(store: Store, items: Iterable[ClusterItem]) -> None:
    """Add these articles to the store's length counts (inside the caller's transaction)."""
    for item in items:
        store.count_terms(LENGTHS, [length_class(item)])


def preset_for(counts: dict[str, int]) -> ClusterOptions:
    """The preset ``ClusterOptions.for_corpus`` picks for a corpus with these length-class
    counts: headlines when most have no body, articles when the median is full length."""
    total = sum(counts.get(c, 0) for c in CLASSES)
    if total == 0:
        return ClusterOptions()
    middle = total // 2  # the median is the length at sorted position total // 2
    if counts.get("empty", 0) > middle:
        return ClusterOptions.headlines()
    if counts.get("full", 0) >= total - middle:
        return ClusterOptions.articles()
    return ClusterOptions()


def store_preset(store: Store, pending: Sequence[ClusterItem] = ()) -> ClusterOptions:
    """The preset of the store's counted articles together with ``pending`` (not counted yet)."""
    counts = store.term_frequencies(LENGTHS, CLASSES)
    for item in pending:
        cls = length_class(item)
        counts[cls] = counts.get(cls, 0) + 1
    return preset_for(counts)


def counted(store: Store) -> bool:
    """Whether the store has counted any article's length class."""
    return bool(store.term_frequencies(LENGTHS, CLASSES))
