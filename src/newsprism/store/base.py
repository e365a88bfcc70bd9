"""The Store protocol every backend implements, and the records it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self, runtime_checkable

from newsprism.annotate.records import ArticleAnnotations
from newsprism.model import Article, ArticleSummary, Reprint, Story
from newsprism.store.feed_records import FeedState
from newsprism.store.records import (
    ListedMember,
    StoredCorrection,
    StoredSignature,
    StoryFilters,
    StoryFingerprint,
    StorySearch,
)
from newsprism.store.sqlite_incremental import StoredFeatures


@dataclass(frozen=True)
class AddOutcome:
    """What happened to one article handed to ``Store.add_articles``.

    ``stored`` is False when the store already held the same article; ``article_id`` is then
    the id of the copy already there.
    """

    article_id: str
    stored: bool


@runtime_checkable
class ArticleStore(Protocol):
    """Durable storage of articles: the part of a store that ingesting needs."""

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


@runtime_checkable
class AnnotationStore(Protocol):
    """The stored annotations of articles, kept with the text hash they were computed on."""

    def save_annotations(self, annotations: Sequence[ArticleAnnotations]) -> None:
        """Store (or replace) each article's annotations, all in one transaction."""
        ...

    def load_annotations(self, article_ids: Iterable[str]) -> dict[str, ArticleAnnotations]:
        """The stored annotations of these articles, by article id (absent ones left out)."""
        ...

    def annotation_fingerprints(self) -> dict[str, tuple[str, str]]:
        """(text hash, annotator) of every stored annotation, by article id."""
        ...

    def count_unfinished(self) -> int:
        """How many articles have no annotations or no story: what an interrupted update left."""
        ...


@runtime_checkable
class StoryStore(Protocol):
    """The stories, their members and the reprint links between articles."""

    def replace_stories(self, stories: Sequence[Story], reprints: Sequence[Reprint]) -> None:
        """Replace every story and reprint link with these, in one transaction."""
        ...

    def list_stories(self, *, limit: int | None = None, offset: int = 0) -> list[Story]:
        """Stories, most recently updated first (then by id)."""
        ...

    def count_stories(self) -> int:
        """How many stories are stored."""
        ...

    def get_story(self, story_id: str) -> Story:
        """The story with this id (or unique id prefix); raises NotFoundError."""
        ...

    def story_of(self, article_id: str) -> str:
        """The id of the story an article belongs to; raises NotFoundError."""
        ...

    def story_assignments(self) -> dict[str, str]:
        """The story id of every article that is in a story, by article id."""
        ...

    def load_reprints(self) -> dict[str, Reprint]:
        """Every stored reprint link, by the reprint's article id."""
        ...


@runtime_checkable
class CorrectionStore(Protocol):
    """The manual corrections (merge, split, move, not-a-reprint) as a numbered log."""

    def add_correction(self, record: dict[str, Any], created_at: str) -> int:
        """Store one manual correction (its JSON form); the sequence number it got."""
        ...

    def list_corrections(self) -> list[dict[str, Any]]:
        """Every stored correction's JSON form, oldest first."""
        ...

    def numbered_corrections(self) -> list[StoredCorrection]:
        """Every stored correction with its number and time, oldest first."""
        ...

    def remove_correction(self, number: int) -> StoredCorrection:
        """Delete correction ``number``; the correction removed. Raises NotFoundError."""
        ...


@runtime_checkable
class CatalogStore(Protocol):
    """Read queries for browsing stories: search with filters, listings, outlets, fingerprints."""

    def search_stories(
        self, filters: StoryFilters, *, limit: int = 20, offset: int = 0
    ) -> StorySearch:
        """One page of the stories matching ``filters``, most recently updated first."""
        ...

    def listed_members(self, story_ids: Sequence[str]) -> dict[str, tuple[ListedMember, ...]]:
        """The members of these stories (outlet, date, reprint link) in order, by story id."""
        ...

    def list_outlets(self) -> list[str]:
        """Every outlet name among the stored articles, sorted without regard to case."""
        ...

    def story_fingerprint(self, story_ref: str) -> StoryFingerprint:
        """The story's (id or unique id prefix) fingerprint; raises NotFoundError."""
        ...


@runtime_checkable
class IncrementalStore(Protocol):
    """Term statistics and story features for assigning new articles to stories one by one."""

    def in_transaction(self, work: Callable[[], object], what: str) -> None:
        """Run ``work`` (which may call the write methods below) in one write transaction."""
        ...

    def term_frequencies(self, kind: str, terms: Iterable[str]) -> dict[str, int]:
        """Document frequencies of these terms of one kind ("text" or "names"); absent is 0."""
        ...

    def documents_counted(self) -> int:
        """How many documents the term statistics have counted."""
        ...

    def count_terms(self, kind: str, terms: Iterable[str], documents: int = 0) -> None:
        """Add one to the document frequency of each term (and ``documents`` to the count)."""
        ...

    def story_candidates(
        self, terms: Sequence[tuple[str, float]], *, since_day: float | None, per_term: int
    ) -> dict[str, float]:
        """Story ids sharing these weighted terms, with the summed weight."""
        ...

    def load_story_features(self, story_ids: Iterable[str]) -> dict[str, StoredFeatures]:
        """The stored features of these stories, by id (stories without features left out)."""
        ...

    def save_story_features(self, features: StoredFeatures, index_terms: Sequence[str]) -> None:
        """Write a story's features and index it under ``index_terms`` (replacing both)."""
        ...

    def drop_story_features(self, story_ids: Iterable[str]) -> None:
        """Forget the features and index entries of these stories (gone or regrouped)."""
        ...

    def recent_stories_without_features(self, since: str, limit: int) -> list[str]:
        """Ids of stories last seen at or after ``since`` (ISO) that have no features yet."""
        ...

    def newest_story_seen(self) -> str | None:
        """The latest ``last_seen`` (ISO) of any stored story, or None when none is dated."""
        ...

    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        """The stored member count of these stories, by id (unknown ids left out)."""
        ...

    def absorb_story(self, survivor: str, absorbed: str) -> None:
        """Move every member of ``absorbed`` into ``survivor``, drop the absorbed story with
        its features, and bring the survivor's row up to date."""
        ...

    def add_story_member(self, story_id: str, article_id: str) -> None:
        """Put an article in a story (creating the story row if needed)."""
        ...

    def stories_seen_since(self, since: str) -> list[str]:
        """Ids of the stories last seen at or after ``since`` (ISO), by id."""
        ...

    def replace_some_stories(
        self,
        old_story_ids: Sequence[str],
        stories: Sequence[Story],
        reprints: Sequence[Reprint],
        article_ids: Sequence[str],
    ) -> None:
        """In one transaction: drop these stories and write these in their place."""
        ...

    def unplaced_articles(self, limit: int) -> list[str]:
        """Ids of up to ``limit`` stored articles in no story (new since the last update),
        sorted."""
        ...


@runtime_checkable
class SignatureStore(Protocol):
    """Each article's MinHash signatures and LSH band keys, for reprint checks that read only
    a new article's candidates; writes join an open ``in_transaction`` or run in their own."""

    def save_signatures(self, signatures: Sequence[StoredSignature]) -> None:
        """Store (or replace) each article's signatures and band keys."""
        ...

    def load_signatures(self, article_ids: Iterable[str]) -> dict[str, StoredSignature]:
        """The stored signatures of these articles, by id (absent ones left out; their
        ``band_keys`` empty)."""
        ...

    def band_candidates(self, band_keys: Sequence[int], *, limit: int) -> list[str]:
        """Ids of the articles sharing at least one of these band keys (at most ``limit``,
        sorted)."""
        ...

    def reprints_touching(self, article_ids: Iterable[str]) -> list[Reprint]:
        """The stored reprint links in which one of these articles is the reprint or the
        original, sorted by the reprint's id."""
        ...

    def write_reprints(self, links: Sequence[Reprint], unlinked: Sequence[str]) -> None:
        """Write (or replace) these reprint links; drop those of the ``unlinked`` articles."""
        ...


@runtime_checkable
class Store(
    ArticleStore,
    AnnotationStore,
    StoryStore,
    CorrectionStore,
    CatalogStore,
    FeedStore,
    IncrementalStore,
    SignatureStore,
    Protocol,
):
    """Everything the library, CLI and server store: what every backend implements.

    ``path`` says where the store is (a file path, or a URL for a server backend); it is used
    in messages and to open the same store again from another thread or process.
    """

    path: str

    def __enter__(self) -> Self:
        """The store itself; leaving the ``with`` block closes it."""
        ...

    def __exit__(self, *exc_info: object) -> None:
        """Close the store."""
        ...


@runtime_checkable
class FingerprintReader(Protocol):
    """Story fingerprints read on the caller's own thread, without waiting on a busy store."""

    def fingerprint(self, story_ref: str) -> StoryFingerprint | None:
        """The story's fingerprint, or None when the store cannot answer at once."""
        ...

    def close(self) -> None:
        """Release the reader's connection (from the thread that used it)."""
        ...
