"""Stable identities: canonical URLs, and article ids derived from them or from the text."""

from __future__ import annotations

import hashlib
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


def canonical_url(url: str) -> str:
    """The URL with scheme and host lowercased, default port, fragment and trackers removed."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
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
