"""Page furniture: what a page prints about itself, around the story, found in its text.

Bylines ("By Jane Doe"), role and desk lines ("Staff Reporter", "Web Desk"), lines of a few
capitalised words alone (an author's or an agency's name, "Associated Press"; a section
label), editor's notes ("This is a developing story", "Copyright ..."), photo captions and
credits ("... — AFP/File", "File Photo: AGENCY/Name", "(AP Photo/Name)", "Photo: X",
"Image source, X"), credit-only lines ("Courtesy: X", "Source: X", "--IANS", an
editor's initials "abc/xyz"), links to other articles ("Related: ...", "Read also: ..."),
page-header dates and times ("Jane Doe Published May 20, 2024 | 03:10 PM"), a dateline's date
and agency ("RIVERTON, Nov 4:", "Selm, (AGENCY - 20th May, 2031)"), an agency's sign-off
("— AFP") and pasted social-media posts ("... — Name (@handle) May 1, 2024"). None of it is a
claim, a timeline entry or a summary sentence.

``furniture_spans`` gives the character spans; ``narration`` trims them off a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from newsprism.annotate.lexicon import OUTLETS
from newsprism.compare.furniture_lexicon import (
    BYLINE_OPENERS,
    CREDIT_LABELS,
    HEADER_DATE_WORDS,
    LINK_LABELS,
    NOTE_OPENERS,
    PHOTO_CREDITS,
    ROLE_WORDS,
)

Span = tuple[int, int]


def _alternation(words: Sequence[str] | frozenset[str]) -> str:
    """Return a regex alternation of ``words``, longest first, spaces matching any spacing."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w))
    )


_AGENCY = _alternation(OUTLETS | frozenset(PHOTO_CREDITS))
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DASH = r"[-\u2010-\u2015\u2212]"
_END = r"[.!?\"”’')\]]$"  # how a sentence of running text ends

_BYLINE = re.compile(
    rf"^(?i:{_alternation(BYLINE_OPENERS)})\s*:?\s+[A-Z][\w'’.-]*"
    r"(?:(?:\s+|\s*,\s*)(?:[A-Z][\w'’.-]*|and|&|de|da|del|van|von|al|el|bin|ibn))*"
    rf"\s*(?:(?:\||,|{_DASH}{{1,2}})\s*[^.!?]{{0,60}})?$"
)
_NAME_WORD = r"(?:[A-Z][\w'’&.-]*|of|the|and|&|de|da|del|van|von|al|el|bin|ibn|la|le)"
# An author credited with an agency or an outlet ("Jane Doe, Reuters", "Jane Doe | AFP").
_NAME_AGENCY = re.compile(
    rf"^[A-Z][\w'’.-]*(?:\s+{_NAME_WORD}){{0,4}}\s*(?:,|\||/|{_DASH}{{1,2}})\s*"
    rf"(?i:(?:{_AGENCY}))\.?$"
)
_LABEL = re.compile(rf"^[A-Z][\w'’&.-]*(?:\s+{_NAME_WORD}){{0,3}}$")
# A subheading in title case ("Revenue Guidance for the Second Quarter").
_SMALL_WORD = r"(?:a|an|the|of|for|and|or|in|on|at|to|by|with|from|vs\.?|as|is|its)"
_TITLE_CASE = re.compile(rf"^[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|{_SMALL_WORD})){{1,7}}$")
_CREDIT_LINE = re.compile(
    rf"^(?:(?:{_alternation(CREDIT_LABELS)})\s*[:|]|(?:image|media|photo|video|picture)\s+"
    rf"(?:source|caption|credit)s?\s*,)\s*[^.!?]{{1,80}}$",
    re.IGNORECASE,
)
_NOTE = re.compile(rf"^\(?\s*(?:{_alternation(NOTE_OPENERS)})", re.IGNORECASE)
_LINK_LINE = re.compile(rf"^(?:{_alternation(LINK_LABELS)})(?:\s*[:|»>]\s*.*|\s*)$", re.IGNORECASE)
_SIGN_OFF_LINE = re.compile(
    rf"^(?:{_DASH}{{1,2}}\s*[A-Za-z]{{2,15}}|[a-z]{{2,4}}(?:/[a-z]{{2,4}})+|\(?\s*with\s+inputs?"
    rf"\s+from\s+[^.]{{1,60}}\)?\.?)$",
    re.IGNORECASE,
)
# A page header's date line: at most a name or a desk before the word, a date or a time after.
_HEADER_DATE = re.compile(
    rf"^(?:(?:[A-Z][\w.'’-]*|[|•,-])\s+){{0,5}}(?i:{_alternation(HEADER_DATE_WORDS)})\b"
    rf"\s*(?i:on|at)?\s*[:|]?\s*(?=.*(?:\d{{1,2}}[:.]\d{{2}}|\b\d{{4}}\b|(?i:{_MONTH})|"
    r"(?i:\bago\b)))[\w ,.:|/•+()-]{1,80}$"
)
_DATE_ONLY = re.compile(
    rf"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s*)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?"
    rf",?\s*\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s*\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:\s*[,|•\-–—]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?$",
    re.IGNORECASE,
)
# The end of a photo caption: a photo credit.
# (A label or an AGENCY/Name credit follows the caption's sentence, or opens the line.)
_PHOTO_TAIL = re.compile(
    rf"""(?:
        (?:^|(?<=[.!?"”’)])\s+)(?i:{_alternation(CREDIT_LABELS)})\s*[:|/]\s*[^.!?:]{{1,60}}
      | (?:^|(?<=[.!?"”’)])\s+)[A-Z]{{2,}}/[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}
      | {_DASH}{{1,2}}\s*(?i:{_AGENCY})\s*/\s*[A-Za-z][\w .'’-]{{0,40}}
      | \([^()]{{0,40}}\b(?i:photo|image|file|picture|pic)\b[^()]{{0,60}}\)
      | \|\s*(?i:photo|image|picture)\b[^|]{{0,60}}
    )\s*\.?\s*$""",
    re.VERBOSE,
)
_SIGN_OFF_TAIL = re.compile(rf"(?<=[.!?”\"])\s*{_DASH}{{1,2}}\s*(?:{_AGENCY})\s*\.?\s*$", re.I)
# A pasted post: its link, and its trailer "— Name (@handle) May 1, 2024".
_POST = re.compile(
    rf"(?:pic\.twitter\.com/\w+|https?://t\.co/\w+)"
    rf"|{_DASH}\s*[^()\n]{{1,60}}?\s*(?:\([^()@\n]{{1,40}}\)\s*)?\(@\w{{1,30}}\)"
    rf"(?:\s*(?:{_MONTH}\s+\d{{1,2}},\s*\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}))?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’')]?\s+")
_PLACE = r"[A-Z][\w .'’-]{1,40}(?:,\s*[A-Z][\w .'’-]{1,30})?"
_DATELINE = re.compile(
    rf"""^(?:
        {_PLACE},?\s*\((?=[^()]*(?i:\b(?:{_AGENCY})\b|news|press))[^()]{{2,120}}\)
            \s*{_DASH}{{1,2}}\s*
      | {_PLACE},?\s*\([^()]{{0,80}}\b\d{{4}}\b[^()]{{0,40}}\)\s*(?:{_DASH}{{1,2}}\s*)?
      | {_PLACE},\s*(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})(?:,?\s*\d{{4}})?
            (?:\s*\([^()]{{1,40}}\)\s*(?::|{_DASH}{{1,2}})?|\s*(?::|{_DASH}{{1,2}}))\s*
    )""",
    re.VERBOSE,
)


def _post_spans(line: str) -> list[Span]:
    """Return the spans of pasted posts in one stripped line: the whole line when it is the
    post (it ends with the post's trailer), else from the start of the sentence holding the
    post's link or trailer to the trailer's end."""
    found = list(_POST.finditer(line))
    if not found:
        return []
    if found[-1].end() >= len(line.rstrip(" .")) and len(line.split()) <= 80:
        return [(0, len(line))]
    spans = []
    for match in found:
        starts = [m.end() for m in _SENTENCE_END.finditer(line, 0, match.start())]
        spans.append((starts[-1] if starts else 0, match.end()))
    return spans


def _line_furniture(line: str) -> Span | None:
    """Return the span of furniture in one stripped line (the whole line, a tail or a head)."""
    words = line.split()
    n = len(words)
    ends_sentence = re.search(_END, line) is not None
    if n <= 12 and (_BYLINE.match(line) or _NAME_AGENCY.match(line)):
        return 0, len(line)
    if n <= 6 and not ends_sentence and words[-1].lower().strip(",.:;") in ROLE_WORDS:
        return 0, len(line)
    label = _LABEL.match(line) if n <= 4 else _TITLE_CASE.match(line)
    if label and not any(c.isdigit() for c in line):
        return 0, len(line)
    if n <= 14 and (_CREDIT_LINE.match(line) or _SIGN_OFF_LINE.match(line)):
        return 0, len(line)
    if n <= 30 and _LINK_LINE.match(line):
        return 0, len(line)
    if n <= 40 and _NOTE.match(line):
        return 0, len(line)
    if n <= 16 and not line.endswith(".") and (_HEADER_DATE.match(line) or _DATE_ONLY.match(line)):
        return 0, len(line)
    if n <= 80 and _PHOTO_TAIL.search(line):
        return 0, len(line)
    tail = _SIGN_OFF_TAIL.search(line)
    if tail is not None:
        return tail.start(), len(line)
    head = _DATELINE.match(line)
    if head is not None and head.end() < len(line):
        return 0, head.end()
    return None


@lru_cache(maxsize=1024)
def furniture_spans(text: str) -> tuple[Span, ...]:
    """Return the character spans ``(start, end)`` of the page furniture in an article's text,
    sorted and not overlapping; a span never holds the line break that ends its line."""
    spans: list[Span] = []
    at = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            offset = at + (len(raw) - len(raw.lstrip()))
            found = _line_furniture(stripped)
            pieces = [found] if found is not None else []
            for start, end in pieces + _post_spans(stripped):
                while start < end and stripped[start].isspace():
                    start += 1
                spans.append((offset + start, offset + end))
        at += len(raw) + 1
    return _merged(spans)


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    """Return the spans sorted, overlapping ones joined."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def narration(text: str, start: int, end: int, spans: Sequence[Span]) -> Span | None:
    """Return ``[start, end)`` with the furniture ``spans`` cut out, as the longest piece left,
    trimmed of spaces; None when no piece of it with a letter is left."""
    pieces = [(start, end)]
    for s, e in spans:
        if e <= start or s >= end:
            continue
        cut = []
        for a, b in pieces:
            if e <= a or s >= b:
                cut.append((a, b))
                continue
            if a < s:
                cut.append((a, s))
            if e < b:
                cut.append((e, b))
        pieces = cut
    best: Span | None = None
    for a, b in pieces:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        longer = best is None or b - a > best[1] - best[0]
        if a < b and longer and any(c.isalpha() for c in text[a:b]):
            best = (a, b)
    return best


def in_furniture(offset: int, spans: Sequence[Span]) -> bool:
    """Return True when the character at ``offset`` lies in one of the furniture ``spans``."""
    return any(s <= offset < e for s, e in spans)
