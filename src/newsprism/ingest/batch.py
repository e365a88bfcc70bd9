"""Ingesting a batch of inputs: files and folders read in worker processes, URLs fetched,
articles stored in batches, each batch one transaction.

A killed ingest leaves every committed batch intact and a re-run stores exactly what is
missing. This module imports only what reading needs, so worker processes start light.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsprism.articles import build_article, utc_now
from newsprism.config import Settings
from newsprism.errors import InputError, UnsupportedInputError
from newsprism.ingest.decode import decode_bytes
from newsprism.ingest.fetch import Fetcher, FetchOptions, is_url
from newsprism.ingest.html import read_html
from newsprism.ingest.reader import STDIN, ReadResult, read_bytes, read_path, read_stream
from newsprism.ingest.tabular import FieldMap
from newsprism.model import Article, ArticleDraft
from newsprism.store.base import ArticleStore

ProgressCallback = Callable[[int, int], None]
"""Called with (inputs done, inputs known so far) as an ingest moves on."""

_CHUNK = 32  # files per task sent to a worker process
_PARALLEL_FROM = 2 * _CHUNK  # fewer files than this are read in this process


@dataclass(frozen=True)
class IngestOptions:
    """How an ingest reads its inputs; build it from Settings with ``from_settings``."""

    max_bytes: int = 20 * 1024 * 1024
    fetch: FetchOptions = field(default_factory=FetchOptions)
    fetch_full_pages: bool = False
    workers: int = 0
    fields: FieldMap = field(default_factory=FieldMap)
    batch_size: int = 200

    @classmethod
    def from_settings(cls, settings: Settings, *, fields: FieldMap | None = None) -> IngestOptions:
        """The options that the settings in force ask for."""
        return cls(
            max_bytes=settings.max_input_bytes,
            fetch=FetchOptions(
                timeout=settings.fetch_timeout,
                max_bytes=settings.max_input_bytes,
                max_redirects=settings.max_redirects,
                allow_private=settings.allow_private,
            ),
            fetch_full_pages=settings.fetch_full_pages,
            workers=settings.workers,
            fields=fields or FieldMap(),
        )


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did: articles newly stored, already there, and inputs that failed."""

    stored: int
    already: int
    errors: tuple[InputError, ...]
    article_ids: tuple[str, ...]

    @property
    def failed(self) -> int:
        """How many inputs (files, URLs, records, feed items) could not be ingested."""
        return len(self.errors)

    def summary(self) -> str:
        """The closing line: how many stored, how many already there, how many failed."""
        return f"{self.stored} stored, {self.already} already there, {self.failed} failed"


@dataclass(frozen=True)
class _Built:
    """Articles built from one input, the errors met, and further inputs it points to."""

    articles: tuple[Article, ...] = ()
    errors: tuple[InputError, ...] = ()
    follow: tuple[str, ...] = ()


def ingest(
    inputs: Sequence[str],
    store: ArticleStore,
    options: IngestOptions | None = None,
    *,
    fetcher: Fetcher | None = None,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read every input (files, folders, URLs, ``-`` for stdin) and store its articles.

    A bad input is reported in the result and the rest go on; nothing is raised for input
    problems. Store errors (a full disk, a locked database) are raised.
    """
    options = options or IngestOptions()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(options.fetch)
    writer = _BatchWriter(store, options.batch_size)
    errors: list[InputError] = []
    pending: deque[str] = deque()
    seen: set[str] = set()
    done = 0
    try:
        skip = frozenset(store.own_files())
        files, others, expand_errors = expand_inputs(inputs, skip)
        errors.extend(expand_errors)
        pending.extend(others)
        total = len(files) + len(others)
        for built in _build_files(files, options):
            writer.add(built.articles)
            errors.extend(built.errors)
            pending.extend(built.follow)
            total += len(built.follow)
            done += 1
            if progress:
                progress(done, total)
        while pending:
            location = pending.popleft()
            if location in seen:
                done += 1
                continue
            seen.add(location)
            built = _build_one(location, options, fetcher, store)
            writer.add(built.articles)
            errors.extend(built.errors)
            more_files, more_others, more_errors = expand_inputs(built.follow, skip)
            pending.extend(more_files + more_others)
            errors.extend(more_errors)
            total += len(built.follow)
            done += 1
            if progress:
                progress(done, total)
        writer.flush()
    finally:
        if own_fetcher:
            fetcher.close()
    return IngestReport(
        stored=writer.stored,
        already=writer.already,
        errors=tuple(errors),
        article_ids=tuple(writer.ids),
    )


class _BatchWriter:
    """Collects articles and writes them in batches, each batch one transaction.

    A plain class: it accumulates counts while the ingest runs.
    """

    def __init__(self, store: ArticleStore, batch_size: int) -> None:
        self.store = store
        self.batch_size = batch_size
        self.buffer: list[Article] = []
        self.stored = 0
        self.already = 0
        self.ids: list[str] = []

    def add(self, articles: Iterable[Article]) -> None:
        self.buffer.extend(articles)
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        for outcome in self.store.add_articles(self.buffer):
            self.ids.append(outcome.article_id)
            if outcome.stored:
                self.stored += 1
            else:
                self.already += 1
        self.buffer = []


def expand_inputs(
    inputs: Iterable[str], skip: frozenset[str] = frozenset()
) -> tuple[list[str], list[str], list[InputError]]:
    """(files to read, URLs and stdin to read, errors for inputs that do not exist): the
    inputs of a command line, folders walked.

    Files in ``skip`` (the store's own database files) are left out of folders.
    """
    files: list[str] = []
    others: list[str] = []
    errors: list[InputError] = []
    for location in inputs:
        if location == STDIN or is_url(location):
            others.append(location)
            continue
        path = Path(location)
        if path.is_dir():
            found = _walk(path, errors)
            files.extend(str(p) for p in found if os.path.realpath(p) not in skip)
        elif path.exists():
            files.append(str(path))  # the reader refuses what is not a regular file
        elif "://" in location:
            errors.append(InputError(location, "only http:// and https:// URLs can be fetched"))
        else:
            errors.append(InputError(location, "no such file or folder"))
    return files, others, errors


def _walk(folder: Path, skipped: list[InputError]) -> Iterator[Path]:
    """Every regular file below ``folder``, sorted, skipping hidden files and folders.

    Named pipes, sockets and devices are left out: reading one could wait for ever. Symbolic
    links (to files or folders) are not followed, since they may lead out of the folder
    (``link.txt -> /etc/passwd``): each one adds an error naming it to ``skipped``. A link
    named on the command line is not walked here and is read.
    """
    for root, dirs, names in os.walk(folder):
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            path = Path(root) / name
            if path.is_symlink():
                skipped.append(_link_skipped(path))
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            path = Path(root) / name
            if name.startswith("."):
                continue
            if path.is_symlink():
                skipped.append(_link_skipped(path))
            elif _is_regular(path):
                yield path


def _link_skipped(path: Path) -> InputError:
    return UnsupportedInputError(
        str(path),
        "a symbolic link inside a folder; not followed (name it on the command line to read "
        "what it points to)",
    )


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True  # let the reader report why it cannot be read


def _build_files(files: list[str], options: IngestOptions) -> Iterator[_Built]:
    """The built result of each file, in order; in worker processes when there are many."""
    workers = options.workers or os.cpu_count() or 1
    if workers == 1 or len(files) < _PARALLEL_FROM:
        for path in files:
            yield _build_file(path, options.max_bytes, options.fields)
        return
    chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
    # forkserver: workers start clean, whatever threads this process has. The server imports
    # the readers once, so each worker starts in milliseconds (and can be stopped at once).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    before = {p.pid for p in multiprocessing.active_children()}
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    broken = False
    try:
        window = workers * 2  # chunks in flight: bounds memory whatever the corpus size
        for start in range(0, len(chunks), window):
            batch = chunks[start : start + window]
            futures = []
            for chunk in batch if not broken else ():
                try:
                    with _sigint_held():  # the first submit starts the forkserver and workers
                        futures.append(
                            pool.submit(_build_chunk, chunk, options.max_bytes, options.fields)
                        )
                except BrokenProcessPool:
                    broken = True  # a worker died while chunks were handed out
                    break
            for index, chunk in enumerate(batch):
                if index < len(futures):
                    try:
                        yield from futures[index].result()
                        continue
                    except BrokenProcessPool:
                        broken = True  # a worker died (killed from outside): go on in here
                yield from _build_chunk(chunk, options.max_bytes, options.fields)
    except BaseException:
        # Ctrl-C, SIGTERM, a store error, or the caller stopped early: stop the workers now
        # rather than wait for the chunks they hold. They are killed before the pool is shut
        # down, and no future is cancelled: the pool's manager thread then marks the pending
        # ones broken instead of failing on cancelled ones (a traceback in Python 3.11).
        for process in multiprocessing.active_children():
            if process.pid not in before:
                process.kill()
        pool.shutdown(wait=False)
        raise
    pool.shutdown(wait=True)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold SIGINT back, in this thread and in every process started inside the block.

    A new process inherits the signal mask. The forkserver imports the readers before it
    ignores SIGINT, and a worker runs Python before its initializer ignores it: a Ctrl-C in
    either window would print a KeyboardInterrupt traceback. With SIGINT blocked they only
    ever see it once ignored (and then it is dropped); here it is delivered when the block
    ends, microseconds later. Python's own resource tracker is started the same way.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start_worker(parent: int) -> None:
    """Set up a worker process: Ctrl-C is the parent's to handle, and it dies with the parent.

    The terminal sends SIGINT to the whole process group; a worker that took it would print
    a traceback and break the pool, so it ignores it and the parent stops it. A watchdog
    thread ends the worker when the parent is gone (even by SIGKILL, which nobody can catch).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    origin = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != origin or not _alive(parent):
                os._exit(1)

    threading.Thread(target=watch, name="newsprism-parent-watch", daemon=True).start()


def _die_with_parent() -> None:
    """On Linux, have the kernel SIGKILL this process when its parent (the forkserver) exits."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # the watchdog thread still ends the worker


_PR_SET_PDEATHSIG = 1


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _build_chunk(paths: list[str], max_bytes: int, fields: FieldMap) -> list[_Built]:
    return [_build_file(path, max_bytes, fields) for path in paths]


def _build_file(path: str, max_bytes: int, fields: FieldMap, *, feeds_only: bool = False) -> _Built:
    try:
        return _build(read_path(path, max_bytes=max_bytes, fields=fields, feeds_only=feeds_only))
    except Exception as exc:
        # A reader bug must cost this one file, never the batch (nor the worker pool).
        return _Built(errors=(_unexpected(path, exc),))


def _unexpected(source: str, exc: BaseException) -> InputError:
    """An InputError for a failure no reader foresaw, naming the input and the failure."""
    return InputError(
        source,
        f"could not be read ({type(exc).__name__}: {exc}); please report this as a bug",
    )


def _build(result: ReadResult, ingested_at: str | None = None) -> _Built:
    """Articles from a read result's drafts; a draft that fails to build joins the errors."""
    ingested_at = ingested_at or utc_now()
    articles: list[Article] = []
    errors = list(result.errors)
    for draft in result.drafts:
        try:
            articles.append(build_article(draft, ingested_at=ingested_at))
        except InputError as exc:
            errors.append(exc)
    return _Built(tuple(articles), tuple(errors), result.follow)


def _build_one(
    location: str, options: IngestOptions, fetcher: Fetcher, store: ArticleStore
) -> _Built:
    """The built result of one URL, stdin, or file reached through an OPML list."""
    if location == STDIN:
        return _build(read_stream(max_bytes=options.max_bytes, fields=options.fields))
    if not is_url(location):
        # Only an OPML list's entries get here: they may be feeds, nothing else.
        return _build_file(location, options.max_bytes, options.fields, feeds_only=True)
    try:
        page = fetcher.fetch(location)
        result = read_bytes(
            page.body,
            location,
            fields=options.fields,
            content_type=page.content_type,
            charset=page.charset,
            url=page.final_url,
        )
    except InputError as exc:
        return _Built(errors=(exc,))
    if options.fetch_full_pages and any(d.format == "feed" for d in result.drafts):
        result = _with_full_pages(result, fetcher, store)
    return _build(result)


def _with_full_pages(result: ReadResult, fetcher: Fetcher, store: ArticleStore) -> ReadResult:
    """Feed items replaced by their full pages; an item whose page fails keeps its summary."""
    known = store.known_urls(d.url for d in result.drafts if d.url)
    drafts: list[ArticleDraft] = []
    errors = list(result.errors)
    for draft in result.drafts:
        if not draft.url or draft.url in known:
            drafts.append(draft)
            continue
        try:
            page = fetcher.fetch(draft.url)
            html = decode_bytes(page.body, draft.url, declared=page.charset)
            full = read_html(html, draft.url, url=page.final_url)
        except InputError as exc:
            errors.append(exc)
            drafts.append(draft)
            continue
        drafts.append(
            replace(
                full,
                source=draft.source,
                url=draft.url,
                title=full.title or draft.title,
                outlet=draft.outlet or full.outlet,
                published=draft.published or full.published,
                byline=full.byline or draft.byline,
            )
        )
    return ReadResult(drafts=tuple(drafts), errors=tuple(errors), follow=result.follow)
