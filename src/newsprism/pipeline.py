"""The order of newsprism's stages: ingest (read, normalize, store), annotate, stories.

``ingest`` reads and stores (``newsprism.ingest.batch``); ``annotate_pending`` annotates what
is not annotated yet (or was annotated from another text or with another model);
``update_stories`` runs both later stages and regroups the stories. Briefs are built on
demand from what these stored (``newsprism.stories.story_brief``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from newsprism.annotate.pipeline import Annotator, is_current
from newsprism.annotate.records import AnnotateOptions, ArticleAnnotations
from newsprism.annotate.stored import current_annotations
from newsprism.dedup_evidence import Evidence
from newsprism.ingest.batch import IngestOptions, IngestReport, ProgressCallback, ingest
from newsprism.model import Article
from newsprism.store import Store
from newsprism.stories import StoryOptions, StoryRefresh, refresh_stories

__all__ = [
    "IngestOptions",
    "IngestReport",
    "ProgressCallback",
    "StageProgress",
    "UpdateReport",
    "annotate_pending",
    "annotations_of",
    "ingest",
    "needs_update",
    "update_stories",
]


# Told how a later stage goes: (stage, done, total); total None while it cannot be counted.
# Stages: "annotating" (articles checked of all stored), "grouping" (0 of None, then 1 of 1).
StageProgress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class UpdateReport:
    """What ``update_stories`` did: articles annotated, and the stories it found."""

    annotated: int
    stories: StoryRefresh


def annotate_pending(
    store: Store,
    options: AnnotateOptions | None = None,
    *,
    batch: int = 256,
    progress: StageProgress | None = None,
) -> int:
    """Annotate every stored article that needs it; the number annotated.

    An article needs it when it has no annotations, or they were computed on another text or
    by another model or annotator version. Each batch is saved in one transaction.
    ``progress`` is told ("annotating", articles checked, articles stored) after each batch.
    """
    options = options or AnnotateOptions()
    stored = store.annotation_fingerprints()
    total = store.count_articles() if progress else 0
    if progress:
        batch = min(batch, 32)  # small batches so that the bar moves
        progress("annotating", 0, total)
    done = checked = 0
    with Annotator(options) as annotator:
        pending: list[Article] = []
        for article in store.iter_articles():
            checked += 1
            fingerprint = stored.get(article.id)
            if fingerprint is None or not is_current(*fingerprint, article, options.model):
                pending.append(article)
            if len(pending) >= batch:
                store.save_annotations(annotator.annotate(pending))
                done += len(pending)
                pending = []
                if progress:
                    progress("annotating", checked, total)
        if pending:
            store.save_annotations(annotator.annotate(pending))
            done += len(pending)
    if progress:
        progress("annotating", total, total)
    return done


def annotations_of(
    store: Store, article: Article, options: AnnotateOptions | None = None
) -> ArticleAnnotations:
    """The article's current annotations: stored ones, or made (and saved) now if stale."""
    return current_annotations(store, [article], options or AnnotateOptions())[article.id]


def needs_update(store: Store, report: IngestReport) -> bool:
    """Whether an ingest that produced ``report`` should run ``update_stories``.

    Yes when it stored something, and also when an earlier update was interrupted (an article
    without annotations or without a story), so re-running the same ingest finishes the job.
    """
    return bool(report.stored) or store.count_unfinished() > 0 or not store.count_stories()


def update_stories(
    store: Store,
    *,
    annotate: AnnotateOptions | None = None,
    stories: StoryOptions | None = None,
    progress: StageProgress | None = None,
    evidence: Mapping[str, Evidence] | None = None,
) -> UpdateReport:
    """Annotate what needs it, then recompute reprints and stories; what was done.

    ``progress`` hears of both stages (see ``StageProgress``); ``evidence`` is reprint
    evidence computed earlier with ``stories.dedup`` (see ``refresh_stories``).
    """
    annotated = annotate_pending(store, annotate, progress=progress)
    if progress:
        progress("grouping", 0, None)
    refreshed = refresh_stories(store, stories, evidence=evidence)
    if progress:
        progress("grouping", 1, 1)
    return UpdateReport(annotated, refreshed)
