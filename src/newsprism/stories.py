"""Stories from stored articles: reprints found, articles grouped, corrections respected.

``story_brief`` builds one story's brief from what the store holds.

``refresh_stories`` recomputes every story from what the store holds (articles, their entity
annotations where present, and the manual corrections), so the result depends only on the
stored input: two runs give the same story ids. Reprints always share their original's story
unless a person moved them apart. ``merge_stories``, ``split_story`` and ``move_article``
record a correction to the grouping; ``not_a_reprint`` records that an article is an
independent report, so that no later run links it to another article as a copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsprism.annotate.records import AnnotateOptions, ArticleAnnotations
from newsprism.annotate.stored import current_annotations
from newsprism.brief import build_brief
from newsprism.cluster import ClusterItem, ClusterOptions, Corrections, Merge, cluster_stories
from newsprism.cluster.corrections import SCHEMA as CORRECTIONS_SCHEMA
from newsprism.compare.records import Brief, BriefOptions, StoryInput
from newsprism.dedup import DedupOptions, DedupResult, find_reprints
from newsprism.dedup_evidence import Evidence
from newsprism.dedup_signatures import SignatureCache, evidence_for, mark_all_stored
from newsprism.errors import CorrectionError, NotFoundError
from newsprism.model import Article, Coverage, Reprint, Story
from newsprism.store import Store
from newsprism.titles import outlet_name, published_order, story_title


@dataclass(frozen=True)
class StoryOptions:
    """How reprints are recognised and articles grouped into stories; ``cluster`` None picks
    the clustering preset that fits the stored articles (``ClusterOptions.for_corpus``)."""

    dedup: DedupOptions = field(default_factory=DedupOptions)
    cluster: ClusterOptions | None = None


@dataclass(frozen=True)
class StoryRefresh:
    """What a refresh found: how many stories and reprints, and articles it could not compare."""

    stories: int
    reprints: int
    skipped: tuple[tuple[str, str], ...] = ()


def refresh_stories(store: Store, options: StoryOptions | None = None) -> StoryRefresh:
    """Recompute reprint links and stories for every stored article and store them (stored
    reprint signatures are read, missing ones computed and stored)."""
    options = options or StoryOptions()
    articles = sorted(store.iter_articles(), key=lambda a: a.id)
    if not articles:
        store.replace_stories([], [])
        return StoryRefresh(0, 0)
    records = store.list_corrections()
    dedup = find_reprints(
        articles,
        options.dedup,
        independent=_independent(records),
        evidence=stored_evidence(store, articles, options.dedup),
    )
    annotations = store.load_annotations(a.id for a in articles)
    items = [ClusterItem.from_article(a, _entity_terms(annotations.get(a.id))) for a in articles]
    corrections = _reprints_together(dedup) + _grouping(records, store).records
    clustering = cluster_stories(items, options.cluster, Corrections(corrections))
    by_id = {a.id: a for a in articles}
    stories = [
        _story(story.id, [by_id[i] for i in story.article_ids], dedup)
        for story in clustering.stories
    ]
    reprints = [
        Reprint(link.article_id, link.reprint_of, round(link.similarity, 4), link.reason)
        for link in dedup.links
    ]
    store.replace_stories(stories, reprints)
    mark_all_stored(store)
    return StoryRefresh(len(stories), len(reprints), dedup.skipped)


def stored_evidence(
    store: Store, articles: Sequence[Article], options: DedupOptions
) -> list[Evidence | None] | None:
    """The articles' reprint evidence, read from the store where it is stored (and stored
    where it was missing), in order; None from a store that keeps no signatures."""
    if not isinstance(store, SignatureCache):
        return None
    return evidence_for(store, articles, options)


def story_brief(
    store: Store,
    story_id: str,
    options: BriefOptions | None = None,
    annotate: AnnotateOptions | None = None,
) -> Brief:
    """The brief of a stored story (an id or unique prefix); raises NotFoundError.

    Articles without current annotations (none yet, or made from another text or model) are
    annotated first and the annotations saved, so the next brief starts from the store.
    """
    annotate = annotate or AnnotateOptions()
    story = store.get_story(story_id)
    articles = [store.get_article(article_id) for article_id in story.article_ids]
    annotations = current_annotations(store, articles, annotate)
    reprints = store.load_reprints()
    story_input = StoryInput(
        story.id,
        {a: reprints[a].reprint_of for a in story.article_ids if a in reprints},
    )
    return build_brief(story_input, articles, annotations, options or BriefOptions())


NOT_A_REPRINT = "not_a_reprint"
"""The ``op`` of a stored correction saying that an article is an independent report."""


def stored_corrections(store: Store) -> Corrections:
    """The manual corrections to the grouping kept in the store, oldest first."""
    return _grouping(store.list_corrections(), store)


def independent_articles(store: Store) -> frozenset[str]:
    """The ids of the articles a person said are no reprint (``not_a_reprint``)."""
    return _independent(store.list_corrections())


def not_a_reprint(store: Store, article_id: str, *, now: str) -> str:
    """Record that an article is an independent report, never a copy of another article nor
    the original of one; the article's full id. Raises NotFoundError for an unknown article and
    CorrectionError when it is already recorded or is linked to no other article."""
    article = store.get_article(article_id)
    if article.id in independent_articles(store):
        raise CorrectionError(f"article {article.id} is already recorded as not a reprint")
    linked = {
        end for link in store.load_reprints().values() for end in (link.article_id, link.reprint_of)
    }
    if article.id not in linked:
        raise CorrectionError(
            f"article {article.id} is neither a reprint nor the original of one; nothing to correct"
        )
    store.add_correction({"op": NOT_A_REPRINT, "article": article.id}, now)
    return article.id


def _grouping(records: list[dict[str, Any]], store: Store) -> Corrections:
    return Corrections.from_dict(
        {"schema": CORRECTIONS_SCHEMA, "records": [r for r in records if not _is_independent(r)]},
        source=f"{store.path} (corrections)",
    )


def _independent(records: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(str(r["article"]) for r in records if _is_independent(r))


def _is_independent(record: dict[str, Any]) -> bool:
    return isinstance(record, dict) and record.get("op") == NOT_A_REPRINT and "article" in record


def merge_stories(store: Store, first: str, second: str, *, now: str) -> None:
    """Record that two stories are one; raises NotFoundError for an unknown story id."""
    one, two = store.get_story(first), store.get_story(second)
    if one.id == two.id:
        raise CorrectionError(f"{first} and {second} are the same story; nothing to merge")
    _record(store, Corrections().merge(one.article_ids, two.article_ids), now)


def split_story(store: Store, story_id: str, article_ids: Sequence[str], *, now: str) -> None:
    """Record that these articles leave the story and form a story of their own."""
    story = store.get_story(story_id)
    part = [_member(store, story, article_id) for article_id in article_ids]
    if set(part) >= set(story.article_ids):
        raise CorrectionError(
            f"splitting every article out of story {story.id} leaves nothing behind; "
            "name only the articles that should leave"
        )
    _record(store, Corrections().split(story.article_ids, part), now)


def move_article(store: Store, article_id: str, story_id: str, *, now: str) -> None:
    """Record that an article belongs to another story (and never again to its current one)."""
    article = store.get_article(article_id)
    target = store.get_story(story_id)
    try:
        current = store.get_story(store.story_of(article.id))
    except NotFoundError:
        current = None
    if current is not None and current.id == target.id:
        raise CorrectionError(f"article {article.id} is already in story {target.id}")
    source = current.article_ids if current is not None else ()
    _record(store, Corrections().move(article.id, target.article_ids, source), now)


def _record(store: Store, corrections: Corrections, now: str) -> None:
    (record,) = corrections.to_dict()["records"]
    store.add_correction(record, now)


def _member(store: Store, story: Story, article_id: str) -> str:
    full = store.get_article(article_id).id
    if full not in story.article_ids:
        raise CorrectionError(f"article {full} is not in story {story.id}")
    return full


def _reprints_together(dedup: DedupResult) -> tuple[Merge, ...]:
    """Must-links that keep each reprint with its original (manual corrections come later)."""
    return tuple(
        Merge((link.article_id,), (link.reprint_of,))
        for link in sorted(dedup.links, key=lambda link: link.article_id)
    )


def _entity_terms(annotations: ArticleAnnotations | None) -> tuple[str, ...]:
    """Entity names ("type:name") of an article's annotations, for clustering features."""
    entities = annotations.entities if annotations is not None else ()
    return tuple(sorted({f"{e.type}:{e.name}" for e in entities if e.type != "outlet"}))


def _story(story_id: str, articles: list[Article], dedup: DedupResult) -> Story:
    ordered = sorted(articles, key=published_order)
    dates = [a.published.value for a in ordered if a.published]
    counts = dedup.count_reports(a.id for a in ordered)
    outlets = {name.casefold() for a in ordered if (name := outlet_name(a))}
    return Story(
        id=story_id,
        title=story_title(ordered, {a.id for a in ordered if dedup.is_reprint(a.id)}),
        article_ids=tuple(a.id for a in ordered),
        first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None,
        coverage=Coverage(
            articles=counts.articles,
            outlets=len(outlets),
            independent_reports=counts.independent_reports,
            reprints=counts.reprints,
        ),
    )
