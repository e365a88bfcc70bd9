"""The results of story clustering: frozen records of stories and of one article's placement."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def story_id(founder_article_id: str) -> str:
    """The id of a story (16 hex digits), derived from the id of its founding article."""
    return hashlib.sha256(("story:" + founder_article_id).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Story:
    """One story: its id and its articles, earliest first (undated articles last).

    ``founder`` is the earliest article by (published, article id); ``id`` is derived from it,
    so the same membership gives the same id on every run, whatever the input order.
    """

    id: str
    article_ids: tuple[str, ...]
    founder: str
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (times as ISO 8601 strings)."""
        return {
            "id": self.id,
            "article_ids": list(self.article_ids),
            "founder": self.founder,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
        }


@dataclass(frozen=True)
class Clustering:
    """All stories, ordered by founding article, and the story id of every article."""

    stories: tuple[Story, ...]
    assignment: Mapping[str, str]

    def story_of(self, article_id: str) -> Story:
        """The story holding the article; KeyError when the article was never clustered."""
        wanted = self.assignment[article_id]
        for story in self.stories:
            if story.id == wanted:
                return story
        raise KeyError(article_id)  # pragma: no cover - assignment and stories agree

    def labels(self) -> dict[str, str]:
        """A plain dict article id -> story id (for metrics and JSON)."""
        return dict(self.assignment)


@dataclass(frozen=True)
class Assignment:
    """Where one article went when added online.

    ``story_id`` is the story's id at that moment (it changes only if an earlier-published
    article joins later, or a correction changes the story); ``similarity`` is the score
    against the chosen story (None for a new story or a placement forced by a correction).
    """

    article_id: str
    story_id: str
    created: bool
    similarity: float | None = None
    candidates: int = 0
