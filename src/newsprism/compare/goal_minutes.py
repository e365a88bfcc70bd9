"""Minutes of goals in match reports: "an 86th-minute winner", "90+1'", "four minutes from
time", "Ferrante 87'", each tied to the player named nearest to it, so that two outlets'
minutes of one player's goal can be compared (``newsprism.compare.measures``).
"""

from __future__ import annotations

import re

from newsprism.annotate.records import Sentence
from newsprism.compare.figures import Figure
from newsprism.compare.measure_words import GOAL_WORDS, ORDINALS, REGULAR_TIME
from newsprism.compare.words import fold

NUMBER_PATTERN = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
WORD_NUMBERS = {
    w: float(n)
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_ORDINAL = "|".join(ORDINALS)
_MINUTE_PATTERNS = (
    re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)[\s-]+minute\b", re.IGNORECASE),
    re.compile(rf"\b(?P<w>{_ORDINAL})[\s-]+minute\b", re.IGNORECASE),
    re.compile(r"(?<![\d.])(?P<n>\d{2,3})\s?\+\s?(?P<extra>\d{1,2})\s?['′’]?"),
    re.compile(
        rf"\b(?P<left>{NUMBER_PATTERN})\s+minutes?\s+(?:from time|remaining|to play|left|to go)\b",
        re.IGNORECASE,
    ),
    re.compile(r"(?:(?<=[A-Za-z\u00c0-\u024f] )|^)(?P<n>\d{1,3})['′’](?![\w'′’+])"),
)


def goal_minutes(
    text: str,
    start: int,
    end: int,
    words: set[str],
    people: list[tuple[int, int, str]],
    sentences: tuple[Sentence, ...],
) -> list[tuple[Figure, str]]:
    """Return the minutes of goals in a sentence ("an 86th-minute winner", "90+1'", "four
    minutes from time"), each with the player named nearest to it (``people`` holds
    (start, end, player key) of the names the article prints)."""
    if not words & GOAL_WORDS and not re.search(r"\b\d{1,2}-\d{1,2}\b", text[start:end]):
        return []
    out: list[tuple[Figure, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _MINUTE_PATTERNS:
        for m in pattern.finditer(text, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if m.groupdict().get("left"):
                left = m.group("left")
                value = REGULAR_TIME - (
                    float(left) if left.isdigit() else WORD_NUMBERS[left.lower()]
                )
            elif m.groupdict().get("w"):
                value = float(ORDINALS[m.group("w").lower()])
            else:
                value = float(m.group("n")) + float(m.groupdict().get("extra") or 0)
            if not 0 < value <= 130:
                continue
            player = _nearest_person(m.start(), m.end(), start, end, people, sentences)
            if not player:
                continue
            taken.append((m.start(), m.end()))
            out.append(
                (Figure(m.group(0).strip(), m.start(), m.end(), value, "minute", None, ()), player)
            )
    return out


def _nearest_person(
    a: int,
    b: int,
    start: int,
    end: int,
    people: list[tuple[int, int, str]],
    sentences: tuple[Sentence, ...],
) -> str:
    """Return the person named nearest to ``[a, b)`` in its sentence, else the first one
    of the next sentence ("The breakthrough came in the 90th minute. Halloran ...")."""
    for _s, e, key in people:
        if 0 <= a - e <= 1:
            return key  # "Ferrante 87'"
    inside = [(min(abs(s - b), abs(a - e)), key) for s, e, key in people if start <= s < end]
    if inside:
        return min(inside)[1]
    following = [s for s in sentences if s.start >= end]
    if following:
        nxt = following[0]
        names = sorted((s, key) for s, e, key in people if nxt.start <= s < nxt.end)
        if names:
            return names[0][1]
    return ""


def surname(*names: str) -> str:
    """Return the last word of the first name given: one player whatever the entity split."""
    for name in names:
        words = re.findall(r"[^\W\d_]+", fold(name))
        if words:
            return words[-1]
    return ""
