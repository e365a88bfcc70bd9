"""Annotations as the store keeps them: read back when current, made and saved when not."""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.annotate.pipeline import annotate_articles, needs_annotation
from newsprism.annotate.records import AnnotateOptions, ArticleAnnotations
from newsprism.model import Article
from newsprism.store import Store


def current_annotations(
    store: Store, articles: Sequence[Article], options: AnnotateOptions
) -> dict[str, ArticleAnnotations]:
    """Return each article's current annotations by id; missing or stale ones are made and saved.

    Stale means computed on another text, or by another model or annotator version.
    """
    found = store.load_annotations(a.id for a in articles)
    missing = [a for a in articles if needs_annotation(found.get(a.id), a, options.model)]
    if missing:
        fresh = annotate_articles(missing, options)
        store.save_annotations(fresh)
        found.update((a.article_id, a) for a in fresh)
    return found
