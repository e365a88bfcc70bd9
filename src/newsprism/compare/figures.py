"""Figures in news text: "$4.2 million", "about 1,100 drivers", "nine workers", "7-2".

A figure keeps its value, its unit ("$", "%", "score" or none), how it is hedged ("about",
"more than") and the content words around it, so that two figures of different articles can be
told to measure the same thing before their values are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.compare.words import STOP_WORDS, fold, stem

_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "hundred": 100,
}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "k": 1e3,
    "tn": 1e12,
}
_CURRENCY = {"$": "$", "€": "€", "£": "£", "¥": "¥", "us$": "$"}
_NUMBER_WORD = "|".join(sorted(_UNITS_WORDS, key=len, reverse=True))
_HEDGES = (
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "as many as",
    "as much as",
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "over",
    "under",
    "an estimated",
    "estimated",
    "close to",
    "just over",
    "just under",
    "upwards of",
    "no fewer than",
    "below",
    "above",
)
_HEDGE = "|".join(re.escape(h) for h in sorted(_HEDGES, key=len, reverse=True))

FIGURE = re.compile(
    rf"""
    (?:(?P<hedge>{_HEDGE})\s+)?
    (?:(?P<cur>US\$|\$|€|£|¥)\s?)?
    (?:
        (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
        (?:-(?P<num2>\d+)(?![\d.,]*\s*(?:%|percent)))?
      | (?P<word>(?:{_NUMBER_WORD})(?:[-\s](?:{_NUMBER_WORD}))?)
    )
    (?:\s?(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?
    (?:\s?(?P<pct>%|percent|per\ cent))?
    (?:\s+(?:votes?\s+)?to\s+(?P<to>\d{{1,2}}|{_NUMBER_WORD})\b(?![,.]\d))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DELTA = re.compile(
    r"\b(?:up|down|another|additional|extra|(?:rose|fell|dropped|drop|increased|decreased|jumped|climbed|"
    r"gained|lost|added|cut|grew|shrank|declined|soared|plunged|slipped)(?:\s+by)?"
    r"|(?:decrease|increase|drop|rise|gain|loss|fall|jump)\s+of)"
    r"\s+(?:about\s+|nearly\s+|some\s+|roughly\s+)?$",
    re.IGNORECASE,
)
_MORE = re.compile(r"^\s+(?:more|additional|new|extra|another)\b", re.IGNORECASE)
_AGE = re.compile(
    r"^(?:[- ]years?[- ]old|\s+years?\s+(?:and|or)\s+(?:older|over|up)"
    r"|\s+(?:and|or)\s+(?:older|over|up)\b|\s+to\s+\d+\s+years)",
    re.IGNORECASE,
)
_GLUED_HEDGE = re.compile(r"\b(more than|less than|fewer than|over|under)$", re.IGNORECASE)
_CLOCK = re.compile(r"^\s?(?:a\.?m\b|p\.?m\b|GMT|EST|IST|UTC)", re.IGNORECASE)
_CLOCK_HOURS = re.compile(r"^\s?hrs?\b", re.IGNORECASE)
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
_GENERIC_HEADS = frozenset(
    {"about", "than", "least", "nearly", "year", "time", "number", "total", "percent", "per"}
)


@dataclass(frozen=True)
class Figure:
    """One figure as printed: its value, unit, hedge, span and the words that say what it counts.

    ``value`` is the number (a score "7-2" keeps the first side in ``value`` and the second in
    ``other``); ``context`` holds stems of the content words just before and after it.
    """

    text: str
    start: int
    end: int
    value: float
    unit: str
    hedge: str | None
    context: tuple[str, ...]
    other: float | None = None

    @property
    def display(self) -> str:
        """Return the figure as printed, without a leading hedge."""
        return self.text


def _word_value(words: str) -> float | None:
    parts = re.split(r"[-\s]+", words.lower())
    total = 0.0
    for part in parts:
        value = _UNITS_WORDS.get(part)
        if value is None:
            return None
        if part in ("hundred", "dozen"):
            total = (total or 1) * value  # "two dozen" is 24, "three hundred" 300
        else:
            total += value
    return total


def find_figures(
    text: str,
    start: int = 0,
    end: int | None = None,
    skip: tuple[tuple[int, int], ...] = (),
    glued_hedges: bool = False,
) -> list[Figure]:
    """Return the figures in ``text[start:end]`` (offsets into ``text``).

    Years, clock times, ordinals and anything inside a ``skip`` span (dates found by the
    annotator) are left out: they are dates, not figures. With ``glued_hedges`` a hedge
    printed without its space ("more than1,100") still makes a figure.
    """
    end = len(text) if end is None else end
    window = text[start:end]
    figures: list[Figure] = []
    for m in FIGURE.finditer(window):
        a, b = m.start() + start, m.end() + start
        if not m.group("num") and not m.group("word"):
            continue
        if any(s < b and a < e for s, e in skip):
            continue
        before = text[max(0, a - 1) : a]
        after = text[b : b + 3]
        glued = None
        if glued_hedges and not m.group("hedge"):
            glued = _GLUED_HEDGE.search(text[max(0, a - 12) : a])
        if (
            before
            and (before.isalnum() or before in "-/:.,")
            and not m.group("hedge")
            and not glued
        ):
            continue
        if after[:1].isalnum() or re.match(r"^(?:st|nd|rd|th)\b", after) or after[:1] == ":":
            continue
        if _AGE.match(text[b : b + 25]):
            continue  # an age ("65 years and older"), not a count
        if re.match(r"^/\d", after) or re.match(r"^,\d", after):
            continue  # "24/7", "9/11", or a number cut at its thousands separator
        if _CLOCK.match(text[b : b + 6]) or (
            _CLOCK_HOURS.match(text[b : b + 5]) and re.search(r"\d[.:]\d\d$", text[a:b])
        ):
            continue  # a time of day ("6.55 PM", "18.03 hrs")
        cur = m.group("cur")
        num, word = m.group("num"), m.group("word")
        if word:
            value = _word_value(word)
            if value is None or (value == 1 and not m.group("scale") and not m.group("to")):
                continue  # "one" is mostly a pronoun
        else:
            value = float(num.replace(",", ""))
            if _YEAR.match(num) and not cur and not m.group("scale") and not m.group("pct"):
                continue
        scale = m.group("scale")
        if scale:
            scale_key = scale.lower()
            if scale_key in ("m", "k") and not cur:
                continue  # "5 m" is five metres more often than five million
            value *= _SCALES[scale_key]
        unit = ""
        if cur:
            unit = _CURRENCY.get(cur.lower(), cur)
        elif m.group("pct"):
            unit = "%"
        other: float | None = None
        to = m.group("to") or m.group("num2")
        if to:
            other = float(to) if to.isdigit() else _word_value(to)
            if other is not None and other <= 100 and value <= 100 and not scale:
                unit = "score"
            else:
                other = None
        hedge = m.group("hedge") or (glued.group(1).lower() if glued else None)
        if glued:
            a = a - len(glued.group(0))  # "more than1,100": a typo'd space, the hedge holds
        if hedge is None and text[b : b + 1] == "+":
            hedge = "more than"  # "$1 trillion+"
        context = _context(text, a, b)
        increment = _DELTA.search(text[max(0, a - 25) : a]) or _MORE.match(text[b : b + 15])
        if unit != "score" and increment:
            context = ("+", *context)  # a change ("up 2,000", "six more"), not a level
        figures.append(
            Figure(
                text=text[a:b].strip(),
                start=a,
                end=b,
                value=value,
                unit=unit,
                hedge=hedge.lower() if hedge else None,
                context=context,
                other=other,
            )
        )
    return figures


_CLAUSE_STOP = re.compile(r"[;:.!?()\"“”]|,\s")


def _context(text: str, a: int, b: int) -> tuple[str, ...]:
    """Return stems of up to three content words after and two before a figure."""
    left = text[max(0, a - 60) : a]
    right = text[b : b + 60]
    right = _CLAUSE_STOP.split(right, maxsplit=1)[0]
    left_parts = _CLAUSE_STOP.split(left)
    left = left_parts[-1] if left_parts else ""
    after = [w for w in re.findall(r"[A-Za-z]+", fold(right)) if w not in STOP_WORDS][:3]
    before = [w for w in re.findall(r"[A-Za-z]+", fold(left)) if w not in STOP_WORDS][-2:]
    stems = [stem(w) for w in after + before]
    return tuple(s for s in stems if s not in _GENERIC_HEADS and len(s) > 1)


def same_measure(a: Figure, b: Figure, close: bool = False) -> bool:
    """Return True when two figures count the same kind of thing.

    Counts need the same counted word right after the figure ("nine workers" / "eight
    workers"); a change ("up 2,000") never measures what a level does. Amounts of money and
    percentages of about the same size also match when their statements state one fact
    (``close``): "$4.2 million budget" / "$4.7 million for repairs".
    """
    if a.unit != b.unit:
        return False
    if a.unit == "score":
        return True
    if (a.context[:1] == ("+",)) != (b.context[:1] == ("+",)):
        return False
    if a.value and b.value and max(a.value, b.value) / min(a.value, b.value) > 5:
        return False
    if a.context and b.context and a.context[0] == b.context[0] and a.context[0] != "+":
        return True
    if a.context[:2] == b.context[:2] and len(a.context) >= 2:
        return True
    money = a.unit in ("$", "€", "£", "¥", "%")
    low, high = sorted((abs(a.value), abs(b.value)))
    if low == 0 or high / low > (3 if money else 5):
        return False  # "$3.5 billion" and "$72.5 billion" measure different things
    if money and set(a.context[:3]) & set(b.context[:3]) - {"+"}:
        return True  # "$1 trillion bipartisan infrastructure bill" / "... infrastructure package"
    if close and money and a.value > 0 and b.value > 0:
        return max(a.value, b.value) / min(a.value, b.value) <= 1.5
    return False


LOWER_BOUNDS = frozenset(
    {"more than", "at least", "over", "upwards of", "just over", "no fewer than", "above"}
)
UPPER_BOUNDS = frozenset(
    {
        "less than",
        "fewer than",
        "at most",
        "up to",
        "under",
        "just under",
        "as many as",
        "as much as",
        "below",
    }
)
# How far an exact value may sit past a bound that allows it: "more than 600" covers 650,
# not 700 ("at least five" dead and "nine" dead are two tolls; "more than 14,000" cases and
# "15,600" two counts).
BOUND_REACH = 0.1
# The most a rounded value may differ from the value it rounds, as a share.
ROUNDING_SHARE = 0.05
# How far "about", "nearly", "some" reach.
APPROX_REACH = 0.1


def compatible(a: Figure, b: Figure) -> bool:
    """Return True when two figures of the same measure can both be right.

    Equal values agree, and so do a value and its rounding ("9.21 million" / "9.2 million").
    A bound ("more than 600") agrees with an exact value within it and close to it; two bounds
    of one direction with different values are two reports ("more than 1,100" / "more than
    900"). "About 300" agrees with a value within 10 per cent. A range ("20-25") agrees with
    the values inside it.
    """
    if a.unit == "score" or b.unit == "score":
        return (a.value, a.other) == (b.value, b.other) or (a.value, a.other) == (b.other, b.value)
    if a.value == b.value and a.other == b.other:
        return True
    for fig, other in ((a, b), (b, a)):
        if fig.unit == "range" and fig.other is not None:
            if other.unit == "range":
                return False
            return fig.value <= other.value <= fig.other
    if a.hedge and b.hedge and a.hedge in LOWER_BOUNDS | UPPER_BOUNDS:
        same_side = (a.hedge in LOWER_BOUNDS) == (b.hedge in LOWER_BOUNDS)
        if same_side or b.hedge in LOWER_BOUNDS | UPPER_BOUNDS:
            return a.value == b.value
    if _same_when_rounded(a, b):
        return True
    low, high = sorted((a.value, b.value))
    for fig, other in ((a, b), (b, a)):
        hedge = fig.hedge
        if hedge in LOWER_BOUNDS:
            if fig.value <= other.value <= fig.value * (1 + BOUND_REACH):
                return True
        elif hedge in UPPER_BOUNDS:
            if fig.value * (1 - BOUND_REACH) <= other.value <= fig.value:
                return True
        elif hedge is not None and high > 0 and (high - low) / high <= APPROX_REACH:
            return True
    return False


def format_value(fig: Figure) -> str:
    """Return a figure as its competing value in a discrepancy ("$4.2 million", "7-2")."""
    text = fig.text
    if fig.hedge and text.lower().startswith(fig.hedge):
        text = text[len(fig.hedge) :].strip()
    return text


def precision(fig: Figure) -> float:
    """Return the step of the figure's last printed digit, in its value's scale: 0.01e9 for
    "$24.65 billion", 1 for "1,175"."""
    m = re.search(r"\d[\d,]*(?:\.(\d+))?", fig.text)
    if m is None or fig.value == 0:
        return 0.0
    printed = float(m.group(0).replace(",", ""))
    decimals = len(m.group(1)) if m.group(1) else 0
    scale = abs(fig.value) / printed if printed else 1.0
    return scale * 10.0**-decimals


def _same_when_rounded(a: Figure, b: Figure) -> bool:
    """Return True when one value is the other rounded to its printed precision
    ("9.21 million" / "9.2 million", "$26.04 billion" / "$26 billion"), not another figure."""
    step = max(precision(a), precision(b))
    high = max(abs(a.value), abs(b.value))
    if high == 0 or abs(a.value - b.value) / high > ROUNDING_SHARE:
        return False  # "2 crore" is no rounding of "1.5 crore", though 1.5 rounds to 2
    return step > 0 and abs(a.value - b.value) <= step / 2 + 1e-9 * max(abs(a.value), 1.0)
