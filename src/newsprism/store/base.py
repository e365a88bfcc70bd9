"""The Store protocol every backend implements, and the records it returns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from newsprism.model import Article, ArticleSummary
from newsprism.store.feed_records import FeedState


@dataclass(frozen=True)
class AddOutcome:
    """What happened to one article handed to ``Store.add_articles``.

    ``stored`` is False when the store already held the same article; ``article_id`` is then
    the id of the copy already there.
    """

    article_id: str
    stored: bool


@runtime_checkable
class Store(Protocol):
    """Durable storage of articles (and, later, annotations and stories)."""

    def add_articles(self, articles: Sequence[Article]) -> list[AddOutcome]:
        """One outcome per article, in order; all of them are written in one transaction."""
        ...

    def get_article(self, article_id: str) -> Article:
        """The article with this id (or unique id prefix); raises NotFoundError."""
        ...

    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleSummary]:
        """Article summaries ordered by publication date, then id."""
        ...

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, ordered by id."""
        ...

    def count_articles(self) -> int:
        """How many articles are stored."""
        ...

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of these URLs (compared in canonical form) already stored."""
        ...

    def check_integrity(self) -> list[str]:
        """Problems found in the stored data; an empty list means the store is consistent."""
        ...

    def own_files(self) -> tuple[str, ...]:
        """Files the store itself writes, which an ingest of their folder must skip."""
        ...

    def close(self) -> None:
        """Release the connection; the store cannot be used afterwards."""
        ...


@runtime_checkable
class FeedStore(Protocol):
    """The followed feeds and their polling state (``newsprism feeds`` and ``watch``)."""

    def add_feeds(self, urls: Sequence[str], *, now: float) -> list[bool]:
        """Follow these feeds (due at once); one flag per URL, False if already followed."""
        ...

    def remove_feeds(self, urls: Sequence[str]) -> list[bool]:
        """Stop following these feeds; one flag per URL, False if it was not followed."""
        ...

    def list_feeds(self) -> list[FeedState]:
        """Every followed feed, ordered by URL."""
        ...

    def due_feeds(self, now: float) -> list[FeedState]:
        """The feeds due for a poll at ``now``, the longest overdue first."""
        ...

    def next_feed_due(self) -> float | None:
        """The earliest time a followed feed is due, or None when none is followed."""
        ...

    def save_feed_state(self, state: FeedState) -> None:
        """Write a feed's polling state."""
        ...
