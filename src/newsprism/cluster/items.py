"""What the clusterer reads for one article: a small frozen record built from an Article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.model import Article, PublishedDate


@dataclass(frozen=True)
class ClusterItem:
    """One article as the clusterer sees it.

    ``published`` is the publication time (naive values are taken as UTC); ``None`` when
    unknown, and then the item is never kept out of a story by the time window.
    ``entities`` are entity names (optionally ``"TYPE:name"``) from the annotation stage; when
    empty, capitalised words and numbers found in the text stand in for them.
    """

    id: str
    title: str
    text: str
    published: dt.datetime | None = None
    entities: tuple[str, ...] = ()

    @classmethod
    def from_article(cls, article: Article, entities: Iterable[str] = ()) -> ClusterItem:
        """The item for a stored article, with optional entity names from annotation."""
        return cls(
            id=article.id,
            title=article.title or "",
            text=article.text,
            published=published_datetime(article.published),
            entities=tuple(entities),
        )


def published_datetime(published: PublishedDate | None) -> dt.datetime | None:
    """The UTC datetime of a publication date; None when it is unknown or only a year/month."""
    if published is None:
        return None
    if published.precision == "time":
        value = dt.datetime.fromisoformat(published.value)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    day = published.day
    if day is None:
        return None
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def timestamp_days(value: dt.datetime | None) -> float | None:
    """Days since the Unix epoch (UTC) as a float; None stays None."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.timestamp() / 86400.0
