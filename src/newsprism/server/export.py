"""``GET /api/export``: every article (or every entity, quote, claim or discrepancy of every
story) as JSON Lines or CSV, streamed for corpora of any size.

A producer thread with its own connection reads the articles in id order and formats them in
chunks; the response streams the chunks as they come. A bounded hand-over keeps memory flat,
and a client that goes away stops the producer.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from newsprism.annotate.records import AnnotateOptions
from newsprism.export import export_lines as library_export_lines
from newsprism.server.errors import error_responses
from newsprism.server.state import server_state
from newsprism.store import open_store

router = APIRouter()

_CHUNK_BYTES = 64 * 1024
_IN_FLIGHT = 8  # chunks formatted ahead of the client


def export_lines(
    db_path: str,
    kind: str,
    what: str = "articles",
    annotate: AnnotateOptions | None = None,
) -> Iterator[str]:
    """Every article (or ``what`` item) as one JSONL line or CSV row (after a CSV header)."""
    store = open_store(db_path)
    try:
        yield from library_export_lines(store, kind, what, annotate)
    finally:
        store.close()


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
    summary="Export every article, entity, quote, claim or discrepancy",
    description=(
        "`what=articles` (the default): every stored article, in id order, with its story id "
        "and reprint link. `what=entities|quotes|claims|discrepancies`: every such item of "
        "every story's brief, one row each with its `story` id (quotes: one row per outlet's "
        "printed version). JSON Lines (one object a line) or CSV (UTF-8, header row; lists as "
        "JSON arrays; cells that a spreadsheet would run as formulas start with '). Streamed, "
        "so it works for large corpora."
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
    what: Annotated[
        Literal["articles", "entities", "quotes", "claims", "discrepancies"],
        Query(description="what to export, one row per item"),
    ] = "articles",
) -> StreamingResponse:
    """A streamed response of every article (or ``what`` item) in the chosen format."""
    state = server_state(request)
    handover = _Handover(asyncio.get_running_loop())
    lines = export_lines(state.config.db, format, what, state.config.annotate)
    threading.Thread(
        target=handover.produce, args=(lines,), name="newsprism-export", daemon=True
    ).start()
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    filename = f"newsprism-{what}.{format}"
    return StreamingResponse(
        handover.chunks(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
