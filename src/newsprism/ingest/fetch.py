"""Fetching URLs safely: timeouts, size limits, redirects checked hop by hop, no private hosts.

Every address a URL's host resolves to is checked before the request is made, and again for
each redirect, so a public page cannot bounce newsprism onto ``localhost`` or a cloud metadata
address. (A host whose DNS answer changes between the check and the connection is not caught;
run newsprism behind an egress proxy if that matters to you.)
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin

import httpx

from newsprism.errors import (
    BlockedAddressError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InputTooLargeError,
    RedirectError,
)
from newsprism.identity import is_web_url, split_url
from newsprism.ingest.content_coding import (
    ACCEPT_ENCODING,
    UnsupportedCodingError,
    decoded_chunks,
)
from newsprism.ingest.deadline import deadline_transport, fetch_deadline

Resolver = Callable[[str, int], Sequence[str]]
"""Given (host, port), the IP addresses the host resolves to."""

USER_AGENT = "newsprism/0.1 (+https://github.com/newsprism/newsprism)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits for fetching one URL."""

    timeout: float = 10.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False


@dataclass(frozen=True)
class FetchedPage:
    """A fetched response body with what the server said about it."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    redirect_to: str | None = None


def is_url(location: str) -> bool:
    """Whether ``location`` is an http:// or https:// URL with a host (a valid port, if any)."""
    return is_web_url(location)


def system_resolve(host: str, port: int) -> list[str]:
    """The IP addresses the system resolver gives for ``host``."""
    infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


class Fetcher:
    """Fetches URLs under FetchOptions; owns an HTTP client, so close it (or use ``with``).

    A plain class: it holds an open connection pool. ``transport`` and ``resolve`` exist so tests
    can answer requests without a network.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        self._resolve = resolve or system_resolve
        self._client = httpx.Client(
            transport=transport or deadline_transport(),
            timeout=httpx.Timeout(self.options.timeout),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def fetch(self, url: str) -> FetchedPage:
        """The page at ``url`` after redirects; raises a FetchError subclass naming the URL.

        The timeout bounds the whole fetch (every redirect, the headers and the body), not
        each read, and the size limit counts decoded bytes through every content encoding.
        """
        with fetch_deadline(self.options.timeout) as deadline:
            return self._follow(url, deadline)

    def _follow(self, url: str, deadline: float) -> FetchedPage:
        current = url
        visited: list[str] = []
        while True:
            if not is_url(current):
                raise RedirectError(
                    url, f"redirected to {current[:200]!r}, which is not a valid http(s) URL"
                )
            self._check_address(current, url, deadline)
            visited.append(current)
            response = self._get(current, url, deadline)
            if response.redirect_to is not None:
                try:
                    target = urljoin(current, response.redirect_to)
                except ValueError:
                    target = response.redirect_to
                if target in visited:
                    raise RedirectError(url, f"redirect loop back to {target}")
                if len(visited) > self.options.max_redirects:
                    raise RedirectError(
                        url, f"more than {self.options.max_redirects} redirects; last was {target}"
                    )
                current = target
                continue
            return response

    def _check_address(self, current: str, original: str, deadline: float) -> None:
        if self.options.allow_private:
            return
        parts = split_url(current)
        if parts is None:
            raise FetchError(original, f"{current!r} is not a valid URL")
        host, port = parts.host, parts.effective_port
        try:
            addresses = [host] if _is_ip(host) else self._resolve_by(host, port, deadline)
        except TimeoutError as exc:
            raise self._timeout(original) from exc
        except (OSError, UnicodeError) as exc:
            raise FetchError(original, f"cannot resolve host {host!r} ({exc})") from exc
        for address in addresses:
            reason = _blocked_reason(address)
            if reason:
                via = "" if current == original else f" (reached through a redirect to {current})"
                raise BlockedAddressError(
                    original,
                    f"{host} resolves to {address}, a {reason} address{via}; "
                    "refused unless you pass --allow-private",
                )

    def _resolve_by(self, host: str, port: int, deadline: float) -> list[str]:
        """The host's addresses, looked up in a helper thread so a slow DNS answer cannot
        outlast the fetch's deadline (the lookup itself cannot be interrupted)."""
        answer: list[str] = []
        failure: list[BaseException] = []

        def look_up() -> None:
            try:
                answer.extend(self._resolve(host, port))
            except BaseException as exc:  # handed to the waiting thread
                failure.append(exc)

        lookup = threading.Thread(target=look_up, name="newsprism-resolve", daemon=True)
        lookup.start()
        lookup.join(max(deadline - time.monotonic(), 0.0))
        if lookup.is_alive():
            raise TimeoutError(f"no DNS answer for {host!r} in time")
        if failure:
            raise failure[0]
        return answer

    def _get(self, current: str, original: str, deadline: float) -> FetchedPage:
        try:
            with self._client.stream("GET", current) as response:
                if response.is_redirect:
                    return fetched_page(
                        original,
                        current,
                        response,
                        b"",
                        redirect_to=response.headers.get("location", ""),
                    )
                if response.status_code >= 400:
                    raise HTTPStatusError(
                        original,
                        f"the server answered HTTP {response.status_code} "
                        f"{response.reason_phrase}".rstrip(),
                        status=response.status_code,
                    )
                return fetched_page(
                    original, current, response, self._body(response, original, deadline)
                )
        except httpx.TimeoutException as exc:
            raise self._timeout(original) from exc
        except httpx.InvalidURL as exc:
            # httpx parses a redirect's Location before handing the response back.
            raise RedirectError(
                original, f"the server redirected to a location that is not a valid URL ({exc})"
            ) from exc
        except (httpx.HTTPError, httpx.StreamError) as exc:
            if time.monotonic() >= deadline:
                raise self._timeout(original) from exc
            raise FetchError(original, f"the request failed ({type(exc).__name__}: {exc})") from exc

    def _body(self, response: httpx.Response, original: str, deadline: float) -> bytes:
        """The response body decoded, refused once it passes the size limit or the deadline."""
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise InputTooLargeError(
                original,
                f"the server announces {int(declared):,} bytes, over the "
                f"{limit:,}-byte limit (NEWSPRISM_MAX_INPUT_BYTES)",
            )
        chunks: list[bytes] = []
        size = 0
        if response.is_stream_consumed:  # a response built in memory (a test transport)
            raw, coding = iter([response.content]), ""
        else:
            raw, coding = response.iter_raw(), response.headers.get("content-encoding", "")
        try:
            for chunk in decoded_chunks(raw, coding):
                size += len(chunk)
                if size > limit:
                    raise InputTooLargeError(
                        original,
                        f"the response is over the {limit:,}-byte limit once decoded "
                        "(NEWSPRISM_MAX_INPUT_BYTES)",
                    )
                if time.monotonic() > deadline:
                    raise self._timeout(original)
                chunks.append(chunk)
        except UnsupportedCodingError as exc:
            raise FetchError(original, f"cannot decode the response: {exc}") from exc
        except zlib.error as exc:
            raise FetchError(original, f"the compressed response is corrupt ({exc})") from exc
        return b"".join(chunks)

    def _timeout(self, original: str) -> FetchTimeoutError:
        return FetchTimeoutError(
            original, f"not fetched within {self.options.timeout:g} s; try --timeout"
        )


def fetched_page(
    original: str,
    current: str,
    response: httpx.Response,
    body: bytes,
    *,
    redirect_to: str | None = None,
) -> FetchedPage:
    """Return the page ``original`` gave at ``current``: its status, content type and charset
    from ``response``'s headers, and ``body`` (already decoded and size-checked)."""
    header = response.headers.get("content-type", "")
    message = Message()
    message["content-type"] = header
    charset = message.get_param("charset")
    return FetchedPage(
        url=original,
        final_url=current,
        status=response.status_code,
        content_type=message.get_content_type() if header else "",
        charset=charset if isinstance(charset, str) else None,
        body=body,
        redirect_to=redirect_to,
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _blocked_reason(address: str) -> str | None:
    """Why this address may not be fetched by default ("loopback", ...), or None if public.

    An IPv6 address that carries an IPv4 one (mapped ``::ffff:a.b.c.d``, compatible
    ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``, Teredo) is judged by the IPv4
    address it reaches.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "unparseable"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_private:
        return "private"
    if not ip.is_global or ip.is_unspecified or ip.is_reserved:
        return "non-public (reserved, shared or documentation)"
    return None


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address leads to by translation or tunnelling, if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or (int(ip) >> 32 == 0 and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None
