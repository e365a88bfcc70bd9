"""Number discrepancies: one measure of one thing that outlets give differently.

Measures (see ``newsprism.compare.measures``) of different independent reports are paired
when they measure the same thing: the same kind and what (dead, injured, a distance from one
place, a magnitude), the same place of a breakdown, both results or both expectations; money,
percentages and durations also need shared words around them and values of one size. The
values of a set of paired measures are then compared: values that one another's rounding,
hedge ("more than 600") or range allows are one value, and a set holding two values that no
such reading reconciles, printed by different outlets, is a discrepancy. Tolls that rose
between reports are discrepancies too (the gold of real coverage lists them), with ``about``
saying that the figure changed when the text says so.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from newsprism.compare.discrepancies import Found, ValueMention, found_from_values
from newsprism.compare.entities import EntityResolution
from newsprism.compare.figures import Figure, compatible, precision
from newsprism.compare.measure_words import DISTINCT_KINDS, OUTCOME_WORDS
from newsprism.compare.measures import Measure, find_measures
from newsprism.compare.story import StoryArticles

# Two money or percentage figures further apart than this are two measures unless the words
# around them agree at length.
CLOSE_RATIO = 1.05
_PHRASE_BREAK = r"[,;:!?()\"“”]|\.(?:\s|$)|\s[–—-]\s"
# Words that start another phrase after the one naming what a figure is.
_PHRASE_END = r"\s(?:and|or|but|while|which|who|that|after|before|because)\s"
_SORT_OF = {
    kind.replace("-", " "): sort for sort, kinds in DISTINCT_KINDS.items() for kind in kinds.split()
}
# Two minutes of one player's goal further apart than this are two goals.
MINUTE_SLIP = 2
# A count below this share of the most reported one is a part of it, not a rival figure.
PART_SHARE = 0.2
# Converted lengths ("250 miles", "400 kilometers") agree within this share.
CONVERTED_SHARE = 0.03


def number_discrepancies(story: StoryArticles, resolution: EntityResolution) -> list[Found]:
    """Return the number discrepancies of a story, one per measure the outlets disagree on."""
    measures = find_measures(story, resolution)
    buckets: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, m in enumerate(measures):
        buckets[_bucket(m)].append(i)
    parent = list(range(len(measures)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in buckets.values():
        values: dict[str, list[float]] = defaultdict(list)
        for i in members:
            values[measures[i].article].append(measures[i].figure.value)
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = measures[i], measures[j]
                if story.report[a.article] == story.report[b.article]:
                    continue
                if _same_measure(a, b) and _closest(a, b, values):
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[Measure]] = defaultdict(list)
    for i, m in enumerate(measures):
        groups[find(i)].append(m)
    found = _kind_discrepancies(story, measures)
    for _, group in sorted(groups.items()):
        if len({story.report[m.article] for m in group}) < 2:
            continue
        result = _conflict(story, group)
        if result is not None:
            found.append(result)
    return found


def _kind_discrepancies(story: StoryArticles, measures: list[Measure]) -> list[Found]:
    """Return counts of one sort given to different kinds by different outlets: "four
    pistols" / "four shotguns" among the weapons seized (kind ``other``)."""
    by_count: dict[tuple[str, float], list[Measure]] = defaultdict(list)
    for m in measures:
        sort = _SORT_OF.get(m.what) if m.kind == "count" else None
        if sort and not m.change:
            by_count[(sort, m.figure.value)].append(m)
    found = []
    for (sort, _), members in sorted(by_count.items()):
        kinds: dict[str, list[Measure]] = defaultdict(list)
        for m in members:
            kinds[m.what].append(m)
        names = sorted(kinds)
        rivals = [
            (a, b)
            for x, a in enumerate(names)
            for b in names[x + 1 :]
            if _rival(
                {story.report[m.article] for m in kinds[a]},
                {story.report[m.article] for m in kinds[b]},
            )
            and any(
                len((ma.context & mb.context) - {a, b}) >= 1 for ma in kinds[a] for mb in kinds[b]
            )
        ]
        if not rivals:
            continue
        used = sorted({k for pair in rivals for k in pair})
        values = []
        for name in used:
            ms = kinds[name]
            label = sorted(Counter(" ".join(m.label.split()) for m in ms).items())[0][0]
            values.append(
                (
                    label,
                    [
                        ValueMention(m.article, m.start, m.end, m.figure.start, m.figure.end)
                        for m in ms
                    ],
                )
            )
        found.append(found_from_values(story, "other", f"which {sort}s", values))
    return found


def _bucket(m: Measure) -> tuple[object, ...]:
    """Return the key two measures must share to be compared at all."""
    if m.kind in ("money", "percent"):
        return (m.kind, m.what, m.estimate)
    if m.kind == "duration":
        return (m.kind, m.what, m.change, m.estimate)
    return (m.kind, m.what, m.place, m.period, m.estimate, m.change)


def _same_measure(a: Measure, b: Measure) -> bool:
    """Return True when two measures of one bucket measure the same thing."""
    shared = len(a.context & b.context)
    low, high = sorted((abs(a.figure.value), abs(b.figure.value)))
    ratio = high / low if low else float("inf")
    two_people = a.subjects and b.subjects and not a.subjects & b.subjects
    if a.kind in ("money", "percent", "duration") and two_people:
        return False  # "Smith won 52%" / "Jones took 48%": two people's shares
    if a.kind in ("money", "percent"):
        if a.change != b.change and a.kind == "money":
            return False
        if ratio <= CLOSE_RATIO and shared >= (1 if a.kind == "money" else 2):
            return True
        if a.estimate:
            return False  # polls of one figure differ by a few per cent, not by tens
        return ratio <= (1.5 if a.kind == "money" else 2.0) and shared >= (
            2 if a.kind == "money" else 3
        )
    if a.kind == "duration":
        return ratio <= 2 and shared >= 1
    if a.kind == "score":
        return len(a.entities & b.entities) >= 2 and shared >= 1
    if a.kind == "count" and a.what == "people":
        return False  # a count of people says nothing until it says what happened to them
    if a.kind == "count":
        return ratio <= 10
    if a.kind == "distance":
        return bool(a.what) and ratio <= 3
    if a.kind == "minute":
        return abs(a.figure.value - b.figure.value) <= MINUTE_SLIP
    return True


def _closest(a: Measure, b: Measure, values: dict[str, list[float]]) -> bool:
    """Return True when, for money, percentages and durations, ``b`` is the value of its
    article nearest to ``a`` and ``a`` the one of its article nearest to ``b`` (``values``
    holds each article's values of the bucket): an article that prints this quarter's and
    last quarter's revenue pairs each with its own."""
    if a.kind not in ("money", "percent", "duration"):
        return True

    def nearest(m: Measure, article: str) -> float:
        return min(values[article], key=lambda v: (abs(v - m.figure.value), v))

    return nearest(a, b.article) == b.figure.value and nearest(b, a.article) == a.figure.value


def _agree(a: Measure, b: Measure) -> bool:
    """Return True when two measures' values can both be right."""
    if a.kind in ("ratio", "minute", "age"):
        return (a.figure.value, a.figure.other) == (b.figure.value, b.figure.other)
    if a.kind == "distance" and a.label.split()[-1] != b.label.split()[-1]:
        low, high = sorted((a.figure.value, b.figure.value))
        return (high > 0 and (high - low) / high <= CONVERTED_SHARE) or compatible(
            a.figure, b.figure
        )
    return compatible(a.figure, b.figure)


def _looser(a: Figure, b: Figure) -> bool:
    """Return True when ``a`` says less than ``b``: hedged against exact, or less precise."""
    if a.hedge and not b.hedge:
        return True
    if bool(a.hedge) == bool(b.hedge) and a.unit != "range":
        return precision(a) > precision(b)
    return a.unit == "range" and b.unit != "range"


def _conflict(story: StoryArticles, members: list[Measure]) -> Found | None:
    """Return the discrepancy among paired measures, or None when their values agree."""
    classes: dict[tuple[object, ...], list[Measure]] = defaultdict(list)
    for m in members:
        classes[(m.figure.value, m.figure.other, m.figure.hedge or "", m.figure.unit)].append(m)
    keys = sorted(classes, key=lambda k: tuple(str(x) for x in k))
    rep = {k: classes[k][0] for k in keys}
    absorbed = {
        k
        for k in keys
        for o in keys
        if o != k and _agree(rep[k], rep[o]) and _looser(rep[k].figure, rep[o].figure)
    }
    anchors = [k for k in keys if k not in absorbed]
    merged: dict[tuple[object, ...], list[Measure]] = {k: list(classes[k]) for k in anchors}
    for k in keys:
        if k in absorbed:
            homes = [a for a in anchors if _agree(rep[k], rep[a])]
            if len(homes) == 1:
                merged[homes[0]].extend(classes[k])
    if members[0].kind == "count":
        # A count far below the one most outlets give is a part of it (one village's dead).
        main = max(merged, key=lambda k: (len({m.article for m in merged[k]}), str(k)))
        floor = PART_SHARE * rep[main].figure.value
        merged = {k: ms for k, ms in merged.items() if rep[k].figure.value >= floor}
        anchors = [k for k in anchors if k in merged]
    if len(merged) < 2:
        return None
    clash = [
        (a, b)
        for x, a in enumerate(anchors)
        for b in anchors[x + 1 :]
        if not _agree(rep[a], rep[b])
    ]
    if not clash:
        return None
    reports = {k: {story.report[m.article] for m in ms} for k, ms in merged.items()}
    if not any(_rival(reports[a], reports[b]) for a, b in clash):
        return None  # the outlets printing one value print the other too: a list
    ranked = sorted(
        merged.items(), key=lambda kv: (-len(reports[kv[0]]), _value_key(kv[1][0]), str(kv[0]))
    )
    values = []
    for key, ms in ranked:
        # The anchor's own print names the value best ("6.14", not a "6.1" it absorbed).
        own = [m for m in ms if m in classes[key]] or ms
        labels = Counter(" ".join(m.label.split()) for m in own)
        # The most printed; then one that names what it counts, as briefly as printed.
        label = sorted(
            labels.items(), key=lambda kv: (-kv[1], " " not in kv[0], len(kv[0]), kv[0])
        )[0][0]
        mentions = [
            ValueMention(m.article, m.start, m.end, m.figure.start, m.figure.end) for m in ms
        ]
        values.append((label, mentions))
    # A running count ("has risen to", "so far") and analysts' estimates differ by time and by
    # poll: shown side by side, they make no outlet's claim false.
    evolving = members[0].kind == "count" and any(m.rising for m in members)
    polled = all(m.estimate for m in members)
    return found_from_values(
        story,
        "number",
        _about(
            story, members, min(ranked[0][1], key=lambda m: (story.order.index(m.article), m.start))
        ),
        values,
        contest=not (evolving or polled or _attributed_apart([ms for _, ms in ranked])),
    )


def _attributed_apart(groups: list[list[Measure]]) -> bool:
    """Return True when every value is said by a named source and no source gives two values
    ("Rayan said about six villages" / "Ashari told ... 12 villages"): the outlets report a
    disagreement between sources, and each reports its source right."""
    if any(not m.sources for ms in groups for m in ms):
        return False
    said = [frozenset().union(*(m.sources for m in ms)) for ms in groups]
    return all(not (a & b) for x, a in enumerate(said) for b in said[x + 1 :])


def _rival(a: set[str], b: set[str]) -> bool:
    """Return True when two values' reports are rivals: each value has a report of its own,
    and at most half the reports of the rarer value print the other one as well (outlets
    listing this quarter's and last quarter's growth print both, again and again)."""
    return bool(a - b and b - a) and len(a & b) <= min(len(a), len(b)) / 2


def _value_key(m: Measure) -> float:
    return m.figure.value


def _about(story: StoryArticles, members: list[Measure], lead: Measure) -> str:
    """Return what the measure is, in words ("number dead", "magnitude")."""
    m = lead
    if m.kind == "count":
        outcome, _, group = m.what.partition(" ")
        if outcome in OUTCOME_WORDS:
            what = "death toll" if outcome == "dead" else f"number {outcome}"
            what += f" ({group})" if group else ""
        elif m.what == "people":
            what = "number of people"
        else:
            what = f"number of {m.what}s" if not m.what.endswith("s") else f"number of {m.what}"
        text = what + (f" in {m.place.title()}" if m.place else "")
        if any(x.rising for x in members):
            text += " (the figure changed between reports)"
        return text
    if m.kind == "distance":
        return f"distance from {m.who}" if m.who else "distance"
    if m.kind == "magnitude":
        return "magnitude" if m.what == "main" else "magnitude of an aftershock"
    if m.kind == "ratio":
        return f"{m.what} ratio".strip()
    if m.kind == "score":
        return "final score"
    if m.kind == "minute":
        return "minute of the goal"
    if m.kind == "age":
        return f"age of {m.who}"
    prefix = "expected " if m.estimate else ""
    return prefix + (_printed_phrase(story, m) or m.kind)


def _printed_phrase(story: StoryArticles, m: Measure) -> str:
    """Return the printed words that say what a figure is ("budget for the harbour wall",
    "in after-hours trading"): up to six words after it in its clause, else before it."""
    text = story.articles[m.article].text
    after = re.split(_PHRASE_BREAK, text[m.figure.end : m.end], maxsplit=1)[0]
    if m.kind == "duration":  # the unit is in the label: "24.25-year sentence" is a sentence
        after = re.sub(r"^[\s-]*[^\W\d]+", "", after)
    after = re.split(_PHRASE_END, after, maxsplit=1)[0]
    words = after.split()[:6]
    if len(words) < 2 and not (m.kind == "duration" and words):  # "a 10-year term": "term"
        before = re.split(_PHRASE_BREAK, text[m.start : m.figure.start])[-1]
        words = before.split()[-6:]
    return " ".join(words).strip()
