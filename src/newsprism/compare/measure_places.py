"""Where a measure belongs: the place a count is broken down by ("92 in Tarsapo", "In
Tarsapo district, ... 105 people"), the place a distance is measured from; and the words of
a sentence with their offsets, by which ``newsprism.compare.measures`` reads its figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.compare.words import STOP_WORDS, fold


@dataclass(frozen=True)
class Word:
    """One word of a sentence, folded, with its offsets in the article text."""

    text: str
    start: int
    end: int


_DATE_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)
_OPENING_PLACE = re.compile(
    r"\s*[Ii]n\s+(?:the\s+)?(?:neighbou?ring\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
)


def place_key(name: str) -> str:
    """Return a place name as compared: its folded words, sorted ("Selm North" = "North
    Selm")."""
    return " ".join(sorted(re.findall(r"[a-z]+", fold(name)))) or fold(name)


def place_after(text: str, after: list[Word], places: list[tuple[int, int, str]]) -> str:
    """Return the place of "<figure> <noun> ... in [the neighbouring] <place>": a place the
    tagger found, else the capitalised name printed there ("in Selm North")."""
    for i, w in enumerate(after[:6]):
        if w.text in ("and", "while", "but"):
            return ""
        if w.text == "in":
            following = after[i + 1 : i + 4]
            for nxt in following:
                for s, e, key in places:
                    if s <= nxt.start < e:
                        return key
            name = []
            for nxt in following:
                printed = text[nxt.start : nxt.end]
                if printed[:1].isupper() and nxt.text not in _DATE_NAMES:
                    name.append(printed)
                elif name:
                    break
            return place_key(" ".join(name)) if name else ""
    return ""


def opening_place(text: str, start: int, at: int) -> str:
    """Return the place of an "In <Place>, ..." that opens the part of the sentence before a
    figure ("In Tarsapo district, a farming area, at least 105 people ..."), past commas but
    not past a 'while', 'but' or semicolon."""
    lead = text[start:at]
    for m in re.finditer(r"\b(?:while|whereas|but)\b|;", lead):
        lead = lead[m.end() :]
    opening = _OPENING_PLACE.match(lead)
    return place_key(opening.group("name")) if opening else ""


def place_before(before: list[Word], places: list[tuple[int, int, str]]) -> str:
    """Return a place that opens the figure's clause ("Tarsapo suffered ... 95 deaths")."""
    for w in before[-8:]:
        for s, e, key in places:
            if s <= w.start < e:
                return key
    return ""


def reference_place(
    text: str, after: list[Word], places: list[tuple[int, int, str]]
) -> tuple[str, str]:
    """Return the place a distance is measured from ("... north-west of the city of Tarsapo"),
    as its comparison key and as printed."""
    for w in after[:7]:
        for s, e, key in places:
            if s <= w.start < e:
                return key, text[s:e]
    for i, w in enumerate(after[:4]):
        if w.text in ("from", "of") and i + 1 < len(after):
            rest = [x for x in after[i + 1 : i + 4] if x.text not in STOP_WORDS]
            if rest:
                return rest[0].text, text[rest[0].start : rest[0].end]
    return "", ""
