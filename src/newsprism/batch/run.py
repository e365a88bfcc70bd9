"""``run_batch``: inputs through the stages on an engine, into the store, then stories grouped.

The engine reads, normalizes, annotates and signs (``newsprism.batch.stages``); this module
expands the inputs, writes what comes back through the Store protocol (articles, then the
annotations of the articles newly stored), follows OPML lists to their feeds, and ends with
the same story update an ingest runs, handing it the signed reprint evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsprism.batch.engines import Engine
from newsprism.batch.stages import Location, Staged, StageOptions
from newsprism.dedup_evidence import Evidence
from newsprism.errors import InputError
from newsprism.ingest.batch import IngestReport, expand_inputs
from newsprism.ingest.reader import STDIN
from newsprism.pipeline import UpdateReport, needs_update, update_stories
from newsprism.store import Store
from newsprism.stories import StoryOptions


@dataclass(frozen=True)
class BatchReport:
    """What a batch did: the ingest's counts and errors, and the story update (None when
    nothing called for one)."""

    engine: str
    ingest: IngestReport
    update: UpdateReport | None


def run_batch(
    inputs: Sequence[str],
    store: Store,
    engine: Engine,
    options: StageOptions | None = None,
    *,
    write_batch: int = 200,
) -> BatchReport:
    """Read, normalize, annotate and sign every input on ``engine``; store the results, then
    regroup the stories as ``ingest`` does; what was done.

    Inputs are files, folders (walked) and http(s) URLs. A bad input is reported in the
    result and the rest go on; store errors are raised. Articles are written ``write_batch``
    at a time, each batch in one transaction.
    """
    options = options or StageOptions()
    writer = _Writer(store, write_batch)
    skip = frozenset(store.own_files())
    files, others, errors = expand_inputs(inputs, skip)
    for location in others:
        if location == STDIN:
            errors.append(InputError(STDIN, _NO_STDIN))
    todo = [Location(path) for path in files + [o for o in others if o != STDIN]]
    seen = {loc.path for loc in todo}
    while todo:
        follow: list[str] = []
        for row in engine.run(todo, options):
            if row.error is not None:
                errors.append(row.error)
            follow.extend(row.follow)
            writer.add(row)
        writer.flush()
        # An OPML list's entries are read in the next round, as feeds only.
        more_files, more_others, more_errors = expand_inputs(follow, skip)
        errors.extend(more_errors)
        todo = [Location(p, feeds_only=True) for p in more_files + more_others if p not in seen]
        seen.update(loc.path for loc in todo)
    report = IngestReport(
        stored=writer.stored,
        already=writer.already,
        errors=tuple(errors),
        article_ids=tuple(writer.ids),
    )
    update = None
    if needs_update(store, report):
        update = update_stories(
            store,
            annotate=options.annotate,
            stories=StoryOptions(dedup=options.dedup),
            evidence=writer.evidence,
        )
    return BatchReport(engine.name, report, update)


_NO_STDIN = "batch reads files, folders and URLs; read standard input with `newsprism ingest -`"


class _Writer:
    """Writes finished rows in batches: articles, then the annotations of those newly stored.

    A plain class: it accumulates counts and evidence while the batch runs. Annotations of an
    article the store already held are not written: the store's copy may differ, and the
    story update annotates whatever is stale.
    """

    def __init__(self, store: Store, size: int) -> None:
        self.store = store
        self.size = size
        self.buffer: list[Staged] = []
        self.stored = 0
        self.already = 0
        self.ids: list[str] = []
        self.evidence: dict[str, Evidence] = {}

    def add(self, row: Staged) -> None:
        if row.article is not None:
            self.buffer.append(row)
            if len(self.buffer) >= self.size:
                self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        rows, self.buffer = self.buffer, []
        outcomes = self.store.add_articles([row.article for row in rows if row.article])
        fresh: list[Staged] = []
        for row, outcome in zip(rows, outcomes, strict=True):
            self.ids.append(outcome.article_id)
            if outcome.stored:
                self.stored += 1
                fresh.append(row)
            else:
                self.already += 1
        self.store.save_annotations([r.annotations for r in fresh if r.annotations is not None])
        for row in fresh:
            if row.article is not None and row.evidence is not None:
                self.evidence[row.article.id] = row.evidence
