"""Atomic facts: each article's sentences cut into the facts they state, with their slots.

A statement is one fact as one article prints it: a clause of a sentence (sentences are cut
at paragraph breaks, semicolons, dashes, coordinated clauses and coordinated predicates),
with the slots alignment compares. The parse is not stored with the annotations, so the
slots are read from what is (sentences, entities, quotes, dates) and from the text:

- ``stems``: what is said, content words with paraphrases and spellings folded;
- ``entities``: who, whom and where (resolved entity ids);
- ``figures``, ``measures`` and ``numbers``: how many, each figure with the unit and the word
  it counts ("41 dead" -> ("", 41, "dead")), and every number in digits;
- ``dates``: when (resolved values);
- ``speaker``: whose statement it is. A sentence inside a direct quote is a statement of the
  speaker, not of the outlet (``quoted``); reported speech ("X said that ...") is credited
  to its speaker too.

Page furniture (credit lines, bylines, time stamps, photo captions and credits, "Related"
links, datelines) is no statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsprism.annotate.records import ArticleAnnotations
from newsprism.compare.entities import EntityResolution
from newsprism.compare.figures import Figure, find_figures
from newsprism.compare.records import BriefOptions
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import fact_stems, tokens

# Where one sentence states several facts: a paragraph break (a heading or list item run into
# the next line), a semicolon, a spaced dash; then a comma before a conjunction, relative
# pronoun or speech participle that opens a new clause ("..., and the mayor resigned", "...,
# which ...", "..., saying ..."), or "and"/"but" before a verb in the past or present
# ("... found him guilty and sentenced him ..."): a coordinated predicate.
_HARD_SPLIT = re.compile(r"\s*\n\s*|;\s+|\s+[—–]\s+|\s+-\s+")
_SOFT_SPLIT = re.compile(
    r",\s+(?=(?:and|but|while|whereas|although|though|as|after|before|when"
    r"|saying|adding|making)\s)"
    r"|\s+(?=(?:and|but)\s+(?:also\s+|then\s+|later\s+)?(?:[a-z]+ed|was|were|is|are|has|have|had"
    r"|said|says|sent|found|left|made|took|gave|won|lost|held|told|put|set|led|struck|hit|fell"
    r"|rose|saw|came|went|got|became|began|brought|kept|met|ran|paid|sold|spent|stood|shot"
    r"|built|caught|drew|drove|flew|grew|knew|sought|thought|threw|wrote|broke|chose|spoke"
    r"|stole|swore|woke|bore|tore|wore)\s)",
)
# Page furniture is about the page, not the story: credit lines ("Additional reporting by
# ..."), bylines, photo captions and credits, time stamps, links to other stories.
_CREDIT = re.compile(
    r"^\(?(?:additional reporting|reporting|writing|editing|compiled) by\b|"
    r".{0,80}\b(?:contributed (?:to )?this report)\b|"
    r"^(?:file\s+)?(?:photo|image|picture|video|graphic)s?(?:\s+credit)?\s*:|"
    r"^(?:credit|source|caption)\s*:|"
    r"^(?:read|see|watch) (?:also|more)\b|^related\b|"
    r"^(?:written |reported |story )?by\s+"
    r"(?-i:[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s*(?:[,|/]|$)|"
    r"^(?:last\s+)?(?:updated|published|posted)\s*(?::|on\b|\d)",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]{2,40}(?:\([^)]{2,40}\))?\s+[—–-]+\s+")
_EDGE = "\"'“”‘’«»()[]-–—•*·:, \t\n"
# The smallest piece a soft split may leave, in words: shorter ones stay with their sentence.
_MIN_CLAUSE_WORDS = 6


@dataclass(frozen=True)
class Statement:
    """One fact as one article states it, with the slots that alignment compares.

    ``key`` is the statement's index in the story's list; ``start``/``end`` locate ``text``
    in the article; ``position`` is 0 at the article's start and 1 at its end. The slots:
    ``stems`` (content words, a family of paraphrases as one), ``entities`` (who, whom,
    where), ``figures`` and ``measures`` ((unit, value, counted stem) for each figure),
    ``numbers`` (every number in digits), ``dates`` (when). ``quoted`` marks a sentence
    inside a direct quote; ``speaker`` is the entity id of whoever the article credits the
    statement to (a direct quote or reported speech), None for the outlet's own narration or
    an unknown speaker.
    """

    key: int
    article: str
    start: int
    end: int
    text: str
    stems: frozenset[str]
    entities: frozenset[str]
    figures: tuple[Figure, ...]
    dates: tuple[tuple[str, str], ...]  # (value, granularity)
    position: float
    quoted: bool = False
    speaker: str | None = None
    measures: tuple[tuple[str, float, str], ...] = ()
    numbers: frozenset[str] = frozenset()


def find_statements(
    story: StoryArticles,
    resolution: EntityResolution,
    quote_spans: dict[str, list[tuple[int, int]]],
    options: BriefOptions,
) -> list[Statement]:
    """Return the atomic facts of every article, in article order then text order.

    ``quote_spans`` maps an article to the spans of its quotes in the ledger: a statement
    mostly inside them, or inside a direct quote the annotator found, is ``quoted``.
    """
    statements: list[Statement] = []
    for article_id in story.order:
        article = story.articles[article_id]
        notes = story.annotations[article_id]
        text = article.text
        skip = [(e.start, e.end) for e in article.embeds]
        quoted = list(quote_spans.get(article_id, []))
        quoted += [(q.start, q.end) for q in notes.quotes if q.direct and not q.partial]
        mentions = [
            (m.start, m.end, resolution.mention_entity.get((article_id, i)))
            for i, m in enumerate(notes.entities)
        ]
        date_spans = tuple((d.start, d.end) for d in notes.dates)
        for sentence in notes.sentences:
            for start, end in split_facts(text, sentence.start, sentence.end):
                if any(s < end and start < e for s, e in skip):
                    continue
                unit = text[start:end]
                words = tokens(unit)
                if not (options.min_claim_words <= len(words) <= options.max_claim_words):
                    continue
                if unit.endswith("?") or _CREDIT.match(unit):
                    continue
                is_quote = quoted_share(start, end, quoted) >= 0.5
                figures = tuple(find_figures(text, start, end, date_spans))
                statements.append(
                    Statement(
                        key=len(statements),
                        article=article_id,
                        start=start,
                        end=end,
                        text=unit,
                        stems=frozenset(fact_stems(_DATELINE.sub("", unit))),
                        entities=frozenset(
                            e for s, t, e in mentions if e and s < end and start < t
                        ),
                        figures=figures,
                        dates=tuple(
                            (d.value, d.granularity)
                            for d in notes.dates
                            if d.value and start <= d.start < end
                        ),
                        position=start / max(1, len(text)),
                        quoted=is_quote,
                        speaker=_speaker(article_id, notes, resolution, start, end),
                        numbers=numbers_in(unit),
                        measures=tuple(
                            (f.unit, f.value, f.context[0] if f.context else "") for f in figures
                        ),
                    )
                )
    return statements


_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:[.:]\d+)?")


def numbers_in(text: str) -> frozenset[str]:
    """Return every number written in digits in ``text``, as printed without thousands
    separators and with a clock's colon made a dot ("3,417" -> "3417", "10:52" -> "10.52",
    "52nd" -> "52", "64-year-old" -> "64"): the anchors two reports of one fact share."""
    return frozenset(m.group(0).replace(",", "").replace(":", ".") for m in _NUMBER.finditer(text))


def split_facts(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Yield the spans of the facts a sentence states, trimmed of spaces, quote marks and
    list bullets at their edges.

    The sentence is cut at paragraph breaks, semicolons and spaced dashes, then before a
    clause ("..., and the mayor resigned", "..., which ...", "... and sentenced him ...")
    when both sides keep at least six words (a list of names, "Orlen, Dask and Mirow",
    is never cut: no verb follows its "and", or its sides are short).
    """
    for a, b in _cut(text, start, end, _HARD_SPLIT):
        pieces = list(_cut(text, a, b, _SOFT_SPLIT))
        merged: list[tuple[int, int]] = []
        for piece in pieces:
            if merged and (
                len(tokens(text[piece[0] : piece[1]])) < _MIN_CLAUSE_WORDS
                or len(tokens(text[merged[-1][0] : merged[-1][1]])) < _MIN_CLAUSE_WORDS
            ):
                merged[-1] = (merged[-1][0], piece[1])
            else:
                merged.append(piece)
        yield from merged


def _cut(text: str, start: int, end: int, pattern: re.Pattern[str]) -> Iterable[tuple[int, int]]:
    """Yield the pieces of ``text[start:end]`` between matches of ``pattern``, trimmed."""
    at = start
    bounds = []
    for m in pattern.finditer(text, start, end):
        bounds.append((at, m.start()))
        at = m.end()
    bounds.append((at, end))
    for a, b in bounds:
        a, b = _trim(text, a, b)
        if a < b:
            yield a, b


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Return ``(a, b)`` moved past spaces, stray quote marks and bullets at both edges
    (a quote mark is kept when the piece holds its partner)."""
    while a < b and text[a] in _EDGE:
        if text[a] in "\"“‘'«" and _has_partner(text[a + 1 : b], text[a]):
            break
        a += 1
    while b > a and text[b - 1] in _EDGE:
        if text[b - 1] in "\"”’'»" and _has_partner(text[a : b - 1], text[b - 1]):
            break
        if text[b - 1] == ")" and "(" in text[a:b]:
            break
        b -= 1
    return a, b


def _has_partner(inside: str, mark: str) -> bool:
    partners = {"“": "”", "”": "“", "‘": "’", "’": "‘", "«": "»", "»": "«"}
    return mark in inside or partners.get(mark, mark) in inside


def quoted_share(start: int, end: int, quoted: list[tuple[int, int]]) -> float:
    """Return the share of ``[start, end)`` that the ``quoted`` spans cover (overlaps once)."""
    covered = 0
    at = start
    for s, e in sorted(quoted):
        s, e = max(s, at), min(e, end)
        if s < e:
            covered += e - s
            at = e
    return covered / max(1, end - start)


def _speaker(
    article_id: str,
    notes: ArticleAnnotations,
    resolution: EntityResolution,
    start: int,
    end: int,
) -> str | None:
    """Return the entity id of the speaker of the quote or reported speech that covers most
    of ``[start, end)`` (a direct quote first), or None."""
    best: tuple[bool, int] | None = None
    found: str | None = None
    for q in notes.quotes:
        if q.partial or q.speaker is None:
            continue
        overlap = min(end, q.end) - max(start, q.start)
        if overlap * 2 < end - start:
            continue
        rank = (q.direct, overlap)
        if best is None or rank > best:
            best, found = rank, resolution.mention_entity.get((article_id, q.speaker))
    return found
