"""Stable ids derived from content: the same input gives the same ids on every run."""

from __future__ import annotations

import hashlib


def stable_id(prefix: str, *parts: str) -> str:
    """Return ``prefix-`` and 12 hex digits of the SHA-256 of the parts (joined by a NUL)."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"
