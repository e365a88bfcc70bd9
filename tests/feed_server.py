"""A local feed server for tests: http.server on 127.0.0.1 in a thread, answering validators."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Route:
    """What one path answers; ``etag``/``last_modified`` turn on conditional answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class FeedSite:
    """The routes served and every request seen as (path, headers, status answered)."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str], int]] = field(default_factory=list)
    started: list[str] = field(default_factory=list)
    base: str = ""

    def requests_to(self, path: str) -> list[tuple[dict[str, str], int]]:
        return [(headers, status) for p, headers, status in self.seen if p == path]


def rss(title: str, items: list[tuple[str, str, str]], *, extra: str = "") -> bytes:
    """An RSS 2.0 feed with (title, link, text) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><description>{text}</description>"
        "<pubDate>Tue, 01 Dec 2026 09:00:00 GMT</pubDate></item>"
        for t, link, text in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://example.invalid/</link>{extra}{entries}</channel></rss>"
    ).encode()


@contextmanager
def serving(site: FeedSite) -> Iterator[FeedSite]:
    """``site`` served on 127.0.0.1 (``site.base`` is its URL) until the block ends."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = site.routes.get(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if route is None:
                site.seen.append((self.path, headers, 404))
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            site.started.append(self.path)
            if route.delay:
                time.sleep(route.delay)
            fresh = (route.etag is not None and headers.get("if-none-match") == route.etag) or (
                route.last_modified is not None
                and headers.get("if-modified-since") == route.last_modified
            )
            status = 304 if fresh and route.status == 200 else route.status
            site.seen.append((self.path, headers, status))
            body = b"" if status == 304 else route.body
            self.send_response(status)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if status != 304:
                self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
