"""Cleaning a reader's draft before anything encodes, stores or prints it."""

from __future__ import annotations

import dataclasses
import re

from newsprism.identity import split_url
from newsprism.model import ArticleDraft

# A lone surrogate (JSON "\ud800", a feed's "&#xD800;") is no character: it cannot be
# encoded, stored or printed, so it becomes U+FFFD like any other undecodable input.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_draft(draft: ArticleDraft) -> ArticleDraft:
    """The draft with lone surrogates replaced (U+FFFD) and a URL that does not parse dropped.

    A broken url field (a port out of range, a broken IPv6 bracket) is metadata lost, not an
    article lost: the article is kept, identified by its text.
    """
    changes: dict[str, str | None] = {}
    for item in dataclasses.fields(draft):
        value = getattr(draft, item.name)
        if isinstance(value, str) and _LONE_SURROGATE.search(value):
            changes[item.name] = _LONE_SURROGATE.sub("\ufffd", value)
    url = changes.get("url", draft.url)
    if url is not None and split_url(url) is None:
        changes["url"] = None
    return dataclasses.replace(draft, **changes) if changes else draft  # type: ignore[arg-type]
