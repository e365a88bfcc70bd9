"""Story clustering, online (article by article) and batch (a whole corpus), one estimator.

Online, each article is compared with the centroids of the stories that candidate retrieval
returns (``CandidateIndex``) and joins the most similar one when the similarity reaches
``threshold``; otherwise it founds a new story. Batch, articles are sorted by (published, id)
and linked by constrained average-link agglomeration over all pairs (up to ``exact_limit``
articles), or by one online pass with corpus-wide term statistics beyond that. Either way,
corrections (must-link groups, cannot-link pairs) are always respected, and story ids derive
from each story's founding article.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from newsprism.cluster import embed
from newsprism.cluster.corrections import Constraints, Corrections
from newsprism.cluster.features import (
    HeadlineVectors,
    ItemVector,
    StorySums,
    TermStats,
    dot,
    headline_vectors,
    item_terms,
    story_similarity,
    weigh,
)
from newsprism.cluster.index import CandidateIndex
from newsprism.cluster.items import ClusterItem
from newsprism.cluster.linkage import average_link
from newsprism.cluster.options import ClusterOptions
from newsprism.cluster.records import Assignment, Clustering, Story, story_id
from newsprism.cluster.similarity import pair_similarity
from newsprism.errors import InputError, NotFoundError

SortKey = tuple[bool, float, str]
# Gives unit-length embeddings, one row per item (the default: embed.embed_items).
Embedder = Callable[[Sequence[ClusterItem]], np.ndarray]


def sort_key(article_id: str, day: float | None) -> SortKey:
    """The order of articles in a story: dated first, by day, then by id."""
    return (day is None, day if day is not None else 0.0, article_id)


class _StoryState:
    """A story being built: members and centroid sums (a plain class: updated in place)."""

    __slots__ = (
        "first_day",
        "founder",
        "groups",
        "key",
        "last_day",
        "members",
        "named",
        "names",
        "names_sq",
        "text",
        "text_sq",
        "unnamed_text",
    )

    def __init__(self, key: int) -> None:
        self.key = key
        self.members: list[str] = []
        self.text: dict[str, float] = {}
        self.names: dict[str, float] = {}
        self.text_sq = 0.0
        self.names_sq = 0.0
        # word sums of the members without names, and how many members have names: pairs
        # with an unnamed article compare words only
        self.unnamed_text: dict[str, float] = {}
        self.named = 0
        self.first_day: float | None = None
        self.last_day: float | None = None
        self.founder: SortKey | None = None
        self.groups: set[int] = set()

    def add(self, article_id: str, vector: ItemVector) -> None:
        self.members.append(article_id)
        self.text_sq = _accumulate(self.text, self.text_sq, vector.text, 1.0)
        if vector.names:
            self.names_sq = _accumulate(self.names, self.names_sq, vector.names, 1.0)
            self.named += 1
        else:
            _accumulate(self.unnamed_text, 0.0, vector.text, 1.0)
        day = vector.day
        if day is not None:
            self.first_day = day if self.first_day is None else min(self.first_day, day)
            self.last_day = day if self.last_day is None else max(self.last_day, day)
        key = sort_key(article_id, day)
        if self.founder is None or key < self.founder:
            self.founder = key

    def top_terms(self, count: int) -> tuple[str, ...]:
        text = self.text
        return tuple(heapq.nlargest(count, text, key=text.__getitem__))


def _accumulate(total: dict[str, float], sq: float, vector: dict[str, float], sign: float) -> float:
    """Add ``sign * vector`` into ``total``; the new squared norm of ``total``."""
    cross = 0.0
    for term, weight in vector.items():
        old = total.get(term, 0.0)
        cross += old * weight
        total[term] = old + sign * weight
    return max(sq + 2 * sign * cross + sum(w * w for w in vector.values()), 0.0)


class StoryClusterer:
    """Groups articles into stories, online (``add``, ``partial_fit``) or batch (``fit``).

    A plain class in the scikit-learn style: ``__init__`` only stores parameters, ``fit``
    returns ``self``, learned state ends in ``_``. ``background`` seeds the term statistics
    (e.g. ``TermStats.fit`` on training articles); ``corrections`` are always respected.
    ``embedder`` replaces the packaged sentence-embedding model in batch mode (e.g. a cache).
    """

    def __init__(
        self,
        options: ClusterOptions | None = None,
        *,
        corrections: Corrections | None = None,
        background: TermStats | None = None,
        update_stats: bool = True,
        embedder: Embedder | None = None,
    ) -> None:
        self.options = options
        self.corrections = corrections
        self.background = background
        self.update_stats = update_stats
        self.embedder = embedder

    # ----------------------------------------------------------------- state
    def _reset(self, options: ClusterOptions | None = None) -> None:
        self.options_ = self.options or options or ClusterOptions()
        self.constraints_: Constraints = (self.corrections or Corrections()).resolve()
        self.stats_ = self.background.copy() if self.background is not None else TermStats()
        self.vectors_: dict[str, ItemVector] = {}
        self._stories: dict[int, _StoryState] = {}
        self._story_of: dict[str, int] = {}
        self._group_story: dict[int, int] = {}
        self._index = CandidateIndex(self.options_.max_postings)
        self._expiry: list[tuple[float, int]] = []
        self._now: float | None = None
        self._next_key = 0

    def _ensure(self) -> None:
        if not hasattr(self, "options_"):
            self._reset()

    # ---------------------------------------------------------------- online
    def add(self, item: ClusterItem) -> Assignment:
        """The placement of one more article, compared with the stories seen so far."""
        self._ensure()
        if item.id in self._story_of:
            raise InputError(item.id, "this article id was already clustered; ids must be unique")
        terms = item_terms(item, self.options_.title_weight)
        if self.update_stats:
            self.stats_.observe(terms)
        vector = weigh(terms, self.stats_)
        return self._place(item.id, vector)

    def partial_fit(self, items: Iterable[ClusterItem]) -> StoryClusterer:
        """Add the articles online, in the order given (their arrival order); returns self."""
        for item in items:
            self.add(item)
        return self

    def _place(self, article_id: str, vector: ItemVector) -> Assignment:
        options = self.options_
        self.vectors_[article_id] = vector
        if vector.day is not None and (self._now is None or vector.day > self._now):
            self._now = vector.day
            self._expire()
        group = self.constraints_.group_of.get(article_id)
        forced = self._group_story.get(group) if group is not None else None
        if forced is not None:
            self._join(forced, article_id, vector, group)
            return Assignment(article_id, self._story_id(forced), created=False)
        query = heapq.nlargest(options.query_terms, vector.text.items(), key=lambda kv: kv[1])
        keys = self._index.candidates(query, options.max_candidates)
        best_key, best = -1, -math.inf
        for key in keys:
            story = self._stories[key]
            if group is not None and self._blocked(story, group):
                continue
            score = self._similarity(vector, story)
            if score > best:
                best_key, best = key, score
        if best_key >= 0 and best >= options.threshold:
            self._join(best_key, article_id, vector, group)
            best_key = self._absorb_neighbours(best_key, keys)
            return Assignment(article_id, self._story_id(best_key), False, best, len(keys))
        key = self._new_story()
        self._join(key, article_id, vector, group)
        return Assignment(article_id, self._story_id(key), True, None, len(keys))

    def _absorb_neighbours(self, key: int, neighbours: list[int]) -> int:
        """Merge into the story any of the article's other candidate stories that now link
        with it (average pair similarity at least ``threshold``), so an early wrong split can
        heal; returns the key of the merged story."""
        options = self.options_
        for other in neighbours[: options.merge_checks]:
            if other == key or other not in self._stories:
                continue
            story, candidate = self._stories[key], self._stories[other]
            if any(self.constraints_.apart(a, b) for a in story.groups for b in candidate.groups):
                continue
            if self._story_similarity(story, candidate) >= options.threshold:
                key = self._merge(key, other)
        return key

    def _story_similarity(self, first: _StoryState, second: _StoryState) -> float:
        """The average similarity over pairs of members of two stories, less the time penalty."""
        options = self.options_
        small, big = (first, second) if len(first.text) <= len(second.text) else (second, first)
        score = dot(small.text, big.text)
        if first.named and second.named:
            names = dot(first.names, second.names) if first.names else 0.0
            weight = options.names_weight
            score = (score + weight * names) / (1.0 + weight)
        score /= len(first.members) * len(second.members)
        a_first, a_last = first.first_day, first.last_day
        b_first, b_last = second.first_day, second.last_day
        if (
            a_first is not None
            and a_last is not None
            and b_first is not None
            and b_last is not None
        ):
            gap = max(a_first - b_last, b_first - a_last, 0.0)
            if gap > options.window_days:
                return -math.inf
            score -= options.time_penalty * gap
        return score

    def _merge(self, first: int, second: int) -> int:
        """Merge the smaller story into the larger; the key of the one that stays."""
        keep, gone = (first, second)
        if len(self._stories[gone].members) > len(self._stories[keep].members):
            keep, gone = gone, keep
        target, source = self._stories[keep], self._stories.pop(gone)
        self._index.remove(gone)
        target.text_sq = _accumulate(target.text, target.text_sq, source.text, 1.0)
        target.names_sq = _accumulate(target.names, target.names_sq, source.names, 1.0)
        _accumulate(target.unnamed_text, 0.0, source.unnamed_text, 1.0)
        target.named += source.named
        target.members.extend(source.members)
        for member in source.members:
            self._story_of[member] = keep
        for day in (source.first_day, source.last_day):
            if day is not None:
                target.first_day = day if target.first_day is None else min(target.first_day, day)
                target.last_day = day if target.last_day is None else max(target.last_day, day)
        if source.founder is not None and (
            target.founder is None or source.founder < target.founder
        ):
            target.founder = source.founder
        target.groups |= source.groups
        for group in source.groups:
            self._group_story[group] = keep
        self._index.put(keep, target.top_terms(self.options_.index_terms))
        if target.last_day is not None:
            heapq.heappush(self._expiry, (target.last_day, keep))
        return keep

    def _blocked(self, story: _StoryState, group: int) -> bool:
        apart = self.constraints_.apart
        return any(apart(group, other) for other in story.groups)

    def _similarity(self, vector: ItemVector, story: _StoryState) -> float:
        """The average similarity of the article to the story's members, less the time
        penalty (``story_similarity`` on the story's vector sums)."""
        sums = StorySums(
            story.text,
            story.names,
            story.unnamed_text,
            story.named,
            len(story.members),
            story.first_day,
            story.last_day,
        )
        return story_similarity(vector, sums, self.options_)

    def _new_story(self) -> int:
        key = self._next_key
        self._next_key += 1
        self._stories[key] = _StoryState(key)
        return key

    def _join(self, key: int, article_id: str, vector: ItemVector, group: int | None) -> None:
        story = self._stories[key]
        size = len(story.members)
        story.add(article_id, vector)
        self._story_of[article_id] = key
        if group is not None:
            story.groups.add(group)
            self._group_story[group] = key
        # Re-index while a story is young and its centroid moves, then every 8th article.
        size += 1
        if size & (size - 1) == 0 or size % 8 == 0 or key not in self._index:
            self._index.put(key, story.top_terms(self.options_.index_terms))
        if story.last_day is not None:
            heapq.heappush(self._expiry, (story.last_day, key))

    def _expire(self) -> None:
        """Take stories whose last article is older than the time window out of the index."""
        if self._now is None:
            return
        horizon = self._now - self.options_.window_days
        expiry = self._expiry
        while expiry and expiry[0][0] < horizon:
            last_day, key = heapq.heappop(expiry)
            story = self._stories.get(key)
            if story is not None and story.last_day == last_day:
                self._index.remove(key)

    def _story_id(self, key: int) -> str:
        founder = self._stories[key].founder
        assert founder is not None
        return story_id(founder[2])

    # ----------------------------------------------------------------- batch
    def fit(self, items: Iterable[ClusterItem]) -> StoryClusterer:
        """Cluster a whole corpus at once (the input order does not matter); returns self.

        Without options, the preset that fits the corpus is used
        (``ClusterOptions.for_corpus``); ``options_`` says which.
        """
        ordered = sorted(
            items, key=lambda it: (it.published is None, _timestamp(it.published), it.id)
        )
        self._reset(ClusterOptions.for_corpus(ordered) if self.options is None else None)
        options = self.options_
        seen: set[str] = set()
        for item in ordered:
            if item.id in seen:
                raise InputError(item.id, "this article id appears twice; ids must be unique")
            seen.add(item.id)
        all_terms = [item_terms(item, options.title_weight) for item in ordered]
        for terms in all_terms:
            self.stats_.observe(terms)
        vectors = [weigh(terms, self.stats_) for terms in all_terms]
        ids = [item.id for item in ordered]
        if len(ids) <= options.exact_limit:
            headlines = [headline_vectors(item, self.stats_) for item in ordered]
            embeddings = self._embed(ordered) if self.uses_embeddings() else None
            self._fit_linked(ids, vectors, headlines, embeddings)
        else:
            for article_id, vector in zip(ids, vectors, strict=True):
                self._place(article_id, vector)
        return self

    def uses_embeddings(self) -> bool:
        """True when batch linking mixes in sentence embeddings (``ClusterOptions.embeddings``:
        None uses them when an embedder is given or the extra is installed)."""
        options = self.options or ClusterOptions()
        if options.embeddings is False or options.embedding_weight == 0:
            return False
        return options.embeddings is True or self.embedder is not None or embed.available()

    def _embed(self, items: Sequence[ClusterItem]) -> np.ndarray:
        if self.embedder is not None:
            vectors = np.asarray(self.embedder(items), dtype=np.float64)
        else:
            vectors = embed.embed_items(items, self.options_.embedding_sentences)
        if vectors.shape[0] != len(items):
            raise InputError("embedder", f"gave {vectors.shape[0]} rows for {len(items)} items")
        return vectors

    def _fit_linked(
        self,
        ids: list[str],
        vectors: list[ItemVector],
        headlines: Sequence[HeadlineVectors],
        embeddings: np.ndarray | None,
    ) -> None:
        if not ids:
            return
        options = self.options_
        similarity = pair_similarity(vectors, options, headlines, embeddings)
        threshold = options.batch_threshold
        if embeddings is not None:
            threshold = options.embedding_batch_threshold
        constraints = self.constraints_
        grouped: dict[int, list[int]] = {}
        groups: list[list[int]] = []
        group_position: dict[int, int] = {}
        for i, article_id in enumerate(ids):
            group = constraints.group_of.get(article_id)
            if group is None:
                groups.append([i])
            elif group in grouped:
                grouped[group].append(i)
            else:
                grouped[group] = [i]
                group_position[group] = len(groups)
                groups.append(grouped[group])
        apart = [
            (group_position[a], group_position[b])
            for a, b in constraints.cannot_link
            if a in group_position and b in group_position
        ]
        labels = average_link(similarity, threshold, groups, sorted(apart))
        keys: dict[int, int] = {}
        for article_id, vector, label in zip(ids, vectors, labels, strict=True):
            if int(label) not in keys:
                keys[int(label)] = self._new_story()
            self.vectors_[article_id] = vector
            if vector.day is not None and (self._now is None or vector.day > self._now):
                self._now = vector.day
            self._join(keys[int(label)], article_id, vector, constraints.group_of.get(article_id))
        self._expire()

    # ------------------------------------------------------------ corrections
    def apply_corrections(self, corrections: Corrections) -> StoryClusterer:
        """Reshape the current stories so that they respect these corrections; returns self.

        Later articles are placed under the same constraints. A full re-run with the same
        corrections gives the same constrained stories.
        """
        self._ensure()
        self.corrections = corrections
        self.constraints_ = corrections.resolve()
        group_of = self.constraints_.group_of
        for story in self._stories.values():
            story.groups = set()
        self._group_story = {}
        for group, members in self.constraints_.members().items():
            placed = [m for m in members if m in self._story_of]
            if not placed:
                continue
            counts: dict[int, int] = {}
            for article_id in placed:
                counts[self._story_of[article_id]] = counts.get(self._story_of[article_id], 0) + 1
            target = min(counts, key=lambda k: (-counts[k], self._stories[k].founder or ()))
            if self._blocked_target(target, group):
                target = self._new_story()
            for article_id in placed:
                self._move(article_id, target)
            self._stories[target].groups.add(group)
            self._group_story[group] = target
        for state in self._stories.values():
            state.groups = {group_of[m] for m in state.members if m in group_of}
        return self

    def _blocked_target(self, key: int, group: int) -> bool:
        story = self._stories[key]
        return any(self.constraints_.apart(group, other) for other in story.groups)

    def _move(self, article_id: str, target: int) -> None:
        source = self._story_of[article_id]
        if source == target:
            return
        vector = self.vectors_[article_id]
        story = self._stories[source]
        story.members.remove(article_id)
        if not story.members:
            del self._stories[source]
            self._index.remove(source)
        else:
            self._rebuild(source)
        self._join(target, article_id, vector, None)

    def _rebuild(self, key: int) -> None:
        old = self._stories[key]
        fresh = _StoryState(key)
        for member in old.members:
            fresh.add(member, self.vectors_[member])
        fresh.groups = old.groups
        self._stories[key] = fresh
        self._index.put(key, fresh.top_terms(self.options_.index_terms))

    # --------------------------------------------------------------- results
    def clustering(self) -> Clustering:
        """The stories so far, ordered by founding article, and each article's story id."""
        self._ensure()
        stories = []
        assignment: dict[str, str] = {}
        for state in self._stories.values():
            keyed = sorted(sort_key(m, self.vectors_[m].day) for m in state.members)
            members = tuple(k[2] for k in keyed)
            sid = story_id(members[0])
            stories.append(
                Story(
                    id=sid,
                    article_ids=members,
                    founder=members[0],
                    first_seen=_datetime(state.first_day),
                    last_seen=_datetime(state.last_day),
                )
            )
            for member in members:
                assignment[member] = sid
        stories.sort(key=lambda s: sort_key(s.founder, self.vectors_[s.founder].day))
        return Clustering(tuple(stories), dict(sorted(assignment.items())))

    def story(self, story_id_: str) -> Story:
        """The story with this id; NotFoundError when there is none."""
        for story in self.clustering().stories:
            if story.id == story_id_:
                return story
        raise NotFoundError(f"no story with id {story_id_}")

    def candidate_load(self) -> dict[str, int]:
        """Sizes that bound the cost of placing one article: indexed stories, longest posting."""
        self._ensure()
        lengths = self._index.posting_lengths()
        return {
            "indexed_stories": len(self._index),
            "stories": len(self._stories),
            "longest_posting": max(lengths, default=0),
        }


def _timestamp(value: dt.datetime | None) -> float:
    if value is None:
        return 0.0
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.timestamp()


def _datetime(day: float | None) -> dt.datetime | None:
    if day is None:
        return None
    return dt.datetime.fromtimestamp(day * 86400.0, tz=dt.UTC)


def cluster_stories(
    items: Iterable[ClusterItem],
    options: ClusterOptions | None = None,
    corrections: Corrections | None = None,
) -> Clustering:
    """The stories of a corpus, clustered in batch mode under the given corrections."""
    return StoryClusterer(options, corrections=corrections).fit(items).clustering()
