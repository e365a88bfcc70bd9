"""Plain-dict forms of newsprism records, for JSON output (CLI, REST, exports)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from newsprism.annotate.records import ArticleAnnotations
from newsprism.model import Article, ArticleSummary, PublishedDate, Reprint, Story


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


def annotations_to_dict(annotations: ArticleAnnotations) -> dict[str, Any]:
    """An article's annotations as ``article ID --json`` shows them (offsets into its text)."""
    return {
        "entities": [
            {
                "text": e.text,
                "name": e.name,
                "type": e.type,
                "role": e.role,
                "start": e.start,
                "end": e.end,
            }
            for e in annotations.entities
        ],
        "quotes": [
            {
                "text": q.text,
                "speaker_name": q.speaker_name,
                "cue": q.cue,
                "direct": q.direct,
                "partial": q.partial,
                "start": q.start,
                "end": q.end,
            }
            for q in annotations.quotes
        ],
        "dates": [
            {
                "text": d.text,
                "value": d.value,
                "granularity": d.granularity,
                "start": d.start,
                "end": d.end,
            }
            for d in annotations.dates
        ],
        "annotator": annotations.annotator,
    }


def story_to_dict(
    story: Story, articles: Mapping[str, Article], reprints: Mapping[str, Reprint]
) -> dict[str, Any]:
    """A story as the brief's JSON contract shows it: id, title, dates, articles, coverage."""
    return {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "articles": [
            _story_article(articles[article_id], reprints.get(article_id))
            for article_id in story.article_ids
        ],
        "coverage": dataclasses.asdict(story.coverage),
    }


def story_summary_to_dict(story: Story) -> dict[str, Any]:
    """One line of a story listing: the story without its articles' details."""
    return {
        "id": story.id,
        "title": story.title,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "articles": list(story.article_ids),
        "coverage": dataclasses.asdict(story.coverage),
    }


def _story_article(article: Article, reprint: Reprint | None) -> dict[str, Any]:
    return {
        "id": article.id,
        "outlet": article.outlet,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": _published(article.published),
        "wire": article.wire.agency if article.wire else None,
        "reprint_of": reprint.reprint_of if reprint else None,
    }


def dumps(value: Any) -> str:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8 characters kept."""
    return json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False)


def _published(published: PublishedDate | None) -> str | None:
    return published.value if published else None
