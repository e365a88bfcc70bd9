"""Acronyms tied to the names they stand for, inside one article: "Long Name (ACR)".

Initials of the content words ("of", "and", "the" and hyphen connectors skipped), syllable
acronyms ("Werefob"), expansions the model cut in parts ("Election Board" "of Valoria"),
and short forms that keep a word of the name ("(Lakeland CFS)").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsprism.annotate.name_spans import ACRONYM_FILLERS as _ACRONYM_FILLERS
from newsprism.annotate.name_spans import NameSpan as _Span
from newsprism.annotate.name_spans import is_titlecase as _is_titlecase
from newsprism.annotate.records import EntityType


def _content_words(words: list[str]) -> list[str]:
    """Return the words an acronym takes letters from: no fillers, hyphens or connectors.

    "Pakistan Tanzeem - e - Amal" gives Pakistan, Tanzeem, Amal; "of", "and", "the" go.
    """
    return [
        w
        for w in words
        if w.lower() not in _ACRONYM_FILLERS
        and w[:1].isalnum()
        and not (w.islower() and len(w) <= 3)
    ]


def prefixes_spell(letters: str, words: Sequence[str]) -> bool:
    """Return True when ``letters`` are the words' prefixes, each word giving at least one.

    Initials are the usual case ("EBV"); syllable acronyms take more ("Werefob": We-re-fo-b).
    ``letters`` are lower case; the words are compared lower-cased.
    """
    if not words:
        return not letters
    word = words[0].lower()
    for k in range(1, min(len(word), len(letters)) + 1):
        if word[:k] != letters[:k]:
            break
        if prefixes_spell(letters[k:], words[1:]):
            return True
    return False


def _initials_match(acronym: str, words: list[str]) -> bool:
    """Return True when ``acronym``'s letters are the initials of ``words`` (fillers optional)."""
    letters = [c for c in acronym.lower() if c.isalnum()]
    content = _content_words(words)
    if not content or not letters or content[0][0].lower() != letters[0]:
        return False
    initials = "".join(w[0].lower() for w in content if w[:1].isalnum())
    if initials == "".join(letters):
        return True
    if len(content) >= 3 and len(letters) <= 12 and prefixes_spell("".join(letters), content):
        return True
    # Letters taken in order from the words' capitals ("NAACP", "FedEx"-like forms).
    capitals = "".join(c.lower() for w in content for c in w if c.isupper())
    it = iter(capitals)
    return len(letters) >= 2 and all(c in it for c in letters) and len(capitals) <= 2 * len(letters)


def _is_acronym_token(token: Any) -> bool:
    """Return True for "EBV", "U.S.", or a capitalised syllable acronym ("Werefob")."""
    letters = [c for c in token.text if c.isalpha()]
    if not 2 <= len(letters) <= 8:
        return False
    if sum(c.isupper() for c in letters) >= 2:
        return True
    return token.is_alpha and _is_titlecase(token.text) and len(letters) >= 4


def _expansion_start(doc: Any, end: int) -> int:
    """Return where the capitalised words before ``end`` begin ("Election Board of
    Valoria", "Pakistan Tanzeem-e-Amal"), over fillers, hyphens and hyphen connectors."""
    start = end
    while start > 0:
        tok = doc[start - 1]
        if "\n" in tok.whitespace_ or "\n" in tok.text:
            break
        hyphened = tok.text == "-" or (
            tok.is_lower and len(tok.text) <= 3 and start - 2 >= 0 and doc[start - 2].text == "-"
        )
        if _is_titlecase(tok.text) or tok.lower_ in _ACRONYM_FILLERS or hyphened:
            start -= 1
            continue
        break
    while start < end and (
        doc[start].lower_ in _ACRONYM_FILLERS or not doc[start].text[:1].isalnum()
    ):
        start += 1
    return start


def tie_acronyms(doc: Any, spans: list[_Span], owner: list[int]) -> dict[str, tuple[str, str]]:
    """Return acronym -> (expansion, type) for "Long Name (ACR)" in the article.

    The expansion becomes an entity if the model missed it or cut it in parts (the parts
    are dropped for the whole), and the acronym in brackets becomes a mention of it.
    """
    aliases: dict[str, tuple[str, str]] = {}
    n = len(doc)
    for i in range(1, n - 2):
        if doc[i].text != "(":
            continue
        lead = ""
        if doc[i + 2].text != ")":
            # "(Lakeland CFS)": a word of the name kept before the acronym.
            if i + 3 >= n or doc[i + 3].text != ")" or not _is_titlecase(doc[i + 1].text):
                continue
            lead = doc[i + 1].text
            i += 1
        acronym = doc[i + 1].text
        if not _is_acronym_token(doc[i + 1]):
            continue
        end = i - 1 if lead else i
        # The expansion: the entity that ends just before "(", else capitalised words.
        start = -1
        kind: EntityType = "organization"
        if owner[end - 1] >= 0:
            expansion = spans[owner[end - 1]]
            words = [t.text for t in doc[expansion.start : end]]
            begin = expansion.start
            while words and not _bracket_match(lead, acronym, words):
                words.pop(0)
                begin += 1
            if words and begin < end:
                start, kind = begin, expansion.type
        if start < 0:
            begin = _expansion_start(doc, end)
            words = [t.text for t in doc[begin:end]]
            while words and not _bracket_match(lead, acronym, words):
                words.pop(0)
                begin += 1
            if not words or begin >= end:
                continue
            start = begin
            inside = {owner[k] for k in range(start, end) if owner[k] >= 0}
            if any(spans[j].start < start or spans[j].end > end for j in inside):
                continue  # a name that runs over the expansion's edge: leave it
            for j in inside:
                spans[j].dropped = True
                if spans[j].type != "place":
                    kind = spans[j].type
            if inside or owner[start] < 0:
                for k in range(start, end):
                    owner[k] = len(spans)
                spans.append(_Span(start, end, kind, "RULE"))
        if owner[start] < 0 or spans[owner[start]].start != start:
            if any(owner[k] >= 0 for k in range(start, end)):
                continue
            for k in range(start, end):
                owner[k] = len(spans)
            spans.append(_Span(start, end, kind, "RULE"))
        expansion_text = doc[start:end].text
        kind = spans[owner[start]].type
        if lead:
            # "(Lakeland CFS)": the bracket's two words are one mention of the expansion.
            for k in (i, i + 1):
                if owner[k] >= 0:
                    spans[owner[k]].dropped = True
                owner[k] = len(spans)
            spans.append(_Span(i, i + 2, kind, "RULE"))
            aliases[f"{lead} {acronym}"] = (expansion_text, kind)
            continue
        aliases[acronym] = (expansion_text, kind)
        if owner[i + 1] < 0:
            owner[i + 1] = len(spans)
            spans.append(_Span(i + 1, i + 2, kind, "RULE"))
        else:
            spans[owner[i + 1]].type = kind
    return aliases


def _bracket_match(lead: str, acronym: str, words: list[str]) -> bool:
    """Return True when a bracketed short form fits the words before the bracket.

    Without ``lead`` the acronym must fit all the words. "(Lakeland CFS)" after "Lakeland
    Centers for Fire Safety and Rescue": the lead word starts the name and the
    acronym gives the initials of the next words, the last one maybe left out, as such
    short forms often do.
    """
    if not lead:
        return _initials_match(acronym, words)
    content = _content_words(words)
    if len(content) < 3 or content[0].lower() != lead.lower():
        return False
    rest = content[1:]
    letters = "".join(c for c in acronym.lower() if c.isalpha())
    initials = "".join(w[0].lower() for w in rest)
    return letters in (initials, initials[:-1]) and len(letters) >= 2
