"""Trailers of embedded social-media posts pasted into article text.

A post embedded in a web page often reaches the plain text as its words followed by a trailer:
a media link (``pic.twitter.com/Ab12Cd``), then the author, handle and date
(``— Jane Doe (@janedoe) May 3, 2024``). The trailer is no part of what the author said:
``trailer_start`` tells where it begins, so a quote can end before it.

``newsprism.text.find_embeds`` finds whole posts at ingest where the trailer ends a line;
this finds a trailer anywhere inside a quoted span, where a page ran the post into the
surrounding text ("…wounded pic.twitter.com/Ab12— Jane Doe (@janedoe) May 3, 2024A witness").
"""

from __future__ import annotations

import re

# A media or short link of a post: "pic.twitter.com/x1", "https://t.co/x1", "x.com/a/status/1".
_MEDIA_LINK = r"(?:https?://)?(?:pic\.twitter\.com|pic\.x\.com|t\.co|x\.com|twitter\.com)/\S*"
# The signature: a dash, a display name, the handle in brackets, optionally a date.
_SIGNATURE = (
    r"[―—–]{1,2}[^\S\n]*[^\n()@]{1,80}?(?:\([^\n()@]{1,40}\)[^\S\n]*)?\(@\w{1,30}\)"
    r"(?:[^\S\n]*[A-Z][a-z]{2,8}\.?[^\S\n]+\d{1,2},?[^\S\n]+\d{4})?"
)
TRAILER = re.compile(rf"[^\S\n]*(?:{_MEDIA_LINK}[^\S\n]*(?:{_SIGNATURE})?|{_SIGNATURE})")


def trailer_start(text: str, start: int, end: int) -> int:
    """Return where an embedded post's trailer begins in ``text[start:end]``, else ``end``.

    What follows the trailer up to ``end`` goes with it: the post's words come before it.
    """
    found = TRAILER.search(text, start, end)
    if found is None:
        return end
    return found.start()
