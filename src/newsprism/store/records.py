"""The records store queries return (backend-neutral): story listings, searches, corrections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

MAX_QUERY_WORDS = 8
"""How many words of a story search's ``q`` count; the rest are ignored."""


@dataclass(frozen=True)
class StoryFilters:
    """What a story search is narrowed to; every field is optional.

    ``q``: words that must each appear in the story's title, or in the title, text or entity
    names (aliases included) of one of its articles, as a word or the start of one (only the
    first ``MAX_QUERY_WORDS`` count); ``outlet``: an article from that outlet (any
    case); ``since``/``until``: the story's span overlaps the range; ``min_outlets``: told by
    at least that many outlets.
    """

    q: str | None = None
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_outlets: int | None = None


@dataclass(frozen=True)
class ListedMember:
    """One article of a listed story: its outlet, date and reprint link."""

    article_id: str
    outlet: str | None
    published: str | None
    reprint_of: str | None


@dataclass(frozen=True)
class ListedStory:
    """One story of a search, with the coverage counts and the members that the list shows."""

    id: str
    title: str | None
    first_seen: str | None
    last_seen: str | None
    articles: int
    outlets: int
    independent_reports: int
    reprints: int
    members: tuple[ListedMember, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class StorySearch:
    """One page of matching stories (most recently updated first) and how many match in all."""

    stories: tuple[ListedStory, ...]
    total: int


@dataclass(frozen=True)
class StoryFingerprint:
    """A story's full id and a digest of everything its brief is built from."""

    story_id: str
    digest: str


@dataclass(frozen=True)
class StoredCorrection:
    """One stored correction: its number, when it was made, and its record (JSON form)."""

    number: int
    created_at: str
    record: dict[str, Any]


@dataclass(frozen=True)
class StoredSignature:
    """One article's stored reprint evidence: the dedup options it was made with (``params``,
    see ``newsprism.dedup_signatures.params_key``), its MinHash signatures packed as bytes
    (``evidence``) and its LSH band keys (signed 64-bit integers)."""

    article_id: str
    params: str
    evidence: bytes
    band_keys: tuple[int, ...]
