"""HTML pages: the main text and its metadata (title, date, site name, author) via trafilatura.

Also turns the HTML fragments that feeds carry (``content:encoded``) into paragraphs of text.
"""

from __future__ import annotations

import logging
import re

import lxml.html
import trafilatura
from lxml import etree

from newsprism.errors import MalformedInputError, UnsupportedInputError
from newsprism.ingest.plain_text import MIN_ARTICLE_WORDS, word_count
from newsprism.model import ArticleDraft

# trafilatura logs every page it finds too short at WARNING; newsprism reports those itself.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_TAG = re.compile(r"<[a-zA-Z!/?]")
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "section",
        "article",
        "pre",
        "figcaption",
        "ul",
        "ol",
        "table",
        "header",
        "footer",
    }
)
_DROP = frozenset({"script", "style", "noscript", "template", "iframe", "svg", "form", "button"})


# A tag whose attributes run longer than this keeps only its name: real pages never come near
# it, and HTML parsers slow down with the square of a tag's attribute count.
_MAX_ATTRIBUTE_CHARS = 8192
_OVERSIZED_TAG = re.compile(r"<([A-Za-z][^\s/>]*)\s[^<>]{" + str(_MAX_ATTRIBUTE_CHARS) + r",}>")


def cap_attributes(html: str) -> str:
    """The HTML with the attributes of oversized tags dropped (``<p a0=.. a9999=..>``: ``<p>``)."""
    return _OVERSIZED_TAG.sub(r"<\1>", html)


def read_html(html: str, source: str, *, url: str | None = None) -> ArticleDraft:
    """The article in an HTML page; raises MalformedInputError when no article text is found."""
    if not _TAG.search(html[:65536]):
        raise MalformedInputError(source, "expected HTML but found no tags")
    html = cap_attributes(html)
    if is_directory_listing(html):
        raise UnsupportedInputError(
            source, 'a web server\'s directory listing ("Index of /..."), not an article; refused'
        )
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            deduplicate=False,
            fast=True,
            # Keep the time and zone of article:published_time, not just the day.
            date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True},
        )
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise MalformedInputError(source, f"the HTML could not be parsed ({exc})") from exc
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    title = getattr(document, "title", None)
    text = _paragraphs_without_headline(text, title)
    if word_count(text) < MIN_ARTICLE_WORDS:
        raise MalformedInputError(
            source,
            "no article text found in the HTML (a page of links, a paywall, or broken markup)",
        )
    return ArticleDraft(
        source=source,
        text=text,
        format="html",
        title=title,
        url=getattr(document, "url", None) or url,
        outlet=getattr(document, "sitename", None),
        published=getattr(document, "date", None),
        byline=getattr(document, "author", None),
        language=getattr(document, "language", None),
    )


# The heading servers give their folder listings: Apache, nginx, lighttpd ("Index of /path"),
# Python's http.server ("Directory listing for /path").
_LISTING_HEADING = re.compile(r"^\s*(?:index of|directory listing for)\s+/", re.IGNORECASE)
_LISTING_HINT = re.compile(
    r"<(title|h1)\b[^>]*>\s*(?:index of|directory listing for)\s+/", re.IGNORECASE
)
_LINE_BREAKS = _BLOCKS | {"hr", "address", "dt", "dd"}  # a table row is one line
_LINK_MARK = "\x00"


def is_directory_listing(html: str) -> bool:
    """Whether the page is a web server's listing of a folder rather than an article.

    Its title or first heading reads "Index of /..." (or "Directory listing for /...") and
    most of its lines (list items, table rows, lines of a ``<pre>``) hold a link.
    """
    if not _LISTING_HINT.search(html[:65536]):
        return False
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return False
    headings = [e.text_content() for e in root.iter("title", "h1")]
    if not any(_LISTING_HEADING.match(h) for h in headings[:2]):
        return False
    body = root.find("body")
    if body is None:
        return False
    pieces: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _DROP or tag in ("h1", "title"):
            pieces.append("\n")
        else:
            if tag in _LINE_BREAKS:
                pieces.append("\n")
            if tag == "a" and element.text_content().strip():
                pieces.append(_LINK_MARK)
            if element.text:
                pieces.append(element.text)
            for child in element:
                walk(child)
            if tag in _LINE_BREAKS:
                pieces.append("\n")
        if element.tail:
            pieces.append(element.tail)

    walk(body)
    lines = [line for line in "".join(pieces).split("\n") if line.strip(_LINK_MARK + " \t\r")]
    linked = sum(1 for line in lines if _LINK_MARK in line)
    return linked > 0 and 2 * linked > len(lines)


def _paragraphs_without_headline(text: str, title: str | None) -> str:
    """Trafilatura's text with one blank line between paragraphs and the headline dropped.

    The headline is metadata (the title); left in, it would hide a dateline such as
    "RIVERTON (Reuters) -" from wire-credit detection and shift every offset.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title and _folded(lines[0]) == _folded(title):
        lines = lines[1:]
    return "\n\n".join(lines)


def _folded(value: str) -> str:
    return " ".join(value.split()).casefold()


def html_fragment_to_text(fragment: str) -> str:
    """The text of an HTML fragment, one paragraph per block element, blank lines between."""
    if not _TAG.search(fragment):
        return fragment.strip()
    fragment = cap_attributes(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    pieces: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _DROP:
            if element.tail:
                pieces.append(element.tail)
            return
        block = tag in _BLOCKS
        if block:
            pieces.append("\n\n")
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child)
        if block:
            pieces.append("\n\n")
        if element.tail:
            pieces.append(element.tail)

    walk(root)
    joined = "".join(pieces)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", joined)]
    return "\n\n".join(p for p in paragraphs if p)
