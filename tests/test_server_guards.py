"""Server guards from issue 14: the token before the body, HEAD, and uvicorn's own answers
(security headers on its 400s, a time limit on a request's head)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from newsprism.server import ServerConfig, create_app
from newsprism.server.security import CONTENT_SECURITY_POLICY, GuardedHttpProtocol
from newsprism.store import open_store

from .test_server_corpus import local_client

TOKEN = "a-token-of-sixteen-or-more"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "s.db"
    open_store(path).close()
    return str(path)


def test_the_token_is_checked_before_the_body(db: str) -> None:
    app = create_app(ServerConfig(db=db, refresh_on_ingest=False, token=TOKEN))
    with local_client(app) as client:
        response = client.post("/api/articles", json={"nonsense": 1})
        assert response.status_code == 401
        assert "text" not in response.text and "schema" not in response.text.lower()
        allowed = client.post(
            "/api/articles", json={"nonsense": 1}, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert allowed.status_code == 422


def test_head_is_answered_like_get_without_a_body(db: str) -> None:
    app = create_app(ServerConfig(db=db, refresh_on_ingest=False))
    with local_client(app) as client:
        for path in ("/", "/api/stories", "/stories.json"):
            got = client.get(path)
            head = client.head(path)
            assert head.status_code == got.status_code == 200, path
            assert head.content == b""
            assert head.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
            assert head.headers["content-type"] == got.headers["content-type"]


class _QuickHead(GuardedHttpProtocol):
    HEAD_TIMEOUT = 0.5


@pytest.fixture
def live_server(db: str) -> Iterator[int]:
    """A real uvicorn server with the guarded protocol on a free port (torn down after)."""
    app = create_app(ServerConfig(db=db, refresh_on_ingest=False))
    config = uvicorn.Config(app, host="127.0.0.1", port=0, http=_QuickHead, log_level="critical")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def _exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(data)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_uvicorns_own_400_carries_the_security_headers(live_server: int) -> None:
    answer = _exchange(live_server, b"GARBAGE \x00\x01 nonsense\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    assert b"content-security-policy: " + CONTENT_SECURITY_POLICY.encode() in answer.lower()


def test_a_trickled_request_head_is_cut_off(live_server: int) -> None:
    with socket.create_connection(("127.0.0.1", live_server), timeout=5) as connection:
        started = time.monotonic()
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        closed = False
        for _ in range(40):
            try:
                connection.sendall(b"X-Slow: y\r\n")
                if connection.recv(1, socket.MSG_DONTWAIT) == b"":
                    closed = True
                    break
            except BlockingIOError:
                pass
            except OSError:
                closed = True
                break
            time.sleep(0.1)
        assert closed and time.monotonic() - started < 2.5
