"""How renderers name articles and values: numbered references and outlet labels."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from newsprism.compare.records import Brief, BriefArticle
from newsprism.identity import site_of
from newsprism.wording import UNNAMED_OUTLET

# Renders article references ("[1] [3]") for some article ids.
Refs = Callable[[Iterable[str]], str]


def article_numbers(brief: Brief) -> dict[str, int]:
    """Return article id -> its 1-based number in the brief's article list."""
    return {a.id: n for n, a in enumerate(brief.articles, start=1)}


def outlet_of(article: BriefArticle) -> str:
    """Return the outlet's name; the site of its URL, or "unnamed source", when unknown."""
    return article.outlet or site_of(article.url) or UNNAMED_OUTLET


def outlets_of(brief: Brief, article_ids: Iterable[str]) -> list[str]:
    """Return the distinct outlet labels of some articles, in the brief's article order."""
    by_id = {a.id: a for a in brief.articles}
    wanted = set(article_ids)
    labels: list[str] = []
    for article in brief.articles:
        if article.id in wanted:
            label = outlet_of(by_id[article.id])
            if label not in labels:
                labels.append(label)
    return labels
