"""One title per story and one label per article, the same in every place that shows them.

The story list, the story page, the Markdown and HTML briefs and the brief JSON all take a
story's title from ``story_title``; an article without a headline is shown by the start of
its lead sentence (``article_label``), never by the file path it was read from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Sequence

from newsprism.identity import site_of
from newsprism.model import Article
from newsprism.wording import clip

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s")
LABEL_CHARS = 80


def lead_label(text: str, limit: int = LABEL_CHARS) -> str:
    """The first sentence of ``text``, cut at a word boundary within ``limit`` characters."""
    flat = " ".join(text.split())
    end = _SENTENCE_END.search(flat)
    first = flat[: end.start() + 1] if end else flat
    return clip(first, limit)


def article_label(title: str | None, text: str | None) -> str:
    """How an article is named: its headline, else the start of its lead ("" if neither)."""
    if title and title.strip():
        return " ".join(title.split())
    return lead_label(text or "")


def outlet_name(article: Article) -> str | None:
    """The outlet an article is credited to: its outlet, else the site its URL names."""
    return article.outlet or site_of(article.url)


def story_title(articles: Sequence[Article], reprints: Container[str] = ()) -> str | None:
    """The story's title: the headline sharing the most words with the story's other headlines.

    Reprints are left out when the story has other articles; ties go to the earliest article
    (then the smaller id). A story without headlines is named by the lead of its earliest
    article. None only for a story without articles.
    """
    if not articles:
        return None
    ordered = sorted(articles, key=published_order)
    own = [a for a in ordered if a.id not in reprints] or ordered
    titled = [" ".join(a.title.split()) for a in own[:50] if a.title and a.title.strip()]
    if not titled:
        return lead_label(own[0].text) or None
    words = [set(_WORD.findall(title.casefold())) for title in titled]

    def shared(index: int) -> float:
        mine = words[index]
        return sum(
            len(mine & other) / (len(mine | other) or 1)
            for j, other in enumerate(words)
            if j != index
        )

    best = max(range(len(titled)), key=lambda i: (shared(i), -i))
    return titled[best]


def published_order(article: Article) -> tuple[int, str, str]:
    """Sort key: dated articles first, by UTC publication time, then by id."""
    if article.published is None:
        return (1, "", article.id)
    return (0, _utc(article.published.value), article.id)


def _utc(value: str) -> str:
    """A sortable UTC form of an ISO date or time ("2023-11-14" stays as it is)."""
    if len(value) <= 10:
        return value
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat()
