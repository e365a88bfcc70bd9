"""The record of one followed feed, shared by the Store protocol and the SQLite backend."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedState:
    """One followed feed and what its polls found; times are Unix seconds (UTC).

    ``last_status`` is None before the first poll, then "ok" (new copy read), "not modified"
    (304) or "error" (``last_error`` says why); ``items`` counts articles stored from the feed
    over its life, ``last_new`` those of the last poll; ``failures`` counts errors in a row.
    """

    url: str
    added_at: float
    next_due: float
    title: str | None = None
    last_fetch: float | None = None
    last_status: str | None = None
    http_status: int | None = None
    items: int = 0
    last_new: int = 0
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    last_error: str | None = None
