"""Which reader an input needs, judged from its content first and its name second."""

from __future__ import annotations

import json
import re
from typing import Literal

Format = Literal["text", "html", "feed", "opml", "jsonl", "json", "csv", "xml"]

_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf|channel)\b", re.IGNORECASE)
_OPML_ROOT = re.compile(r"<opml\b", re.IGNORECASE)
_HTML_SIGNS = re.compile(
    r"<(!doctype\s+html|html|head|body|article|main|div|p|section|meta|title|h1|span|table)\b",
    re.IGNORECASE,
)
_CSV_HEADER_WORDS = frozenset(
    {
        "title",
        "text",
        "body",
        "content",
        "url",
        "link",
        "date",
        "published",
        "source",
        "outlet",
        "publisher",
        "headline",
        "author",
        "byline",
    }
)
_CSV_TYPES = ("text/csv", "text/tab-separated-values")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def sniff_format(text: str, name: str = "", content_type: str = "") -> Format:
    """The format of an input's decoded text; ``name`` and ``content_type`` break ties."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    lowered_name = name.lower()
    if head.startswith("<"):
        if _OPML_ROOT.search(head):
            return "opml"
        if _FEED_ROOT.search(_after_prolog(head)):
            return "feed"
        if _HTML_SIGNS.search(head) or "html" in content_type:
            return "html"
        if content_type in _FEED_TYPES:
            return "feed"
        return "xml"
    if head.startswith("{"):
        first_line = head.split("\n", 1)[0]
        try:
            first = json.loads(first_line)
        except (ValueError, RecursionError):
            first = None
        if isinstance(first, dict) and "\n" in text.strip():
            return "jsonl"
        if lowered_name.endswith((".jsonl", ".ndjson")):
            return "jsonl"
        return "json"
    if head.startswith("[") and (lowered_name.endswith(".json") or _looks_like_json(head)):
        return "json"
    if lowered_name.endswith((".csv", ".tsv")) or content_type in _CSV_TYPES:
        return "csv"
    if _looks_like_csv_header(head):
        return "csv"
    return "text"


def _after_prolog(head: str) -> str:
    """The text after an XML prolog, comments and a doctype, where the root element starts."""
    return re.sub(r"^(\s*<\?.*?\?>|\s*<!--.*?-->|\s*<!DOCTYPE[^>]*>)*", "", head, flags=re.S)


def _looks_like_json(head: str) -> bool:
    return bool(re.match(r"\[\s*(\{|\]|\")", head))


def _looks_like_csv_header(head: str) -> bool:
    first_line = head.split("\n", 1)[0].strip()
    for delimiter in (",", "\t", ";"):
        cells = [c.strip().strip('"').lower() for c in first_line.split(delimiter)]
        if len(cells) >= 2 and sum(c in _CSV_HEADER_WORDS for c in cells) >= 2:
            return all(len(c) < 40 for c in cells)
    return False
