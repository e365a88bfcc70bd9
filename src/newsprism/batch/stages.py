"""The stages of a batch: read, normalize, annotate, sign. Each maps a list of rows to rows.

The engines (``newsprism.batch.engines``) run these very functions: the local engine in this
process, the Ray engine as Ray Data ``map_batches`` steps (the annotator as an actor that
keeps its spaCy model between batches). A row is a ``Staged`` record. An input that cannot be
read becomes a row holding its error, which every later stage passes on untouched, so a bad
file costs only itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from newsprism.annotate.nlp import load_model
from newsprism.annotate.pipeline import Annotator
from newsprism.annotate.records import AnnotateOptions, ArticleAnnotations
from newsprism.articles import build_article, utc_now
from newsprism.dedup import DedupOptions, ReprintDetector
from newsprism.dedup_evidence import Evidence
from newsprism.errors import InputError
from newsprism.ingest.batch import IngestOptions
from newsprism.ingest.fetch import Fetcher, is_url
from newsprism.ingest.reader import ReadResult, read_bytes, read_path
from newsprism.model import Article, ArticleDraft


@dataclass(frozen=True)
class Location:
    """One input to read: a file path or an http(s) URL.

    ``feeds_only`` marks an entry of an OPML list, which may only be an RSS or Atom feed.
    """

    path: str
    feeds_only: bool = False


@dataclass(frozen=True)
class Staged:
    """One row between stages: one article as far as the stages have taken it, or one input
    that failed (``error``), or the further inputs a source points to (``follow``)."""

    source: str
    draft: ArticleDraft | None = None
    article: Article | None = None
    annotations: ArticleAnnotations | None = None
    evidence: Evidence | None = None
    error: InputError | None = None
    follow: tuple[str, ...] = ()


@dataclass(frozen=True)
class StageOptions:
    """How the stages read, annotate and sign; the same whichever engine runs them.

    ``dedup`` must be the options the later story grouping uses, since the evidence signed
    here is handed to it.
    """

    reading: IngestOptions = field(default_factory=IngestOptions)
    annotate: AnnotateOptions = field(default_factory=AnnotateOptions)
    dedup: DedupOptions = field(default_factory=DedupOptions)


def read_stage(locations: Sequence[Location], options: StageOptions) -> list[Staged]:
    """The rows of these inputs: one per article draft, one per error, one per list of
    further inputs (an OPML list's feeds). Nothing is raised for a bad input."""
    rows: list[Staged] = []
    fetcher: Fetcher | None = None
    try:
        for location in locations:
            if is_url(location.path) and fetcher is None:
                fetcher = Fetcher(options.reading.fetch)
            try:
                result = _read(location, options.reading, fetcher)
            except InputError as exc:
                result = ReadResult(errors=(exc,))
            except Exception as exc:
                # A reader bug must cost this one input, never the batch.
                result = ReadResult(errors=(_unexpected(location.path, exc),))
            rows.extend(Staged(d.source, draft=d) for d in result.drafts)
            rows.extend(Staged(e.source, error=e) for e in result.errors)
            if result.follow:
                rows.append(Staged(location.path, follow=result.follow))
    finally:
        if fetcher is not None:
            fetcher.close()
    return rows


def _read(location: Location, reading: IngestOptions, fetcher: Fetcher | None) -> ReadResult:
    """What one file or URL holds; a URL's fetch errors are raised as InputError."""
    if fetcher is None or not is_url(location.path):
        return read_path(
            location.path,
            max_bytes=reading.max_bytes,
            fields=reading.fields,
            feeds_only=location.feeds_only,
        )
    page = fetcher.fetch(location.path)
    return read_bytes(
        page.body,
        location.path,
        fields=reading.fields,
        content_type=page.content_type,
        charset=page.charset,
        url=page.final_url,
        feeds_only=location.feeds_only,
    )


def _unexpected(source: str, exc: BaseException) -> InputError:
    """An InputError for a failure no reader foresaw, naming the input and the failure."""
    return InputError(
        source,
        f"could not be read ({type(exc).__name__}: {exc}); please report this as a bug",
    )


def normalize_stage(rows: Iterable[Staged], options: StageOptions) -> list[Staged]:
    """The rows with each draft built into an article (text normalized, boilerplate and
    embeds marked, wire credit found, content hashed); a draft that fails becomes an error."""
    ingested_at = utc_now()
    out: list[Staged] = []
    for row in rows:
        if row.draft is None:
            out.append(row)
            continue
        try:
            article = build_article(row.draft, ingested_at=ingested_at)
        except InputError as exc:
            out.append(Staged(row.source, error=exc))
            continue
        out.append(Staged(row.source, article=article))
    return out


class AnnotateStage:
    # A plain class: the Ray engine runs it as an actor, which must keep the loaded model
    # (and the annotator holding it) between batches; it is no record.
    """The annotate stage: the articles of rows annotated with one model, loaded once."""

    def __init__(self, options: AnnotateOptions) -> None:
        self.options = options
        load_model(options.model)  # now, once: not on the first batch
        self._annotator = Annotator(replace(options, n_process=1))

    def __call__(self, rows: Sequence[Staged]) -> list[Staged]:
        """The rows, each article's with its annotations (entities, quotes, dates)."""
        articles = [row.article for row in rows if row.article is not None]
        found = iter(self._annotator.annotate(articles))
        return [
            replace(row, annotations=next(found)) if row.article is not None else row
            for row in rows
        ]

    def close(self) -> None:
        """Release the annotator."""
        self._annotator.close()


def sign_stage(rows: Iterable[Staged], options: StageOptions) -> list[Staged]:
    """The rows, each article's with its reprint evidence (MinHash signatures of its text,
    narration and anchors); an article without words keeps none, and story grouping skips
    it as it would have anyway."""
    detector = ReprintDetector(options.dedup)
    out: list[Staged] = []
    for row in rows:
        if row.article is None:
            out.append(row)
            continue
        try:
            out.append(replace(row, evidence=detector.evidence(row.article)))
        except InputError:
            out.append(row)
    return out
