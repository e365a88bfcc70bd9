"""The records newsprism passes between stages: frozen dataclasses, nothing else.

Offsets (``start``, ``end``) are character offsets into ``Article.text`` as stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["year", "month", "day", "time"]
EmbedKind = Literal["social_post", "video_caption"]
CreditPosition = Literal["dateline", "trailer", "byline", "metadata"]


@dataclass(frozen=True)
class PublishedDate:
    """When an article was published, as precisely as its source says.

    ``value`` is ISO 8601 cut to the precision: ``2023``, ``2023-11``, ``2023-11-14`` or
    ``2023-11-14T09:30:00+00:00`` (a time without a zone is kept without one).
    """

    value: str
    precision: Precision

    @property
    def day(self) -> dt.date | None:
        """The calendar day, or None when the source gives only a year or a month."""
        if self.precision in ("day", "time"):
            return dt.date.fromisoformat(self.value[:10])
        return None


@dataclass(frozen=True)
class Embed:
    """A social-media post or video caption pasted into an article's text, kept but marked."""

    kind: EmbedKind
    start: int
    end: int
    author: str | None = None
    handle: str | None = None
    posted: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class WireCredit:
    """A news agency credited for an article ("(Reuters)", "(PTI)", "By AP")."""

    agency: str
    text: str
    position: CreditPosition
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ArticleDraft:
    """What a reader extracted from one input, before normalization.

    ``source`` names the input for people (a path, a URL, ``path:line`` for a JSONL row);
    ``published`` is the date as the source printed it.
    """

    source: str
    text: str
    format: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    byline: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Article:
    """One stored news article with its metadata.

    ``id`` is derived from the article's identity (its URL where it has one, otherwise its
    normalized text), so the same article gets the same id on every machine and every run.
    """

    id: str
    source: str
    format: str
    text: str
    content_hash: str
    ingested_at: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: PublishedDate | None = None
    byline: str | None = None
    language: str | None = None
    wire: WireCredit | None = None
    embeds: tuple[Embed, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ArticleSummary:
    """One line of an article listing: the metadata without the text."""

    id: str
    source: str
    outlet: str | None
    title: str | None
    published: PublishedDate | None
    wire: str | None
    chars: int


@dataclass(frozen=True)
class Reprint:
    """An article recognised as a copy of an earlier one (a wire story, a near-duplicate).

    ``reprint_of`` is the id of the earliest complete version; ``reason`` says how it was
    recognised ("exact", "near-duplicate", "wire credit and near-duplicate", ...).
    """

    article_id: str
    reprint_of: str
    similarity: float
    reason: str


@dataclass(frozen=True)
class Coverage:
    """How a story is covered: articles, outlets, independent reports and reprints."""

    articles: int
    outlets: int
    independent_reports: int
    reprints: int


@dataclass(frozen=True)
class Story:
    """One real-world story: the articles that report it, oldest first.

    ``id`` is derived from the story's founding article, so it is the same on every run over
    the same input. ``first_seen``/``last_seen`` are the earliest and latest publication dates.
    """

    id: str
    title: str | None
    article_ids: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    coverage: Coverage
