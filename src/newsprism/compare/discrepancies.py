"""Discrepancies between statements: figures, dates and places that outlets give differently.

Figures are compared only when they measure the same thing (same unit, same counted word)
in statements about the same fact; hedged figures ("about 300", "more than 600") agree with
values they allow. An outlet whose narration gives one figure while a quote it prints gives
another is a discrepancy too. Entity-level conflicts (an organisation named two ways, a title,
a party, a speaker) live in ``newsprism.compare.entity_conflicts``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from newsprism.compare.claims import ClaimAlignment, Statement
from newsprism.compare.figures import Figure, compatible, find_figures, format_value, same_measure
from newsprism.compare.ids import stable_id
from newsprism.compare.records import Discrepancy, DiscrepancyKind, DiscrepancyValue, Passage
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import content_stems, jaccard

# Two statements must be at least this similar for their figures to be compared.
FIGURE_PAIR_SIMILARITY = 0.2
DATE_PAIR_SIMILARITY = 0.45
# Dates further apart than this are two events (an order issued, an order expiring).
DATE_PAIR_MAX_DAYS = 14


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


def figure_discrepancies(story: StoryArticles, alignment: ClaimAlignment) -> list[Found]:
    """Return discrepancies between figures of the same measure in statements of one fact."""
    nodes: list[tuple[Statement, Figure]] = []
    for s in alignment.statements:
        for fig in s.figures:
            nodes.append((s, fig))
    if not nodes:
        return []
    printed: dict[str, set[tuple[str, float]]] = defaultdict(set)
    for s, fig in nodes:
        printed[s.article].add((fig.unit, fig.value))
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    group_of = alignment.group_of()
    sim = alignment.similarity
    by_unit: dict[str, list[int]] = defaultdict(list)
    for i, (_, fig) in enumerate(nodes):
        by_unit[fig.unit].append(i)
    for members in by_unit.values():
        for x, i in enumerate(members):
            si, fi = nodes[i]
            for j in members[x + 1 :]:
                sj, fj = nodes[j]
                if story.report[si.article] == story.report[sj.article]:
                    continue
                same_fact = group_of[si.key] == group_of[sj.key]
                related = same_fact or sim[si.key, sj.key] >= FIGURE_PAIR_SIMILARITY
                if related and same_measure(fi, fj, close=same_fact):
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        clusters[find(i)].append(i)
    found = []
    for members in clusters.values():
        if len(members) < 2:
            continue
        figures = [nodes[i] for i in members]
        result = _figure_conflict(story, figures, printed)
        if result:
            found.append(result)
    return found


def _figure_conflict(
    story: StoryArticles,
    figures: list[tuple[Statement, Figure]],
    printed: dict[str, set[tuple[str, float]]],
) -> Found | None:
    """Return the discrepancy among figures of one measure, or None when they all agree.

    ``printed`` holds the (unit, value) pairs each article prints anywhere: two values that
    one article prints both of ("fell to 498,000 from 590,000") are two things, not a clash.
    """
    # An article that prints several values of one measure is listing them (by branch, by
    # region, then and now): it contradicts nobody, so its figures leave the comparison.
    values_by_article: dict[str, set[tuple[float, float | None]]] = defaultdict(set)
    for s, fig in figures:
        values_by_article[s.article].add((fig.value, fig.other))
    figures = [(s, f) for s, f in figures if len(values_by_article[s.article]) == 1]
    classes: dict[tuple[float, float | None], list[tuple[Statement, Figure]]] = defaultdict(list)
    for s, fig in figures:
        classes[(fig.value, fig.other)].append((s, fig))
    if len(classes) < 2:
        return None
    reps = {key: members[0][1] for key, members in classes.items()}
    keys = sorted(classes)
    unit = figures[0][1].unit if figures else ""

    def both_printed(a: float, b: float) -> bool:
        return any((unit, a) in values and (unit, b) in values for values in printed.values())

    clash = any(
        not compatible(reps[a], reps[b])
        and not both_printed(a[0], b[0])
        and all(not compatible(fa, fb) for _, fa in classes[a] for _, fb in classes[b])
        for x, a in enumerate(keys)
        for b in keys[x + 1 :]
    )
    if not clash:
        return None
    # Articles that print two of the values (a range, a correction) do not contradict others.
    articles_by_class = {k: {s.article for s, _ in v} for k, v in classes.items()}
    if all(
        len(a & b) > 0
        for x, a in enumerate(articles_by_class.values())
        for b in list(articles_by_class.values())[x + 1 :]
    ):
        return None
    values = []
    contested: set[tuple[str, int, int]] = set()
    for key in keys:
        members = classes[key]
        shown = Counter(format_value(f) for _, f in members).most_common()
        label = sorted(shown, key=lambda kv: (-kv[1], kv[0]))[0][0]
        values.append(_value(story, label, [s for s, _ in members]))
        contested.update(span_of(s) for s, _ in members)
    first_statement, first_fig = sorted(
        figures, key=lambda sf: (story.order.index(sf[0].article), sf[1].start)
    )[0]
    about = _measure_phrase(story, first_statement, first_fig)
    return Found(_discrepancy(story, "number", about, values), frozenset(contested))


def _measure_phrase(story: StoryArticles, statement: Statement, fig: Figure) -> str:
    """Return the printed words that say what a figure counts ("budget for the Riverside...")."""
    text = story.articles[statement.article].text
    after = re.split(r"[,;:.!?()\"“”]", text[fig.end : statement.end], maxsplit=1)[0]
    words = after.split()[:6]
    if len(words) < 2:
        before = re.split(r"[,;:.!?()\"“”]", text[statement.start : fig.start])[-1]
        words = before.split()[-6:] + words
    return " ".join(words).strip() or "a figure"


def date_discrepancies(story: StoryArticles, alignment: ClaimAlignment) -> list[Found]:
    """Return discrepancies between the day-exact dates of statements of one fact."""
    group_of = alignment.group_of()
    sim = alignment.similarity
    dated = [s for s in alignment.statements if len({v for v, g in s.dates if g == "day"}) == 1]
    parent = {s.key: s.key for s in dated}

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for x, a in enumerate(dated):
        for b in dated[x + 1 :]:
            if story.report[a.article] == story.report[b.article]:
                continue
            if group_of[a.key] != group_of[b.key] or sim[a.key, b.key] < DATE_PAIR_SIMILARITY:
                continue
            day_a = next(v for v, g in a.dates if g == "day")
            day_b = next(v for v, g in b.dates if g == "day")
            if (
                abs((dt.date.fromisoformat(day_a) - dt.date.fromisoformat(day_b)).days)
                > DATE_PAIR_MAX_DAYS
            ):
                continue
            ra, rb = find(a.key), find(b.key)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[int, list[Statement]] = defaultdict(list)
    for s in dated:
        clusters[find(s.key)].append(s)
    found = []
    for members in clusters.values():
        by_value: dict[str, list[Statement]] = defaultdict(list)
        for s in members:
            value = next(v for v, g in s.dates if g == "day")
            by_value[value].append(s)
        if len(by_value) < 2:
            continue
        article_sets = [{s.article for s in v} for v in by_value.values()]
        if any(a & b for x, a in enumerate(article_sets) for b in article_sets[x + 1 :]):
            continue
        values = [_value(story, value, by_value[value]) for value in sorted(by_value)]
        about = _shared_words(members)
        found.append(
            Found(
                _discrepancy(story, "date", about, values), frozenset(span_of(s) for s in members)
            )
        )
    return found


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


def _shared_words(statements: list[Statement]) -> str:
    """Return the words the statements share, in the first one's order, as an ``about``."""
    common = set.intersection(*(set(s.stems) for s in statements))
    first = statements[0]
    words = [
        w
        for w in re.findall(r"[\w'’-]+", first.text)
        if content_stems(w) and content_stems(w)[0] in common
    ]
    return " ".join(words[:8]) or "an event"


def _value(story: StoryArticles, label: str, statements: list[Statement]) -> DiscrepancyValue:
    order = {a: n for n, a in enumerate(story.order)}
    statements = sorted(statements, key=lambda s: (order[s.article], s.start))
    seen: set[tuple[str, int]] = set()
    evidence = []
    for s in statements:
        if (s.article, s.start) not in seen:
            seen.add((s.article, s.start))
            evidence.append(Passage(s.article, s.text, s.start, s.end))
    articles = tuple(sorted({s.article for s in statements}, key=lambda a: order[a]))
    return DiscrepancyValue(value=label, articles=articles, evidence=tuple(evidence))


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
