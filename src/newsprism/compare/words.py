"""Words for comparing passages: tokens, folded forms, light stems, stop words.

Comparison works on what was printed, not on a parse: every function here is cheap enough
to run over every sentence of a fifty-article story many times over.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)

STOP_WORDS = frozenset(
    """
    a an the and or but nor of to in on at by for from with without into onto upon over under
    about above below after before since until during through between among against as than
    then so such that this these those there here it its it's itself he him his she her hers
    they them their theirs we us our ours you your yours i me my mine who whom whose which what
    when where why how is are was were be been being am do does did doing done have has had
    having will would shall should can could may might must not no yes also just only very
    more most much many some any all each every both either neither other another own same too
    said says say told tells according if while because although though whether one ones
    up down out off again further once new s t mr mrs ms dr
    """.split()
)

# Auxiliary and modal words: kept apart from the stop words because a paraphrase changes them
# ("we will" / "we are going to") while the content stays the same.
FUNCTION_VERBS = frozenset(
    "will would shall should can could may might must going gonna get got".split()
)

NUMBER_WORDS = frozenset(
    """
    zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion trillion dozen
    """.split()
)
_SUFFIXES = ("ing", "edly", "ed", "ies", "es", "s", "ly", "ment")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Return ``text`` lower-cased, accents removed and typographic marks made plain."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("’", "'").replace("‘", "'").lower()


def tokens(text: str) -> list[str]:
    """Return the folded words of ``text`` (punctuation dropped, "U.S." kept as "u.s")."""
    return [m.group(0).rstrip(".") for m in WORD.finditer(fold(text))]


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Return each word of ``text`` as (folded word, start, end) offsets into ``text``."""
    out = []
    for m in WORD.finditer(text):
        word = fold(m.group(0)).rstrip(".")
        if word:
            out.append((word, m.start(), m.start() + len(m.group(0).rstrip("."))))
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return a light stem of a folded word ("injured" / "injuring" / "injuries" -> "injur")."""
    word = word.replace("'s", "").replace("'", "")
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]
    return word


# British and American spellings of one word ("organisation" / "organization", "labour" /
# "labor", "centre" / "center", "defence" / "defense"), folded to one form before stemming.
_SPELLINGS = (
    (re.compile(r"^(\w{3,})is(e|ed|es|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(\w{3,})ys(e|ed|es|ing|is)$"), r"\1yz\2"),
    (re.compile(r"^(\w{2,}[^aeiou])our(s|ed|ing|able|ite|ites)?$"), r"\1or\2"),
    (re.compile(r"^(\w{2,})tre(s)?$"), r"\1ter\2"),
    (re.compile(r"^(defen|offen|licen|preten)ce(s)?$"), r"\1se\2"),
)


def american(word: str) -> str:
    """Return a folded word in its American spelling where a regular rule gives it."""
    for pattern, replacement in _SPELLINGS:
        if pattern.match(word):
            return pattern.sub(replacement, word)
    return word


def content_stems(text: str) -> list[str]:
    """Return the stems of the content words of ``text``, in order.

    Stop words and numbers are dropped (figures are compared as figures), and hyphenated
    words count as their parts ("trillion-dollar").
    """
    return [stem(word) for word in _content_words(text)]


def _content_words(text: str) -> Iterator[str]:
    """Yield the content words of ``text`` in order: hyphenated words as their parts, stop
    words, function verbs and numbers left out."""
    for token in tokens(text):
        for word in token.split("-"):
            if (
                word
                and word not in STOP_WORDS
                and word not in FUNCTION_VERBS
                and (not word[0].isdigit() and word not in NUMBER_WORDS)
            ):
                yield word


_FAMILIES_FILE = Path(__file__).parent / "data" / "word_families.txt"


@lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    """Return stem -> the stem of its family's first word (see data/word_families.txt)."""
    out: dict[str, str] = {}
    for line in _FAMILIES_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            head = stem(fold(words[0]))
            for word in words:
                out.setdefault(stem(fold(word)), head)
    return out


def fact_stems(text: str) -> list[str]:
    """Return the content stems of ``text`` with words of one family made one ("detained" /
    "arrested" -> one stem): the words two reports of one fact are compared on."""
    families = _families()
    out = []
    for word in _content_words(text):
        s = stem(american(word.removesuffix("'s")))
        out.append(families.get(s, s))
    return out


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Return |a & b| / |a | b|, 0.0 for two empty sets."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Return the share of the smaller set that the other set contains (0.0 when one is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
