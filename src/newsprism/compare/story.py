"""The articles of one story, readied for comparison: texts, annotations, independent reports,
and the page furniture of each text (see ``newsprism.compare.furniture``)."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from newsprism.annotate.dates import place_undated
from newsprism.annotate.records import ArticleAnnotations, DateMention, Sentence
from newsprism.compare.furniture import Span, furniture_spans, narration
from newsprism.compare.records import Passage, StoryInput
from newsprism.errors import BriefInputError
from newsprism.identity import site_of
from newsprism.model import Article
from newsprism.wording import UNNAMED_OUTLET

# Articles of a story that all appeared within this many days place an undated article's
# weekdays against the story's date ("on Friday" names the same day for all of them).
_WEEKDAY_SPAN_DAYS = 2


@dataclass(frozen=True)
class StoryArticles:
    """The articles of one story with their annotations, keyed and ordered by article id.

    ``report`` maps each article to the article that stands for its independent report (the
    original of a reprint, followed through chains of reprints); ``order`` lists article ids
    sorted by publication date, then id; ``furniture_of`` maps an article to the spans of its
    page furniture (bylines, captions, credits ...), which no claim, timeline entry or summary
    sentence may hold; ``placed_dates`` maps an article without a publication day to its date
    mentions placed against the story's date (see ``dates``).
    """

    story: StoryInput
    articles: Mapping[str, Article]
    annotations: Mapping[str, ArticleAnnotations]
    report: Mapping[str, str]
    order: tuple[str, ...]
    furniture_of: Mapping[str, tuple[Span, ...]] = field(default_factory=dict)
    placed_dates: Mapping[str, tuple[DateMention, ...]] = field(default_factory=dict)

    def dates(self, article_id: str) -> tuple[DateMention, ...]:
        """Return an article's date mentions; in an article without a publication day, those
        that needed one are placed against the story's date ("February 8" gets its year)."""
        placed = self.placed_dates.get(article_id)
        return placed if placed is not None else self.annotations[article_id].dates

    def furniture(self, article_id: str) -> tuple[Span, ...]:
        """Return the spans ``(start, end)`` of an article's page furniture, sorted."""
        spans = self.furniture_of.get(article_id)
        if spans is None:
            spans = furniture_spans(self.articles[article_id].text)
        return spans

    def narration(self, article_id: str, start: int, end: int) -> Span | None:
        """Return ``[start, end)`` of an article with its furniture cut off (the longest piece
        left, trimmed of spaces), or None when it is all furniture."""
        return narration(self.articles[article_id].text, start, end, self.furniture(article_id))

    def without_furniture(self, article_id: str, spans: Iterable[Span]) -> Iterator[Span]:
        """Yield each span of an article with its furniture cut off, leaving out those that are
        all furniture: ``for start, end in story.without_furniture(article_id, clauses)``."""
        for start, end in spans:
            kept = self.narration(article_id, start, end)
            if kept is not None:
                yield kept

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
            note = dataclasses.replace(note, sentences=(Sentence(0, len(article.text)),))
        notes[article_id] = note
    placed = _place_undated_dates(by_id, notes)
    report = {article_id: _root(article_id, story, by_id) for article_id in by_id}
    order = tuple(sorted(by_id, key=lambda i: (_published_key(by_id[i]), i)))
    furniture = {article_id: furniture_spans(by_id[article_id].text) for article_id in order}
    return StoryArticles(
        story=story,
        articles=by_id,
        annotations=notes,
        report=report,
        order=order,
        furniture_of=furniture,
        placed_dates=placed,
    )


def _place_undated_dates(
    articles: Mapping[str, Article], notes: Mapping[str, ArticleAnnotations]
) -> dict[str, tuple[DateMention, ...]]:
    """Return the dates of articles without a publication day placed against the story's date
    (the median publication day of its dated articles): "February 8" takes its year, "on
    Friday" its week when the dated articles appeared within ``_WEEKDAY_SPAN_DAYS`` of each
    other (see ``place_undated``). Articles with nothing to place are left out."""
    placed: dict[str, tuple[DateMention, ...]] = {}
    days = sorted(a.published.day for a in articles.values() if a.published and a.published.day)
    if not days:
        return placed
    anchor = days[(len(days) - 1) // 2]
    window = (days[0], days[-1]) if (days[-1] - days[0]).days <= _WEEKDAY_SPAN_DAYS else None
    for article_id, article in articles.items():
        note = notes[article_id]
        if not _undated_near(article, anchor) or all(d.value for d in note.dates):
            continue
        placed[article_id] = place_undated(article.text, note.dates, anchor, window)
    return placed


def _undated_near(article: Article, anchor: dt.date) -> bool:
    """Return True when the article has no publication day and nothing it has contradicts
    ``anchor`` (no date, or only the year or month of ``anchor``)."""
    published = article.published
    if published is None:
        return True
    if published.day is not None:
        return False
    return anchor.isoformat().startswith(published.value[:7])


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
