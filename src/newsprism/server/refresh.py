"""Bringing stories up to date after API ingests: spaced, computed aside, written by the writer.

What a refresh does is the library's ``update_stories`` (annotate new articles, find reprints,
regroup every story), the same as ``newsprism ingest`` runs. Over a large store that is a
minute of CPU (it recomputes every story; see ``bench/serve.py``), far too long to hold the
server's GIL or its one writer thread. So the default refresh runs in a worker process of its
own: it reads the database, keeps what ``update_stories`` would write in a ``StagedRefresh``,
and hands that back; the server's writer thread then writes it in two short transactions.
Refreshes never overlap, follow an ingest by at least ``refresh_interval`` seconds from the last
one's start, and rest ``refresh_pause_ratio`` times as long as the last one took, so however
big the store grows a refresh keeps at most a bounded share of one core busy.

Tests (and anyone) may pass a plain ``StoryRefresher`` instead: it runs on the writer thread.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, cast

from newsprism.annotate.records import AnnotateOptions, ArticleAnnotations
from newsprism.model import Article, Reprint, Story
from newsprism.server.threads import StoreThreads
from newsprism.store import Store, StoredSignature, open_store

log = logging.getLogger("newsprism.server")

StoryRefresher = Callable[[Store], Any]
"""Brings stories up to date in the store it is given (runs on the writer thread)."""


@dataclass(frozen=True)
class StagedRefresh:
    """What one ``update_stories`` run would write: new annotations, every story and reprint,
    and the reprint signatures it computed (articles that had none stored).

    ``articles`` is how many articles it saw and ``seconds`` how long computing it took.
    """

    annotations: tuple[ArticleAnnotations, ...]
    stories: tuple[Story, ...]
    reprints: tuple[Reprint, ...]
    articles: int
    seconds: float
    signatures: tuple[StoredSignature, ...] = ()

    def apply(self, store: Store) -> None:
        """Write the refresh into ``store`` (annotations first: stories may rest on them)."""
        if self.annotations:
            store.save_annotations(self.annotations)
        if self.signatures:
            store.save_signatures(self.signatures)
        store.replace_stories(self.stories, self.reprints)


class StagingStore:
    """The part of a store that ``update_stories`` uses, with its writes kept aside.

    A plain class: a proxy over an open store. Reads go to the store; annotations saved are
    kept here and read back from here; the stories and reprints are kept, not written. Any
    other method is missing on purpose, so that a library change that writes something new
    fails loudly instead of writing behind the server's writer thread.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self.path = store.path
        self.annotations: dict[str, ArticleAnnotations] = {}
        self.stories: tuple[Story, ...] = ()
        self.reprints: tuple[Reprint, ...] = ()
        self.signatures: dict[str, StoredSignature] = {}
        self.articles = 0

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, ordered by id."""
        self.articles = 0
        for article in self._store.iter_articles():
            self.articles += 1
            yield article

    def annotation_fingerprints(self) -> dict[str, tuple[str, str]]:
        """(text hash, annotator) of every annotation, the kept ones over the stored ones."""
        found = self._store.annotation_fingerprints()
        found.update((key, (a.text_hash, a.annotator)) for key, a in self.annotations.items())
        return found

    def save_annotations(self, annotations: Sequence[ArticleAnnotations]) -> None:
        """Keep these annotations (written later by the writer thread)."""
        self.annotations.update((a.article_id, a) for a in annotations)

    def load_annotations(self, article_ids: Iterable[str]) -> dict[str, ArticleAnnotations]:
        """The annotations of these articles, the kept ones over the stored ones."""
        wanted = list(article_ids)
        found = self._store.load_annotations(i for i in wanted if i not in self.annotations)
        found.update((i, self.annotations[i]) for i in wanted if i in self.annotations)
        return found

    def load_signatures(self, article_ids: Iterable[str]) -> dict[str, StoredSignature]:
        """The reprint signatures of these articles, the kept ones over the stored ones."""
        wanted = list(article_ids)
        found = self._store.load_signatures(i for i in wanted if i not in self.signatures)
        found.update((i, self.signatures[i]) for i in wanted if i in self.signatures)
        return found

    def save_signatures(self, signatures: Sequence[StoredSignature]) -> None:
        """Keep these signatures (written later by the writer thread)."""
        self.signatures.update((s.article_id, s) for s in signatures)

    def list_corrections(self) -> list[dict[str, Any]]:
        """Every stored manual correction, oldest first."""
        return self._store.list_corrections()

    def replace_stories(self, stories: Sequence[Story], reprints: Sequence[Reprint]) -> None:
        """Keep the new stories and reprint links (written later by the writer thread)."""
        self.stories, self.reprints = tuple(stories), tuple(reprints)

    def staged(self, seconds: float) -> StagedRefresh:
        """Everything kept, as one record."""
        ordered = tuple(self.annotations[key] for key in sorted(self.annotations))
        signatures = tuple(self.signatures[key] for key in sorted(self.signatures))
        return StagedRefresh(
            ordered, self.stories, self.reprints, self.articles, seconds, signatures
        )


def stage_refresh(db_path: str, annotate: AnnotateOptions) -> StagedRefresh:
    """What ``update_stories`` would write into the store at ``db_path``, without writing it."""
    from newsprism.pipeline import update_stories

    started = time.perf_counter()
    with open_store(db_path) as store:
        staging = StagingStore(store)
        update_stories(cast(Store, staging), annotate=annotate, full=True)
    return staging.staged(time.perf_counter() - started)


def _worker_main(connection: Connection) -> None:
    """The worker process: stage one refresh per request until the pipe closes."""
    while True:
        try:
            db_path, annotate = connection.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", stage_refresh(db_path, annotate))
        except Exception as exc:  # the server logs it; the next refresh tries again
            reply = ("error", f"{type(exc).__name__}: {exc}")
        connection.send(reply)


class RefreshWorker:
    """A worker process that stages refreshes, started on first use and kept (model loaded).

    A plain class: it owns a process and a pipe. ``stage`` blocks its caller (never the event
    loop: the refresh thread) while the worker computes.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: Any = None
        self._connection: Connection | None = None
        self._closed = False
        self._busy = False

    def stage(self, db_path: str, annotate: AnnotateOptions) -> StagedRefresh:
        """The staged refresh of the store at ``db_path``; raises RuntimeError if it failed."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the refresh worker is closed")
            if self._process is None or not self._process.is_alive():
                if self._connection is not None:  # a worker that died: start afresh
                    self._connection.close()
                self._start()
            connection = self._connection
            self._busy = True
        assert connection is not None
        try:
            connection.send((db_path, annotate))
            status, value = connection.recv()
        except (EOFError, OSError) as exc:
            raise RuntimeError(f"the refresh worker stopped ({exc})") from exc
        finally:
            with self._lock:
                self._busy = False
        if status != "ok":
            raise RuntimeError(f"the story refresh failed: {value}")
        staged: StagedRefresh = value
        return staged

    def _start(self) -> None:
        # spawn, not fork: the server process has threads, and a forked copy of their locks
        # could hang the worker.
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(
            target=_worker_main, args=(theirs,), name="newsprism-refresh", daemon=True
        )
        process.start()
        theirs.close()
        self._process, self._connection = process, ours

    def close(self) -> None:
        """Stop the worker: at once if idle (its pipe closes), else after a short grace (a
        refresh under way is dropped: the next run redoes it)."""
        with self._lock:
            self._closed = True
            process, connection = self._process, self._connection
            self._process = self._connection = None
            busy = self._busy
        if process is not None:
            if not busy and connection is not None:
                connection.close()  # the idle worker reads the end of its pipe and exits
                process.join(timeout=2)
            if process.is_alive():
                process.terminate()  # a stage waiting on it gets EOFError
                process.join(timeout=10)
            with contextlib.suppress(ValueError):
                process.close()
        if connection is not None:
            connection.close()


@dataclass
class RefreshStats:
    """What the refreshes have done so far (for ``/api/health``).

    Not frozen: the scheduler updates it in place, under its lock.
    """

    runs: int = 0
    failures: int = 0
    last_seconds: float | None = None
    last_apply_seconds: float | None = None
    last_articles: int | None = None
    last_error: str | None = None
    running: bool = False
    waiting: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The counters as JSON."""
        return {
            "runs": self.runs,
            "failures": self.failures,
            "running": self.running,
            "waiting": self.waiting,
            "last_seconds": _rounded(self.last_seconds),
            "last_apply_seconds": _rounded(self.last_apply_seconds),
            "last_articles": self.last_articles,
            "last_error": self.last_error,
        }


def _timed(work: Callable[[Store], Any]) -> Callable[[Store], float]:
    """``work`` made to return how many seconds it took (its own result is dropped)."""

    def timed(store: Store) -> float:
        started = time.perf_counter()
        work(store)
        return time.perf_counter() - started

    return timed


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


class RefreshScheduler:
    """Runs story refreshes after ingests: one at a time, spaced, never on the event loop.

    A plain class: it owns a timer and, by default, the worker process. ``request`` is called
    after every ingest that stored something; it starts a refresh at once when the last one is
    long enough ago, else arms a timer for when it will be, and does nothing when a refresh is
    already waiting. An ingest during a run asks for one more run after it.
    """

    def __init__(
        self,
        writer: StoreThreads[Store],
        *,
        db_path: str,
        annotate: AnnotateOptions,
        interval: float,
        pause_ratio: float,
        refresher: StoryRefresher | None = None,
    ) -> None:
        self._writer = writer
        self._db_path = db_path
        self._annotate = annotate
        self._interval = interval
        self._pause_ratio = pause_ratio
        self._refresher = refresher
        self._worker = RefreshWorker() if refresher is None else None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._again = False
        self._closed = False
        self._last_start = float("-inf")
        self._last_end = float("-inf")
        self.stats = RefreshStats()

    def request(self) -> None:
        """Ask for a refresh (after an ingest stored something)."""
        with self._lock:
            if self._closed or self.stats.waiting:
                return
            if self.stats.running:
                self._again = True
                return
            self._arm()

    def _arm(self) -> None:
        """Start the timer of the next run (the lock is held)."""
        now = time.monotonic()
        last = self.stats.last_seconds or 0.0
        delay = max(
            0.0,
            self._last_start + self._interval - now,
            self._last_end + self._pause_ratio * last - now,
        )
        self.stats.waiting = True
        timer = threading.Timer(delay, self._run)
        timer.name = "newsprism-refresh-timer"
        timer.daemon = True
        self._timer = timer
        timer.start()

    def _run(self) -> None:
        with self._lock:
            if self._closed:
                return
            self.stats.waiting = False
            self.stats.running = True
            self._last_start = time.monotonic()
        articles: int | None = None
        applied: float | None = None
        error: str | None = None
        try:
            if self._refresher is not None:
                self._writer.call(self._refresher)
            else:
                assert self._worker is not None
                staged = self._worker.stage(self._db_path, self._annotate)
                applied = self._writer.call(_timed(staged.apply))
                articles = staged.articles
        except Exception as exc:  # the ingests themselves succeeded; the next run retries
            error = f"{type(exc).__name__}: {exc}"
            if not self._closed:
                log.exception("story refresh after an ingest failed")
        with self._lock:
            self._last_end = time.monotonic()
            stats = self.stats
            stats.running = False
            stats.runs += 1
            stats.last_seconds = self._last_end - self._last_start
            stats.last_articles = articles
            stats.last_apply_seconds = applied
            if error is not None:
                stats.failures += 1
                stats.last_error = error
            if self._again and not self._closed:
                self._again = False
                self._arm()

    def close(self) -> None:
        """Cancel a waiting refresh and stop the worker (a run under way is dropped)."""
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
        if self._worker is not None:
            self._worker.close()
