"""What a quoted passage is, by its shape: a title, a scare quote, a quote carried on.

Cheap tests on the words of a passage and of the text around it, used by ``quotes`` before
and after the parse-based attribution rules.
"""

from __future__ import annotations

import re

_SENTENCE_BREAK = re.compile(r"[.!?](?=\s|$)")

_SMALL_WORDS = frozenset("a an the of and or in on to for at by with from as is vs".split())


def looks_like_title(content: str) -> bool:
    """Return True for a short title-cased passage: a show, a book, a slogan, a nickname."""
    words = [w for w in content.split() if any(c.isalpha() for c in w)]
    if not words or len(words) > 8:
        return False
    if len(words) == 1:
        return False
    big = [w for w in words if w.lower().strip(".,!?'’\"") not in _SMALL_WORDS]
    capitalised = sum(1 for w in big if w.lstrip("(['‘“\"")[:1].isupper())
    return bool(big) and capitalised == len(big)


# Words that carry no content of their own in a short quoted phrase.
_FILLERS = _SMALL_WORDS | frozenset("so-called this that these those his her its their our".split())


def scare_quoted(content: str) -> bool:
    """Return True for words quoted inside a sentence that say nothing on their own.

    One content word ("the so-called “reform”", "called the plan “a disaster”") is a term
    the reporter marks, not a statement that another outlet can be said to print.
    """
    words = [w.strip(".,;:!?'’\"“”()[]").lower() for w in content.split()]
    return sum(1 for w in words if w and w not in _FILLERS) < 2


def _one_sentence(gap: str) -> bool:
    """Return True when the text between two quotes is at most the first one's attribution."""
    return len(_SENTENCE_BREAK.findall(gap)) <= 1


def carries_on(gap: str) -> bool:
    """Return True when a quote after ``gap`` carries on the quote before it.

    The gap is at most the first quote's attribution, in the same or the next paragraph, or
    a mere fragment (a word broken off by the page) between quote paragraphs.
    """
    if len(gap.split()) <= 1:
        return True
    return gap.count("\n") <= 2 and len(gap) < 400 and _one_sentence(gap)
