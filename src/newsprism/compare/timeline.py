"""The story's timeline, its extractive summary and its title, all taken from the articles."""

from __future__ import annotations

import re
from collections import defaultdict

from newsprism.compare.claims import ClaimAlignment, Statement
from newsprism.compare.records import (
    BriefOptions,
    Passage,
    SummarySentence,
    TimelineEvent,
    is_contested,
)
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import jaccard

_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\([^)]{2,40}\))?\s+[—–-]+\s+")


def build_timeline(story: StoryArticles, alignment: ClaimAlignment) -> tuple[TimelineEvent, ...]:
    """Return the dated events of the story, one per date and fact, sorted by date.

    Each annotated date with a value makes an event out of its sentence; the same date in
    sentences that state one fact (one claim) is one event with all their articles.
    """
    group_of = alignment.group_of()
    by_position: dict[tuple[str, int], Statement] = {}
    for s in alignment.statements:
        by_position[(s.article, s.start)] = s
    statements_by_article: dict[str, list[Statement]] = defaultdict(list)
    for s in alignment.statements:
        statements_by_article[s.article].append(s)
    events: dict[tuple[str, object], list[Passage]] = defaultdict(list)
    for article_id in story.order:
        article = story.articles[article_id]
        notes = story.annotations[article_id]
        for date in notes.dates:
            if not date.value:
                continue
            if any(e.start <= date.start < e.end for e in article.embeds):
                continue
            statement = next(
                (s for s in statements_by_article[article_id] if s.start <= date.start < s.end),
                None,
            )
            if statement is not None:
                key: object = ("claim", group_of[statement.key])
                passage = Passage(article_id, statement.text, statement.start, statement.end)
            else:
                index = (
                    date.sentence
                    if date.sentence < len(notes.sentences)
                    else story.sentence_index(article_id, date.start)
                )
                sentence = notes.sentences[index]
                key = ("sentence", article_id, sentence.start)
                passage = story.passage(article_id, sentence.start, sentence.end)
            events[(date.value, key)].append(passage)
    out = []
    order = {a: n for n, a in enumerate(story.order)}
    for (value, _), passages in events.items():
        unique = {(p.article, p.start): p for p in passages}
        evidence = tuple(sorted(unique.values(), key=lambda p: (order[p.article], p.start)))
        articles = tuple(dict.fromkeys(p.article for p in evidence))
        lead = _central(evidence, by_position, alignment)
        out.append(
            TimelineEvent(date=value, text=_clean(lead.text), articles=articles, evidence=evidence)
        )
    out.sort(key=lambda e: (e.date, -len(e.articles), e.text, e.articles))
    return tuple(out)


def _central(
    evidence: tuple[Passage, ...],
    by_position: dict[tuple[str, int], Statement],
    alignment: ClaimAlignment,
) -> Passage:
    """Return the passage most like the others (the one that best tells the shared fact)."""
    keys = [
        by_position[(p.article, p.start)].key
        for p in evidence
        if (p.article, p.start) in by_position
    ]
    if len(keys) < 2:
        return evidence[0]

    def score(p: Passage) -> float:
        statement = by_position.get((p.article, p.start))
        if statement is None:
            return -1.0
        return float(alignment.similarity[statement.key, keys].sum())

    return max(evidence, key=lambda p: (round(score(p), 6), -evidence.index(p)))


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
        reports = story.independent_reports({s.article for s in statements})
        position = min(s.position for s in statements)
        lead = max(
            statements,
            key=lambda s: (
                float(alignment.similarity[s.key, list(members)].sum()),
                -order[s.article],
                -s.start,
            ),
        )
        words = len(lead.text.split())
        if words < 8:
            continue
        score = reports + (1.0 - position) * 0.9 + min(words, 30) / 100
        candidates.append((score, position, lead, statements))
    candidates.sort(key=lambda c: (-c[0], c[1], order[c[2].article], c[2].start))
    wanted = max(options.min_summary_sentences, min(options.summary_sentences, 6))
    chosen: list[tuple[float, float, Statement, list[Statement]]] = []
    for candidate in candidates:
        stems = set(candidate[2].stems)
        if any(jaccard(stems, set(c[2].stems)) >= 0.4 for c in chosen):
            continue
        chosen.append(candidate)
        if len(chosen) == wanted:
            break
    chosen.sort(key=lambda c: (c[1], order[c[2].article], c[2].start))
    out = []
    for _, _, lead, statements in chosen:
        evidence = tuple(
            Passage(s.article, s.text, s.start, s.end)
            for s in sorted(statements, key=lambda s: (order[s.article], s.start))
        )
        articles = tuple(dict.fromkeys(p.article for p in evidence))
        out.append(SummarySentence(text=_clean(lead.text), articles=articles, evidence=evidence))
    return tuple(out)


def _clean(text: str) -> str:
    """Return a passage on one line, without a leading dateline ("RIVERTON — ")."""
    return _DATELINE.sub("", " ".join(text.split()))
