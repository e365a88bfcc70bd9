"""``GET /api/export``: every article as JSON Lines or CSV, streamed for corpora of any size.

A producer thread with its own connection reads the articles in id order and formats them in
chunks; the response streams the chunks as they come. A bounded hand-over keeps memory flat,
and a client that goes away stops the producer.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from newsprism.model import Article
from newsprism.serialize import article_to_dict
from newsprism.server.errors import error_responses
from newsprism.server.state import server_state
from newsprism.server.threads import close_read_context, open_read_context

router = APIRouter()

CSV_COLUMNS = (
    "id",
    "story",
    "reprint_of",
    "outlet",
    "title",
    "url",
    "published",
    "published_precision",
    "byline",
    "language",
    "wire",
    "source",
    "format",
    "ingested_at",
    "text",
)
_CHUNK_BYTES = 64 * 1024
_IN_FLIGHT = 8  # chunks formatted ahead of the client
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell that spreadsheets will not run as a formula (hostile text is quoted with ')."""
    text = "" if value is None else str(value)
    risky = text.startswith(_FORMULA_START) or (
        text.startswith("-") and len(text) > 1 and not (text[1].isspace() or text[1].isdigit())
    )
    return "'" + text if risky else text


def _csv_row(article: Article, story: str | None, reprint_of: str | None) -> str:
    published = article.published
    values = {
        "id": article.id,
        "story": story,
        "reprint_of": reprint_of,
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "published": published.value if published else None,
        "published_precision": published.precision if published else None,
        "byline": article.byline,
        "language": article.language,
        "wire": article.wire.agency if article.wire else None,
        "source": article.source,
        "format": article.format,
        "ingested_at": article.ingested_at,
        "text": article.text,
    }
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(csv_cell(values[c]) for c in CSV_COLUMNS)
    return out.getvalue()


def _jsonl_row(article: Article, story: str | None, reprint_of: str | None) -> str:
    data = article_to_dict(article) | {"story": story, "reprint_of": reprint_of}
    return json.dumps(data, sort_keys=True, ensure_ascii=False) + "\n"


def export_lines(db_path: str, kind: str) -> Iterator[str]:
    """Every article as one JSONL line or CSV row (after a CSV header), in id order."""
    context = open_read_context(db_path)
    try:
        stories = {
            str(row[0]): str(row[1])
            for row in context.db.execute("SELECT article_id, story_id FROM story_members")
        }
        reprints = {key: r.reprint_of for key, r in context.store.load_reprints().items()}
        format_row: Callable[[Article, str | None, str | None], str]
        if kind == "csv":
            out = io.StringIO()
            csv.writer(out, lineterminator="\r\n").writerow(CSV_COLUMNS)
            yield out.getvalue()
            format_row = _csv_row
        else:
            format_row = _jsonl_row
        for article in context.store.iter_articles():
            yield format_row(article, stories.get(article.id), reprints.get(article.id))
    finally:
        close_read_context(context)


class _Handover:
    """Chunks passed from the producer thread to the event loop, at most a few in flight.

    A plain class: a small synchronisation object.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.queue: asyncio.Queue[bytes | BaseException | None] = asyncio.Queue()
        self.room = threading.Semaphore(_IN_FLIGHT)
        self.stopped = threading.Event()

    def put(self, item: bytes | BaseException | None) -> bool:
        """Hand one item over; False when the consumer has gone away."""
        while not self.room.acquire(timeout=0.5):
            if self.stopped.is_set():
                return False
        if self.stopped.is_set():
            return False
        self.loop.call_soon_threadsafe(self.queue.put_nowait, item)
        return True

    def produce(self, lines: Iterator[str]) -> None:
        """Run in the producer thread: chunk the lines and hand them over, then None."""
        try:
            buffer: list[str] = []
            size = 0
            for line in lines:
                buffer.append(line)
                size += len(line)
                if size >= _CHUNK_BYTES:
                    if not self.put("".join(buffer).encode("utf-8")):
                        return
                    buffer, size = [], 0
            if buffer and not self.put("".join(buffer).encode("utf-8")):
                return
            self.put(None)
        except BaseException as exc:  # handed to the response, which ends the stream
            self.put(exc)
        finally:
            close = getattr(lines, "close", None)
            if close is not None:
                close()

    async def chunks(self) -> AsyncIterator[bytes]:
        """The chunks as the producer hands them over."""
        try:
            while True:
                item = await self.queue.get()
                self.room.release()
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stopped.set()


@router.get(
    "/api/export",
    summary="Export every article",
    description=(
        "Every stored article, in id order, with its story id and reprint link: JSON Lines "
        "(one `article` object a line) or CSV (UTF-8, header row; cells that a spreadsheet "
        "would run as formulas start with '). Streamed, so it works for large corpora."
    ),
    tags=["articles"],
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/x-ndjson": {}, "text/csv": {}}},
        **error_responses(422),
    },
)
async def export(
    request: Request,
    format: Annotated[Literal["jsonl", "csv"], Query(description="jsonl or csv")] = "jsonl",
) -> StreamingResponse:
    """A streamed response of every article in the chosen format."""
    state = server_state(request)
    handover = _Handover(asyncio.get_running_loop())
    lines = export_lines(state.config.db, format)
    threading.Thread(
        target=handover.produce, args=(lines,), name="newsprism-export", daemon=True
    ).start()
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    filename = f"newsprism-articles.{format}"
    return StreamingResponse(
        handover.chunks(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
