"""Ages of named people: "Marta Vela, 47,", "Vela, a 47-year-old reformer", "the
64-year-old writer Anton Berek". Only an age printed right beside a person's name is read,
so that two outlets' ages of one person can be compared (``newsprism.compare.measures``).
"""

from __future__ import annotations

import re

from newsprism.compare.figures import Figure

# An age beside a name: after it ("Vela, 59," / "Vela, a 59-year-old"), or before it ("the
# 59-year-old reformer Vela").
_AFTER_NAME = re.compile(r"^,\s+(?:(?:a|an|the)\s+)?(?P<age>\d{1,3})(?:,|-year-old\b)")
_BEFORE_NAME = re.compile(r"\b(?P<age>\d{1,3})-year-old\s+(?:[a-z][\w-]*\s+){0,3}$")


def person_ages(
    text: str, start: int, end: int, people: list[tuple[int, int, str]]
) -> list[tuple[Figure, str]]:
    """Return the ages printed beside the names of the sentence ``[start, end)``, each with
    the person's key (``people`` holds (start, end, key) of the names the article prints)."""
    out = []
    for s, e, key in people:
        if not start <= s < end:
            continue
        after = _AFTER_NAME.match(text[e : min(end, e + 30)])
        before = _BEFORE_NAME.search(text[max(start, s - 60) : s])
        if after:
            a, b = e + after.start("age"), e + after.end("age")
        elif before:
            base = max(start, s - 60)
            a, b = base + before.start("age"), base + before.end("age")
        else:
            continue
        age = float(text[a:b])
        if 0 < age < 120:
            out.append((Figure(text[a:b], a, b, age, "age", None, ()), key))
    return out
