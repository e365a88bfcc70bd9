"""The watch loop: poll due feeds, bring stories up to date after new items, sleep until the
next feed is due; in the foreground (``newsprism watch``) or in a thread (``serve --watch``)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from newsprism.annotate.records import AnnotateOptions
from newsprism.feeds.poller import PollRound, poll_due
from newsprism.feeds.schedule import SchedulePolicy
from newsprism.incremental import add_to_stories, regroup_recent
from newsprism.ingest.fetch import Fetcher, FetchOptions
from newsprism.store import Store, open_store

log = logging.getLogger("newsprism.watch")

StoryUpdate = Callable[[Store, PollRound], object]
"""Brings the stories up to date after a round stored new articles (the round says which)."""

_MIN_SLEEP = 1.0  # never spin, whatever the interval and the feeds' due times


@dataclass(frozen=True)
class WatchOptions:
    """How the watch loop runs: the schedule, fetch limits, and whether to do one round only."""

    policy: SchedulePolicy = field(default_factory=SchedulePolicy)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    once: bool = False
    regroup_every: float = 3600.0
    regroup_days: float = 3.0


def place_new_articles(annotate: AnnotateOptions | None = None) -> StoryUpdate:
    """The default story update: the round's new articles placed incrementally (flat cost)."""

    def update(store: Store, result: PollRound) -> None:
        add_to_stories(store, result.article_ids, annotate=annotate)

    return update


def watch(
    store: Store,
    options: WatchOptions,
    *,
    update: StoryUpdate | None = None,
    on_round: Callable[[PollRound], None] | None = None,
    stop: threading.Event | None = None,
    fetcher: Fetcher | None = None,
) -> int:
    """Poll until ``stop`` is set (or one round with ``once``); the number of rounds run.

    After a round that stored articles, ``update`` (if given) brings the stories up to date;
    then, at most every ``regroup_every`` seconds (and on every ``once`` run), the stories of
    the last ``regroup_days`` days are regrouped in batch (``regroup_recent``) to refine what
    the incremental placing decided.
    """
    stop = stop or threading.Event()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(options.fetch)
    rounds = 0
    regrouped = time.monotonic()
    try:
        while not stop.is_set():
            result = poll_due(store, fetcher, options.policy)
            rounds += 1
            if result.new and update is not None:
                update(store, result)
                due = time.monotonic() - regrouped >= options.regroup_every
                if options.regroup_every >= 0 and (options.once or due):
                    regroup_recent(store, days=options.regroup_days)
                    regrouped = time.monotonic()
            if on_round is not None:
                on_round(result)
            if options.once:
                break
            stop.wait(_sleep_before_next(store, options.policy))
    finally:
        if own_fetcher:
            fetcher.close()
    return rounds


def _sleep_before_next(store: Store, policy: SchedulePolicy) -> float:
    """Seconds until the next feed is due (a feed added meanwhile waits at most an interval)."""
    due = store.next_feed_due()
    wait = policy.interval if due is None else min(due - time.time(), policy.interval)
    return max(wait, _MIN_SLEEP)


class WatchThread(threading.Thread):
    """The watch loop in a daemon thread with its own store connection (``serve --watch``).

    A plain class: it owns a thread. ``stop`` ends it after the poll under way.
    """

    def __init__(
        self, db_path: str, options: WatchOptions, *, update: StoryUpdate | None = None
    ) -> None:
        super().__init__(name="newsprism-watch", daemon=True)
        self.db_path = db_path
        self.options = options
        self.update = update
        self._stop_event = threading.Event()
        self.rounds = 0

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                with open_store(self.db_path) as store:
                    self.rounds += watch(
                        store,
                        self.options,
                        update=self.update,
                        on_round=lambda r: log.info("watch: %s", r.summary()),
                        stop=self._stop_event,
                    )
                return
            except Exception:  # a broken round must not end the watch; the next one retries
                log.exception("watch: the round failed; retrying in %s s", _MIN_SLEEP * 30)
                self._stop_event.wait(_MIN_SLEEP * 30)

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the loop to end and wait for it (up to ``timeout`` seconds)."""
        self._stop_event.set()
        self.join(timeout)
