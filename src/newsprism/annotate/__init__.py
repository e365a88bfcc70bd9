"""The annotate stage: entities, quotes with speakers, and dates, with character offsets.

Entry point: ``annotate_articles(articles, AnnotateOptions()) -> list[ArticleAnnotations]``.
"""

from newsprism.annotate.nlp import find_model_path, load_model, model_fingerprint
from newsprism.annotate.pipeline import (
    Annotator,
    annotate_articles,
    annotate_doc,
    needs_annotation,
    text_hash,
)
from newsprism.annotate.records import (
    ANNOTATION_SCHEMA,
    AnnotateOptions,
    ArticleAnnotations,
    DateMention,
    EntityMention,
    QuoteMention,
    Sentence,
)

__all__ = [
    "ANNOTATION_SCHEMA",
    "AnnotateOptions",
    "Annotator",
    "ArticleAnnotations",
    "DateMention",
    "EntityMention",
    "QuoteMention",
    "Sentence",
    "annotate_articles",
    "annotate_doc",
    "find_model_path",
    "load_model",
    "model_fingerprint",
    "needs_annotation",
    "text_hash",
]
