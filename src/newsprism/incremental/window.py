"""The scheduled refinement of the incremental path: the stories of a recent window regrouped
in batch, exactly as the full recomputation groups them, and written in their place.

Only the stories last seen within ``days`` of the newest one (and every article of those
stories) are read, so the cost is bounded by the window, not by the store. Corrections hold
(they are the same constraints the full recomputation uses); story ids derive from each
story's founding article, as in the full recomputation, so a story whose founder stays keeps
its id. Reprint links are found again among the window's articles; links to articles outside
the window are kept as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsprism.cluster import ClusterItem, Corrections, cluster_stories
from newsprism.dedup import find_reprints
from newsprism.incremental.preset import counted, store_preset
from newsprism.model import Reprint
from newsprism.store import Store

if TYPE_CHECKING:
    from newsprism.stories import StoryOptions


@dataclass(frozen=True)
class WindowRegroup:
    """What a window re-grouping did: articles read, stories before and after, and the ids of
    stories that are new or changed (the briefs to rebuild), sorted."""

    articles: int
    stories_before: int
    stories_after: int
    changed_stories: tuple[str, ...]


def regroup_recent(
    store: Store, *, days: float = 3.0, options: StoryOptions | None = None
) -> WindowRegroup:
    """Regroup the stories last seen within ``days`` of the latest story, in batch."""
    from newsprism import stories as full  # the full recomputation's own pieces

    story_options = options or full.StoryOptions()
    if story_options.cluster is None and counted(store):
        # the preset the incremental path follows, not the one the window alone would pick
        story_options = replace(story_options, cluster=store_preset(store))
    latest = store.list_stories(limit=1)
    if not latest or latest[0].last_seen is None:
        return WindowRegroup(0, 0, 0, ())
    newest = dt.date.fromisoformat(latest[0].last_seen[:10])
    since = (newest - dt.timedelta(days=max(days, 0.0))).isoformat()
    old_ids = store.stories_seen_since(since)
    before = {sid: store.get_story(sid).article_ids for sid in old_ids}
    member_ids = sorted({a for members in before.values() for a in members})
    articles = [store.get_article(a) for a in member_ids]
    records = store.list_corrections()
    dedup = find_reprints(
        articles,
        story_options.dedup,
        independent=full._independent(records),
        evidence=full.stored_evidence(store, articles, story_options.dedup),
    )
    annotations = store.load_annotations(member_ids)
    items = [
        ClusterItem.from_article(a, full._entity_terms(annotations.get(a.id))) for a in articles
    ]
    corrections = full._reprints_together(dedup) + full._grouping(records, store).records
    clustering = cluster_stories(items, story_options.cluster, Corrections(corrections))
    by_id = {a.id: a for a in articles}
    stories = [
        full._story(s.id, [by_id[i] for i in s.article_ids], dedup) for s in clustering.stories
    ]
    reprints = [
        Reprint(link.article_id, link.reprint_of, round(link.similarity, 4), link.reason)
        for link in dedup.links
    ]
    store.replace_some_stories(old_ids, stories, reprints, member_ids)
    changed = sorted(s.id for s in stories if before.get(s.id) != s.article_ids)
    return WindowRegroup(len(articles), len(old_ids), len(stories), tuple(changed))
