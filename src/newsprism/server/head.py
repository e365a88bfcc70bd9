"""``HEAD`` for every ``GET`` route: the GET's status and headers, without its body.

FastAPI routes declared with ``@router.get`` answer only GET, so a ``HEAD /`` (link checkers,
uptime monitors, ``curl -I``) would get 405. This outermost ASGI middleware runs a HEAD as a
GET and passes on only the status line and headers (Content-Length stays the GET's, as HTTP
asks).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]


class HeadAsGet:
    """ASGI middleware answering HEAD requests with the headers of the matching GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        """Pass requests through; a HEAD runs as a GET whose body is dropped."""
        if scope.get("type") != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return
        ended = False

        async def headers_only(message: Message) -> None:
            nonlocal ended
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False) and not ended:
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app(dict(scope, method="GET"), receive, headers_only)
