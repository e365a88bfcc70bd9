"""Names as outlets print them: honorifics and titles cut off, parts, initials, spellings.

Everything here compares two names of one type and says how they relate; which mentions end
up as one entity is decided in ``newsprism.compare.entities``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from newsprism.annotate.lexicon import HONORIFICS as ANNOTATE_HONORIFICS
from newsprism.compare.acronyms import name_words
from newsprism.compare.spelling import jaro_winkler, same_spelled_name, spelling_key
from newsprism.compare.words import fold

# The annotate stage's honorifics of many cultures (annotate/data/honorifics.txt) are cut
# off names here too, so that a name printed with one is the same name.
HONORIFICS = (
    frozenset(
        """
        mr mrs ms miss mx dr prof sir dame lord lady sheikh rev reverend fr rabbi imam pastor
        bishop cardinal herr frau mme mlle
        """.split()
    )
    | ANNOTATE_HONORIFICS
)
TITLES = frozenset(
    """
    president vice premier prime minister secretary senator sen rep representative
    congressman congresswoman governor gov lt mayor councillor councilor councilman
    councilwoman alderman chancellor king queen prince princess emir sultan ayatollah chairman
    chairwoman chair chairperson chief ceo director judge justice commissioner sheriff
    inspector superintendent detective sergeant sgt captain capt col colonel gen general
    major maj admiral ambassador spokesman spokeswoman spokesperson speaker leader coach
    professor treasurer mp mep lawmaker officer deputy acting former interim attorney
    assemblyman assemblywoman fire police state foreign finance interior defense defence
    health first lady pope saint st constable trooper agent deputy corporal cpl private pvt
    comedian actor actress singer rapper author writer star quarterback pitcher coach
    reporter anchor host chef rep. sen. gov. pres
    """.split()
)
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PARTICLES = frozenset(
    {
        "de",
        "da",
        "di",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "al",
        "el",
        "bin",
        "ibn",
        "abu",
        "ben",
        "du",
        "dos",
        "das",
    }
)
_ORG_FILLERS = frozenset(
    {"of", "for", "and", "the", "de", "du", "des", "la", "le", "&", "on", "in", "at"}
)
# Common names for the same place or body that no rule derives.
_KNOWN_FORMS = {
    "us": "united states",
    "u.s": "united states",
    "usa": "united states",
    "u.s.a": "united states",
    "america": "united states",
    "united states of america": "united states",
    "uk": "united kingdom",
    "u.k": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "un": "united nations",
    "u.n": "united nations",
    "eu": "european union",
    "e.u": "european union",
}


@dataclass(frozen=True)
class PersonName:
    """A person's name split into given names and surname, titles and honorifics removed."""

    given: tuple[str, ...]
    surname: str

    @property
    def full(self) -> bool:
        """Return True when the name has a given name (or an initial) besides the surname."""
        return bool(self.given)


def words_of(name: str) -> list[str]:
    """Return the folded words of a name, keeping initials ("J.") as single letters."""
    return [w for w in re.split(r"[\s\u00a0]+", fold(name).replace("’", "'")) if w]


def clean_words(name: str) -> list[str]:
    """Return a name's words without a leading "the", honorifics, titles or a possessive."""
    return list(_clean_words(name))


@lru_cache(maxsize=65536)
def _clean_words(name: str) -> tuple[str, ...]:
    words = [w.strip(".,;:()\"'“”‘’«»") for w in words_of(name)]
    words = [w.removesuffix("'s") for w in words if w]
    # Words without a letter ("7′" before a scorer's name) are no part of a name.
    words = [w for w in words if any(c.isalpha() for c in w)]
    while words and (words[0] == "the" or words[0] in HONORIFICS):
        words.pop(0)
    return tuple(w for w in words if w)


@lru_cache(maxsize=65536)
def person_name(name: str) -> PersonName:
    """Return a person's name parts ("Dr. Amara Okafor" -> given ("amara",), "okafor")."""
    words = clean_words(name)
    while len(words) > 1 and (words[0] in TITLES or words[0] in HONORIFICS):
        words.pop(0)
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    if not words:
        return PersonName((), "")
    surname_start = len(words) - 1
    while surname_start > 1 and words[surname_start - 1] in PARTICLES:
        surname_start -= 1
    surname = " ".join(words[surname_start:])
    given = tuple(w for w in words[:surname_start] if w not in PARTICLES)
    return PersonName(given, surname)


@lru_cache(maxsize=16384)
def skeleton(word: str) -> str:
    """Return a spelling skeleton that transliteration variants share.

    "Gaddafi", "Qaddafi" and "Kadhafi" all give "kdf"; "Mohammed" and "Muhammad" give
    "mhmd". Vowels are dropped after the first letter, look-alike consonants merged and
    doubled letters collapsed.
    """
    w = fold(word).replace("-", "").replace("'", "").replace(" ", "")
    for a, b in (
        ("ph", "f"),
        ("kh", "k"),
        ("gh", "g"),
        ("dh", "d"),
        ("th", "t"),
        ("sh", "s"),
        ("ch", "k"),
        ("ck", "k"),
        ("q", "k"),
        ("c", "k"),
        ("z", "s"),
        ("x", "ks"),
        ("w", "v"),
        ("j", "y"),
        ("ou", "u"),
    ):
        w = w.replace(a, b)
    if not w:
        return ""
    head, rest = _HEADS.get(w[0], w[0]), w[1:]
    rest = re.sub(r"[aeiouyh]", "", rest)
    out = head
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


# First letters that transliterations swap ("Gurbanguli" / "Kurbanguly").
_HEADS = {"g": "k", "q": "k", "c": "k", "j": "y", "i": "y", "w": "v", "z": "s", "x": "s"}


def similar_spelling(a: str, b: str) -> bool:
    """Return True when two words are spellings of one name (transliteration, accents)."""
    if a == b or same_spelled_name(a, b):
        return True
    if not a or not b or (a[0] != b[0] and skeleton(a)[:1] != skeleton(b)[:1]):
        return False
    if min(len(a), len(b)) < 4:
        return False
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb and (len(sa) >= 3 or min(len(a), len(b)) >= 5):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.86 and abs(len(a) - len(b)) <= 2


def given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Return True when two lists of given names can belong to one person.

    A dropped middle name, an initial for a name, and a variant spelling all fit; two
    different first names do not ("Amara" / "Chidi").
    """
    if not a or not b:
        return True
    first_a, first_b = a[0], b[0]
    short_side, long_side = (a, b) if len(a) < len(b) else (b, a)
    if len(short_side) < len(long_side) and long_side[-len(short_side) :] == short_side:
        return True  # a dropped first name before a compound surname: "(Daniella) Levine Cava"
    if not _given_word_fits(first_a, first_b):
        # Someone known by a middle name: "L. Patrick Gray" / "Patrick Gray".
        a_rest = a[1:] if len(first_a) == 1 else a
        b_rest = b[1:] if len(first_b) == 1 else b
        if (a_rest, b_rest) == (a, b) or not a_rest or not b_rest:
            return False
        return _given_word_fits(a_rest[0], b_rest[0])
    # Middle names: every initial or name on the shorter side must fit one on the longer side.
    short, long = (a[1:], b[1:]) if len(a) <= len(b) else (b[1:], a[1:])
    return all(any(_given_word_fits(x, y) for y in long) for x in short) or not long


def _given_word_fits(x: str, y: str) -> bool:
    x, y = x.rstrip("."), y.rstrip(".")
    if len(x) == 1 or len(y) == 1:
        return x[:1] == y[:1]
    if x == y or similar_spelling(x, y):
        return True
    if (
        _NICKNAMES.get(x) == y
        or _NICKNAMES.get(y) == x
        or (x in _NICKNAMES and _NICKNAMES.get(x) == _NICKNAMES.get(y))
    ):
        return True
    # Short forms that are prefixes ("Jim"/"James" is not, "Rob"/"Robert" is).
    return len(x) >= 3 and len(y) >= 3 and (x.startswith(y) or y.startswith(x))


def joined_tail(name: PersonName) -> PersonName:
    """Return the name with its last given name joined to the surname.

    "Hamid Al-e Karimi" is printed "Hamid Alekarimi", "Navid Tarek-Zadeh" as
    "Naveed Tareq Zade": the surname is then two words.
    """
    if not name.given:
        return name
    return PersonName(name.given[:-1], name.given[-1] + name.surname)


def full_names_match(a: PersonName, b: PersonName) -> bool:
    """Return True when two full names can be one person's: surname and given names fit,
    the surname also when one name prints it as two words."""
    for x, y in ((a, b), (joined_tail(a), b), (a, joined_tail(b))):
        if surnames_match(x, y) and given_compatible(x.given, y.given):
            return True
    return False


@lru_cache(maxsize=65536)
def name_prefix_of(short: str, long: str) -> bool:
    """Return True when ``short``'s words start ``long``'s, with more words in ``long``.

    "Tavish" / "Tavish Orrin", "Reza Tavakoli" / "Reza Tavakoli Nia": a given name alone, or a
    name with its last part dropped.
    """
    s, full = clean_words(short), clean_words(long)
    if not s or len(s) >= len(full):
        return False
    return all(similar_spelling(x, y) for x, y in zip(s, full[: len(s)], strict=True))


def surnames_match(a: PersonName, b: PersonName) -> bool:
    """Return True when two person names share a surname, allowing variant spellings."""
    if not a.surname or not b.surname:
        return False
    if a.surname.replace("-", "") == b.surname.replace("-", ""):
        return True
    if a.surname.rsplit("-", 1)[-1] == b.surname.rsplit("-", 1)[-1]:
        return True  # "Taylor-Greene" / "Greene"
    return a.surname == b.surname or similar_spelling(
        a.surname.replace(" ", ""), b.surname.replace(" ", "")
    )


# Title words that only qualify an office ("police chief", "health minister", "acting"): at
# the end of a name they are the body's own ("State Police", "Ministry of Health").
_TITLE_QUALIFIERS = frozenset(
    "fire police state foreign finance interior defense defence health first acting former "
    "interim vice prime st saint".split()
)
_TRAILING_TITLES = TITLES - _TITLE_QUALIFIERS


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """Return the comparable form of an organisation or place name.

    Dots and hyphens go ("U.S." = "US"), and so do title words the model left at the end
    ("Joint Chiefs of Staff Chair").
    """
    words = [w.replace(".", "") for w in clean_words(name.replace("-", " "))]
    words = [w for w in words if w]
    while len(words) > 1 and (words[-1] in _TRAILING_TITLES or words[-1] in HONORIFICS):
        words.pop()
    if len(words) > 1:
        # "U.S. Bureau of Lighthouses" = "United States Bureau of Lighthouses"; "Republic of
        # the Valoria" = "Republic of Valoria".
        words = [w for w in name_words(" ".join(words)) if w != "the"] or words
    key = " ".join(words)
    return _KNOWN_FORMS.get(key, _KNOWN_FORMS.get(key.replace(" ", ""), key))


@lru_cache(maxsize=65536)
def spelling_variants(a: str, b: str) -> bool:
    """Return True when two organisation or place names differ only by spelling.

    Word by word ("Joints" / "Joint"); as a whole with spaces and hyphens ignored
    ("Tanzeem-e-Amal" / "Tanzeem-i-Amal", "Marda Kot" / "Merda Kot"); or, for one word of
    six letters or more, one letter apart in the spelling key ("Dhorpatan" / "Dhorpatana").
    Numbers must agree ("Orbiter-2" is not "Orbiter-3").
    """
    ka, kb = org_key(a), org_key(b)
    wa, wb = ka.split(), kb.split()
    if wa == wb or re.findall(r"\d+", ka) != re.findall(r"\d+", kb):
        return False
    if (
        len(wa) == len(wb)
        and len(wa) >= 2
        and all(
            x == y or (len(x) >= 5 and similar_spelling(x, y)) for x, y in zip(wa, wb, strict=True)
        )
    ):
        return True
    sa, sb = spelling_key(ka), spelling_key(kb)
    letters = min(len(ka.replace(" ", "")), len(kb.replace(" ", "")))
    if letters < 6 or not sa or not sb or sa[0] != sb[0]:
        return False
    if sa == sb:
        return True
    return len(wa) == 1 and len(wb) == 1 and _one_edit(sa, sb) and jaro_winkler(sa, sb) >= 0.9


def _one_edit(a: str, b: str) -> bool:
    # One vowel (an "a" in the spelling key) added or dropped: "Dhorpatan" /
    # "Dhorpatana", not "Velmaria" / "Velmarian".
    if len(a) == len(b) or abs(len(a) - len(b)) > 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[i] == "a" and long[:i] + long[i + 1 :] == short for i in range(len(long)))


@lru_cache(maxsize=65536)
def word_order_variant(a: str, b: str) -> bool:
    """Return True for one two-word name printed in both orders ("Tarsa West" / "West Tarsa")."""
    wa, wb = clean_words(a), clean_words(b)
    if len(wa) != 2 or len(wb) != 2 or wa == wb:
        return False
    return similar_spelling(wa[0], wb[1]) and similar_spelling(wa[1], wb[0])


@lru_cache(maxsize=65536)
def short_form_of(short: str, long: str) -> bool:
    """Return True when ``short`` names ``long`` with words left out ("the Fed Council").

    Every word of the short form must appear, in order, in the long form, and the short form
    must keep the long form's last word or its distinctive first word: "Supreme Court" for
    "U.S. Supreme Court", "Calloway" for "Calloway Agri-Supply".
    """
    s = [w for w in clean_words(short) if w not in _ORG_FILLERS]
    long_words = [w for w in clean_words(long) if w not in _ORG_FILLERS]
    if not s or len(s) >= len(long_words) or (len(s) == 1 and s[0] in GENERIC_ORG_WORDS):
        return False
    it = iter(long_words)
    if not all(w in it for w in s):
        return False
    return s[-1] == long_words[-1] or s[0] == long_words[0]


def edit_pair(a: str, b: str) -> tuple[list[str], list[str]]:
    """Return the words only in ``a`` and only in ``b`` (order kept) of two names."""
    wa, wb = clean_words(a), clean_words(b)
    only_a = [w for w in wa if w not in wb]
    only_b = [w for w in wb if w not in wa]
    return only_a, only_b


# English short forms of given names that no spelling rule derives (short -> full).
_NICKNAMES = {
    short: full
    for full, shorts in {
        "charles": "chuck charlie",
        "william": "bill billy will",
        "robert": "bob bobby rob",
        "richard": "dick rick",
        "james": "jim jimmy",
        "michael": "mike",
        "joseph": "joe",
        "thomas": "tom tommy",
        "edward": "ted ed eddie",
        "elizabeth": "liz beth betsy",
        "margaret": "maggie peggy",
        "katherine": "kate kathy katie",
        "catherine": "cathy",
        "christopher": "chris",
        "daniel": "dan danny",
        "david": "dave",
        "anthony": "tony",
        "steven": "steve",
        "stephen": "steve",
        "nicholas": "nick",
        "benjamin": "ben",
        "jonathan": "jon",
        "john": "jack",
        "alexander": "alex",
        "patricia": "pat",
        "patrick": "pat",
        "samuel": "sam",
        "andrew": "andy",
        "matthew": "matt",
        "gregory": "greg",
        "jeffrey": "jeff",
        "kenneth": "ken",
        "lawrence": "larry",
        "ronald": "ron",
        "donald": "don",
        "timothy": "tim",
        "theodore": "ted",
        "rebecca": "becky",
        "susan": "sue",
        "deborah": "debbie deb",
        "jennifer": "jen jenny",
        "mitchell": "mitch",
        "frederick": "fred",
        "gerald": "gerry jerry",
    }.items()
    for short in shorts.split()
}


# Words that name a kind of body, not one body: alone, they are no short form of a name
# ("House" is not "White House", "Court" not "Supreme Court").
GENERIC_ORG_WORDS = frozenset(
    """
    house senate court council committee department ministry agency union party government
    administration office board commission assembly congress parliament police army force
    university school hospital company group association federation bank fund center centre
    city state county republic church team club service services authority
    """.split()
)
