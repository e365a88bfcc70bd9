"""From a reader's draft to a stored Article: normalized text, parsed date, stable identity."""

from __future__ import annotations

import datetime as dt

from newsprism.errors import EmptyInputError
from newsprism.identity import article_id, article_identity, site_of
from newsprism.ingest.clean import clean_draft
from newsprism.ingest.published import parse_published
from newsprism.model import Article, ArticleDraft, WireCredit
from newsprism.text import content_hash, detect_wire_credit, normalize_text


def utc_now() -> str:
    """The current UTC time as ISO 8601 to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def build_article(draft: ArticleDraft, *, ingested_at: str | None = None) -> Article:
    """The Article for a draft; raises EmptyInputError when normalization leaves no text."""
    draft = clean_draft(draft)
    normalized = normalize_text(draft.text, byline=draft.byline)
    if not normalized.text:
        raise EmptyInputError(draft.source, "no article text is left after cleaning")
    digest = content_hash(normalized.text)
    wire = normalized.wire or _wire_from_metadata(draft)
    return Article(
        id=article_id(article_identity(draft.url, digest)),
        source=draft.source,
        format=draft.format,
        text=normalized.text,
        content_hash=digest,
        ingested_at=ingested_at or utc_now(),
        # Without an outlet, the site the article's URL names stands for it.
        outlet=_tidy(draft.outlet) or site_of(draft.url),
        url=_tidy(draft.url),
        title=_tidy(draft.title),
        published=parse_published(draft.published),
        byline=_byline(draft.byline),
        language=_tidy(draft.language),
        wire=wire,
        embeds=normalized.embeds,
    )


def _wire_from_metadata(draft: ArticleDraft) -> WireCredit | None:
    """A wire credit given as the outlet ("Reuters") rather than in the text."""
    if not draft.outlet:
        return None
    credit = detect_wire_credit("", byline=draft.outlet)
    if credit is None:
        return None
    return WireCredit(agency=credit.agency, text=draft.outlet, position="metadata")


def _byline(value: str | None) -> str | None:
    """The byline without a leading "By" ("By Lena Marsh" is stored as "Lena Marsh")."""
    tidy = _tidy(value)
    if tidy and tidy[:3].lower() == "by ":
        return tidy[3:].strip() or None
    return tidy


def _tidy(value: str | None) -> str | None:
    if value is None:
        return None
    return " ".join(value.split()) or None
