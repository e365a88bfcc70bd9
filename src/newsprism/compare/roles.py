"""Roles and titles an article gives a person, from the annotation or an appositive.

"Dr. Amara Okafor" carries its title in the mention; "Ruth Calder, chief of Millbrook Fire and
Rescue," and "the city's public works director, Samuel Idris" carry it in an appositive,
which this module reads from the text around the mention.
"""

from __future__ import annotations

import re

from newsprism.compare.names import HONORIFICS, TITLES
from newsprism.compare.words import fold

ROLE_WORDS = TITLES | frozenset(
    """
    head manager owner founder executive official analyst economist lawyer spokesperson
    correspondent member candidate nominee adviser advisor aide negotiator organizer organiser
    chair president secretary director chief minister mayor governor senator representative
    commissioner superintendent leader treasurer physician doctor nurse teacher professor
    researcher scientist engineer pilot driver worker farmer resident owner partner
    """.split()
)
PARTY_MARKERS = {
    "republican": "Republican",
    "republicans": "Republican",
    "gop": "Republican",
    "democrat": "Democratic",
    "democrats": "Democratic",
    "democratic": "Democratic",
    "independent": "independent",
    "labour": "Labour",
    "conservative": "Conservative",
    "tory": "Conservative",
    "liberal": "Liberal",
    "green": "Green",
}
_PARTY_CODE = re.compile(r"\(?\b([RDI])[-–]\s?([A-Z][a-zA-Z.]+(?:\s[A-Z][a-z]+)?)\)?")
_PARTY_CODES = {"r": "Republican", "d": "Democratic", "i": "independent"}
_AFTER = re.compile(
    r"^\s*,\s+((?:the|a|an|its|their|his|her)\s+)?([^,.;:()\"“”]{3,90}?)\s*(?=[,.;)]|\s[-—–]\s)"
)
_BEFORE = re.compile(
    r"(?:^|[,(—–]\s|\bby\s|\bto\s|\bsaid\s)((?:the|a|an|its|their)\s[^,.;:()\"“”]{2,80}?)\s*,\s*$"
)
_RELATIVE = re.compile(r"^(?:who|which|that|whose|where|when|and|but|or|said|told|says|adding)\b")


def appositive_role(text: str, start: int, end: int) -> str | None:
    """Return the role an appositive gives the name at ``text[start:end]``, or None.

    Reads "NAME, chief of Millbrook Fire and Rescue," and "the city's mayor, NAME"; the phrase
    must hold a word that names an office or occupation.
    """
    after = _AFTER.match(text[end : end + 120])
    if after:
        phrase = ((after.group(1) or "") + after.group(2)).strip()
        if not _RELATIVE.match(fold(phrase)) and _is_role(phrase):
            return phrase
    before = _BEFORE.search(text[max(0, start - 100) : start])
    if before:
        phrase = before.group(1).strip()
        if _is_role(phrase):
            return phrase
    return None


def _is_role(phrase: str) -> bool:
    words = re.findall(r"[a-z][a-z'-]*", fold(phrase))
    if not words or len(words) > 12:
        return False
    if any(w in ("said", "says", "told", "was", "is", "were", "has", "had") for w in words):
        return False
    return any(w.rstrip("s") in ROLE_WORDS or w in ROLE_WORDS for w in words)


def role_heads(role: str) -> frozenset[str]:
    """Return the offices a role names ("the city's public works director" -> {"director"}).

    A modifier makes another office ("deputy mayor", "former president"); honorifics
    ("Dr.") name no office and give an empty set.
    """
    words = [w.rstrip(".").removesuffix("'s") for w in re.findall(r"[a-z][a-z'.-]*", fold(role))]
    heads = set()
    modifier = ""
    for word in words:
        if word in HONORIFICS:
            continue
        if word in _MODIFIERS:
            modifier = f"{modifier} {word}".strip()
            continue
        if word in _OFFICES:
            office = f"{modifier} {_OFFICE_ALIASES.get(word, word)}".strip()
            # "former" and "ex" say when, not what: the office is the same one.
            for when in ("former ", "ex "):
                office = office.replace(when, "")
            office = office.replace("interim ", "").replace("acting ", "")
            heads.add(_OFFICE_ALIASES.get(office, office))
            modifier = ""
        elif word in ("and", "of", "for", "at", "in"):
            modifier = ""  # "deputy of X and director": the modifier ends with its phrase
    return frozenset(heads)


def party_of(role: str) -> str | None:
    """Return the party a role names ("R-Texas", "a Democrat from Ohio"), or None."""
    code = _PARTY_CODE.search(role)
    if code:
        return _PARTY_CODES[code.group(1).lower()]
    for word in re.findall(r"[A-Za-z]+", role):
        if word[:1].isupper():
            party = PARTY_MARKERS.get(word.lower())
            if party:
                return party
    return None


_PARTY_BEFORE = re.compile(
    r"\b(Republican|Democratic|Democrat|GOP|Labour|Conservative|Tory)\s+"
    r"(?:(?:Sen|Rep|Gov|Sens|Reps)\.?\s+|(?:[A-Z][a-z]+\s+){0,2})?$"
)
_PARTY_AFTER = re.compile(
    r"^(?:\s*\(([RDI])[-–]|,\s*([RDI])[-–][A-Z]|,\s+(?:a|an|the)\s+(?:[\w.'’-]+\s+){0,3}?"
    r"(Republican|Democrat|Democratic|Labour|Conservative|Tory)\b)"
)


def party_near(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """Return (party, start, end) of the party printed right next to a name, or None.

    Reads "Republican Sen. Lisa Murkowski", "Murkowski (R-Alaska)", "Murkowski, R-Alaska"
    and "Manchin, a West Virginia Democrat"; a party elsewhere in the sentence is not hers.
    """
    before = _PARTY_BEFORE.search(text[max(0, start - 40) : start])
    if before:
        return (_party_word(before.group(1)), start - len(before.group(0)), end)
    after = _PARTY_AFTER.match(text[end : end + 60])
    if after:
        code = after.group(1) or after.group(2)
        party = _PARTY_CODES[code.lower()] if code else _party_word(after.group(3))
        return (party, start, end + after.end())
    return None


def _party_word(word: str) -> str:
    return PARTY_MARKERS.get(word.lower(), word)


# Offices that one person rarely holds two of at once; modifiers such as "deputy" and
# "former" make a different office ("deputy mayor" is not "mayor").
_OFFICES = frozenset(
    """
    president vice premier prime minister secretary senator sen rep representative
    congressman congresswoman governor gov mayor councillor councilor councilman councilwoman
    alderman chancellor king queen prince princess chairman chairwoman chair chairperson
    chief ceo director judge justice commissioner sheriff inspector superintendent
    ambassador spokesman spokeswoman spokesperson speaker coach professor treasurer mp
    general gen admiral colonel captain capt sergeant
    ssp sp dsp asp dig igp aig acp dcp
    """.split()
)
_MODIFIERS = frozenset(
    {
        "deputy",
        "vice",
        "former",
        "acting",
        "interim",
        "prime",
        "assistant",
        "lieutenant",
        "lt",
        "associate",
        "ex",
        "press",
    }
)
_OFFICE_ALIASES = {
    "capt": "captain",
    "sen": "senator",
    "gen": "general",
    "rep": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "gov": "governor",
    "councilor": "councillor",
    "councilman": "councillor",
    "councilwoman": "councillor",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "premier": "prime minister",
    "press secretary": "spokesperson",
}
