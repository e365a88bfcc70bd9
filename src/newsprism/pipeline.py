"""The order of newsprism's stages: ingest (read, normalize, store), annotate, stories.

``ingest`` reads and stores (``newsprism.ingest.batch``); ``annotate_pending`` annotates what
is not annotated yet (or was annotated from another text or with another model);
``update_stories`` runs both later stages and brings the stories up to date: new articles few
next to the stored ones are placed incrementally (a flat cost per article), else, and with
``full``, every story is recomputed. Briefs are built on demand from what these stored
(``newsprism.stories.story_brief``) and cached by story fingerprint, so only the briefs of
stories whose membership or reprint links changed are rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from newsprism.annotate.pipeline import Annotator, is_current
from newsprism.annotate.records import AnnotateOptions, ArticleAnnotations
from newsprism.annotate.stored import current_annotations
from newsprism.dedup_evidence import Evidence
from newsprism.dedup_signatures import SignatureCache, save_evidence
from newsprism.errors import NotFoundError
from newsprism.incremental import IncrementalOptions, IncrementalUpdate, add_to_stories
from newsprism.ingest.batch import IngestOptions, IngestReport, ProgressCallback, ingest
from newsprism.model import Article
from newsprism.store import Store
from newsprism.stories import StoryOptions, StoryRefresh, refresh_stories
from newsprism.wording import count

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
    """What ``update_stories`` did: articles annotated, and either the full recomputation's
    outcome (``stories``) or the incremental placing's (``placed``; ``stories`` then counts
    the stored stories and the reprints among the placed articles)."""

    annotated: int
    stories: StoryRefresh
    placed: IncrementalUpdate | None = None

    @property
    def incremental(self) -> bool:
        """True when new articles were placed into the stored stories, not all regrouped."""
        return self.placed is not None

    def summary(self) -> str:
        """The closing line of ``newsprism update``."""
        if self.placed is None:
            return (
                f"{self.annotated} annotated, {count(self.stories.stories, 'story')}, "
                f"{count(self.stories.reprints, 'reprint')}"
            )
        placed = self.placed
        if not placed.placements:
            stories = count(self.stories.stories, "story")
            return f"{self.annotated} annotated, no new article, {stories}"
        return (
            f"{self.annotated} annotated, {count(len(placed.placements), 'article')} placed "
            f"({count(placed.created, 'new story')}, "
            f"{count(self.stories.reprints, 'reprint')}), "
            f"{count(self.stories.stories, 'story')} in all"
        )


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
    full: bool = False,
    new_ids: Sequence[str] | None = None,
) -> UpdateReport:
    """Bring the stories up to date with the stored articles; what was done.

    Without ``full``, when the articles in no story yet (``new_ids`` when the caller knows
    them, else the store's unplaced articles) are fewer than the articles already in
    stories, they alone are annotated, checked for reprints and placed into the stored
    stories (``incremental.add_to_stories``: the cost per article does not grow with the
    store; story ids stay). Otherwise (an empty store, a batch at least as large as the store,
    or ``full``) every article needing it is annotated and every story and reprint link is
    recomputed (``refresh_stories``): as cheap per article for a big batch, and the reference
    the incremental placing approximates. Corrections hold on both paths.
    ``progress`` hears of both stages (see ``StageProgress``); ``evidence`` is reprint
    evidence computed earlier with ``stories.dedup`` (``newsprism batch``'s signature stage),
    by article id: it is stored as the articles' signatures before either path runs.
    """
    if evidence and isinstance(store, SignatureCache):
        save_evidence(store, evidence, (stories or StoryOptions()).dedup)
    if not full:
        new = _new_articles(store, new_ids)
        if new is not None:
            return _place(store, new, annotate, stories, progress)
    annotated = annotate_pending(store, annotate, progress=progress)
    if progress:
        progress("grouping", 0, None)
    refreshed = refresh_stories(store, stories)
    if progress:
        progress("grouping", 1, 1)
    return UpdateReport(annotated, refreshed)


def _new_articles(store: Store, new_ids: Sequence[str] | None) -> list[str] | None:
    """The articles to place incrementally, or None when the batch path is the one to take
    (no article in a story yet, or at least as many new articles as placed ones)."""
    total = store.count_articles()
    if new_ids is None:
        new = store.unplaced_articles(total // 2 + 1)
    else:  # an ingest's ids include articles it found already stored (and placed)
        new = [i for i in sorted(set(new_ids)) if not _placed(store, i)]
    placed = total - len(new)
    if placed <= 0 or len(new) >= placed or not store.count_stories():
        return None
    return new


def _placed(store: Store, article_id: str) -> bool:
    try:
        store.story_of(article_id)
    except NotFoundError:
        return False
    return True


def _place(
    store: Store,
    new: list[str],
    annotate: AnnotateOptions | None,
    stories: StoryOptions | None,
    progress: StageProgress | None,
) -> UpdateReport:
    """Annotate and place only the new articles (see ``update_stories``)."""
    annotate = annotate or AnnotateOptions()
    stale = _stale(store, new, annotate)
    if progress:
        progress("grouping", 0, None)
    options = IncrementalOptions(
        cluster=stories.cluster if stories else None,
        dedup=stories.dedup if stories else IncrementalOptions().dedup,
    )
    placed = add_to_stories(store, new, options, annotate=annotate)
    if store.count_unfinished():  # an interrupted update left placed articles unannotated
        stale += annotate_pending(store, annotate)
    if progress:
        progress("grouping", 1, 1)
    reprints = sum(p.reprint_of is not None for p in placed.placements)
    return UpdateReport(stale, StoryRefresh(store.count_stories(), reprints), placed)


def _stale(store: Store, article_ids: list[str], options: AnnotateOptions) -> int:
    """How many of these articles have no current annotations (placing annotates them)."""
    found = store.load_annotations(article_ids)
    stale = 0
    for article_id in article_ids:
        got = found.get(article_id)
        if got is None:
            stale += 1
            continue
        article = store.get_article(article_id)
        if not is_current(got.text_hash, got.annotator, article, options.model):
            stale += 1
    return stale
