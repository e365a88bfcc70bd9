"""The story's extractive summary, taken from the articles as printed (the title: ``titles``).

A summary sentence is one article's statement of a fact several outlets state; it credits the
articles whose statement of that fact is tied to it directly (similar above the claim
threshold), not every article its claim reached. Page furniture, sentence fragments (a
sentence cut off at the end of an excerpt, or the tail of a quote such as "said the
minister, who ...") and contested statements are never chosen.
"""

from __future__ import annotations

import re

from newsprism.compare.claims import ClaimAlignment, Statement
from newsprism.compare.records import BriefOptions, Passage, SummarySentence, is_contested
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import jaccard

_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\([^)]{2,40}\))?\s+[—–-]+\s+")
# How a whole sentence ends, and how it may begin (a capital, a digit, a quote or bracket).
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_SENTENCE_START = re.compile(r"^[\"“‘'(\[]?[A-Z0-9À-Þ]")
_MIN_WORDS = 8
# A sentence that opens with a pronoun leans on the one before it: a weaker summary sentence.
_PRONOUN_START = re.compile(
    r"^[\"“‘']?(?:He|She|They|It|This|These|Those|His|Her|Their|Its|We|I)\b"
)
_PRONOUN_PENALTY = 0.5


def build_summary(
    story: StoryArticles,
    alignment: ClaimAlignment,
    contested: set[tuple[str, int, int]],
    options: BriefOptions,
) -> tuple[SummarySentence, ...]:
    """Return 3-6 sentences printed by the articles that tell the story, most corroborated
    first chosen, then put in the order the articles tell them; none is invented."""
    order = {a: n for n, a in enumerate(story.order)}
    candidates = []
    for members in alignment.groups:
        statements = [alignment.statements[k] for k in members]
        if any(is_contested(s.article, s.start, s.end, contested) for s in statements):
            continue
        spans = {s.key: _sentence_span(story, s) for s in statements}
        lead = max(
            statements,
            key=lambda s: (
                spans[s.key] is not None,
                not _PRONOUN_START.match(s.text),
                float(alignment.similarity[s.key, list(members)].sum()),
                -order[s.article],
                -s.start,
            ),
        )
        span = spans[lead.key]
        if span is None:
            continue
        passage = story.passage(lead.article, *span)
        words = len(passage.text.split())
        if words < _MIN_WORDS:
            continue
        support = _support(alignment, lead, statements, options.claim_threshold)
        reports = story.independent_reports({s.article for s in support})
        position = min(s.position for s in support)
        score = reports + (1.0 - position) * 0.9 + min(words, 30) / 100
        if _PRONOUN_START.match(passage.text):
            score -= _PRONOUN_PENALTY
        candidates.append((score, position, lead, passage, support))
    candidates.sort(key=lambda c: (-c[0], c[1], order[c[2].article], c[2].start))
    wanted = max(options.min_summary_sentences, min(options.summary_sentences, 6))
    chosen: list[tuple[float, float, Statement, Passage, list[Statement]]] = []
    for candidate in candidates:
        stems = set(candidate[2].stems)
        if any(jaccard(stems, set(c[2].stems)) >= 0.4 for c in chosen):
            continue
        chosen.append(candidate)
        if len(chosen) == wanted:
            break
    chosen.sort(key=lambda c: (c[1], order[c[2].article], c[2].start))
    out = []
    for _, _, lead, passage, support in chosen:
        evidence = tuple(
            passage if s.key == lead.key else Passage(s.article, s.text, s.start, s.end)
            for s in sorted(support, key=lambda s: (order[s.article], s.start))
        )
        articles = tuple(dict.fromkeys(p.article for p in evidence))
        out.append(SummarySentence(text=_clean(passage.text), articles=articles, evidence=evidence))
    return tuple(out)


def _support(
    alignment: ClaimAlignment, lead: Statement, statements: list[Statement], threshold: float
) -> list[Statement]:
    """Return the lead and the statements of its claim tied to it directly: those at least
    ``threshold`` like it. A statement the claim reached through another one states another
    fact, and its outlet is not credited with the lead's."""
    return [
        s
        for s in statements
        if s.key == lead.key or float(alignment.similarity[lead.key, s.key]) >= threshold
    ]


def _sentence_span(story: StoryArticles, statement: Statement) -> tuple[int, int] | None:
    """Return the span of a statement with page furniture cut off (a dateline, a byline run
    into it) when what is left is a whole sentence: it starts and ends like one and opens
    every quotation it closes. None for a fragment."""
    kept = story.narration(statement.article, statement.start, statement.end)
    if kept is None:
        return None
    text = story.articles[statement.article].text[kept[0] : kept[1]]
    if not (_SENTENCE_START.match(text) and _SENTENCE_END.search(text)):
        return None
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return None  # the tail of a quote ("... advice," the minister said.) or its head
    return kept


def _clean(text: str) -> str:
    """Return a passage on one line, without a leading dateline ("RIVERTON — ")."""
    return _DATELINE.sub("", " ".join(text.split()))
