"""Whether two printed quotes are one statement: a measured word alignment.

Outlets print one statement with small differences: an excerpt of it, "I'm" for "I am",
other punctuation, a word changed in translation, an ellipsis for words left out. Two
statements by one side can also share a phrase ("the strongest possible terms") and still be
two things said. The measure here is the longest common subsequence of the two quotes'
content words (stop words left out, light stems, contractions spelled out): two quotes are
one statement when that alignment covers most of the shorter one's content words in order,
not when they merely share a phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsprism.compare.words import FUNCTION_VERBS, NUMBER_WORDS, STOP_WORDS, fold, stem

# Share of the shorter quote's content words that must align in order, measured on the
# real-coverage dev set: printings of one statement (translations, copy edits, paraphrases
# inside quote marks) align at 0.67 and above; different statements of one side or of two
# bodies on one subject at 0.62 and below.
SAME_STATEMENT_SHARE = 0.65
# Where the outlets name different speakers, the words must agree more closely.
DIFFERENT_SPEAKER_SHARE = 0.85
# Fewest content words in common before two quotes can be one statement by alignment.
MIN_SHARED = 3
# Fewest words for an exact excerpt of a longer quote to be that quote.
MIN_EXCERPT = 3
# Fewest words for two windows on one longer statement, one ending where the other starts
# ("…the platform the world has waited for – production is ramping at full speed" and
# "Production is ramping at full speed. The race is on…"), to be that statement.
MIN_OVERLAP = 6

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# Cuts in a printed quote: ellipses ("…", "...", "[…]") and an editor's insertion in brackets
# or parentheses ("That number (of total deaths) will grow"): speech has no parentheses, so
# the words inside are the outlet's, not the speaker's.
_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.|\[[^\[\]]{0,80}\]|\([^()]{0,80}\)")

# Contractions spelled out, so that "I'm" and "I am" are the same words.
_WHOLE = {
    "won't": ("will", "not"),
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("is", "not"),
    "let's": ("let", "us"),
    "i'm": ("i", "am"),
    "it's": ("it", "is"),
    "he's": ("he", "is"),
    "she's": ("she", "is"),
    "that's": ("that", "is"),
    "there's": ("there", "is"),
    "what's": ("what", "is"),
    "who's": ("who", "is"),
    "here's": ("here", "is"),
}
_SUFFIXES = (("n't", "not"), ("'re", "are"), ("'ve", "have"), ("'ll", "will"), ("'d", "would"))


@dataclass(frozen=True)
class QuoteAlignment:
    """How two printed quotes line up.

    ``shared`` is the length of the longest common subsequence of their content words;
    ``short_share`` and ``long_share`` what share of the shorter and of the longer quote's
    content words it covers; ``excerpt`` whether the shorter quote's words (all of them,
    contractions spelled out, punctuation ignored) run unbroken in the longer one, piece by
    piece where an ellipsis marks words left out; ``overlap`` whether the two are windows on
    one longer statement: a run of at least ``MIN_OVERLAP`` words that ends one quote and
    starts the other.
    """

    shared: int
    short_share: float
    long_share: float
    excerpt: bool
    overlap: bool = False


def statement_words(text: str) -> tuple[str, ...]:
    """Return the folded words of a quote with contractions spelled out ("I'm" -> i, am)."""
    out: list[str] = []
    for match in _WORD.finditer(fold(text)):
        out.extend(_expand(match.group(0)))
    return tuple(out)


def _expand(word: str) -> tuple[str, ...]:
    if word in _WHOLE:
        return _WHOLE[word]
    for suffix, full in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)], full)
    return (word,)


def statement_pieces(text: str) -> tuple[tuple[str, ...], ...]:
    """Return the quote's words in the pieces its ellipses ("…", "...", "[…]") and bracketed
    insertions mark off."""
    pieces = (statement_words(piece) for piece in _ELLIPSIS.split(text))
    return tuple(piece for piece in pieces if piece)


def content_sequence(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return the stems of the content words among ``words``, in order."""
    out = []
    for token in words:
        for word in token.split("-"):
            if (
                word
                and word not in STOP_WORDS
                and word not in FUNCTION_VERBS
                and not word[0].isdigit()
                and word not in NUMBER_WORDS
            ):
                out.append(stem(word))
    return tuple(out)


def common_subsequence(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Return the length of the longest common subsequence of ``a`` and ``b``."""
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def is_excerpt(pieces: tuple[tuple[str, ...], ...], whole: tuple[str, ...]) -> bool:
    """Return True when every piece runs unbroken in ``whole``, the pieces in order."""
    if not pieces:
        return False
    position = 0
    for piece in pieces:
        found = _find(piece, whole, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def _find(part: tuple[str, ...], whole: tuple[str, ...], start: int) -> int:
    n = len(part)
    first = part[0]
    for i in range(start, len(whole) - n + 1):
        if whole[i] == first and whole[i : i + n] == part:
            return i
    return -1


def align(
    a_pieces: tuple[tuple[str, ...], ...],
    a_content: tuple[str, ...],
    b_pieces: tuple[tuple[str, ...], ...],
    b_content: tuple[str, ...],
) -> QuoteAlignment:
    """Return how quote ``a`` and quote ``b`` line up (their pieces and content words)."""
    a_words = tuple(w for piece in a_pieces for w in piece)
    b_words = tuple(w for piece in b_pieces for w in piece)
    if len(a_words) <= len(b_words):
        short_pieces, long_words = a_pieces, b_words
        short_content, long_content = a_content, b_content
    else:
        short_pieces, long_words = b_pieces, a_words
        short_content, long_content = b_content, a_content
    excerpt = sum(len(p) for p in short_pieces) >= MIN_EXCERPT and is_excerpt(
        short_pieces, long_words
    )
    shared = common_subsequence(short_content, long_content) if short_content else 0
    return QuoteAlignment(
        shared=shared,
        short_share=shared / len(short_content) if short_content else 0.0,
        long_share=shared / len(long_content) if long_content else 0.0,
        excerpt=excerpt,
        overlap=not excerpt and are_windows(a_words, b_words),
    )


def are_windows(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Return True when a long run of words ends one of ``a``/``b`` and starts the other."""
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    if match.size < MIN_OVERLAP:
        return False
    a_ends = match.a + match.size >= len(a) - 1
    b_ends = match.b + match.size >= len(b) - 1
    return (a_ends and match.b <= 1) or (b_ends and match.a <= 1)


def same_statement(alignment: QuoteAlignment, share: float = SAME_STATEMENT_SHARE) -> bool:
    """Return True when an alignment says two printed quotes are one statement.

    ``share`` is the share of the shorter quote's content words that must align in order
    (``DIFFERENT_SPEAKER_SHARE`` where the outlets name different speakers).
    """
    if alignment.excerpt or alignment.overlap:
        return True
    return alignment.shared >= MIN_SHARED and alignment.short_share >= share
