"""Plain-text articles, with the metadata lines saved articles often start with.

A header is a run of ``key value`` (or ``key: value``) lines at the top: ``title``, ``outlet``
(or ``source``, ``publisher``, ``site``), ``date`` (or ``published``), ``url`` (or ``link``),
``byline`` (or ``author``, ``by``), ``language`` (or ``lang``). The last header line may run
on into the body: `` date 2023-11-14 The council voted ...`` is a date and a body beginning
"The council voted".
"""

from __future__ import annotations

import re

from newsprism.errors import EmptyInputError
from newsprism.ingest.published import LEADING_DATE
from newsprism.model import ArticleDraft

_KEYS = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "date": "published",
    "published": "published",
    "url": "url",
    "link": "url",
    "byline": "byline",
    "author": "byline",
    "by": "byline",
    "language": "language",
    "lang": "language",
}
_HEADER_LINE = re.compile(
    r"^\s*(" + "|".join(sorted(_KEYS, key=len, reverse=True)) + r")\s*(:|\s)\s*(.*?)\s*$",
    re.IGNORECASE,
)
_URL = re.compile(r"^(https?://\S+)(?:\s+(.*))?$", re.IGNORECASE)
_LANGUAGE = re.compile(r"^([a-z]{2,3}(?:[-_][A-Za-z]{2,4})?)(?:\s+(.*))?$")
# Keys whose value is one recognisable token, so a body may follow on the same line.
_SELF_DELIMITING = {"published", "url", "language"}
_SENTENCE_END = re.compile(r"[.!?:;,]$")

MIN_ARTICLE_WORDS = 5
"""Fewer words than this in a web page's main text is a menu or a link, never an article."""
MIN_TEXT_WORDS = 3
"""Fewer words than this in a text (a file, standard input) is a stray line ("hi", "test"),
never an article; a three-word item under a headline ("Water rose overnight.") may be one."""

# Scripts written without spaces between words: each character counts as a word.
# Thai and Lao, Burmese, Khmer, kana, CJK ideographs, CJK compatibility ideographs.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
)


def word_count(text: str) -> int:
    """How many words ``text`` holds: runs between spaces, plus one per character of a script
    written without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese)."""
    return len(text.split()) + len(_UNSPACED.findall(text))


def read_plain_text(text: str, source: str) -> ArticleDraft:
    """The article in ``text``: its header metadata (if any) and its body."""
    lines = text.lstrip("\ufeff").split("\n")
    fields: dict[str, str] = {}
    colon_seen = False
    body_start = len(lines)
    run_on = ""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            body_start = index + 1
            break
        parsed = _parse_header_line(line)
        if parsed is None or parsed[0] in fields:
            body_start = index
            break
        key, value, rest, has_colon = parsed
        fields[key] = value
        colon_seen = colon_seen or has_colon
        index += 1
        if rest:
            run_on = rest
            body_start = index
            break
    ended_by_blank = body_start > 0 and not lines[body_start - 1].strip() and not run_on
    if not _is_header(fields, colon_seen, ended_by_blank):
        fields, run_on, body_start = {}, "", 0
    body = "\n".join(([run_on] if run_on else []) + lines[body_start:]).strip()
    if not body:
        raise EmptyInputError(source, "the file has metadata lines but no article text")
    words = word_count(body)
    if words < MIN_TEXT_WORDS:
        raise EmptyInputError(
            source,
            f"too short to be an article ({words} word{'s' if words != 1 else ''}; "
            f"at least {MIN_TEXT_WORDS} are needed)",
        )
    return ArticleDraft(
        source=source,
        text=body,
        format="text",
        title=fields.get("title"),
        url=fields.get("url"),
        outlet=fields.get("outlet"),
        published=fields.get("published"),
        byline=fields.get("byline"),
        language=fields.get("language"),
    )


def _parse_header_line(line: str) -> tuple[str, str, str, bool] | None:
    """(field, value, rest of the line, whether a colon followed the key), or None."""
    match = _HEADER_LINE.match(line)
    if match is None or not match.group(3):
        return None
    key = _KEYS[match.group(1).lower()]
    value = match.group(3)
    has_colon = match.group(2) == ":"
    if key == "published":
        date = LEADING_DATE.match(value)
        if date is None:
            return None
        return key, date.group(1), value[date.end() :].strip(), has_colon
    if key == "url":
        url = _URL.match(value)
        if url is None:
            return None
        return key, url.group(1), (url.group(2) or "").strip(), has_colon
    if key == "language":
        lang = _LANGUAGE.match(value)
        if lang is None:
            return None
        return key, lang.group(1), (lang.group(2) or "").strip(), has_colon
    if len(value) > 300:
        return None
    return key, value, "", has_colon


def _is_header(fields: dict[str, str], colon_seen: bool, ended_by_blank: bool) -> bool:
    """Whether the lines read as a header rather than a body that starts with a key word.

    One line such as "Title IX funding was cut." is a body; a header has two or more fields,
    a colon after its key, a field whose value is checked (a date, a URL, a language), or one
    short field without a full stop standing alone above a blank line ("outlet Harbor Daily").
    """
    if not fields:
        return False
    if len(fields) >= 2 or colon_seen or bool(set(fields) & _SELF_DELIMITING):
        return True
    (value,) = fields.values()
    return ended_by_blank and len(value.split()) <= 8 and not _SENTENCE_END.search(value)
