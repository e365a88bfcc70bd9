"""Measure mentions: each figure of an article with what it measures.

A figure alone ("157") cannot be compared with another outlet's; a measure can: "157 people
killed" is a count of the dead, "35 kilometres north-west of Tarsapo" a distance from a place,
"a magnitude of 5.6" a magnitude, "$24.65 billion" an analysts' estimate when the words
around it say so, "the 86th minute" the minute of a player's goal. ``find_measures`` reads
each sentence of each article (quotes included: an official's figure that an outlet prints is
that outlet's figure) and returns the measures with the words that say what they measure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from newsprism.annotate.records import DateMention
from newsprism.compare.entities import EntityResolution
from newsprism.compare.figures import Figure, find_figures
from newsprism.compare.goal_minutes import NUMBER_PATTERN, WORD_NUMBERS, goal_minutes, surname
from newsprism.compare.measure_periods import count_period
from newsprism.compare.measure_places import (
    Word,
    opening_place,
    place_after,
    place_before,
    place_key,
    reference_place,
)
from newsprism.compare.measure_words import (
    AFTERSHOCK_WORDS,
    AMBIGUOUS_OUTCOMES,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    DURATION_UNITS,
    ESTIMATE_AFTER,
    ESTIMATE_WORDS,
    GROUP_NOUNS,
    LENGTH_UNITS,
    NOUN_FAMILIES,
    OUTCOME_WORDS,
    PEOPLE_NOUNS,
    RESULT_WORDS,
    SEVERITY_WORDS,
    SHORT_TIME_UNITS,
    SOUTH_ASIAN_SCALES,
    VERBS_IN_S,
)
from newsprism.compare.person_ages import person_ages
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import NUMBER_WORDS, STOP_WORDS, fold, stem

# A person named at most this many words before a figure is whose figure it is.
SUBJECT_WORDS = 6
# A sentence dated this many days before its article tells of another event.
PAST_EVENT_DAYS = 30
_EXPLICIT_DATE = re.compile(
    r"\b(?:1[5-9]|20)\d\d\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
    re.IGNORECASE,
)

_ATTRIBUTION = re.compile(
    r"\b(?:said|says|saying|told|according to|stated|announced|confirmed|reported|estimated)\b",
    re.IGNORECASE,
)
_EARLIER_PERIOD = re.compile(
    r"^(?:\s+[\w'’-]+){0,4}?\s+in\s+(?:the\s+)?(?:previous|prior|preceding|last|same)\s+"
    r"(?:quarter|year|period|month|fiscal year)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’-]*|\d[\d,.]*")
_FAMILY_OF = {w: family for family, words in NOUN_FAMILIES.items() for w in words.split()}
_OUTCOME_OF = {w: outcome for outcome, words in OUTCOME_WORDS.items() for w in words.split()}
_OUTCOME_PREFIXES = (
    ("kill", "dead"),
    ("fatal", "dead"),
    ("perish", "dead"),
    ("injur", "injured"),
    ("wound", "injured"),
)
_ESTIMATE_BEFORE = re.compile(rf"\b(?:{ESTIMATE_WORDS})(?![\w])", re.IGNORECASE)
_ESTIMATE_NEXT = re.compile(rf"^\s*(?:{ESTIMATE_AFTER})\b", re.IGNORECASE)
_RESULT_VERB = re.compile(
    r"\b(?:reported|posted|came in|hit|reached|delivered|recorded|booked|generated|logged)\b",
    re.IGNORECASE,
)
_RANGE_OPEN = re.compile(r"\b(?:from|between)\s+$", re.IGNORECASE)
_RANGE_CLOSE = re.compile(r"^\s+(?:to|and)\s+(?:US)?[$€£¥]", re.IGNORECASE)
_RANGE_SECOND = re.compile(r"\b(?:from|between)\s+\S+(?:\s+\S+)?\s+(?:to|and)\s+$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:!?()\[\]\"“”]|,|\s[–—-]\s|\bwhile\b|\bwhereas\b|\bbut\b")
_RATIO = re.compile(rf"\b({NUMBER_PATTERN})-(?:for|to)-({NUMBER_PATTERN})\b", re.IGNORECASE)
# The rest of a list of bare nouns after a counted noun: ", reservoirs and rivers".
# Not the sources of a sentence ("12 people, police and witnesses said").
_NOUN_LIST = re.compile(
    r"(?:\s*,\s*[^\W\d][\w'’-]*)+,?\s+(?:and|or)\s+[^\W\d][\w'’-]*\b"
    r"(?!(?:\s+[\w'’-]+){0,2}\s+(?:said|says|say|told|reported|confirmed|added)\b)"
)
_ALTERNATIVE = re.compile(r"[\s,]*(?:rather than|not|instead of|or|and|to)?[\s,]*", re.I)
# A figure that is a difference between two others ("15 years short of the request").
_DIFFERENCE = re.compile(
    r"(?:[\s-]+[^\W\d][\w'’]*)?\s+(?:short of|shy of|fewer than|less than|more than|"
    r"longer than|shorter than)\b",
    re.IGNORECASE,
)
_STOP_COUNTED = STOP_WORDS | NUMBER_WORDS | {"per", "cent", "percent"}
_GENERIC = frozenset(
    "year time number total percent per cent people person figure report official".split()
)


@dataclass(frozen=True)
class Measure:
    """One figure of one article and what it measures.

    ``kind`` is count, distance, magnitude, money, percent, duration, score, ratio, minute (of a
    goal) or age; ``what`` names the thing within the kind (the outcome of a count of people,
    the counted noun's family, the place a distance is from, the player or person); ``label`` is
    the value as a reader should see it ("about 11 km", "four rear compartments").
    ``start``/``end`` span the sentence that states it. ``place`` is the place a count is broken
    down by ("92 in Tarsapo"), set only when the article breaks the measure down. ``estimate``
    marks an expectation ("analysts' estimates of $5.59"), ``change`` a difference ("up 2,000"),
    ``rising`` a sentence saying the figure moved ("has risen to"), ``period`` the part of the
    time a count covers ("on friday alone", "in the last ten days"; empty for the running
    total). ``context`` holds content stems around it, ``entities`` the bodies and places its
    sentence names, ``sources`` the people and bodies a sentence with a speech verb names
    ("Rayan said ..."), ``subjects`` the people named just before it ("Ruiz won 52%"), ``who``
    the printed name of the person an age belongs to or of the place a distance is from.
    """

    article: str
    start: int
    end: int
    figure: Figure
    kind: str
    what: str
    label: str
    place: str = ""
    estimate: bool = False
    change: bool = False
    context: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    rising: bool = False
    period: str = ""
    sources: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    who: str = ""


def find_measures(story: StoryArticles, resolution: EntityResolution) -> list[Measure]:
    """Return the measures of every article, in article and text order."""
    out: list[Measure] = []
    for article_id in story.order:
        found = _article_measures(story, resolution, article_id)
        out.extend(_breakdown_places(found))
    return out


def _article_measures(
    story: StoryArticles, resolution: EntityResolution, article_id: str
) -> list[Measure]:
    article = story.articles[article_id]
    notes = story.annotations[article_id]
    text = article.text
    embeds = [(e.start, e.end) for e in article.embeds]
    dates = tuple((d.start, d.end) for d in notes.dates)
    places = [
        (m.start, m.end, place_key(m.name or m.text)) for m in notes.entities if m.type == "place"
    ]
    names = {e.id: e.name for e in resolution.entities}
    people = [
        (
            m.start,
            m.end,
            surname(names.get(resolution.mention_entity.get((article_id, i)) or "", m.name)),
        )
        for i, m in enumerate(notes.entities)
        if m.type in ("person", "organization")  # taggers often type a player an organisation
    ]
    persons = [
        (m.start, m.end, resolution.mention_entity.get((article_id, i)) or fold(m.name))
        for i, m in enumerate(notes.entities)
        if m.type == "person"
    ]
    entity_spans = [
        (m.start, m.end, resolution.mention_entity.get((article_id, i)) or fold(m.name))
        for i, m in enumerate(notes.entities)
        if m.type in ("organization", "place", "group")
    ]
    published = article.published.value[:10] if article.published else ""
    past = _past_sentences(notes.dates, published)
    out: list[Measure] = []
    for index, sentence in enumerate(notes.sentences):
        start, end = sentence.start, sentence.end
        if any(s < end and start < e for s, e in embeds) or index in past:
            continue
        words = [
            Word(fold(m.group(0)).rstrip(".,"), m.start() + start, m.end() + start)
            for m in _WORD.finditer(text[start:end])
        ]
        sentence_entities = frozenset(e for s, t, e in entity_spans if start <= s < end)
        sources: frozenset[str] = frozenset()
        if _ATTRIBUTION.search(text, start, end):
            sources = frozenset(k for s, _, k in people if start <= s < end) | sentence_entities
        ratios = list(_RATIO.finditer(text, start, end))
        skip = dates + tuple((m.start(), m.end()) for m in ratios)
        figures = find_figures(text, start, end, skip, glued_hedges=True)
        previous: Measure | None = None
        for fig in figures:
            measure = _measure(text, start, end, fig, words, figures, places, previous)
            if measure is None:
                previous = None
                continue
            measure = replace(
                measure,
                article=article_id,
                context=_context(words, fig),
                entities=sentence_entities,
                sources=sources,
                subjects=_subjects(text, fig, persons, start),
            )
            out.append(measure)
            previous = measure
        for m in ratios:
            out.append(_ratio(article_id, text, start, end, m))
        for fig, person in person_ages(text, start, end, persons):
            label = f"{fig.text} years old"
            who = names.get(person, person)
            out.append(Measure(article_id, start, end, fig, "age", person, label, who=who))
        word_set = {w.text for w in words}
        for fig, player in goal_minutes(text, start, end, word_set, people, notes.sentences):
            out.append(Measure(article_id, start, end, fig, "minute", player, fig.text))
    return out


def _subjects(
    text: str, fig: Figure, persons: list[tuple[int, int, str]], start: int
) -> frozenset[str]:
    """Return the people named in the few words before a figure, in its clause: whose figure
    it is ("Ana Ruiz won 52%"), not everyone the sentence names."""
    clause = _clause_start(text, start, fig.start)
    return frozenset(
        k
        for s, e, k in persons
        if clause <= s and e <= fig.start and len(text[e : fig.start].split()) <= SUBJECT_WORDS
    )


def _past_sentences(dates: tuple[DateMention, ...], published: str) -> set[int]:
    """Return the indexes of sentences dated well before the article ("Previously on October
    22, a 6.1 magnitude earthquake ...", "the 2015 quake of 7.8"): their figures are another
    event's."""
    if len(published) < 4:
        return set()
    past = set()
    for d in dates:
        if not d.value or not _EXPLICIT_DATE.search(d.text):
            continue  # "last year's total", "a year ago": a comparison, not another event
        if d.granularity == "year":
            if d.value[:4] < published[:4]:
                past.add(d.sentence)
        elif len(published) == 10 and len(d.value) >= 10:
            days = (dt.date.fromisoformat(published) - dt.date.fromisoformat(d.value[:10])).days
            if days > PAST_EVENT_DAYS:
                past.add(d.sentence)
    return past


def _measure(
    text: str,
    start: int,
    end: int,
    fig: Figure,
    words: list[Word],
    figures: list[Figure],
    places: list[tuple[int, int, str]],
    previous: Measure | None,
) -> Measure | None:
    """Return what one figure measures, or None when the words around it do not say."""
    after = [w for w in words if w.start >= fig.end][:8]
    before = [w for w in words if w.end <= fig.start]
    clause_start = _clause_start(text, start, fig.start)
    near_before = [w for w in before if w.start >= clause_start]
    estimate = _is_estimate(text, clause_start, fig, figures)
    change = fig.context[:1] == ("+",) or bool(_DIFFERENCE.match(text, fig.end, end))
    rising = bool(re.search(r"\b(?:ris|rose|climb|reach|revis|so far|jump)", text[start:end]))
    base = Measure(
        article="",
        start=start,
        end=end,
        figure=fig,
        kind="",
        what="",
        label=fig.text,
        estimate=estimate,
        change=change,
        rising=rising,
    )
    if fig.unit == "score":
        near = {w.text for w in after[:3]} | {w.text for w in near_before[-3:]}
        if near & RESULT_WORDS:
            return replace(base, kind="score", what="result")
        fig = replace(fig, unit="range")
        base = replace(base, figure=fig)
    if _earlier_value(text, clause_start, end, fig, figures):
        return None
    if fig.unit in ("$", "€", "£", "¥"):
        ahead, behind = text[max(0, fig.start - 30) : fig.start], text[fig.end : fig.end + 8]
        if (_RANGE_OPEN.search(ahead) and _RANGE_CLOSE.match(behind)) or _RANGE_SECOND.search(
            ahead
        ):
            return None  # a range ("from $52.9 billion to $55.1 billion") is no single value
        if fig.hedge in ("estimated", "an estimated"):
            # "analysts had estimated $26.66 billion": an expectation, stated exactly
            bare = (
                fig.text[len(fig.hedge) :].strip()
                if fig.text.lower().startswith(fig.hedge)
                else fig.text
            )
            fig = replace(fig, hedge=None, text=bare)
            return replace(base, figure=fig, kind="money", what=fig.unit, label=bare, estimate=True)
        return replace(base, kind="money", what=fig.unit)
    if fig.unit == "%":
        return replace(base, kind="percent", what="%")
    money = _worded_money(text, fig, after)
    if money is not None:
        return replace(base, figure=money, kind="money", what=money.unit, label=money.text)
    first = after[0].text if after else ""
    if _part_of(text, fig, near_before) or first in SHORT_TIME_UNITS:
        return None
    if first.startswith("magnitude") or _magnitude_before(near_before):
        if fig.value >= 10 or not re.search(r"\d", fig.text):
            return None
        if {w.text for w in near_before[-4:]} & AFTERSHOCK_WORDS:
            return None  # one of many aftershocks: no single value outlets could share
        return replace(base, kind="magnitude", what="main", label=fig.text)
    if first in LENGTH_UNITS:
        km = fig.value * LENGTH_UNITS[first]
        reference, printed = reference_place(text, after[1:], places)
        unit_word = text[after[0].start : after[0].end]
        return replace(
            base,
            figure=replace(fig, value=km),
            kind="distance",
            what=reference,
            label=f"{fig.text} {unit_word}",
            who=printed,
        )
    if first in DURATION_UNITS:
        unit = first.rstrip("s")
        return replace(base, kind="duration", what=unit, label=text[fig.start : after[0].end])
    noun, noun_words = _counted_noun(text, fig.end, after)
    if noun in AMBIGUOUS_OUTCOMES:
        return None
    if noun_words and _NOUN_LIST.match(text, noun_words[-1].end, end):
        return None  # "100 dams, reservoirs and rivers": one count of several kinds of thing
    outcome = ""
    if not noun or noun in PEOPLE_NOUNS or noun in _OUTCOME_OF:
        outcome = _outcome(text, clause_start, fig, after, near_before, figures)
    label = fig.text
    if noun_words:
        label = text[fig.start : noun_words[-1].end]
    if outcome:
        what = f"{outcome} {noun}" if noun in GROUP_NOUNS else outcome
        if not noun and _same_group_as(text, fig, previous, outcome):
            what = previous.what if previous is not None else what  # "four children, not six"
        near = {w.text for w in after[:4]} | {w.text for w in near_before[-2:]}
        if near & SEVERITY_WORDS:
            what += " (seriously)"
    elif noun and noun not in PEOPLE_NOUNS:
        what = _FAMILY_OF.get(noun, noun.rstrip("s") if len(noun) > 3 else noun)
        named = [text[w.start : w.end] for w in noun_words[:-1]]
        if any(n[:1].isupper() for n in named):
            what = " ".join(n.lower() for n in named) + " " + what  # "2 Relief Trains"
    elif (
        previous is not None
        and previous.kind == "count"
        and (_elliptic(after) or noun in PEOPLE_NOUNS)
        and re.search(r"\band\b|,|\bwhile\b", text[previous.figure.end : fig.start])
    ):
        # "105 killed in Tarsapo and 52 in Selm North", "... and 30 people in Varra"; "40
        # killed, including five children" counts the children among them
        what = previous.what
        if noun in GROUP_NOUNS:
            what = f"{previous.what.split()[0]} {noun}"
    else:
        return None
    prev_end = max((f.end for f in figures if f.end <= fig.start), default=-1)
    lead = [w for w in near_before if w.start >= prev_end]
    for i, w in enumerate(lead):
        if w.text in ("and", "while", "whereas", "but"):
            lead = lead[i + 1 :]
    place = (
        place_after(text, after, places)
        or place_before(lead, places)
        or opening_place(text, max(start, prev_end), fig.start)
    )
    period = count_period(text, clause_start, end, fig.end)
    return replace(base, kind="count", what=what, label=label, place=place, period=period)


def _part_of(text: str, fig: Figure, before: list[Word]) -> bool:
    """Return True for a part or a whole of a partition ("two of the injured", "seven of the
    nine councillors", "the other seven"): neither is a total another outlet could give."""
    if re.match(r"^\s+of\s+(?:the|them|those|these|whom|which|\d)", text[fig.end : fig.end + 12]):
        return True
    if re.search(
        r"\b(?:\w+|\d+)\s+of\s+(?:the|its|their)\s+$", text[max(0, fig.start - 25) : fig.start]
    ):
        head = re.search(
            r"(\w+)\s+of\s+(?:the|its|their)\s+$", text[max(0, fig.start - 25) : fig.start]
        )
        return bool(
            head and (head.group(1).isdigit() or head.group(1).lower() in NUMBER_WORDS | {"one"})
        )
    return bool(before) and before[-1].text in ("other", "remaining", "including")


def _worded_money(text: str, fig: Figure, after: list[Word]) -> Figure | None:
    """Return the figure as an amount of money when a currency word or code prints it ("Rs
    1.5 crore", "40 million euros"), with its value scaled; None otherwise."""
    if fig.unit:
        return None
    value, end = fig.value, fig.end
    if after and after[0].text in SOUTH_ASIAN_SCALES and after[0].start - fig.end <= 1:
        value *= SOUTH_ASIAN_SCALES[after[0].text]
        end = after[0].end
        after = after[1:]
    lead = re.search(r"(\S+)\s*$", text[max(0, fig.start - 6) : fig.start])
    unit = CURRENCY_BEFORE.get(fold(lead.group(1))) if lead else None
    if unit is None and after and after[0].start - end <= 1:
        unit = CURRENCY_AFTER.get(after[0].text)
        if unit is not None:
            end = after[0].end
    if unit is None:
        return None
    start = (
        fig.start - len(lead.group(0))
        if lead and CURRENCY_BEFORE.get(fold(lead.group(1)))
        else fig.start
    )
    return replace(fig, value=value, unit=unit, start=start, end=end, text=text[start:end].strip())


def _same_group_as(text: str, fig: Figure, previous: Measure | None, outcome: str) -> bool:
    """Return True when a bare figure right after a count of a group of people gives the
    same group another value ("four children, rather than six, among the dead")."""
    if previous is None or previous.kind != "count" or " " not in previous.what:
        return False
    if previous.what.split()[0] != outcome:
        return False
    between = text[previous.figure.start + len(previous.label) : fig.start]
    return bool(_ALTERNATIVE.fullmatch(between))


def _earlier_value(
    text: str, clause_start: int, end: int, fig: Figure, figures: list[Figure]
) -> bool:
    """Return True for a figure of an earlier period or state printed as a comparison: "to
    72.4% from 61%", "88 percent of sales in the previous quarter". It is another measure."""
    lead = text[max(clause_start, fig.start - 12) : fig.start]
    if re.search(r"\bfrom\s+$", lead, re.IGNORECASE) and any(
        clause_start <= f.end <= fig.start for f in figures
    ):
        return True
    return bool(_EARLIER_PERIOD.match(text[fig.end : min(end, fig.end + 60)]))


def _ratio(article_id: str, text: str, start: int, end: int, m: re.Match[str]) -> Measure:
    def number(s: str) -> float:
        return float(s) if s.isdigit() else WORD_NUMBERS[s.lower()]

    a, b = number(m.group(1)), number(m.group(2))
    fig = Figure(m.group(0), m.start(), m.end(), a, "ratio", None, (), b)
    after = re.findall(r"[a-z]+", fold(text[m.end() : m.end() + 40]))
    what = next((w for w in after if w not in STOP_WORDS and w != "stock"), "")
    return Measure(article_id, start, end, fig, "ratio", what, m.group(0))


def _clause_start(text: str, start: int, at: int) -> int:
    """Return where the clause holding offset ``at`` starts (after a comma, dash, 'while')."""
    last = start
    for m in _CLAUSE_BREAK.finditer(text, start, at):
        last = m.end()
    return last


def _is_estimate(text: str, clause_start: int, fig: Figure, figures: list[Figure]) -> bool:
    """Return True when the words just around a figure make it an expectation, not a result."""
    lead = text[clause_start : fig.start]
    marks = list(_ESTIMATE_BEFORE.finditer(lead))
    if marks and not _RESULT_VERB.search(lead, marks[-1].end()):
        return True  # "... fell short of forecasts as Nvidia reported $41.1 billion" is a result
    return bool(_ESTIMATE_NEXT.match(text[fig.end : fig.end + 30]))


def _magnitude_before(before: list[Word]) -> bool:
    return any(w.text.startswith("magnitude") for w in before[-3:])


def _counted_noun(text: str, fig_end: int, after: list[Word]) -> tuple[str, list[Word]]:
    """Return the noun a figure counts and the words up to it ("rear compartments")."""
    taken: list[Word] = []
    for w in after[:3]:
        if taken and taken[-1].end < w.start and text[taken[-1].end : w.start].strip(" -"):
            break
        if not taken and text[fig_end : w.start].strip(" -"):
            break
        if (w.text in _STOP_COUNTED and w.text not in ("more",)) or w.text[:1].isdigit():
            break
        if w.text in VERBS_IN_S:
            break
        taken.append(w)
        if w.text in PEOPLE_NOUNS or w.text in _FAMILY_OF or w.text in _OUTCOME_OF:
            return w.text, taken
        if w.text.endswith("s") and len(w.text) > 3 and not w.text.endswith("ss"):
            return w.text, taken
    return "", []


def _outcome(
    text: str,
    clause_start: int,
    fig: Figure,
    after: list[Word],
    before: list[Word],
    figures: list[Figure],
) -> str:
    """Return what happened to the people a figure counts (dead, injured ...), or ''."""
    next_start = min((f.start for f in figures if f.start > fig.start), default=10**9)
    for w in after[:6]:
        if w.start >= next_start or w.text in ("and", "while", "whereas", "but"):
            break
        outcome = _outcome_of(w.text)
        if outcome:
            return outcome
    prev_end = max((f.end for f in figures if f.end <= fig.start), default=-1)
    for w in reversed(before[-3:]):
        if w.start < prev_end or w.text in ("and", "while"):
            break
        outcome = _outcome_of(w.text)
        if outcome:
            return outcome
    lead = text[max(clause_start, prev_end) : fig.start].lower()
    if re.search(r"\btoll\b", lead):
        return "dead"
    return ""


def _outcome_of(word: str) -> str:
    """Return the outcome a word names ("killed", "injuries" -> dead, injured), or ''."""
    if word in _OUTCOME_OF:
        return _OUTCOME_OF[word]
    return next((outcome for prefix, outcome in _OUTCOME_PREFIXES if word.startswith(prefix)), "")


def _elliptic(after: list[Word]) -> bool:
    """Return True for a bare figure whose noun is left out ("and 52 in Selm North")."""
    return not after or after[0].text in ("in", "at", "from", "and", "for")


def _context(words: list[Word], fig: Figure) -> frozenset[str]:
    """Return content stems of up to eight words either side of a figure."""
    before = [w for w in words if w.end <= fig.start][-8:]
    after = [w for w in words if w.start >= fig.end][:8]
    return frozenset(
        stem(w.text)
        for w in before + after
        if w.text not in STOP_WORDS
        and w.text not in NUMBER_WORDS
        and not w.text[:1].isdigit()
        and len(w.text) > 2
        and stem(w.text) not in _GENERIC
    )


def _breakdown_places(measures: list[Measure]) -> list[Measure]:
    """Return the measures with ``place`` kept only where the article breaks a count down by
    place (two values of one count, at least one tied to a place): elsewhere "killed in X"
    names where the whole event happened."""
    values: dict[tuple[str, str], set[tuple[str, float]]] = defaultdict(set)
    for m in measures:
        if m.kind == "count":
            values[(m.kind, m.what)].add((m.place, m.figure.value))
    out = []
    for m in measures:
        keep = m.kind == "count" and bool(m.place)
        if keep:
            seen = values[(m.kind, m.what)]
            keep = len({p for p, _ in seen}) > 1
        out.append(m if keep or not m.place else replace(m, place=""))
    return out
