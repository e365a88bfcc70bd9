"""The articles of one story, readied for comparison: texts, annotations, independent reports."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsprism.annotate.records import ArticleAnnotations, Sentence
from newsprism.compare.records import Passage, StoryInput
from newsprism.errors import BriefInputError
from newsprism.identity import site_of
from newsprism.model import Article
from newsprism.wording import UNNAMED_OUTLET


@dataclass(frozen=True)
class StoryArticles:
    """The articles of one story with their annotations, keyed and ordered by article id.

    ``report`` maps each article to the article that stands for its independent report (the
    original of a reprint, followed through chains of reprints); ``order`` lists article ids
    sorted by publication date, then id.
    """

    story: StoryInput
    articles: Mapping[str, Article]
    annotations: Mapping[str, ArticleAnnotations]
    report: Mapping[str, str]
    order: tuple[str, ...]

    def passage(self, article_id: str, start: int, end: int) -> Passage:
        """Return the passage ``[start, end)`` of an article, trimmed of surrounding spaces."""
        text = self.articles[article_id].text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return Passage(article=article_id, text=text[start:end], start=start, end=end)

    def sentence_index(self, article_id: str, offset: int) -> int:
        """Return the index of the sentence holding ``offset`` (the nearest one before it)."""
        sentences = self.annotations[article_id].sentences
        starts = [s.start for s in sentences]
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def sentence(self, article_id: str, index: int) -> Sentence:
        """Return sentence ``index`` of an article."""
        return self.annotations[article_id].sentences[index]

    def independent_reports(self, article_ids: Sequence[str] | set[str]) -> int:
        """Return how many independent reports the articles are: reprints count once.

        Two articles of one outlet are one report too: an outlet that updates its story does
        not corroborate itself.
        """
        keys = set()
        for article_id in article_ids:
            root = self.report[article_id]
            original = self.articles.get(root)
            outlet = original.outlet if original is not None else None
            keys.add(("outlet", outlet.lower()) if outlet else ("article", root))
        return len(keys)

    def outlet_label(self, article_id: str) -> str:
        """Return the outlet's name; the site of its URL, or "unnamed source", when unknown."""
        article = self.articles[article_id]
        return article.outlet or site_of(article.url) or UNNAMED_OUTLET


def prepare_story(
    story: StoryInput,
    articles: Sequence[Article],
    annotations: Mapping[str, ArticleAnnotations],
) -> StoryArticles:
    """Return the story's articles readied for comparison.

    Raises ``BriefInputError`` when an article has no annotations, or annotations computed on
    a different text.
    """
    by_id: dict[str, Article] = {}
    for article in articles:
        by_id[article.id] = article
    notes: dict[str, ArticleAnnotations] = {}
    for article_id, article in by_id.items():
        note = annotations.get(article_id)
        if note is None:
            raise BriefInputError(
                f"article {article_id} ({article.source}) has no annotations; "
                "annotate it before building the brief"
            )
        digest = hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        if note.text_hash and note.text_hash not in (digest, article.content_hash):
            raise BriefInputError(
                f"the annotations of article {article_id} ({article.source}) were computed on "
                "another text; annotate it again"
            )
        if not note.sentences and article.text.strip():
            note = ArticleAnnotations(
                article_id=note.article_id,
                text_hash=note.text_hash,
                annotator=note.annotator,
                sentences=(Sentence(0, len(article.text)),),
                entities=note.entities,
                quotes=note.quotes,
                dates=note.dates,
            )
        notes[article_id] = note
    report = {article_id: _root(article_id, story, by_id) for article_id in by_id}
    order = tuple(sorted(by_id, key=lambda i: (_published_key(by_id[i]), i)))
    return StoryArticles(story=story, articles=by_id, annotations=notes, report=report, order=order)


def _root(article_id: str, story: StoryInput, articles: Mapping[str, Article]) -> str:
    """Return the original an article reprints, through chains; itself when it is no reprint."""
    seen = {article_id}
    current = article_id
    while True:
        parent = story.reprint_of.get(current)
        if parent is None or parent in seen:
            return current
        if parent not in articles:
            # The original is not in this story: the reprints of it still count once.
            return parent
        seen.add(parent)
        current = parent


def _published_key(article: Article) -> str:
    return article.published.value if article.published else "9999"
