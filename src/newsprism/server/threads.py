"""Threads that own store connections: a few readers and exactly one writer.

SQLite connections belong to the thread that opened them, and the store's methods are
synchronous. So, as datasette does, the server keeps its own threads: each reader thread opens
its own store (WAL lets readers run beside the writer), and every write goes through the
single writer thread, one transaction at a time. Views hand work to them as functions of the
thread's connection and await the result.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from newsprism.model import Article, ArticleSummary
from newsprism.store import AddOutcome, Store

C = TypeVar("C")
R = TypeVar("R")

_STOP = object()


class StoreThreads(Generic[C]):
    """A fixed set of threads, each owning one context (connection) for its whole life.

    A plain class: it owns threads and a queue. Threads start on the first submitted task;
    ``close`` stops them and closes each context in the thread that opened it.
    """

    def __init__(
        self,
        name: str,
        count: int,
        opener: Callable[[], C],
        closer: Callable[[C], None],
    ) -> None:
        self.name = name
        self.count = max(1, count)
        self._opener = opener
        self._closer = closer
        self._tasks: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, work: Callable[[C], R]) -> concurrent.futures.Future[R]:
        """A future of ``work(context)`` run on one of the threads."""
        future: concurrent.futures.Future[R] = concurrent.futures.Future()
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the {self.name} threads are closed")
            if not self._threads:
                self._start()
            self._tasks.put((work, future))
        return future

    async def run(self, work: Callable[[C], R]) -> R:
        """The result of ``work(context)``, run on one of the threads, awaited."""
        return await asyncio.wrap_future(self.submit(work))

    def call(self, work: Callable[[C], R]) -> R:
        """The result of ``work(context)``, waited for from a thread that is not one of ours."""
        return self.submit(work).result()

    def close(self) -> None:
        """Stop the threads once their queued work is done, closing their connections."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            threads = list(self._threads)
        for _ in threads:
            self._tasks.put(_STOP)
        for thread in threads:
            thread.join(timeout=30)

    def _start(self) -> None:
        for index in range(self.count):
            thread = threading.Thread(
                target=self._loop, name=f"newsprism-{self.name}-{index}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _loop(self) -> None:
        context: C | None = None
        try:
            while True:
                task = self._tasks.get()
                if task is _STOP:
                    return
                work, future = task
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    if context is None:
                        context = self._opener()
                    future.set_result(work(context))
                except BaseException as exc:
                    future.set_exception(exc)
        finally:
            if context is not None:
                self._closer(context)


class WriterStore:
    """A Store whose every call runs on the single writer thread.

    A plain class: a proxy with no state of its own. It lets the public ``ingest`` function
    write through the one writer while it fetches and parses in the calling thread.
    """

    def __init__(self, writer: StoreThreads[Store]) -> None:
        self._writer = writer

    def add_articles(self, articles: Sequence[Article]) -> list[AddOutcome]:
        """One outcome per article, in order; all of them are written in one transaction."""
        batch = list(articles)
        return self._writer.call(lambda store: store.add_articles(batch))

    def get_article(self, article_id: str) -> Article:
        """The article with this id (or unique id prefix); raises NotFoundError."""
        return self._writer.call(lambda store: store.get_article(article_id))

    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        """Article summaries ordered by publication date, then id."""
        return self._writer.call(lambda store: store.list_articles(limit=limit, offset=offset))

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, ordered by id (read in one go: use a reader for large stores)."""
        return iter(self._writer.call(lambda store: list(store.iter_articles())))

    def count_articles(self) -> int:
        """How many articles are stored."""
        return self._writer.call(lambda store: store.count_articles())

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of these URLs (compared in canonical form) already stored."""
        wanted = list(urls)
        return self._writer.call(lambda store: store.known_urls(wanted))

    def check_integrity(self) -> list[str]:
        """Problems found in the stored data; an empty list means the store is consistent."""
        return self._writer.call(lambda store: store.check_integrity())

    def own_files(self) -> tuple[str, ...]:
        """Files the store itself writes, which an ingest of their folder must skip."""
        return self._writer.call(lambda store: store.own_files())

    def close(self) -> None:
        """Nothing to do: the writer thread owns the connection and closes it on shutdown."""
