"""Place discrepancies: one role of a place filled differently by different outlets.

Each finder reads a slot that a place fills and pairs the slots of different independent
reports that are about the same thing:

- where a journey started: "the train was coming from Agartala" / "traveling from Silchar,
  Assam to Sealdah" (paired when they name the same destination or the same vehicle);
- which facility someone was taken to or held in: "sent to Attock Jail" / "being moved to
  Kot Lakhpat Jail" (paired when the sentences name the same person);
- the compass direction of a place from another: "northeast of the capital, Riverton" /
  "northwest of the capital, Riverton" (paired by the place of reference; "west" and
  "northwest" agree);
- where an earthquake was centred: "its epicentre in Kelvadi" / "Ramidanda, where the
  epicentre lies";
- where something happened to a person: "was murdered as he was leaving a stadium" / "was
  shot to death outside the same school" (paired when the sentences name the same person).

For facilities, scenes and epicentres two values conflict only when neither article names the
other value anywhere: "Tarsapo district" and "Kelvadi, Tarsapo" are one place at two scales.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from newsprism.compare.discrepancies import Found, ValueMention, found_from_values
from newsprism.compare.entities import EntityResolution
from newsprism.compare.measure_words import (
    COMPASS,
    FACILITY_WORDS,
    HARM_VERBS,
    VEHICLE_WORDS,
    VENUE_WORDS,
)
from newsprism.compare.story import StoryArticles
from newsprism.compare.words import fold

_NAME = r"(?:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|del|la|al|el|bin|van|von))*)"
_FROM = re.compile(rf"\bfrom\s+(?:the\s+(?:city|town|village|state)\s+of\s+)?(?P<place>{_NAME})")
_TO = re.compile(rf"\b(?:to|for|towards)\s+(?:the\s+(?:city|town)\s+of\s+)?(?P<place>{_NAME})")
_VEHICLE = re.compile(rf"\b(?:{'|'.join(VEHICLE_WORDS)})\b", re.IGNORECASE)
# Names are matched case-sensitively (a capital starts each word); the words around them not.
_FACILITY = re.compile(
    rf"\b(?i:to|in|at|into)\s+(?:(?i:the)\s+)?(?P<name>{_NAME})\s+"
    rf"(?P<kind>(?i:{'|'.join(FACILITY_WORDS)}))\b"
)
_COMPASS = "|".join(sorted((re.escape(c) for c in COMPASS), key=len, reverse=True))
_DIRECTION = re.compile(
    rf"\b(?P<dir>(?i:{_COMPASS}))\s+of\s+(?:the\s+)?(?:[\w'’-]+,?\s+){{0,3}}?(?P<place>{_NAME})"
)
_EPICENTRE_WORD = r"(?i:epicent(?:re|er)|hypocent(?:re|er))"
_EPICENTRE = re.compile(
    rf"\b{_EPICENTRE_WORD}\s+(?i:was\s+|is\s+|lies\s+|lay\s+)?"
    rf"(?i:located\s+)?(?i:in|at|near)\s+(?:the\s+)?(?P<place>{_NAME})"
    rf"|(?P<before>{_NAME}),\s+where\s+the\s+{_EPICENTRE_WORD}"
)


_SCENE = re.compile(
    rf"\b(?:{'|'.join(HARM_VERBS)})\b[^.;]{{0,60}}?\b(?:outside(?: of)?|at|in|inside|near|"
    rf"leaving|in front of)\s+(?:a|an|the|his|her|their)\s+(?:[\w'’-]+\s+)?"
    rf"(?P<venue>{'|'.join(VENUE_WORDS)})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Slot:
    article: str
    start: int  # sentence span
    end: int
    role: str  # what the place is: "origin", "jail", "direction from riverton"
    value: str  # the place as printed
    key: str  # the place folded, for comparison
    pair_keys: frozenset[str]  # two slots pair when these intersect
    value_start: int = 0
    value_end: int = 0


def place_discrepancies(story: StoryArticles, resolution: EntityResolution) -> list[Found]:
    """Return the place discrepancies of a story, one per slot the outlets fill differently."""
    slots = []
    for article_id in story.order:
        slots += _slots(story, resolution, article_id)
    by_role: dict[str, list[_Slot]] = defaultdict(list)
    for s in slots:
        by_role[s.role].append(s)
    found = []
    for role, members in sorted(by_role.items()):
        result = _conflict(story, role, members)
        if result is not None:
            found.append(result)
    return found


def _slots(story: StoryArticles, resolution: EntityResolution, article_id: str) -> list[_Slot]:
    text = story.articles[article_id].text
    notes = story.annotations[article_id]
    people = [
        (m.start, resolution.mention_entity.get((article_id, i)) or fold(m.name))
        for i, m in enumerate(notes.entities)
        if m.type == "person"
    ]
    things = [
        (m.start, resolution.mention_entity.get((article_id, i)) or fold(m.name))
        for i, m in enumerate(notes.entities)
        if m.type in ("organization", "other")
    ]
    out = []
    for sentence in notes.sentences:
        a, b = sentence.start, sentence.end
        vehicles = frozenset(k for s, k in things if a <= s < b)
        persons = frozenset(k for s, k in people if a <= s < b)
        for m in _FROM.finditer(text, a, b):
            lead = text[max(a, m.start() - 60) : m.start()]
            if not _VEHICLE.search(lead):
                continue
            dest = _TO.search(text, m.end(), min(b, m.end() + 60))
            keys = {"to:" + _key(dest.group("place"))} if dest else set()
            keys |= {"with:" + v for v in vehicles}
            if keys:
                place = _trim(m.group("place"))
                out.append(
                    _Slot(
                        article_id,
                        a,
                        b,
                        "origin",
                        place,
                        _key(place),
                        frozenset(keys),
                        m.start(),
                        m.end(),
                    )
                )
        for m in _FACILITY.finditer(text, a, b):
            if not persons:
                continue
            kind = m.group("kind").lower()
            name = f"{_trim(m.group('name'))} {m.group('kind')}"
            out.append(
                _Slot(
                    article_id,
                    a,
                    b,
                    kind,
                    name,
                    _key(m.group("name")),
                    frozenset(persons),
                    m.start(),
                    m.end(),
                )
            )
        for m in _DIRECTION.finditer(text, a, b):
            ref = _key(m.group("place"))
            direction = m.group("dir").lower().replace("-", "")
            out.append(
                _Slot(
                    article_id,
                    a,
                    b,
                    f"direction from {ref}",
                    direction,
                    direction,
                    frozenset(),
                    m.start(),
                    m.end(),
                )
            )
        for m in _SCENE.finditer(text, a, b):
            if not persons:
                continue
            venue = m.group("venue").lower()
            out.append(
                _Slot(
                    article_id,
                    a,
                    b,
                    "scene",
                    venue,
                    venue,
                    frozenset(persons),
                    m.start("venue"),
                    m.end("venue"),
                )
            )
        for m in _EPICENTRE.finditer(text, a, b):
            place = _trim(m.group("place") or m.group("before"))
            out.append(
                _Slot(
                    article_id,
                    a,
                    b,
                    "epicentre",
                    place,
                    _key(place),
                    frozenset(),
                    m.start(),
                    m.end(),
                )
            )
    return out


def _trim(name: str) -> str:
    """Return a captured name without a trailing sentence word ("Agartala And" never)."""
    return name.strip(" .,'’")


def _key(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(name)))


def _agree(story: StoryArticles, a: _Slot, b: _Slot) -> bool:
    """Return True when two fills of one slot can both be right."""
    if a.key == b.key:
        return True
    if a.role.startswith("direction"):
        return a.key in b.key or b.key in a.key  # "west" / "west-northwest"
    if a.role == "origin":
        return False
    # A facility or epicentre named by the other article too is one place at two scales.
    text_a = fold(story.articles[a.article].text)
    text_b = fold(story.articles[b.article].text)
    return b.key in _key(text_a) or a.key in _key(text_b)


def _conflict(story: StoryArticles, role: str, slots: list[_Slot]) -> Found | None:
    """Return the discrepancy among the fills of one slot, or None when they agree."""
    pairs = [
        (x, y)
        for i, x in enumerate(slots)
        for y in slots[i + 1 :]
        if story.report[x.article] != story.report[y.article]
        and ((not x.pair_keys and not y.pair_keys) or _paired(x, y))
    ]
    clashing = [(x, y) for x, y in pairs if not _agree(story, x, y)]
    if not clashing:
        return None
    values: dict[str, list[_Slot]] = defaultdict(list)
    for x, y in pairs:
        if _agree(story, x, y) and x.key != y.key:
            continue
        values[x.key].append(x)
        values[y.key].append(y)
    printed_by: dict[str, set[str]] = {k: {s.article for s in v} for k, v in values.items()}
    if not any(
        printed_by[x.key] - printed_by[y.key] and printed_by[y.key] - printed_by[x.key]
        for x, y in clashing
    ):
        return None
    order = {a: n for n, a in enumerate(story.order)}
    out = []
    for key in sorted(values, key=lambda k: (-len(printed_by[k]), k)):
        members = sorted(set(values[key]), key=lambda s: (order[s.article], s.start))
        label = members[0].value
        if role == "origin":
            label = f"from {label}"
        mentions = [
            ValueMention(s.article, s.start, s.end, s.value_start, s.value_end) for s in members
        ]
        out.append((label, mentions))
    about = {
        "origin": "where the journey started",
        "epicentre": "where the epicentre was",
        "scene": "where it happened",
    }.get(role, role if role.startswith("direction") else f"the {role} named")
    return found_from_values(story, "place", about, out)


def _paired(x: _Slot, y: _Slot) -> bool:
    return bool(x.pair_keys & y.pair_keys)
