"""Reading one input (bytes, a file, standard input) into article drafts with the right reader."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from newsprism.errors import InputError, InputTooLargeError, UnsupportedInputError
from newsprism.ingest.clean import clean_draft
from newsprism.ingest.decode import decode_bytes
from newsprism.ingest.feeds import as_utf8_xml, read_feed, read_opml
from newsprism.ingest.html import read_html
from newsprism.ingest.plain_text import read_plain_text
from newsprism.ingest.sniff import sniff_format
from newsprism.ingest.tabular import FieldMap, read_csv, read_json, read_jsonl
from newsprism.model import ArticleDraft

STDIN = "-"

_KIND_NAMES = {
    "text": "plain text",
    "html": "an HTML page",
    "feed": "a feed",
    "opml": "an OPML list",
    "jsonl": "JSON Lines",
    "json": "JSON",
    "csv": "CSV",
    "xml": "XML",
}


@dataclass(frozen=True)
class ReadResult:
    """What one input held: article drafts, errors about parts of it, and inputs it points to.

    ``follow`` lists further inputs, such as the feeds an OPML file subscribes to.
    """

    drafts: tuple[ArticleDraft, ...] = ()
    errors: tuple[InputError, ...] = ()
    follow: tuple[str, ...] = ()


def read_bytes(
    data: bytes,
    source: str,
    *,
    fields: FieldMap | None = None,
    content_type: str = "",
    charset: str | None = None,
    url: str | None = None,
    feeds_only: bool = False,
) -> ReadResult:
    """The drafts in one input's bytes; errors that spoil the whole input are raised.

    ``feeds_only`` refuses anything but an RSS/Atom feed (for entries of an OPML list).
    Every draft comes back cleaned (``clean_draft``): no lone surrogates, no unparseable URL.
    """
    result = _read_bytes(
        data,
        source,
        fields=fields,
        content_type=content_type,
        charset=charset,
        url=url,
        feeds_only=feeds_only,
    )
    return replace(result, drafts=tuple(clean_draft(d) for d in result.drafts))


def _read_bytes(
    data: bytes,
    source: str,
    *,
    fields: FieldMap | None = None,
    content_type: str = "",
    charset: str | None = None,
    url: str | None = None,
    feeds_only: bool = False,
) -> ReadResult:
    fields = fields or FieldMap()
    text = decode_bytes(data, source, declared=charset)
    kind = sniff_format(text, source, content_type)
    if feeds_only and kind != "feed":
        raise UnsupportedInputError(
            source,
            f"an OPML list may point only to RSS/Atom feeds, and this is {_KIND_NAMES[kind]}; "
            "refused",
        )
    if kind == "text":
        draft = read_plain_text(text, source)
        if url and not draft.url:
            draft = replace(draft, url=url)
        return ReadResult(drafts=(draft,))
    if kind == "html":
        return ReadResult(drafts=(read_html(text, source, url=url),))
    if kind == "feed":
        feed = read_feed(as_utf8_xml(text), source)
        return ReadResult(drafts=feed.drafts, errors=feed.errors)
    if kind == "opml":
        listed = read_opml(as_utf8_xml(text), source)
        return ReadResult(errors=listed.errors, follow=listed.locations)
    if kind == "jsonl":
        records = read_jsonl(text, source, fields)
    elif kind == "json":
        records = read_json(text, source, fields)
    elif kind == "csv":
        records = read_csv(text, source, fields)
    else:
        raise UnsupportedInputError(
            source, "XML that is neither an RSS/Atom feed nor OPML; newsprism cannot read it"
        )
    return ReadResult(drafts=records.drafts, errors=records.errors)


def read_path(
    path: str | Path,
    *,
    max_bytes: int,
    fields: FieldMap | None = None,
    feeds_only: bool = False,
) -> ReadResult:
    """The drafts in one file; every problem comes back in ``errors``, nothing is raised."""
    source = str(path)
    try:
        # Opened without blocking (a named pipe would wait for a writer), then checked.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise UnsupportedInputError(
                    source, "not a regular file (a pipe, socket or device); refused"
                )
            if info.st_size > max_bytes:
                raise InputTooLargeError(source, _too_large(info.st_size, max_bytes))
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputTooLargeError(source, _too_large(len(data), max_bytes))
        return read_bytes(data, source, fields=fields, feeds_only=feeds_only)
    except InputError as exc:
        return ReadResult(errors=(exc,))
    except OSError as exc:
        return ReadResult(errors=(InputError(source, f"cannot read the file ({exc.strerror})"),))


def read_stream(
    stream: BinaryIO | None = None, *, max_bytes: int, fields: FieldMap | None = None
) -> ReadResult:
    """The drafts read from a byte stream (standard input by default), size-limited."""
    stream = stream or sys.stdin.buffer
    source = "<stdin>"
    try:
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputTooLargeError(source, _too_large(len(data), max_bytes, at_least=True))
        return read_bytes(data, source, fields=fields)
    except InputError as exc:
        return ReadResult(errors=(exc,))


def _too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return (
        f"{more}{size:,} bytes is over the {limit:,}-byte limit; raise it with "
        "NEWSPRISM_MAX_INPUT_BYTES or --max-bytes if the file really is one article source"
    )
