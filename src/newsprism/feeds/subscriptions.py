"""Turning what a user gives ``newsprism feeds add`` (feed URLs, OPML files or URLs) into
feed URLs, and following them in the store."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newsprism.errors import InputError
from newsprism.ingest.feeds import read_opml
from newsprism.ingest.fetch import Fetcher, is_url
from newsprism.ingest.reader import read_path
from newsprism.store.base import FeedStore


@dataclass(frozen=True)
class Subscription:
    """What ``follow`` did: feeds newly followed, feeds already followed, inputs that failed."""

    added: tuple[str, ...]
    already: tuple[str, ...]
    errors: tuple[InputError, ...]


def feed_urls(location: str, *, fetcher: Fetcher | None = None, max_bytes: int) -> list[str]:
    """The feed URLs one input names: itself for a feed URL, the feeds listed for an OPML
    file or an OPML URL (one whose path ends in ``.opml``); raises InputError otherwise."""
    location = location.strip()
    if is_url(location):
        if not urlsplit(location).path.lower().endswith(".opml"):
            return [location]
        if fetcher is None:
            raise InputError(location, "an OPML URL needs a fetcher to be read")
        page = fetcher.fetch(location)
        return _only_urls(location, read_opml(page.body, location).locations)
    if not Path(location).is_file():
        raise InputError(location, "neither an http(s) feed URL nor an OPML file")
    result = read_path(location, max_bytes=max_bytes)
    if result.errors:
        raise result.errors[0]
    if not result.follow:
        raise InputError(
            location,
            "not an OPML list; to follow a feed give its http(s) URL "
            "(to store a file once, use `newsprism ingest`)",
        )
    return _only_urls(location, result.follow)


def _only_urls(source: str, locations: tuple[str, ...]) -> list[str]:
    urls = [location for location in locations if is_url(location)]
    if not urls:
        raise InputError(source, "the OPML lists no http(s) feed URLs")
    return urls


def follow(
    store: FeedStore,
    inputs: list[str],
    *,
    fetcher: Fetcher | None = None,
    max_bytes: int = 20 * 1024 * 1024,
    now: float | None = None,
) -> Subscription:
    """Follow every feed the inputs name; a bad input is reported and the others go on."""
    now = time.time() if now is None else now
    urls: list[str] = []
    errors: list[InputError] = []
    for location in inputs:
        try:
            found = feed_urls(location, fetcher=fetcher, max_bytes=max_bytes)
        except InputError as exc:
            errors.append(exc)
            continue
        urls.extend(url for url in found if url not in urls)
    flags = store.add_feeds(urls, now=now) if urls else []
    added = tuple(url for url, new in zip(urls, flags, strict=True) if new)
    already = tuple(url for url, new in zip(urls, flags, strict=True) if not new)
    return Subscription(added=added, already=already, errors=tuple(errors))
