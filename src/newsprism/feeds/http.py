"""Conditional GET of one feed: validators sent, 304s recognised, caching headers read.

Built on the safe ``Fetcher`` (its address check runs for the URL and every redirect, and its
size limit and timeout hold); it adds what following a feed needs and ``Fetcher.fetch`` does
not expose: request headers (``If-None-Match``, ``If-Modified-Since``) and the response headers
that decide when to come back (``ETag``, ``Last-Modified``, ``Cache-Control``, ``Retry-After``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from newsprism.errors import (
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    RedirectError,
)
from newsprism.feeds.schedule import parse_max_age, parse_retry_after
from newsprism.ingest.deadline import fetch_deadline
from newsprism.ingest.fetch import FetchedPage, Fetcher, fetched_page, is_url


@dataclass(frozen=True)
class Validators:
    """What the server said identifies the version it sent (both may be None)."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FeedResponse:
    """One conditional fetch: the page (None for 304 and errors) and the caching facts.

    ``error`` is set for an HTTP error status (4xx/5xx); ``retry_after`` and ``max_age`` are
    seconds (None when the server gave none or gave something unreadable).
    """

    url: str
    status: int
    page: FetchedPage | None
    validators: Validators
    max_age: float | None
    retry_after: float | None
    error: HTTPStatusError | None = None

    @property
    def not_modified(self) -> bool:
        """Whether the server answered 304: the copy we have is still current."""
        return self.status == 304


def fetch_feed(
    fetcher: Fetcher, url: str, validators: Validators, *, now: float | None = None
) -> FeedResponse:
    """The feed at ``url`` fetched with ``validators``; raises FetchError when no answer came.

    Redirects are followed (each hop checked like ``Fetcher.fetch``); HTTP error statuses come
    back in ``error`` rather than raised, with the ``Retry-After`` that came with them.
    """
    headers = {}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    current = url
    visited: list[str] = []
    # One deadline for the whole fetch, as ``Fetcher.fetch`` has (redirects, headers, body).
    with fetch_deadline(fetcher.options.timeout) as deadline:
        while True:
            if not is_url(current):
                raise FetchError(url, f"redirected to {current!r}, which is not an http(s) URL")
            fetcher._check_address(current, url, deadline)  # the Fetcher's private-address rule
            visited.append(current)
            answer = _get(fetcher, current, url, headers, now, deadline)
            if isinstance(answer, str):
                target = urljoin(current, answer)
                if target in visited:
                    raise RedirectError(url, f"redirect loop back to {target}")
                if len(visited) > fetcher.options.max_redirects:
                    raise RedirectError(
                        url,
                        f"more than {fetcher.options.max_redirects} redirects; last was {target}",
                    )
                current = target
                continue
            return answer


def _get(
    fetcher: Fetcher,
    current: str,
    original: str,
    headers: dict[str, str],
    now: float | None,
    deadline: float,
) -> FeedResponse | str:
    """The response, or the Location of a redirect; the body is read by the Fetcher (decoded
    through every content encoding, refused past the size limit or the deadline)."""
    try:
        with fetcher._client.stream("GET", current, headers=headers) as response:
            # 304 before the redirect test: some httpx versions count every 3xx as a redirect.
            if response.status_code != 304 and response.is_redirect:
                return response.headers.get("location", "")
            validators = Validators(
                etag=response.headers.get("etag") or None,
                last_modified=response.headers.get("last-modified") or None,
            )
            max_age = parse_max_age(response.headers.get("cache-control", ""))
            retry_after = parse_retry_after(response.headers.get("retry-after", ""), now=now)
            if response.status_code == 304 or response.status_code >= 400:
                error = None
                if response.status_code >= 400:
                    error = HTTPStatusError(
                        original,
                        f"the server answered HTTP {response.status_code} "
                        f"{response.reason_phrase}".rstrip(),
                        status=response.status_code,
                    )
                return FeedResponse(
                    original, response.status_code, None, validators, max_age, retry_after, error
                )
            body = fetcher._body(response, original, deadline)
            page = fetched_page(original, current, response, body)
            return FeedResponse(
                original, response.status_code, page, validators, max_age, retry_after
            )
    except httpx.InvalidURL as exc:
        raise RedirectError(
            original, f"the server redirected to a location that is not a valid URL ({exc})"
        ) from exc
    except httpx.TimeoutException as exc:
        raise FetchTimeoutError(
            original, f"no answer within {fetcher.options.timeout:g} s; try --timeout"
        ) from exc
    except httpx.HTTPError as exc:
        raise FetchError(original, f"the request failed ({type(exc).__name__}: {exc})") from exc
