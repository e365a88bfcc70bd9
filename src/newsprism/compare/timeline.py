"""The story's timeline: each dated fact with the articles that state it.

A date placed in page furniture (a byline's or a page header's date, a photo caption, a
pasted post) makes no entry, and an entry's passage never holds furniture.
"""

from __future__ import annotations

import re
from collections import defaultdict

from newsprism.annotate.records import DateMention
from newsprism.compare.claims import ClaimAlignment, Statement
from newsprism.compare.furniture import in_furniture
from newsprism.compare.records import BriefOptions, Passage, TimelineEvent
from newsprism.compare.story import StoryArticles

_FISCAL = re.compile(r"\b(?:fiscal|financial)(?:\s+year)?\s*$|\bFY\s*$", re.IGNORECASE)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\([^)]{2,40}\))?\s+[—–-]+\s+")


def build_timeline(
    story: StoryArticles,
    alignment: ClaimAlignment,
    threshold: float = BriefOptions().claim_threshold,
) -> tuple[TimelineEvent, ...]:
    """Return the dated events of the story, one per date and fact, sorted by date.

    Each annotated date with a value makes an event out of its sentence; the same date in
    statements of one claim tied to each other (similar above ``threshold``) is one event with
    all their articles: a statement the claim reached only through another one is an event of
    its own, so an event credits only the articles that state it.
    """
    group_of = alignment.group_of()
    statements_by_article: dict[str, list[Statement]] = defaultdict(list)
    for s in alignment.statements:
        statements_by_article[s.article].append(s)
    events: dict[tuple[str, object], list[tuple[Passage, int | None]]] = defaultdict(list)
    for article_id in story.order:
        article = story.articles[article_id]
        notes = story.annotations[article_id]
        furniture = story.furniture(article_id)
        for date in story.dates(article_id):
            if not date.value:
                continue
            if any(e.start <= date.start < e.end for e in article.embeds):
                continue
            if in_furniture(date.start, furniture) or _fiscal_year(article.text, date):
                continue
            statement = next(
                (s for s in statements_by_article[article_id] if s.start <= date.start < s.end),
                None,
            )
            if statement is not None:
                key: object = ("claim", group_of[statement.key])
                span = (statement.start, statement.end)
            else:
                index = (
                    date.sentence
                    if date.sentence < len(notes.sentences)
                    else story.sentence_index(article_id, date.start)
                )
                sentence = notes.sentences[index]
                span = (sentence.start, sentence.end)
                key = ("sentence", article_id, sentence.start)
            kept = story.narration(article_id, *span)
            if kept is None or not kept[0] <= date.start < kept[1]:
                continue  # the date is in furniture that the sentence runs into
            if statement is not None and kept == span:
                passage = Passage(article_id, statement.text, statement.start, statement.end)
            else:
                passage = story.passage(article_id, *kept)
            events[(date.value, key)].append(
                (passage, statement.key if statement is not None else None)
            )
    out = []
    order = {a: n for n, a in enumerate(story.order)}
    for (value, _), items in events.items():
        unique = {(p.article, p.start): (p, k) for p, k in items}
        remaining = sorted(
            unique.values(), key=lambda item: (order[item[0].article], item[0].start)
        )
        while remaining:
            lead, lead_key = _central(remaining, alignment)
            tied = [
                (p, k)
                for p, k in remaining
                if p is lead
                or (
                    lead_key is not None
                    and k is not None
                    and float(alignment.similarity[lead_key, k]) >= threshold
                )
            ]
            remaining = [item for item in remaining if item not in tied]
            evidence = tuple(p for p, _ in tied)
            articles = tuple(dict.fromkeys(p.article for p in evidence))
            out.append(
                TimelineEvent(
                    date=value, text=_clean(lead.text), articles=articles, evidence=evidence
                )
            )
    out.sort(key=lambda e: (e.date, -len(e.articles), e.text, e.articles))
    return tuple(out)


def _fiscal_year(text: str, date: DateMention) -> bool:
    """Return True for a fiscal year ("fiscal 2025", "FY 2025"): a company's accounting year,
    not the calendar year, so no date of the timeline (the quarter's end date is)."""
    if date.granularity != "year":
        return False
    return _FISCAL.search(text, max(0, date.start - 24), date.start) is not None


def _central(
    items: list[tuple[Passage, int | None]], alignment: ClaimAlignment
) -> tuple[Passage, int | None]:
    """Return the passage (with its statement key) most like the others: the one that best
    tells the shared fact; the first on a tie."""
    keys = [k for _, k in items if k is not None]
    if len(keys) < 2:
        return items[0]

    def score(item: tuple[Passage, int | None]) -> float:
        if item[1] is None:
            return -1.0
        return float(alignment.similarity[item[1], keys].sum())

    return max(items, key=lambda item: (round(score(item), 6), -items.index(item)))


def _clean(text: str) -> str:
    """Return a passage on one line, without a leading dateline ("RIVERTON — ")."""
    return _DATELINE.sub("", " ".join(text.split()))
