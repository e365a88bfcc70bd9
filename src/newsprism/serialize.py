"""Plain-dict forms of newsprism records, for JSON output (CLI, REST, exports)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from newsprism.model import Article, ArticleSummary, PublishedDate


def article_to_dict(article: Article) -> dict[str, Any]:
    """The article as a JSON-ready dict (published flattened to value and precision)."""
    data = dataclasses.asdict(article)
    data["published"] = _published(article.published)
    data["published_precision"] = article.published.precision if article.published else None
    data["embeds"] = [
        dataclasses.asdict(e) | {"text": article.text[e.start : e.end]} for e in article.embeds
    ]
    return data


def summary_to_dict(summary: ArticleSummary) -> dict[str, Any]:
    """An article summary as a JSON-ready dict."""
    data = dataclasses.asdict(summary)
    data["published"] = _published(summary.published)
    return data


def dumps(value: Any) -> str:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8 characters kept."""
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False)


def _published(published: PublishedDate | None) -> str | None:
    return published.value if published else None
