"""The annotate stage: parse articles in batches, then entities, quotes and dates.

``annotate_articles`` is the entry function; ``Annotator`` keeps the model (and worker
processes) between calls for callers that annotate many batches.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from newsprism.annotate.dates import extract_dates
from newsprism.annotate.entities import extract_entities
from newsprism.annotate.nlp import load_model, model_fingerprint
from newsprism.annotate.quotes import extract_quotes
from newsprism.annotate.records import AnnotateOptions, ArticleAnnotations, Sentence
from newsprism.errors import ConfigError
from newsprism.model import Article, PublishedDate

# One unit of work: (article id, text, publication date, outlet).
Job = tuple[str, str, PublishedDate | None, str | None]


def text_hash(text: str) -> str:
    """Return the SHA-256 of the text annotations were computed on (hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def annotate_doc(
    doc: Any,
    article_id: str,
    published: PublishedDate | None,
    outlet: str | None,
    fingerprint: str,
    full_text_hash: str | None = None,
) -> ArticleAnnotations:
    """Return the annotations of one parsed article (``doc`` from the model's ``pipe``).

    ``full_text_hash`` is the hash of the stored text when ``doc`` holds only its beginning
    (texts longer than ``max_chars``); by default the hash of ``doc.text``.
    """
    sentences = tuple(Sentence(s.start_char, s.end_char) for s in doc.sents) if len(doc) else ()
    entities = extract_entities(doc, outlet)
    quotes = extract_quotes(doc, entities)
    dates = extract_dates(doc, published, [s.start for s in sentences])
    return ArticleAnnotations(
        article_id=article_id,
        text_hash=full_text_hash or text_hash(doc.text),
        annotator=fingerprint,
        sentences=sentences,
        entities=tuple(entities),
        quotes=tuple(quotes),
        dates=tuple(dates),
    )


def _annotate_jobs(jobs: Sequence[Job], options: AnnotateOptions) -> list[ArticleAnnotations]:
    """Return the annotations of ``jobs`` in order, in this process."""
    nlp = load_model(options.model)
    fingerprint = model_fingerprint(options.model)
    texts = (job[1][: options.max_chars] for job in jobs)
    results = []
    for job, doc in zip(jobs, nlp.pipe(texts, batch_size=options.batch_size), strict=True):
        results.append(annotate_doc(doc, job[0], job[2], job[3], fingerprint, text_hash(job[1])))
    return results


def _worker_init(model: str) -> None:
    load_model(model)


def _check(options: AnnotateOptions) -> None:
    if options.batch_size < 1:
        raise ConfigError(f"batch_size must be at least 1, not {options.batch_size}")
    if options.n_process < 1:
        raise ConfigError(f"n_process must be at least 1, not {options.n_process}")
    if options.max_chars < 1:
        raise ConfigError(f"max_chars must be at least 1, not {options.max_chars}")


class Annotator:
    # A plain class: it owns resources (the loaded model, a pool of worker processes) that
    # live across calls and are released by ``close``; it is no record.
    """Annotates articles with one model; use as a context manager to release the workers."""

    def __init__(self, options: AnnotateOptions | None = None) -> None:
        self.options = options or AnnotateOptions()
        _check(self.options)
        self.fingerprint = model_fingerprint(self.options.model)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Annotator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def annotate(self, articles: Iterable[Article]) -> list[ArticleAnnotations]:
        """Return the annotations of ``articles``, in the same order."""
        return self.annotate_texts((a.id, a.text, a.published, a.outlet) for a in articles)

    def annotate_texts(
        self, items: Iterable[tuple[str, str, PublishedDate | str | None]] | Iterable[Job]
    ) -> list[ArticleAnnotations]:
        """Return the annotations of ``(id, text, published[, outlet])`` items, in order.

        ``published`` may be a ``PublishedDate`` or an ISO date string (``2016-11-08``).
        """
        jobs = [_job(item) for item in items]
        if not jobs:
            return []
        if self.options.n_process == 1 or len(jobs) <= self.options.batch_size:
            return _annotate_jobs(jobs, self.options)
        pool = self._workers()
        # Chunks small enough to keep every worker busy to the end, at most one batch each.
        share = -(-len(jobs) // (4 * self.options.n_process))
        size = max(1, min(self.options.batch_size, share))
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        results: list[ArticleAnnotations] = []
        for part in pool.map(_annotate_jobs, chunks, [self.options] * len(chunks)):
            results.extend(part)
        return results

    def _workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # Where the platform forks, workers inherit the model loaded here (as spaCy's own
            # n_process does) instead of each reading it from disk again.
            methods = multiprocessing.get_all_start_methods()
            method = "fork" if "fork" in methods else "spawn"
            if method == "fork":
                load_model(self.options.model)
            self._pool = ProcessPoolExecutor(
                max_workers=self.options.n_process,
                mp_context=multiprocessing.get_context(method),
                initializer=_worker_init,
                initargs=(self.options.model,),
            )
        return self._pool


def _job(item: tuple[Any, ...]) -> Job:
    article_id, text, published = item[0], item[1], item[2]
    outlet = item[3] if len(item) > 3 else None
    if isinstance(published, str):
        published = _published_from_string(published)
    return (str(article_id), str(text), published, outlet)


def _published_from_string(value: str) -> PublishedDate | None:
    value = value.strip()
    if len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return PublishedDate(value[:10], "day")
    if len(value) == 7 and value[4] == "-":
        return PublishedDate(value, "month")
    if len(value) == 4 and value.isdigit():
        return PublishedDate(value, "year")
    return None


def annotate_articles(
    articles: Iterable[Article], options: AnnotateOptions | None = None
) -> list[ArticleAnnotations]:
    """Return the annotations of ``articles`` (entities, quotes, dates), in the same order."""
    with Annotator(options) as annotator:
        return annotator.annotate(articles)


def needs_annotation(stored: ArticleAnnotations | None, article: Article, model: str) -> bool:
    """Return True when ``stored`` is missing or was computed on another text or annotator."""
    if stored is None:
        return True
    return not is_current(stored.text_hash, stored.annotator, article, model)


def is_current(stored_hash: str, stored_annotator: str, article: Article, model: str) -> bool:
    """Return True when annotations with this text hash and annotator fit the article now."""
    return stored_annotator == model_fingerprint(model) and stored_hash == text_hash(article.text)
