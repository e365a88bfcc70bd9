"""The period a count covers, when its clause says it covers only part of the story.

"106 lives on Friday alone", "165 lives in the last ten days", "20 deaths a day" count a part
of the time (or a rate); the running total ("the toll rose to 324") counts all of it. Two
outlets' figures for different periods are different measures, never a discrepancy, so the
period is part of what a count measures. A figure with no such words covers the whole story:
a date of the event ("an earthquake on Friday killed 157") is no period of the count.
"""

from __future__ import annotations

import re

from newsprism.compare.words import fold

# "in the last ten days", "over the past 24 hours", "within the first week"
_WINDOW = re.compile(
    r"\b(?:in|over|during|within|for)\s+(?:the\s+)?(?:past|last|previous|preceding|first)\s+"
    r"(?:(?:\d+|[a-z]+(?:-[a-z]+)?)\s+)?(?:hours?|days?|weeks?|months?|nights?)\b",
    re.IGNORECASE,
)
# "a day", "per week", "each day", "daily": a rate
_RATE = re.compile(r"\b(?:a|per|each|every)\s+(?:day|week|hour|night)\b|\bdaily\b", re.IGNORECASE)
# "on Friday alone", "in Jajpur alone", "yesterday, alone": a part, named by the (at most two,
# not numeric) words before it
_ALONE = re.compile(r"((?:[^\W\d][\w'’-]*\s+)?[^\W\d][\w'’-]*)\s*,?\s+alone\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;:!?()\[\]\"“”]|,(?!\s*alone\b)|\s[–—-]\s|\bwhile\b|\bbut\b")


def count_period(text: str, clause_start: int, sentence_end: int, figure_end: int) -> str:
    """Return the period the count ending at ``figure_end`` covers, in folded words ("in the
    last ten days", "on friday alone", "a day"), or "" when it is the whole story's."""
    stop = _CLAUSE_END.search(text, figure_end, sentence_end)
    clause = text[clause_start : stop.start() if stop else sentence_end]
    for pattern in (_WINDOW, _RATE):
        found = pattern.search(clause)
        if found is not None:
            return " ".join(fold(found.group(0)).split())
    alone = _ALONE.search(clause)
    if alone is not None:
        return " ".join(fold(alone.group(1)).split()) + " alone"
    return ""
