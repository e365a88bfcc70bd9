"""RSS and Atom feeds (through feedparser) and OPML subscription lists (through defusedxml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import defusedxml.ElementTree as safe_xml
import feedparser
from defusedxml import DefusedXmlException

from newsprism.errors import InputError, MalformedInputError
from newsprism.ingest.fetch import is_url
from newsprism.ingest.html import html_fragment_to_text
from newsprism.model import ArticleDraft

# feedparser's own XML parsing is lenient; entity declarations are refused before it sees them,
# so an entity-expansion bomb ("billion laughs") cannot eat memory whatever the parser does.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE_SYSTEM = re.compile(rb"<!DOCTYPE[^>\[]*\b(SYSTEM|PUBLIC)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FeedResult:
    """The items of one feed as drafts, and the items that could not be read."""

    title: str | None
    drafts: tuple[ArticleDraft, ...]
    errors: tuple[InputError, ...]


_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml\b[^>]*?\?>")


def as_utf8_xml(text: str) -> bytes:
    """The XML document ``text`` (already decoded) as UTF-8 bytes that say they are UTF-8.

    newsprism decodes every input once (``decode_bytes``); the XML parsers are then given
    UTF-8 with the declaration's encoding removed, so a corrupt or hostile encoding name never
    reaches them, and the checks for entity bombs see the text whatever it was encoded in.
    """
    return _XML_DECLARATION.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1).encode(
        "utf-8", "replace"
    )


def refuse_hostile_xml(data: bytes, source: str) -> None:
    """Raise MalformedInputError if the XML declares entities or an external DTD."""
    if _ENTITY_DECLARATION.search(data):
        raise MalformedInputError(
            source,
            "the XML declares entities (a possible entity-expansion attack); refused",
        )
    if _DOCTYPE_SYSTEM.search(data[:4096]):
        raise MalformedInputError(source, "the XML points to an external DTD; refused")


def read_feed(data: bytes, source: str) -> FeedResult:
    """One draft per feed item; raises MalformedInputError for a feed that cannot be parsed."""
    refuse_hostile_xml(data, source)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        problem = parsed.get("bozo_exception")
        if problem is not None:
            line = getattr(problem, "getLineNumber", lambda: None)()
            raise MalformedInputError(source, f"broken feed ({problem})", line=line)
        raise MalformedInputError(source, "the feed has no items")
    feed = parsed.get("feed", {})
    outlet = _clean(feed.get("title"))
    language = _clean(feed.get("language"))
    drafts: list[ArticleDraft] = []
    errors: list[InputError] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{source}#item{number}"
        text = html_fragment_to_text(_entry_html(entry))
        if not text:
            errors.append(MalformedInputError(where, "the feed item has no text"))
            continue
        drafts.append(
            ArticleDraft(
                source=where,
                text=text,
                format="feed",
                title=_clean(entry.get("title")),
                url=_clean(entry.get("link")),
                outlet=outlet,
                # dict.get: feedparser's own get() maps a missing "updated" to "published"
                # with a DeprecationWarning.
                published=_clean(dict.get(entry, "published") or dict.get(entry, "updated")),
                byline=_clean(entry.get("author")),
                language=language,
            )
        )
    return FeedResult(title=outlet, drafts=tuple(drafts), errors=tuple(errors))


@dataclass(frozen=True)
class OpmlList:
    """The feeds an OPML file subscribes to, and its entries that were refused."""

    locations: tuple[str, ...]
    errors: tuple[InputError, ...]


def read_opml(data: bytes, source: str) -> OpmlList:
    """The feed locations an OPML file subscribes to, relative ones resolved against it.

    In a local OPML file, an entry that is not a URL must name a file in the OPML's own folder
    (or below it); any other path (``/etc/os-release``, ``../notes.txt``) is refused, so a
    subscription list cannot pull arbitrary local files into the database.
    """
    refuse_hostile_xml(data, source)
    try:
        root = safe_xml.fromstring(data)
    except DefusedXmlException as exc:
        raise MalformedInputError(source, f"the OPML uses forbidden XML features ({exc})") from exc
    except safe_xml.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise MalformedInputError(source, f"broken OPML ({exc})", line=line) from exc
    if root.tag.lower() != "opml":
        raise MalformedInputError(source, f"expected an <opml> document, found <{root.tag}>")
    locations: list[str] = []
    errors: list[InputError] = []
    for outline in root.iter("outline"):
        location = outline.get("xmlUrl") or outline.get("xmlurl")
        if not location or not location.strip():
            continue
        location = location.strip()
        if not is_url(location):
            try:
                location = _resolve_entry(location, source)
            except InputError as exc:
                errors.append(exc)
                continue
        if location not in locations:
            locations.append(location)
    if not locations and not errors:
        raise MalformedInputError(source, "the OPML lists no feeds (no outline with xmlUrl)")
    return OpmlList(tuple(locations), tuple(errors))


def _resolve_entry(location: str, source: str) -> str:
    """Where a non-URL OPML entry points; raises InputError when it may not be followed."""
    where = f"{source} (xmlUrl {location[:200]!r})"
    if is_url(source):
        try:
            joined = urljoin(source, location)
        except ValueError as exc:
            raise InputError(where, "the entry is not a valid URL") from exc
        if not is_url(joined):
            raise InputError(where, "the entry is not an http(s) URL; refused")
        return joined
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", location) or "\x00" in location:
        raise InputError(where, "only http(s) URLs or feed files beside the OPML are followed")
    folder = Path(source).parent
    path = folder / location
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        inside = False
    if Path(location).is_absolute() or not inside:
        raise InputError(
            where,
            "a local OPML may point only to feed files in its own folder; "
            "this entry is outside it, refused",
        )
    return str(path)


def _entry_html(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
