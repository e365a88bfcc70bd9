"""The options of story clustering, with defaults calibrated on evaluation data."""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.errors import ConfigError


@dataclass(frozen=True)
class ClusterOptions:
    """How articles are compared and when one joins a story.

    Similarity of an article to a story is the cosine of their word vectors, averaged with the
    cosine of their name vectors (weight ``names_weight``) when both have names, minus
    ``time_penalty`` per day between the article and the story's time span; beyond
    ``window_days`` an article never joins the story.

    Calibrated defaults (``.venv/bin/python bench/cluster.py --calibrate``, results in
    bench/results/cluster_calibration.json): title_weight, names_weight and batch_threshold by
    grid search for the best mean BCubed F1 of batch linking over ECB+ val and train
    (doc -> sub-topic) and NeuS/AllSides val and the first 307 train stories (items -> story);
    then threshold and merge_checks the same way for online assignment. window_days comes
    from the UCI News Aggregator grid over its first 20% of days (``bench/cluster.py --part
    uci``); time_penalty (0.02 per day) was not searched. Headline-only streams do better
    with their own calibration (see bench/results/cluster.json, part "uci").
    """

    title_weight: float = 2.0
    names_weight: float = 0.0
    # online: least average similarity to a story's members for an article to join it
    threshold: float = 0.24
    # batch: least average pair similarity for two groups of articles to merge
    batch_threshold: float = 0.18
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

    def __post_init__(self) -> None:
        for name in ("title_weight", "names_weight", "window_days", "time_penalty"):
            if getattr(self, name) < 0:
                raise ConfigError(f"cluster option {name} must be >= 0, not {getattr(self, name)}")
        for name in ("index_terms", "query_terms", "max_candidates", "max_postings"):
            if getattr(self, name) < 1:
                raise ConfigError(f"cluster option {name} must be >= 1, not {getattr(self, name)}")
