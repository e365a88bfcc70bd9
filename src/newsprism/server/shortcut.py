"""The fast path of the hottest request: a current brief answered straight from the cache.

``GET /api/stories/{id}`` is what clients poll. When the brief cache holds the story's brief
and its fingerprint still matches the store, this middleware sends the cached bytes without
routing, dependency solving or a thread hop. Anything else (a miss, a stale entry, an unknown
id, any other path) goes on to the story view, which builds, caches and answers exactly the
same bytes, so the two paths cannot give different answers.
"""

from __future__ import annotations

import re

from newsprism.server.security import ASGIApp, Receive, Scope, Send
from newsprism.server.state import ServerState

_PREFIX = "/api/stories/"
_HEX_ID = re.compile(r"[0-9a-f]{1,64}")


class CachedBriefShortcut:
    """ASGI middleware answering cache hits of ``GET /api/stories/{id}``.

    A plain class: it is an ASGI application wrapping another.
    """

    def __init__(self, app: ASGIApp, *, state: ServerState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and path.startswith(_PREFIX)
            and _HEX_ID.fullmatch(path, len(_PREFIX))
        ):
            entry = self.state.briefs.fresh(path[len(_PREFIX) :])
            if entry is not None:
                etag = f'"{entry.fingerprint}"'.encode()
                if _header(scope, b"if-none-match") == etag:
                    await _respond(send, 304, [(b"etag", etag)], b"")
                    return
                headers = [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(entry.body)).encode()),
                    (b"etag", etag),
                ]
                await _respond(send, 200, headers, entry.body)
                return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


async def _respond(
    send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
