"""Date discrepancies: the day, the time of day or the fiscal period outlets give one event.

- Times of day ("6.55 PM", "approximately 7:20 p.m.", "around 18.03 hrs"): the times of two
  articles are paired one to one, nearest first, when they are less than ``TIME_WINDOW``
  minutes apart; a pair whose times no hedge reconciles is a discrepancy. "Around 7 pm"
  allows ten minutes either way, "around 18.03" none (it names the minute); "after 11:30
  p.m." allows any later time within the window. Status times ("as of 11:30 AM") and
  page furniture ("Published ... | 03:10 PM") are not events.
- Days: two resolved day dates of different articles, at most ``DAY_WINDOW`` days apart, in
  sentences that share at least two content words (the event: "Fico ... shot"), are one
  event's date; different values are a discrepancy ("on Tuesday" / "on Wednesday").
- Fiscal periods: one quarter given two fiscal years ("the second quarter of fiscal 2025" /
  "2026 second-quarter").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from newsprism.compare.discrepancies import Found, ValueMention, found_from_values
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import content_stems, stem

# Times of two articles further apart than this (minutes) are two events.
TIME_WINDOW = 90
# How far "around 7 pm" reaches, in minutes, when it names a round time.
ROUND_TIME_REACH = 10
# How far a round time printed without a hedge ("at 3:30 a.m.") reaches.
PRINTED_ROUND_REACH = 5
# How far a bound ("after 11:30 p.m.") reaches.
BOUND_TIME_REACH = 60
# Day dates further apart than this are two events ("on Friday" / "on Sunday": the crash and
# the minister's visit); one day apart, one event misdated.
DAY_WINDOW = 1
# The words around two dates must share this many content words to date one event.
DAY_SHARED_WORDS = 2
# A statement word ("said", "briefing") this close to a date makes it the statement's date.
STATEMENT_WORDS = 3
# How many words either side of a date say what it dates.
DAY_CONTEXT_WORDS = 8

_HEDGE = (
    r"(?P<hedge>around|about|approximately|approx\.?|roughly|nearly|shortly after|shortly "
    r"before|just after|just before|soon after|after|before|as of|by|until|since|till)\s+"
    r"(?:at\s+)?"
)
_CLOCK = re.compile(
    rf"(?:{_HEDGE})?"
    r"\b(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?"
    r"(?:\s?(?P<ap>[ap])\.?\s?m\b\.?|\s?(?P<hrs>hrs?\b\.?|hours\b))?"
    r"(?:\s?(?P<zone>IST|GMT|UTC|BST|CET|EST|EDT|PST|ET|local time))?",
    re.IGNORECASE,
)
_STATUS = ("as of", "by", "until", "since", "till")
_FOREIGN_ZONES = ("gmt", "utc", "bst", "cet", "est", "edt", "pst", "et")
_FURNITURE = re.compile(r"(?:\||published|updated|posted)[^|.]{0,40}$", re.IGNORECASE)
_DATE_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec late early last next this morning evening night afternoon today yesterday
    """.split()
)
_RELATIVE = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|this (?:morning|evening|afternoon))\b", re.I
)
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(?:jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
_STATEMENT = re.compile(
    r"(?:said|says|told|confirmed|confirms|announced|announces|stated|tweeted|added|briefing|"
    r"briefed|conference|statement|update|updated)",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NIGHT = re.compile(r"\b(?:night|late|evening|midnight)\b", re.IGNORECASE)
_EARLY = re.compile(r"\b(?:early|dawn|before dawn|small hours)\b", re.IGNORECASE)
_LATE_DAY = re.compile(r"\b(?:late|evening|night|afternoon)\b", re.IGNORECASE)
_EARLY_DAY = re.compile(r"\b(?:early|morning|dawn)\b", re.IGNORECASE)
_RELATIVE_TO = re.compile(
    r"\b(?:hours?|minutes?|days?|weeks?|months?|shortly|soon|just|moments?)\s+(?:after|before)\b",
    re.IGNORECASE,
)
_HEDGE_WORDS = frozenset(
    stem(w) for w in "around about approximately approx roughly nearly shortly just soon".split()
)
_ORDINAL_QUARTER = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_QUARTER = r"(?P<q>first|second|third|fourth|q[1-4])"
_FISCAL = (
    re.compile(
        rf"\b{_QUARTER}[\s-]+quarter\s+(?:of|for)\s+(?:the\s+)?(?:its\s+)?fiscal\s+(?:year\s+)?"
        r"(?P<y>20\d\d)\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:fiscal\s+(?:year\s+)?)?(?P<y>20\d\d)\s+{_QUARTER}[\s-]+quarter\b", re.IGNORECASE
    ),
    re.compile(rf"\b{_QUARTER}\s+(?:FY|fiscal\s+)(?P<y>(?:20)?\d\d)\b", re.IGNORECASE),
)


# (article, sentence start, sentence end, printed value, value start, value end)
_Span = tuple[str, int, int, str, int, int]


@dataclass(frozen=True)
class _Time:
    article: str
    start: int  # sentence span
    end: int
    minutes: int
    label: str
    value_start: int
    value_end: int
    hedge: str
    exact_minute: bool  # "18.03" names the minute; "7 pm" a round time
    half_day_known: bool  # "6:04" alone may be morning or evening


def time_discrepancies(story: StoryArticles) -> list[Found]:
    """Return discrepancies between the times of day that articles give one event."""
    times = [t for article_id in story.order for t in _times(story, article_id)]
    by_article: dict[str, list[_Time]] = defaultdict(list)
    for t in sorted(times, key=lambda t: not t.half_day_known):
        # One node per time an article gives; "6:04" beside "6:04 p.m." is that time again.
        if all(_gap(o, t) != 0 for o in by_article[t.article]):
            by_article[t.article].append(t)
    nodes = [t for a in story.order for t in by_article.get(a, [])]
    index = {id(t): i for i, t in enumerate(nodes)}
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    articles = [a for a in story.order if by_article.get(a)]
    for x, a in enumerate(articles):
        for b in articles[x + 1 :]:
            if story.report[a] == story.report[b]:
                continue
            pairs = sorted(
                (_gap(s, t), n, m)
                for n, s in enumerate(by_article[a])
                for m, t in enumerate(by_article[b])
                if _gap(s, t) <= TIME_WINDOW
            )
            used_a: set[int] = set()
            used_b: set[int] = set()
            for _, n, m in pairs:
                if n in used_a or m in used_b:
                    continue
                used_a.add(n)
                used_b.add(m)
                i, j = index[id(by_article[a][n])], index[id(by_article[b][m])]
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[_Time]] = defaultdict(list)
    for i, t in enumerate(nodes):
        groups[find(i)].append(t)
    found = []
    for _, members in sorted(groups.items()):
        result = _time_conflict(story, members)
        if result is not None:
            found.append(result)
    return found


def _times(story: StoryArticles, article_id: str) -> list[_Time]:
    text = story.articles[article_id].text
    out = []
    for sentence in story.annotations[article_id].sentences:
        for m in _CLOCK.finditer(text, sentence.start, sentence.end):
            hour, minute = int(m.group("h")), int(m.group("m") or 0)
            ap, hrs, zone = m.group("ap"), m.group("hrs"), m.group("zone")
            hedge = (m.group("hedge") or "").lower()
            if not (
                ap
                or hrs
                or (
                    m.group("m") and re.search(r"\bat\s+$", text[max(0, m.start() - 4) : m.start()])
                )
            ):
                continue
            if m.group("m") is None and not ap:
                continue
            if hedge in _STATUS or (zone and zone.lower() in _FOREIGN_ZONES):
                continue
            if _FURNITURE.search(text[max(sentence.start, m.start() - 50) : m.start()]):
                continue
            if ap and hour > 12:
                continue
            if ap:
                hour = hour % 12 + (12 if ap.lower() == "p" else 0)
            out.append(
                _Time(
                    article=article_id,
                    start=sentence.start,
                    end=sentence.end,
                    minutes=hour * 60 + minute,
                    label=m.group(0).strip(),
                    value_start=m.start(),
                    value_end=m.end(),
                    hedge=hedge,
                    exact_minute=minute % 30 != 0,
                    half_day_known=bool(ap or hrs or hour > 12 or hour == 0),
                )
            )
    return out


def _gap(a: _Time, b: _Time) -> int:
    """Return the minutes between two times (either half of the day when one leaves it open)."""
    gap = abs(a.minutes - b.minutes)
    if not (a.half_day_known and b.half_day_known):
        gap = min(gap, abs(gap - 720))
    return min(gap, 1440 - gap)


def _agree(a: _Time, b: _Time) -> bool:
    """Return True when two times can both be right (the hedges allow the gap)."""
    gap = _gap(a, b)
    if gap == 0:
        return True
    for t, other in ((a, b), (b, a)):
        if t.hedge in ("after", "shortly after", "just after", "soon after"):
            if 0 < _signed(other, t) <= BOUND_TIME_REACH:
                return True
        elif t.hedge in ("before", "shortly before", "just before"):
            if 0 < _signed(t, other) <= BOUND_TIME_REACH:
                return True
        elif t.hedge and not t.exact_minute and gap <= ROUND_TIME_REACH:
            return True
        elif not t.hedge and not t.exact_minute and gap <= PRINTED_ROUND_REACH:
            return True  # "3:30 a.m." is often 3:33 rounded
    return False


def _signed(a: _Time, b: _Time) -> int:
    """Return minutes from ``b`` to ``a`` (positive when ``a`` is later)."""
    diff = a.minutes - b.minutes
    if not (a.half_day_known and b.half_day_known) and abs(diff) > 360:
        diff -= 720 if diff > 0 else -720
    return diff


def _looser(a: _Time, b: _Time) -> bool:
    return bool(a.hedge) and (not b.hedge or (not a.exact_minute and b.exact_minute))


def _time_conflict(story: StoryArticles, members: list[_Time]) -> Found | None:
    """Return the discrepancy among paired times, or None when the hedges reconcile them."""
    if len({story.report[t.article] for t in members}) < 2:
        return None
    classes: dict[tuple[int, str], list[_Time]] = defaultdict(list)
    for t in members:
        classes[(t.minutes, t.hedge)].append(t)
    keys = sorted(classes)
    rep = {k: classes[k][0] for k in keys}
    absorbed = {
        k
        for k in keys
        for o in keys
        if o != k and _agree(rep[k], rep[o]) and _looser(rep[k], rep[o])
    }
    anchors = [k for k in keys if k not in absorbed]
    merged = {k: list(classes[k]) for k in anchors}
    for k in keys:
        if k in absorbed:
            homes = [a for a in anchors if _agree(rep[k], rep[a])]
            if len(homes) == 1:
                merged[homes[0]].extend(classes[k])
    clash = [
        (a, b)
        for x, a in enumerate(anchors)
        for b in anchors[x + 1 :]
        if not _agree(rep[a], rep[b])
    ]
    reports = {k: {story.report[t.article] for t in ts} for k, ts in merged.items()}
    if not any(reports[a] - reports[b] and reports[b] - reports[a] for a, b in clash):
        return None
    spans = [
        [(t.article, t.start, t.end, t.label, t.value_start, t.value_end) for t in merged[k]]
        for k in anchors
    ]
    about = "time of day of " + _shared_words(story, [s for group in spans for s in group])
    return _found(story, about, spans)


def day_discrepancies(story: StoryArticles) -> list[Found]:
    """Return discrepancies between the days that articles give one event."""
    mentions = []
    statements: list[frozenset[str] | None] = []
    for article_id in story.order:
        notes = story.annotations[article_id]
        text = story.articles[article_id].text
        for d in notes.dates:
            if d.granularity != "day" or not d.value or d.sentence >= len(notes.sentences):
                continue
            if _RELATIVE.search(d.text):
                continue  # "today", "yesterday": as exact as the publication time, no more
            sentence = notes.sentences[d.sentence]
            others = [(o.start, o.end) for o in notes.dates if o is not d]
            stems = _around(text, sentence.start, sentence.end, d.start, d.end, others)
            label = _day_label(text, d.start, d.end, d.value)
            said = _statement_figures(text, sentence.start, sentence.end, d.start, d.end, others)
            mentions.append(
                (article_id, sentence.start, sentence.end, d.value, label, stems, d.start, d.end)
            )
            statements.append(said)
    parent = list(range(len(mentions)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    clashes: set[frozenset[str]] = set()  # pairs of days that two linked mentions give
    for i, a in enumerate(mentions):
        for j in range(i + 1, len(mentions)):
            b = mentions[j]
            if story.report[a[0]] == story.report[b[0]]:
                continue
            days = abs((dt.date.fromisoformat(a[3]) - dt.date.fromisoformat(b[3])).days)
            if days > DAY_WINDOW or len(a[5] & b[5]) < DAY_SHARED_WORDS:
                continue
            said_a, said_b = statements[i], statements[j]
            if said_a and said_b and not said_a & said_b:
                continue  # two briefings giving different figures are two statements
            if days and _across_midnight((a[3], a[4]), (b[3], b[4])):
                continue
            if days:
                clashes.add(frozenset((a[3], b[3])))
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[find(i)].append(i)
    found = []
    for _, members in sorted(groups.items()):
        by_value: dict[str, list[_Span]] = defaultdict(list)
        for i in members:
            article_id, start, end, value, label, _, v_start, v_end = mentions[i]
            by_value[value].append((article_id, start, end, label, v_start, v_end))
        if len(by_value) < 2:
            continue
        reports = {v: {story.report[m[0]] for m in ms} for v, ms in by_value.items()}
        values = sorted(by_value)
        if not any(
            reports[a] - reports[b] and reports[b] - reports[a] and frozenset((a, b)) in clashes
            for x, a in enumerate(values)
            for b in values[x + 1 :]
        ):
            continue
        spans = [by_value[v] for v in values]
        about = "date of " + _shared_words(story, [s for group in spans for s in group])
        found.append(_found(story, about, spans))
    return found


def _statement_figures(
    text: str, start: int, end: int, a: int, b: int, others: list[tuple[int, int]]
) -> frozenset[str] | None:
    """Return the figures of the sentence when the date ``[a, b)`` dates a statement ("said
    during a Friday briefing", "on Saturday confirmed that 25 ..."), else None.

    Officials speak again and again: two statements on two days that give different figures
    are two statements, not one statement misdated. Other dates' digits are left out.
    """
    before = re.findall(r"[\w'’-]+", text[max(start, a - 40) : a])[-STATEMENT_WORDS:]
    after = re.findall(r"[\w'’-]+", text[b : min(end, b + 40)])[:STATEMENT_WORDS]
    if not any(_STATEMENT.fullmatch(w) for w in before + after):
        return None
    figures = set()
    for m in _FIGURE.finditer(text, start, end):
        if not any(s <= m.start() < e for s, e in [*others, (a, b)]):
            figures.add(m.group(0).replace(",", ""))
    return frozenset(figures)


def _around(
    text: str, start: int, end: int, a: int, b: int, others: list[tuple[int, int]]
) -> frozenset[str]:
    """Return the content stems of the words just around the date ``[a, b)`` that are about
    what it dates: not past another date of the sentence, nor into an event it is measured
    from ("on Friday morning, hours after a fire ..." dates no fire)."""
    left = max([start] + [e for s, e in others if e <= a])
    right = min([end] + [s for s, e in others if s >= b])
    relative = _RELATIVE_TO.search(text, b, right)
    if relative:
        right = relative.start()
    before = re.findall(r"[\w'’-]+", text[left:a])[-DAY_CONTEXT_WORDS:]
    after = re.findall(r"[\w'’-]+", text[b:right])[:DAY_CONTEXT_WORDS]
    return frozenset(s for s in content_stems(" ".join(before + after)) if s not in _DATE_WORDS)


def _across_midnight(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Return True for two dates a day apart that one night spans: "Thursday night" and
    "early on Friday" (or a bare "Friday") may be one hour of one event."""
    (day_a, label_a), (day_b, label_b) = sorted((a, b))
    if (dt.date.fromisoformat(day_b) - dt.date.fromisoformat(day_a)).days != 1:
        return False
    late = bool(_NIGHT.search(label_a))
    early_b = bool(_EARLY.search(label_b))
    return (late and not _LATE_DAY.search(label_b)) or (early_b and not _EARLY_DAY.search(label_a))


def _day_label(text: str, start: int, end: int, value: str) -> str:
    """Return a date as printed, with an "on", "late" or "early" just before it, and the day
    it resolves to when the print names no month ("late Thursday (August 10)")."""
    lead = re.search(r"\b(?:late|early|on)\s+(?:on\s+)?$", text[max(0, start - 12) : start], re.I)
    label = (lead.group(0) if lead else "") + text[start:end]
    if not _MONTH_NAME.search(label):
        day = dt.date.fromisoformat(value)
        label += f" ({day.strftime('%B')} {day.day})"
    return label


def fiscal_discrepancies(story: StoryArticles) -> list[Found]:
    """Return one quarter given different fiscal years by different articles."""
    by_quarter: dict[int, dict[int, list[_Span]]] = defaultdict(lambda: defaultdict(list))
    for article_id in story.order:
        text = story.articles[article_id].text
        for sentence in story.annotations[article_id].sentences:
            for pattern in _FISCAL:
                for m in pattern.finditer(text, sentence.start, sentence.end):
                    q = m.group("q").lower()
                    quarter = _ORDINAL_QUARTER.get(q) or int(q[1])
                    year = int(m.group("y"))
                    year = year + 2000 if year < 100 else year
                    if re.search(
                        r"(?:from|compared|versus|vs\.?|ago|prior|last)\W+(?:\w+\W+){0,3}$",
                        text[max(0, m.start() - 40) : m.start()],
                        re.I,
                    ):
                        continue  # a comparison with an earlier period
                    by_quarter[quarter][year].append(
                        (article_id, sentence.start, sentence.end, m.group(0), m.start(), m.end())
                    )
    found = []
    for quarter, years in sorted(by_quarter.items()):
        if len(years) < 2:
            continue
        reports = {y: {story.report[m[0]] for m in ms} for y, ms in years.items()}
        values = sorted(years)
        if not any(
            reports[a] - reports[b] and reports[b] - reports[a]
            for x, a in enumerate(values)
            for b in values[x + 1 :]
        ):
            continue
        ordinal = next(k for k, v in _ORDINAL_QUARTER.items() if v == quarter)
        about = f"fiscal year of the {ordinal} quarter"
        spans = [
            [(a, s, e, f"{label} (fiscal {y})", x, z) for a, s, e, label, x, z in years[y]]
            for y in values
        ]
        found.append(_found(story, about, spans))
    return found


def _shared_words(story: StoryArticles, spans: list[_Span]) -> str:
    """Return the words the passages share, in the first one's order ("the crash")."""
    texts = [story.articles[a].text[s:e] for a, s, e, *_ in spans]
    common = set.intersection(*(set(content_stems(t)) for t in texts)) - _DATE_WORDS - _HEDGE_WORDS
    first = texts[0]
    words = [
        w
        for w in re.findall(r"[\w'’-]+", first)
        if content_stems(w) and content_stems(w)[0] in common
    ]
    return " ".join(words[:6]) or "the event"


def _found(story: StoryArticles, about: str, spans: list[list[_Span]]) -> Found:
    """Return a date discrepancy from groups of mentions, one group a value."""
    values = []
    for group in spans:
        labels = sorted({g[3] for g in group}, key=lambda x: (-sum(g[3] == x for g in group), x))
        mentions = [ValueMention(a, s, e, x, z) for a, s, e, _, x, z in group]
        values.append((labels[0], mentions))
    return found_from_values(story, "date", about, values)
