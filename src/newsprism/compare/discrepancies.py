"""Discrepancies: the record every finder returns, the helpers that build one, and the
discrepancy inside one article (its narration against a document it quotes).

The finders live beside this module: numbers (``number_conflicts``, from the measures of
``measures``), days, times of day and fiscal periods (``time_conflicts``), places
(``place_conflicts``); entity-level conflicts (an organisation named two ways, a title, a
party, a speaker) in ``entity_conflicts``. None of them reads the claim groups: each pairs
the mentions of one slot across articles itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from newsprism.compare.claims import ClaimAlignment, Statement
from newsprism.compare.figures import Figure, compatible, find_figures, format_value, same_measure
from newsprism.compare.ids import stable_id
from newsprism.compare.records import Discrepancy, DiscrepancyKind, DiscrepancyValue, Passage
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import content_stems, jaccard


@dataclass(frozen=True)
class Found:
    """A discrepancy and the passages it contests: (article id, start, end) character spans of
    the text that states a contested value; a claim holding a passage that overlaps one of them
    becomes ``conflicting``."""

    discrepancy: Discrepancy
    contested: frozenset[tuple[str, int, int]]


@dataclass(frozen=True)
class ValueMention:
    """Where one article states one competing value: the sentence (``start``, ``end``, the
    evidence) and the printed value inside it (``value_start``, ``value_end``)."""

    article: str
    start: int
    end: int
    value_start: int
    value_end: int


_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”]|\s[–—-]\s|\b(?:while|whereas|but)\b")


def clause_around(text: str, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """Return the clause of the sentence ``[start, end)`` that holds ``[a, b)``: between the
    nearest comma, semicolon, dash or 'while' either side."""
    left = start
    for m in _CLAUSE_BREAK.finditer(text, start, a):
        left = m.end()
    after = _CLAUSE_BREAK.search(text, b, end)
    right = after.start() if after else end
    while left < right and text[left].isspace():
        left += 1
    return left, max(right, b)


def found_from_values(
    story: StoryArticles,
    kind: DiscrepancyKind,
    about: str,
    values: list[tuple[str, list[ValueMention]]],
    contest: bool = True,
) -> Found:
    """Return a discrepancy from its competing values (a label and where each is stated).

    The contested spans are the clauses stating the values that fewer independent reports
    give than the best-supported one (every value's when they tie): the outlier's claim is
    disputed, and the fact most outlets agree on stays as they agree on it. With ``contest``
    False nothing is contested: the values differ without contradicting one another (a
    running count reported at different times, estimates polled by different firms).
    """
    order = {a: n for n, a in enumerate(story.order)}
    out = []
    support = [len({story.report[m.article] for m in ms}) for _, ms in values]
    contested: set[tuple[str, int, int]] = set()
    for (label, mentions), reports in zip(values, support, strict=True):
        mentions = sorted(mentions, key=lambda m: (order[m.article], m.start, m.value_start))
        evidence: list[Passage] = []
        for m in mentions:
            passage = story.passage(m.article, m.start, m.end)
            if passage not in evidence:
                evidence.append(passage)
            if contest and (reports < max(support) or len(set(support)) == 1):
                text = story.articles[m.article].text
                a, b = clause_around(text, m.start, m.end, m.value_start, m.value_end)
                contested.add((m.article, a, b))
        articles = tuple(sorted({m.article for m in mentions}, key=lambda a: order[a]))
        out.append(DiscrepancyValue(" ".join(label.split()), articles, tuple(evidence)))
    return Found(_discrepancy(story, kind, about, out), frozenset(contested))


def span_of(statement: Statement) -> tuple[str, int, int]:
    """Return the (article id, start, end) span of ``statement``, as ``Found.contested`` holds."""
    return (statement.article, statement.start, statement.end)


def narration_discrepancies(
    story: StoryArticles,
    alignment: ClaimAlignment,
    quote_spans: dict[str, list[tuple[int, int]]],
) -> list[Found]:
    """Return figures an outlet's narration gives differently from a quote it prints.

    A document quoted in the article ("the letter says the budget is $4.5 million") and the
    reporter's own sentence ("the $4.2 million budget") cannot both be right.
    """
    found = []
    by_article: dict[str, list[Statement]] = defaultdict(list)
    for s in alignment.statements:
        by_article[s.article].append(s)
    for article_id, spans in quote_spans.items():
        text = story.articles[article_id].text
        skip = tuple((d.start, d.end) for d in story.annotations[article_id].dates)
        # The values the narration gives each measure: a narration listing several (by
        # branch, by region) is no single claim that a quote could contradict.
        measures: dict[tuple[str, str], set[float]] = defaultdict(set)
        for s in by_article.get(article_id, []):
            for f in s.figures:
                measures[(f.unit, f.context[0] if f.context else "")].add(f.value)
        for q_start, q_end in spans:
            quoted = find_figures(text, q_start, q_end, skip)
            if not quoted:
                continue
            q_stems = set(content_stems(text[q_start:q_end]))
            for s in by_article.get(article_id, []):
                if s.start <= q_start < s.end:
                    continue
                if jaccard(q_stems, set(s.stems)) < 0.12:
                    continue
                for qf in quoted:
                    for sf in s.figures:
                        listed = measures[(sf.unit, sf.context[0] if sf.context else "")]
                        if len(listed) > 1 or qf.value in listed:
                            continue
                        if same_measure(qf, sf) and not compatible(qf, sf):
                            quote_passage = story.passage(article_id, q_start, q_end)
                            values = [
                                DiscrepancyValue(
                                    format_value(sf),
                                    (article_id,),
                                    (Passage(s.article, s.text, s.start, s.end),),
                                ),
                                DiscrepancyValue(format_value(qf), (article_id,), (quote_passage,)),
                            ]
                            about = _measure_phrase(story, s, sf)
                            outlet = story.outlet_label(article_id)
                            summary = (
                                f"{outlet}'s own narration gives {values[0].value} for "
                                f"{about}, but the passage it quotes gives "
                                f"{values[1].value}."
                            )
                            discrepancy = Discrepancy(
                                id=stable_id(
                                    "d", "narration", article_id, str(sf.start), str(qf.start)
                                ),
                                kind="number",
                                about=about,
                                summary=summary,
                                values=tuple(values),
                            )
                            found.append(Found(discrepancy, frozenset({span_of(s)})))
    return found


def _measure_phrase(story: StoryArticles, statement: Statement, fig: Figure) -> str:
    """Return the printed words that say what a figure counts ("budget for the Riverside...")."""
    text = story.articles[statement.article].text
    after = re.split(r"[,;:.!?()\"“”]", text[fig.end : statement.end], maxsplit=1)[0]
    words = after.split()[:6]
    if len(words) < 2:
        before = re.split(r"[,;:.!?()\"“”]", text[statement.start : fig.start])[-1]
        words = before.split()[-6:] + words
    return " ".join(words).strip() or "a figure"


def _discrepancy(
    story: StoryArticles, kind: DiscrepancyKind, about: str, values: list[DiscrepancyValue]
) -> Discrepancy:
    """Return a discrepancy with its summary line and a content-derived id."""
    parts = []
    for v in values:
        outlets = sorted({story.outlet_label(a) for a in v.articles})
        parts.append(f"{v.value} ({', '.join(outlets)})")
    summary = f"Outlets disagree on {kind} for {about}: " + " vs ".join(parts) + "."
    key = [kind, about] + [f"{v.value}@{','.join(v.articles)}" for v in values]
    return Discrepancy(
        id=stable_id("d", *key),
        kind=kind,
        about=about,
        summary=summary,
        values=tuple(values),
    )


def make_discrepancy(
    story: StoryArticles, kind: DiscrepancyKind, about: str, values: list[DiscrepancyValue]
) -> Discrepancy:
    """Return a discrepancy built like the ones this module finds (summary, stable id)."""
    return _discrepancy(story, kind, about, values)
