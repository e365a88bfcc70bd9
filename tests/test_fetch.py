"""Fetching: addresses checked on every hop, size limits, redirect loops, charset from headers."""

from __future__ import annotations

import httpx
import pytest

from newsprism.errors import (
    BlockedAddressError,
    FetchError,
    InputTooLargeError,
    RedirectError,
)
from newsprism.ingest.fetch import Fetcher, FetchOptions, is_url

PUBLIC = "93.184.215.14"
ADDRESSES = {
    "news.example": PUBLIC,
    "intranet.example": "10.0.0.7",
    "meta.example": "169.254.169.254",
    "shared.example": "100.64.0.1",
    "doc.example": "192.0.2.1",
}


def fetcher(handler, **options: object) -> Fetcher:
    return Fetcher(
        FetchOptions(**options),  # type: ignore[arg-type]
        transport=httpx.MockTransport(handler),
        resolve=lambda host, port: [ADDRESSES.get(host, PUBLIC)],
    )


def test_page_with_charset_and_final_url() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return httpx.Response(
            200,
            content="Café".encode("latin-1"),
            headers={"content-type": "text/html; charset=ISO-8859-1"},
        )

    with fetcher(handler) as f:
        page = f.fetch("https://news.example/old")
    assert page.final_url == "https://news.example/new"
    assert (page.content_type, page.charset) == ("text/html", "ISO-8859-1")
    assert page.body.decode(page.charset) == "Café"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://intranet.example/", "private"),
        ("http://meta.example/latest/meta-data", "link-local"),
        ("http://doc.example/", "private"),
        ("http://shared.example/", "non-public"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
    ],
)
def test_non_public_hosts_are_refused(url: str, kind: str) -> None:
    with (
        pytest.raises(BlockedAddressError, match=kind),
        fetcher(lambda r: httpx.Response(200)) as f,
    ):
        f.fetch(url)


def test_redirect_to_a_private_host_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": "http://intranet.example/admin"})

    with pytest.raises(BlockedAddressError, match="through a redirect"), fetcher(handler) as f:
        f.fetch("https://news.example/a")


def test_private_hosts_allowed_when_asked() -> None:
    with fetcher(lambda r: httpx.Response(200, text="ok"), allow_private=True) as f:
        assert f.fetch("http://intranet.example/").body == b"ok"


def test_too_many_redirects() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        step = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"location": f"/{step + 1}"})

    with (
        pytest.raises(RedirectError, match="more than 3 redirects"),
        fetcher(handler, max_redirects=3) as f,
    ):
        f.fetch("https://news.example/0")


def test_body_over_the_limit_is_refused_while_streaming() -> None:
    big = httpx.Response(200, content=iter([b"x" * 600, b"x" * 600]))
    with (
        pytest.raises(InputTooLargeError, match="1,000-byte limit"),
        fetcher(lambda r: big, max_bytes=1000) as f,
    ):
        f.fetch("https://news.example/big")


def test_announced_length_over_the_limit_is_refused() -> None:
    answer = httpx.Response(200, content=b"x" * 2000)
    with (
        pytest.raises(InputTooLargeError, match="announces 2,000 bytes"),
        fetcher(lambda r: answer, max_bytes=1000) as f,
    ):
        f.fetch("https://news.example/big")


def test_connection_errors_are_fetch_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused")

    with (
        pytest.raises(FetchError, match="https://news.example/a: the request failed"),
        fetcher(handler) as f,
    ):
        f.fetch("https://news.example/a")


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("https://a.example/x", True),
        ("HTTP://A.EXAMPLE", True),
        ("ftp://a.example/x", False),
        ("file:///etc/passwd", False),
        ("http://", False),
        ("news/today.html", False),
    ],
)
def test_is_url(location: str, expected: bool) -> None:
    assert is_url(location) is expected
