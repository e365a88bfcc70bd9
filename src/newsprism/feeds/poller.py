"""One round of polling: every due feed fetched conditionally, its new items stored, its
schedule moved on (see ``schedule``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Protocol

from newsprism.articles import build_article, utc_now
from newsprism.errors import InputError
from newsprism.feeds.http import FeedResponse, Validators, fetch_feed
from newsprism.feeds.schedule import (
    SchedulePolicy,
    feed_ttl,
    wait_after_failure,
    wait_after_success,
)
from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.reader import read_bytes
from newsprism.model import Article
from newsprism.store.base import ArticleStore, FeedStore
from newsprism.store.feed_records import FeedState


class FeedArticleStore(ArticleStore, FeedStore, Protocol):
    """A store holding both articles and followed feeds (every ``Store`` is one)."""


@dataclass(frozen=True)
class FeedPoll:
    """What one poll of one feed found: ``status`` is "ok", "not modified" or "error"."""

    url: str
    status: str
    new: int
    next_due: float
    error: str | None = None
    article_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class PollRound:
    """Every poll of one round, in the order they ran."""

    polls: tuple[FeedPoll, ...]

    @property
    def new(self) -> int:
        """How many articles the round stored."""
        return sum(poll.new for poll in self.polls)

    @property
    def article_ids(self) -> tuple[str, ...]:
        """The ids of the articles the round stored, feed by feed."""
        return tuple(i for poll in self.polls for i in poll.article_ids)

    @property
    def failed(self) -> int:
        """How many feeds failed this round."""
        return sum(poll.status == "error" for poll in self.polls)

    def summary(self) -> str:
        """One line: feeds polled, not modified, failed, and articles stored."""
        unchanged = sum(poll.status == "not modified" for poll in self.polls)
        return (
            f"{len(self.polls)} feeds polled, {unchanged} not modified, {self.failed} failed, "
            f"{self.new} new articles"
        )


def poll_due(
    store: FeedArticleStore,
    fetcher: Fetcher,
    policy: SchedulePolicy | None = None,
    *,
    now: float | None = None,
) -> PollRound:
    """Poll every feed due at ``now``; each feed's state is saved as soon as it is polled."""
    policy = policy or SchedulePolicy()
    now = time.time() if now is None else now
    return PollRound(
        tuple(poll_feed(store, fetcher, state, policy, now=now) for state in store.due_feeds(now))
    )


def poll_feed(
    store: FeedArticleStore,
    fetcher: Fetcher,
    state: FeedState,
    policy: SchedulePolicy,
    *,
    now: float,
) -> FeedPoll:
    """Poll one feed, store its new items, save and return what happened."""
    try:
        response = fetch_feed(
            fetcher, state.url, Validators(state.etag, state.last_modified), now=now
        )
        if response.error is not None:
            return _failed(store, state, policy, now, response.error, response)
        if response.not_modified:
            return _succeeded(store, state, policy, now, response, (), None)
        articles, title = _new_articles(store, response)
    except InputError as exc:
        return _failed(store, state, policy, now, exc, None)
    outcomes = store.add_articles(articles) if articles else []
    ids = tuple(o.article_id for o in outcomes if o.stored)
    return _succeeded(store, state, policy, now, response, ids, title)


def _new_articles(store: ArticleStore, response: FeedResponse) -> tuple[list[Article], str | None]:
    """The feed's items not stored yet, as articles, and the feed's title."""
    page = response.page
    assert page is not None  # a 200 answer carries its page
    result = read_bytes(
        page.body,
        response.url,
        content_type=page.content_type,
        charset=page.charset,
        url=page.final_url,
    )
    if result.follow:
        raise InputError(response.url, "this is an OPML list, not a feed; `feeds add` it")
    if any(draft.format != "feed" for draft in result.drafts):
        # a page in place of the feed (a moved feed, a login or error page answered with 200)
        raise InputError(response.url, "the answer is not an RSS or Atom feed; check the URL")
    drafts = result.drafts
    known = store.known_urls(d.url for d in drafts if d.url)
    ingested_at = utc_now()
    articles: list[Article] = []
    for draft in drafts:
        if draft.url and draft.url in known:
            continue
        try:
            articles.append(build_article(draft, ingested_at=ingested_at))
        except InputError:
            continue  # an item with no text left: the feed itself is fine
    title = next((d.outlet for d in drafts if d.outlet), None)
    return articles, title


def _succeeded(
    store: FeedStore,
    state: FeedState,
    policy: SchedulePolicy,
    now: float,
    response: FeedResponse,
    ids: tuple[str, ...],
    title: str | None,
) -> FeedPoll:
    ttl = feed_ttl(response.page.body) if response.page is not None else None
    wait = wait_after_success(
        policy, max_age=response.max_age, ttl=ttl, retry_after=response.retry_after
    )
    status = "not modified" if response.not_modified else "ok"
    saved = replace(
        state,
        title=title or state.title,
        last_fetch=now,
        last_status=status,
        http_status=response.status,
        items=state.items + len(ids),
        last_new=len(ids),
        etag=response.validators.etag or state.etag,
        last_modified=response.validators.last_modified or state.last_modified,
        failures=0,
        last_error=None,
        next_due=now + wait,
    )
    store.save_feed_state(saved)
    return FeedPoll(state.url, status, len(ids), saved.next_due, article_ids=ids)


def _failed(
    store: FeedStore,
    state: FeedState,
    policy: SchedulePolicy,
    now: float,
    error: InputError,
    response: FeedResponse | None,
) -> FeedPoll:
    failures = state.failures + 1
    retry_after = response.retry_after if response is not None else None
    wait = wait_after_failure(policy, failures, retry_after=retry_after)
    saved = replace(
        state,
        last_fetch=now,
        last_status="error",
        http_status=response.status if response is not None else None,
        last_new=0,
        failures=failures,
        last_error=error.reason,
        next_due=now + wait,
    )
    store.save_feed_state(saved)
    return FeedPoll(state.url, "error", 0, saved.next_due, error=error.reason)
