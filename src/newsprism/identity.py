"""Stable identities: canonical URLs, and article ids derived from them or from the text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track where a reader came from; two URLs differing in them are
# the same article.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "ocid",
        "cmpid",
        "igshid",
        "ref",
        "ref_src",
        "smid",
        "smtyp",
        "taid",
        "ito",
        "at_medium",
        "at_campaign",
    }
)


# Characters no host may hold: whitespace, controls, backslashes, lone surrogates.
_BAD_HOST = re.compile(r"[\s\x00-\x1f\x7f\\\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class UrlParts:
    """A URL taken apart: scheme and host lowercased, the port checked (None when absent)."""

    scheme: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str

    @property
    def effective_port(self) -> int:
        """The port a connection goes to: the given one, else the scheme's default (80)."""
        return self.port or _DEFAULT_PORTS.get(self.scheme, 80)


def split_url(url: str) -> UrlParts | None:
    """The URL's parts, or None when it cannot be parsed.

    The one URL parser every url field goes through: a port out of range, a broken IPv6
    bracket, a lone surrogate, or whitespace and control characters in the host give None,
    never an exception.
    """
    if _SURROGATE.search(url):
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = parts.port
    except (ValueError, TypeError):
        return None
    if _BAD_HOST.search(host) or (parts.netloc and not host):
        return None
    return UrlParts(
        scheme=parts.scheme.lower(),
        host=host.lower(),
        port=port,
        path=parts.path,
        query=parts.query,
        fragment=parts.fragment,
    )


def is_web_url(url: str) -> bool:
    """Whether ``url`` parses as an http:// or https:// URL with a host."""
    parts = split_url(url)
    return parts is not None and parts.scheme in ("http", "https") and bool(parts.host)


def canonical_url(url: str) -> str:
    """The URL with scheme and host lowercased, default port, fragment and trackers removed.

    A URL that cannot be parsed (see ``split_url``) comes back as given, stripped, so it is
    still a stable key.
    """
    parts = split_url(url)
    if parts is None:
        return url.strip()
    # Any scheme but http drops port 443: kept as stored keys were first made.
    scheme, host = parts.scheme, parts.host
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address keeps its brackets, so the result parses again
    port = parts.port if parts.port not in (None, 80 if scheme == "http" else 443) else None
    netloc = f"{host}:{port}" if port else host
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
        ]
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def article_identity(url: str | None, content_hash: str) -> str:
    """What makes two inputs the same article: the canonical URL, else the normalized text."""
    if url:
        return "url:" + canonical_url(url)
    return "hash:" + content_hash


def article_id(identity: str) -> str:
    """A short, stable article id (16 hex digits) derived from the article's identity."""
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]


def site_of(url: str | None) -> str | None:
    """The site an http(s) URL names, as people write it ("https://www.example.org/a" ->
    "example.org"); None for no URL, another scheme, or no host."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    host = host.rstrip(".").lower()
    if host.startswith("www.") and host.count(".") >= 2:
        host = host[4:]
    return host or None
