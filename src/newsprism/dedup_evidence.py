"""What counts as evidence of copying between two articles: their narration, not their quotes.

Independent reports of one event quote the same statements (a minister's words, a court's
ruling, a press release), often at length; shared quoted speech is therefore no evidence that
one text was copied from the other, nor are the social-media posts both embed. ``narration``
gives an article's text with its quoted passages and embedded posts cut out, and the reprint
detector compares narrations.

A machine-reworded or translated copy keeps the structure of what it copies, not its exact
word sequences: the same numbers and names, in the same order, sentence after sentence.
``anchors`` gives a narration's sequence of such anchors (numbers and capitalised names not
opening a sentence); ``evidence_of`` signs their runs of three, so that two texts sharing
long runs of anchors in order are found by the same MinHash/LSH machinery as shared phrasing,
while independent reports, which share names and
numbers but in another order and among other ones, are not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsprism.annotate.quote_marks import find_quoted
from newsprism.minhash import Signature, text_signature, word_hashes
from newsprism.text import find_embeds

QUOTE_MIN_WORDS = 4
"""A quoted passage shorter than this many words (a scare-quoted word or a title) stays in the
narration: it is the narrator's wording, not a statement printed by everyone."""

_WORD = re.compile(r"[^\W_]+(?:['’.,-][^\W_]+)*")
_VOWELS = frozenset("aeiouy")
_OPENING_GAP = re.compile(r"[.!?…:;\n]")  # between two words: the second opens a sentence


def narration(text: str) -> str:
    """The text with its quoted passages of ``QUOTE_MIN_WORDS`` words or more, and the social
    posts and video captions pasted into it (``newsprism.text.find_embeds``), cut out.

    Each cut is replaced by a line break, so that no word sequence of the narration runs
    across it; offsets are not kept (the result is for comparison only).
    """
    cuts = [
        (p.open, (p.close + 1) if p.close is not None else p.end)
        for p in find_quoted(text)
        if len(_WORD.findall(text[p.start : p.end])) >= QUOTE_MIN_WORDS
    ]
    cuts += [(embed.start, embed.end) for embed in find_embeds(text)]
    if not cuts:
        return text
    parts: list[str] = []
    at = 0
    for start, end in sorted(cuts):
        start = max(start, at)
        parts.append(text[at:start])
        parts.append("\n")
        at = max(at, end)
    parts.append(text[at:])
    return "".join(parts)


def anchors(text: str) -> list[str]:
    """The numbers and capitalised words of ``text`` in order, each as its ``anchor_key``.

    A capitalised word counts unless it opens a sentence or a line (where every word is
    capitalised).
    """
    found: list[str] = []
    previous_end = 0  # where the previous word ended; 0 before the first word
    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].islower() and word.isalpha():  # most words: plain lower case
            previous_end = match.end()
            continue
        named = (
            word[0].isupper()
            and previous_end > 0
            and not _OPENING_GAP.search(text, previous_end, match.start())
        )
        if named or any(ch.isdigit() for ch in word):
            found.append(anchor_key(word))
        previous_end = match.end()
    return found


@lru_cache(maxsize=1 << 16)
def anchor_key(word: str) -> str:
    """A number's digits ("2,000" and "2.000" are "2000"); a name's letters folded to lower
    case without diacritics, and its vowels after the first letter dropped, so that the
    spellings a translation or transliteration gives one name agree ("Zorin"/"Zoren",
    "Karimi"/"Kareemi"/"Kerimi")."""
    if any(ch.isdigit() for ch in word):
        return "".join(ch for ch in word if ch.isdigit())
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold()) if ch.isalnum())
    if not folded:
        return word.casefold()
    key = folded[0] + "".join(ch for ch in folded[1:] if ch not in _VOWELS)
    return re.sub(r"(.)\1+", r"\1", key)


ANCHOR_SHINGLE_SIZE = 3
"""Anchors are signed in runs of three: three anchors in a row, in the same order, make one
shingle (on the dev set, runs of three set a reworded copy further apart from independent
reports that follow one press release's order of figures than pairs do)."""


@dataclass(frozen=True)
class Evidence:
    """The three signatures the reprint detector compares for one article.

    ``text`` signs the whole text (its ``exact_key`` groups identical texts); ``narration``
    the text without its quoted passages and embedded posts; ``anchors`` the runs of three
    consecutive anchors of the narration (``anchors.shingles`` is how many distinct runs).
    All three are made with the same ``num_perm`` and ``seed``, so registers of one may be
    compared with another's. A text with no narration (all quoted) or no anchors gets a
    signature of a word unique to the text in their place, so that it matches nothing but an
    identical text.
    """

    text: Signature
    narration: Signature
    anchors: Signature


def evidence_of(
    text: str, *, num_perm: int = 128, shingle_size: int = 3, seed: int = 1, source: str = "text"
) -> Evidence:
    """The Evidence of a text; raises EmptyInputError when the text has no words."""
    whole = text_signature(
        text, num_perm=num_perm, shingle_size=shingle_size, seed=seed, source=source
    )
    told = narration(text)
    own = f"only{whole.exact_key.hex()}"
    if not len(word_hashes(told)):
        told = own
    runs = " ".join(anchors(told)) or own
    return Evidence(
        whole,
        text_signature(told, num_perm=num_perm, shingle_size=shingle_size, seed=seed),
        text_signature(runs, num_perm=num_perm, shingle_size=ANCHOR_SHINGLE_SIZE, seed=seed),
    )
