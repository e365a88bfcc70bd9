"""What keeps the server safe: security headers, body limits, bearer tokens, bind checks.

Article text is hostile input. Templates escape every value (Jinja2 autoescape); on top of that
every response, errors included, carries a Content-Security-Policy that forbids inline scripts
and styles, so a value that slipped through escaping still could not run.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from newsprism.errors import ConfigError
from newsprism.server.errors import ServerError, error_response, error_response_for

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_HEADER_NAMES = frozenset(name for name, _ in SECURITY_HEADERS)

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024


class GuardMiddleware:
    """ASGI middleware: security headers on every response, a body size limit, no leaks.

    A plain class: it is an ASGI application wrapping another. The request body is read
    here, up to ``max_body_bytes``, before the app sees it; a larger body gets a 413 without
    reaching any view. An exception that no handler caught becomes the standard 500 error
    (with the same headers) instead of Starlette's bare text page.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        # HEAD is GET without the body (RFC 9110): answered by the GET view, body dropped.
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() not in _HEADER_NAMES
                ]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        request = Request(scope)
        body, problem = await self._read_body(request, receive)
        replay = _replaying(body, receive)
        if problem is not None:
            await problem(scope, replay, send_guarded)
            return
        try:
            await self.app(scope, replay, send_guarded)
        except Exception as exc:
            if started:
                raise
            await error_response_for(request, exc)(scope, replay, send_guarded)

    async def _read_body(self, request: Request, receive: Receive) -> tuple[bytes, Any]:
        """(the whole body, None), or (b"", an error response) when it is too large."""
        limit = self.max_body_bytes
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                return b"", error_response(request, 400, "Content-Length is not a number")
            if int(declared) > limit:
                return b"", _too_large(request, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return b"", _too_large(request, limit)
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), None


class GuardedHttpProtocol(HttpToolsProtocol):
    """uvicorn's HTTP protocol with two guards (a subclass: uvicorn takes a protocol class).

    Its own error answers (400 for a request it cannot parse) carry the security headers, and
    a client gets ``HEAD_TIMEOUT`` seconds to send a request's head (line and headers): one
    that trickles them a byte at a time is disconnected rather than held open for ever.
    """

    HEAD_TIMEOUT = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer: asyncio.TimerHandle | None = None
        self._expect_head()

    def _expect_head(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.HEAD_TIMEOUT, self._head_too_slow)

    def _cancel_head_timer(self) -> None:
        timer = getattr(self, "_head_timer", None)
        if timer is not None:
            timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()

    def on_headers_complete(self) -> None:
        self._cancel_head_timer()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._expect_head()  # the next request on this kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        body = msg.encode("ascii", "replace")
        lines = [b"HTTP/1.1 400 Bad Request\r\n"]
        headers = [*self.server_state.default_headers, *SECURITY_HEADERS]
        headers += [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode("ascii")),
            (b"connection", b"close"),
        ]
        lines += [name + b": " + value + b"\r\n" for name, value in headers]
        self.transport.write(b"".join([*lines, b"\r\n", body]))
        self.transport.close()


def _too_large(request: Request, limit: int) -> Any:
    return error_response(
        request, 413, f"the request body is over the {limit:,}-byte limit; send less at a time"
    )


def _replaying(body: bytes, receive: Receive) -> Receive:
    """A receive callable that gives the buffered body once, then waits on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def check_token(request: Request, token: str | None) -> None:
    """Return None when the request may write; raises ServerError 401 otherwise.

    With no token configured (a loopback-only server), writes are taken only from this
    machine: the Host (and Origin, if any) must name a loopback address, which stops a web
    page from writing through DNS rebinding or a cross-site request.
    """
    if not token:
        for header in ("host", "origin"):
            value = request.headers.get(header)
            if value is None or (value == "null" and header == "origin"):
                continue
            name = urlsplit(value if "//" in value else f"//{value}").hostname or ""
            if not is_loopback(name):
                raise ServerError(
                    403,
                    f"without a token this server takes writes only from this machine, not "
                    f"from {header.title()} {value[:100]!r}; start it with --token to accept them",
                )
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise ServerError(
            401,
            "this server needs a bearer token to ingest: send 'Authorization: Bearer TOKEN'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ServerError(
            401,
            "the bearer token is wrong; use the one the server was started with",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )


def is_loopback(host: str) -> bool:
    """Whether ``host`` names only this machine (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Return None when serving on ``host`` is safe; raises ConfigError otherwise.

    A server reachable from other machines must not let anyone write: it needs a token.
    """
    if is_loopback(host):
        return
    if not token:
        raise ConfigError(
            f"refusing to serve on {host}, which other machines can reach, without a token: "
            "pass --token (or set NEWSPRISM_TOKEN), or bind to 127.0.0.1"
        )
    if len(token) < 16:
        raise ConfigError(
            "the token is too short to protect a server others can reach; "
            "use at least 16 characters (e.g. `python -c 'import secrets; "
            "print(secrets.token_urlsafe())'`)"
        )
