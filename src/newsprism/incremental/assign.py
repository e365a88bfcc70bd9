"""Adding new articles to the stored stories one by one, touching only their candidates.

For each new article (in publication order): its term vector is weighed with the stored
document frequencies (only its own terms are read); candidate stories come from the stored
inverted index (its heaviest terms' postings, most recently active stories first, none older
than the time window); it joins the most similar candidate when the online clusterer's
similarity reaches its threshold, else it founds a story whose id derives from it. Then the
story it is in is checked against the article's other close candidates with the batch rule
(``merge``: average link of the batch pair similarity over their recent members, at least the
batch threshold) and absorbs those the full recomputation would merge with it, so an event
whose first articles founded several stories comes together once a bridging article arrives;
of two merged stories the older id stays (the other is reported as removed). Every batch uses
the store's one preset (``preset``), not the one its own articles alone would fit. Manual
corrections hold: an article grouped with others by a correction joins their story, never a
story that a correction keeps it apart from, and no merge joins stories kept apart.

Before it is placed, each article's reprint check (``reprints.check_reprint``) reads only the
stored articles sharing one of its LSH band keys; a reprint (or the original of stored copies)
joins its family's story, as the full recomputation keeps a reprint with its original, unless
a correction keeps it apart. A store whose articles have no stored signatures yet (made
before this path stored them) gets them once, on its first batch.

The full recomputation (``newsprism update``, ``refresh_stories``) stays the reference; run it
on a schedule to refine what this path decided (it may regroup and re-id stories; the features
of stories it changed are rebuilt here when they are next a candidate).
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsprism.annotate.records import AnnotateOptions, ArticleAnnotations
from newsprism.annotate.stored import current_annotations
from newsprism.cluster.corrections import Constraints
from newsprism.cluster.features import (
    ItemTerms,
    ItemVector,
    TermStats,
    headline_vectors,
    item_terms,
    number_terms,
    weigh,
    words,
)
from newsprism.cluster.items import ClusterItem, timestamp_days
from newsprism.cluster.options import ClusterOptions
from newsprism.cluster.records import story_id
from newsprism.dedup_rules import DedupOptions
from newsprism.dedup_signatures import all_stored, evidence_for, mark_all_stored
from newsprism.errors import NotFoundError
from newsprism.incremental.features import (
    empty_features,
    index_terms,
    merged,
    similarity,
    with_member,
)
from newsprism.incremental.merge import MERGE_MEMBERS, MemberFeatures, neighbours_to_merge
from newsprism.incremental.preset import count_lengths, store_preset
from newsprism.incremental.reprints import check_reprint, family_story
from newsprism.model import Article, Reprint
from newsprism.store import Store, StoredFeatures


@dataclass(frozen=True)
class IncrementalOptions:
    """How new articles are placed: the online clustering parameters (threshold, window,
    index sizes; None picks the preset that fits all the store's articles with this batch,
    as the full recomputation does: ``preset.store_preset``), how many recent stories
    without features are indexed per batch, and how reprints are recognised (``reprints``
    False skips the check: articles are placed by similarity alone)."""

    cluster: ClusterOptions | None = None
    seed_limit: int = 5000
    dedup: DedupOptions = field(default_factory=DedupOptions)
    reprints: bool = True


@dataclass(frozen=True)
class Placement:
    """Where one new article went: its story, whether it founded it, the best score seen,
    the candidate stories scored, and the original it reprints (None for an original)."""

    article_id: str
    story_id: str
    created: bool
    score: float | None
    candidates: int
    reprint_of: str | None = None


@dataclass(frozen=True)
class IncrementalUpdate:
    """What ``add_to_stories`` did: each placement (with the story the article ended in),
    the stories whose membership or members' reprint links changed (the only briefs to
    rebuild), and the stories merged into an older neighbour and gone (their briefs to drop),
    each sorted."""

    placements: tuple[Placement, ...]
    changed_stories: tuple[str, ...]
    removed_stories: tuple[str, ...] = ()

    @property
    def created(self) -> int:
        """How many new stories were founded."""
        return sum(p.created for p in self.placements)


def add_to_stories(
    store: Store,
    article_ids: Sequence[str],
    options: IncrementalOptions | None = None,
    *,
    annotate: AnnotateOptions | None = None,
    use_annotations: bool = True,
) -> IncrementalUpdate:
    """Place these stored articles (those not in a story yet) into stories, in one
    transaction; the cost depends on the batch and its candidates, not on the store's size.

    The new articles are annotated first (their entities are clustering features) unless
    ``use_annotations`` is False: capitalised words and numbers then stand in for entities.
    """
    options = options or IncrementalOptions()
    articles = [a for a in (store.get_article(i) for i in dict.fromkeys(article_ids))]
    articles = [a for a in articles if not _in_story(store, a.id)]
    if not articles:
        return IncrementalUpdate((), (), ())
    annotations = (
        current_annotations(store, articles, annotate or AnnotateOptions())
        if use_annotations
        else {}
    )
    items = sorted(
        (ClusterItem.from_article(a, _entity_terms(annotations.get(a.id))) for a in articles),
        key=lambda it: (it.published is None, timestamp_days(it.published) or 0.0, it.id),
    )
    from newsprism.stories import independent_articles, stored_corrections  # the brief stack

    constraints = stored_corrections(store).resolve()
    independent = independent_articles(store) if options.reprints else frozenset()
    by_id = {a.id: a for a in articles}
    placements: list[Placement] = []
    absorbed: dict[str, str] = {}
    touched: set[str] = set()  # stories of stored articles whose reprint link changed
    reprint_of: dict[str, str] = {}

    def work() -> None:
        if store.documents_counted() == 0:
            _count_stored_lengths(store, {item.id for item in items})
        if options.reprints and not all_stored(store):
            _store_signatures(store, options.dedup, set(by_id))
        cluster = options.cluster or store_preset(store, items)
        placer = _Placer(store, options, cluster, constraints, annotate or AnnotateOptions())
        placer.seed(items)
        for item in items:
            reprint_story = None
            if options.reprints:
                check = check_reprint(store, by_id[item.id], options.dedup, independent)
                touched.update(placer.stories_of(check.links, check.unlinked))
                if check.family:
                    reprint_story = family_story(store, check)
                if check.is_reprint:
                    reprint_of[item.id] = check.origin
            placements.append(placer.place(item, reprint_story))
        absorbed.update(placer.absorbed)

    store.in_transaction(work, "could not add articles to stories")
    final = [
        replace(
            p, story_id=_survivor(p.story_id, absorbed), reprint_of=reprint_of.get(p.article_id)
        )
        for p in placements
    ]
    survivors = {_survivor(sid, absorbed) for sid in absorbed}
    relinked = {_survivor(sid, absorbed) for sid in touched}
    changed = tuple(sorted({p.story_id for p in final} | survivors | relinked))
    removed = tuple(sorted(sid for sid in absorbed if sid not in survivors))
    return IncrementalUpdate(tuple(final), changed, removed)


def _survivor(sid: str, absorbed: dict[str, str]) -> str:
    """The story an id ended up in after this batch's merges."""
    while sid in absorbed:
        sid = absorbed[sid]
    return sid


class _Placer:
    """One batch's placing state (a plain class: it carries the store and caches)."""

    def __init__(
        self,
        store: Store,
        options: IncrementalOptions,
        cluster: ClusterOptions,
        constraints: Constraints,
        annotate: AnnotateOptions,
    ) -> None:
        self.store = store
        self.options = options
        self.cluster = cluster
        self.constraints = constraints
        self.annotate = annotate
        self.absorbed: dict[str, str] = {}
        self._members: dict[str, MemberFeatures] = {}

    # -- term statistics -----------------------------------------------------------------
    def observe(self, terms: ItemTerms) -> TermStats:
        """Count the article's terms, then the statistics its vector is weighed with."""
        store = self.store
        store.count_terms("text", terms.text, documents=1)
        store.count_terms("names", terms.names)
        return TermStats(
            store.documents_counted(),
            store.term_frequencies("text", terms.text),
            store.term_frequencies("names", terms.names),
        )

    def vector_of(self, item: ClusterItem) -> ItemVector:
        """The article's vector under the stored statistics, without counting it again."""
        terms = item_terms(item, self.cluster.title_weight)
        store = self.store
        stats = TermStats(
            store.documents_counted(),
            store.term_frequencies("text", terms.text),
            store.term_frequencies("names", terms.names),
        )
        return weigh(terms, stats)

    # -- seeding -------------------------------------------------------------------------
    def seed(self, items: Sequence[ClusterItem]) -> None:
        """Index the recent stories that have no features yet (stories a full recomputation
        wrote), so new articles can join them; the statistics are counted once per store."""
        if self.store.documents_counted() == 0:
            self._count_stored_articles({item.id for item in items})
        days = [d for d in (timestamp_days(it.published) for it in items) if d is not None]
        # the oldest article of the batch may join a story up to the window before it
        horizon = (min(days) if days else self._newest_day()) - self.cluster.window_days
        since = dt.datetime.fromtimestamp(horizon * 86400.0, dt.UTC).date().isoformat()
        for sid in self.store.recent_stories_without_features(since, self.options.seed_limit):
            self.rebuild(sid)

    def _newest_day(self) -> float:
        """The day of the newest stored story (undated articles join the stories around
        it: a window re-grouping may have just rewritten them), else today."""
        newest = self.store.newest_story_seen()
        try:
            day = dt.date.fromisoformat(newest[:10]) if newest else None
        except ValueError:
            day = None
        if day is None:
            return _today()
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() / 86400.0

    def _count_stored_articles(self, skip: set[str]) -> None:
        """The one-time count of every stored article's terms (a store made before this path
        existed); later batches only add their own articles."""
        batch: list[Article] = []
        for article in self.store.iter_articles():
            if article.id not in skip:
                batch.append(article)
            if len(batch) == 500:
                self._count(batch)
                batch = []
        self._count(batch)

    def _count(self, articles: list[Article]) -> None:
        if not articles:
            return
        found = self.store.load_annotations(a.id for a in articles)
        for article in articles:
            item = ClusterItem.from_article(article, _entity_terms(found.get(article.id)))
            terms = item_terms(item, self.cluster.title_weight)
            self.store.count_terms("text", terms.text, documents=1)
            self.store.count_terms("names", terms.names)

    def rebuild(self, sid: str) -> StoredFeatures | None:
        """A story's features computed afresh from its members (None if it has none)."""
        try:
            members = self.store.get_story(sid).article_ids
        except NotFoundError:
            self.store.drop_story_features([sid])
            return None
        articles = [self.store.get_article(m) for m in members]
        found = self.store.load_annotations(members)
        features = empty_features(sid)
        for article in articles:
            item = ClusterItem.from_article(article, _entity_terms(found.get(article.id)))
            features = with_member(features, self.vector_of(item))
        self.store.save_story_features(features, index_terms(features, self.cluster.index_terms))
        return features

    # -- placing -------------------------------------------------------------------------
    def place(self, item: ClusterItem, reprint_story: str | None = None) -> Placement:
        """Put one article into the story a correction puts it in, else its family of
        copies' story (``reprint_story``) unless a correction keeps it apart from that, else
        the best candidate story, or found a story."""
        cluster = self.cluster
        terms = item_terms(item, cluster.title_weight)
        vector = weigh(terms, self.observe(terms))
        count_lengths(self.store, [item])
        group = self.constraints.group_of.get(item.id)
        forced = self._forced_story(item.id, group)
        if (
            forced is None
            and reprint_story is not None
            and (group is None or not self._blocked(reprint_story, group))
        ):
            forced = reprint_story
        if forced is not None:
            self._join(forced, item.id, vector)
            return Placement(item.id, forced, False, None, 0)
        query = heapq.nsmallest(
            cluster.query_terms, vector.text.items(), key=lambda kv: (-kv[1], kv[0])
        )
        since = vector.day - cluster.window_days if vector.day is not None else None
        scores = self.store.story_candidates(query, since_day=since, per_term=cluster.max_postings)
        ranked = heapq.nsmallest(
            cluster.max_candidates, scores, key=lambda sid: (-scores[sid], sid)
        )
        best_id, best = None, float("-inf")
        seen: dict[str, float] = {}
        for sid, features in self._current_features(ranked).items():
            if group is not None and self._blocked(sid, group):
                continue
            score = similarity(vector, features, cluster)
            seen[sid] = score
            if score > best or (score == best and best_id is not None and sid < best_id):
                best_id, best = sid, score
        if best_id is not None and best >= cluster.threshold:
            self._join(best_id, item.id, vector)
            final = self._merge_neighbours(best_id, seen)
            return Placement(item.id, final, False, best, len(ranked))
        sid = story_id(item.id)
        self._join(sid, item.id, vector)
        final = self._merge_neighbours(sid, seen)
        created = final == sid
        return Placement(item.id, final, created, None if best_id is None else best, len(ranked))

    def stories_of(self, links: Sequence[Reprint], unlinked: Sequence[str]) -> set[str]:
        """The stories of the stored articles whose reprint link changed."""
        found: set[str] = set()
        for article_id in [*(r.article_id for r in links), *unlinked]:
            if _in_story(self.store, article_id):
                found.add(self.store.story_of(article_id))
        return found

    # -- merging neighbours ----------------------------------------------------------------
    def _merge_neighbours(self, sid: str, scores: dict[str, float]) -> str:
        """Let the story just joined absorb the article's other close candidates where batch
        average linking would merge them (``merge.neighbours_to_merge``); the older story's
        id survives. Returns the article's story id afterwards."""
        checks = self.cluster.merge_checks
        close = [(-score, other) for other, score in scores.items() if other != sid]
        neighbours = [other for _, other in heapq.nsmallest(checks, close) if checks > 0]
        neighbours = [n for n in neighbours if scores[n] > float("-inf")]
        if not neighbours:
            return sid
        choices = neighbours_to_merge(
            self._member_features(sid),
            [self._member_features(n) for n in neighbours],
            self.cluster,
            lambda i: self._apart(sid, neighbours[i]),
        )
        current = sid
        for choice in choices:
            other = neighbours[choice.neighbour]
            if self._apart(current, other):
                continue
            features = self._current_features([current, other])
            if current not in features or other not in features:
                continue
            survivor, absorbed = sorted((current, other), key=lambda s: _age(features[s]))
            self.store.absorb_story(survivor, absorbed)
            both = merged(features[survivor], features[absorbed])
            self.store.save_story_features(both, index_terms(both, self.cluster.index_terms))
            self.absorbed[absorbed] = survivor
            current = survivor
        return current

    def _member_features(self, sid: str) -> list[MemberFeatures]:
        """The batch features of the story's most recent members (cached for the batch)."""
        members = self.store.get_story(sid).article_ids[-MERGE_MEMBERS:]
        missing = [m for m in members if m not in self._members]
        if missing:
            found = self.store.load_annotations(missing)
            for member in missing:
                article = self.store.get_article(member)
                item = ClusterItem.from_article(article, _entity_terms(found.get(member)))
                self._members[member] = self._batch_features(item)
        return [self._members[m] for m in members]

    def _batch_features(self, item: ClusterItem) -> MemberFeatures:
        terms = item_terms(item, self.cluster.title_weight)
        text = set(terms.text) | set(words(item.title))
        names = set(terms.names) | set(number_terms(item.title)) | set(number_terms(item.text))
        store = self.store
        stats = TermStats(
            store.documents_counted(),
            store.term_frequencies("text", sorted(text)),
            store.term_frequencies("names", sorted(names)),
        )
        return MemberFeatures(item.id, weigh(terms, stats), headline_vectors(item, stats))

    def _apart(self, first: str, second: str) -> bool:
        """Whether a correction keeps a member of one story apart from one of the other."""
        group_of = self.constraints.group_of
        if not group_of:
            return False
        groups = {group_of[m] for m in self.store.get_story(first).article_ids if m in group_of}
        if not groups:
            return False
        return any(
            self.constraints.apart(g, group_of[m])
            for m in self.store.get_story(second).article_ids
            if m in group_of
            for g in groups
        )

    def _current_features(self, story_ids: list[str]) -> dict[str, StoredFeatures]:
        """The candidates' features, rebuilt where the story changed since they were saved."""
        stored = self.store.load_story_features(story_ids)
        sizes = self.store.story_sizes(story_ids)
        current: dict[str, StoredFeatures] = {}
        for sid in story_ids:
            features = stored.get(sid)
            if sid not in sizes:
                self.store.drop_story_features([sid])
                continue
            if features is None or features.size != sizes[sid]:
                features = self.rebuild(sid)
            if features is not None:
                current[sid] = features
        return current

    def _forced_story(self, article_id: str, group: int | None) -> str | None:
        """The story of an already placed article that a correction groups with this one."""
        if group is None:
            return None
        for member in self.constraints.members().get(group, ()):
            if member != article_id and _in_story(self.store, member):
                return self.store.story_of(member)
        return None

    def _blocked(self, sid: str, group: int) -> bool:
        """Whether a correction keeps this article's group apart from one in the story."""
        group_of = self.constraints.group_of
        members = self.store.get_story(sid).article_ids
        return any(self.constraints.apart(group, group_of[m]) for m in members if m in group_of)

    def _join(self, sid: str, article_id: str, vector: ItemVector) -> None:
        features = self.store.load_story_features([sid]).get(sid) or empty_features(sid)
        features = with_member(features, vector)
        self.store.save_story_features(features, index_terms(features, self.cluster.index_terms))
        self.store.add_story_member(sid, article_id)


def _store_signatures(store: Store, options: DedupOptions, skip: set[str]) -> None:
    """The one-time storing of every stored article's signatures and band keys (a store made
    before this path stored them), so that reprint checks see every article."""
    batch: list[Article] = []
    for article in store.iter_articles():
        if article.id not in skip:
            batch.append(article)
        if len(batch) == 500:
            evidence_for(store, batch, options)
            batch = []
    if batch:
        evidence_for(store, batch, options)
    mark_all_stored(store)


def _count_stored_lengths(store: Store, skip: set[str]) -> None:
    """The one-time count of every stored article's length class (a store made before this
    path existed), so that the first batch already follows the store's preset."""
    count_lengths(
        store,
        (ClusterItem.from_article(a) for a in store.iter_articles() if a.id not in skip),
    )


def _in_story(store: Store, article_id: str) -> bool:
    try:
        store.story_of(article_id)
    except NotFoundError:
        return False
    return True


def _entity_terms(annotations: ArticleAnnotations | None) -> tuple[str, ...]:
    """Entity names ("type:name") as the full recomputation feeds them to clustering."""
    entities = annotations.entities if annotations is not None else ()
    return tuple(sorted({f"{e.type}:{e.name}" for e in entities if e.type != "outlet"}))


def _age(features: StoredFeatures) -> tuple[float, str]:
    """Sort key putting the older story first (earliest member day, then id)."""
    first = features.first_day if features.first_day is not None else float("inf")
    return (first, features.story_id)


def _today() -> float:
    return dt.datetime.now(dt.UTC).timestamp() / 86400.0
