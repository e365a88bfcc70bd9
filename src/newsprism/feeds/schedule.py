"""When to poll a feed next: caching headers, the feed's own TTL, back-off after failures.

Pure functions over numbers of seconds; the poller hands them what the server and the feed
said and stores the time they give back.
"""

from __future__ import annotations

import email.utils
import re
import time
from dataclasses import dataclass

_MAX_AGE = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|[,\s])(?:no-cache|no-store)(?:$|[,\s=])", re.IGNORECASE)
_RSS_TTL = re.compile(rb"<ttl>\s*(\d+)\s*</ttl>", re.IGNORECASE)
_SY_PERIOD = re.compile(rb"<sy:updatePeriod>\s*(\w+)\s*</sy:updatePeriod>", re.IGNORECASE)
_SY_FREQUENCY = re.compile(rb"<sy:updateFrequency>\s*(\d+)\s*</sy:updateFrequency>", re.IGNORECASE)
_PERIOD_SECONDS = {
    b"hourly": 3600,
    b"daily": 86400,
    b"weekly": 7 * 86400,
    b"monthly": 30 * 86400,
    b"yearly": 365 * 86400,
}
_TTL_SCAN = 64 * 1024  # the channel's TTL sits before the items


@dataclass(frozen=True)
class SchedulePolicy:
    """How often feeds are polled: ``interval`` between polls of a healthy feed, at most
    ``max_interval`` whatever the server asks; after ``n`` failures in a row the wait is
    ``interval * 2**(n-1)`` (at least ``min_backoff``), capped at ``max_backoff``. All seconds.
    """

    interval: float = 900.0
    max_interval: float = 86400.0
    min_backoff: float = 60.0
    max_backoff: float = 6 * 3600.0


def parse_max_age(cache_control: str) -> float | None:
    """Seconds from a Cache-Control header's max-age (0 for no-cache/no-store), or None."""
    match = _MAX_AGE.search(cache_control)
    if match:
        return float(match.group(1))
    if _NO_CACHE.search(cache_control):
        return 0.0
    return None


def parse_retry_after(value: str, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay seconds or an HTTP date), or None."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def feed_ttl(body: bytes) -> float | None:
    """Seconds the feed itself says it stays fresh (RSS ``<ttl>`` minutes, or the
    syndication module's updatePeriod / updateFrequency), or None."""
    head = body[:_TTL_SCAN]
    match = _RSS_TTL.search(head)
    if match:
        return 60.0 * int(match.group(1))
    period = _SY_PERIOD.search(head)
    if period is None:
        return None
    seconds = _PERIOD_SECONDS.get(period.group(1).lower())
    if seconds is None:
        return None
    frequency = _SY_FREQUENCY.search(head)
    times = int(frequency.group(1)) if frequency else 1
    return seconds / max(times, 1)


def wait_after_success(
    policy: SchedulePolicy,
    *,
    max_age: float | None = None,
    ttl: float | None = None,
    retry_after: float | None = None,
) -> float:
    """Seconds until the next poll of a feed that answered (200 or 304).

    The longest of the policy's interval, the server's max-age and the feed's TTL, capped at
    ``max_interval``; a Retry-After is honoured even past that cap (up to ``max_backoff``).
    """
    wait = min(max(policy.interval, max_age or 0.0, ttl or 0.0), policy.max_interval)
    if retry_after:
        wait = max(wait, min(retry_after, policy.max_backoff))
    return wait


def wait_after_failure(
    policy: SchedulePolicy, failures: int, *, retry_after: float | None = None
) -> float:
    """Seconds until the next poll of a feed that has failed ``failures`` times in a row."""
    exponent = min(max(failures - 1, 0), 30)
    wait = min(max(policy.interval, policy.min_backoff) * 2**exponent, policy.max_backoff)
    if retry_after:
        wait = max(wait, min(retry_after, policy.max_backoff))
    return wait
