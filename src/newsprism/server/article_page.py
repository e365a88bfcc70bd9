"""What the article view shows: the text cut into segments, passages of the brief highlighted.

Every passage of the story's brief that lies in the article (a claim's support, a quote's
attribution, a discrepancy's evidence) becomes a highlight whose fragment id is the one the
story page links to (``story_page.passage_anchor``). Passages may overlap, and HTML marks may
not, so the text is cut at every passage boundary and each piece lists the passages over it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Literal

from newsprism.server.story_page import Brief, passage_anchor, safe_id

Kind = Literal["claim", "quote", "discrepancy"]


@dataclass(frozen=True)
class Highlight:
    """One passage of the brief in this article, placed at offsets into its text."""

    anchor: str
    kind: Kind
    label: str
    detail: str
    start: int
    end: int
    text: str
    story_anchor: str

    def to_dict(self) -> dict[str, Any]:
        """The highlight as the article's JSON gives it."""
        return {
            "anchor": self.anchor,
            "kind": self.kind,
            "label": self.label,
            "detail": self.detail,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True)
class Segment:
    """A piece of the article text with the highlights that cover it.

    ``anchors`` are the fragment ids of the highlights that start here.
    """

    text: str
    kinds: tuple[str, ...]
    anchors: tuple[str, ...]
    title: str


def _place(text: str, passage: dict[str, Any]) -> tuple[int, int] | None:
    """(start, end) of the passage in ``text``; offsets first, else the passage's own words."""
    try:
        start, end = int(passage.get("start", -1)), int(passage.get("end", -1))
    except (TypeError, ValueError):
        start, end = -1, -1
    quoted = str(passage.get("text") or "")
    if 0 <= start < end <= len(text) and (not quoted or text[start:end] == quoted):
        return start, end
    if quoted:
        found = text.find(quoted)
        if found >= 0:
            return found, found + len(quoted)
    if 0 <= start < end <= len(text):
        return start, end
    return None


def article_highlights(brief: Brief, article_id: str, text: str) -> list[Highlight]:
    """Every passage of the brief in this article, in text order."""
    found: list[Highlight] = []

    def add(
        kind: Kind, anchor: str, label: str, detail: str, passage: dict[str, Any], story_anchor: str
    ) -> None:
        if passage.get("article") != article_id:
            return
        placed = _place(text, passage)
        if placed is None:
            return
        start, end = placed
        found.append(
            Highlight(anchor, kind, label, detail, start, end, text[start:end], story_anchor)
        )

    for claim in brief.get("claims", []):
        claim_id = str(claim.get("id", ""))
        for i, passage in enumerate(claim.get("support", [])):
            add(
                "claim",
                passage_anchor("claim", claim_id, i),
                str(claim.get("text", "")),
                str(claim.get("status", "")),
                passage,
                f"claim-{safe_id(claim_id)}",
            )
    for quote in brief.get("quotes", []):
        quote_id = str(quote.get("id", ""))
        speaker = str(quote.get("speaker_name") or "unattributed")
        for i, attribution in enumerate(quote.get("attributions", [])):
            detail = speaker + ("" if attribution.get("verbatim") else " (paraphrased)")
            add(
                "quote",
                passage_anchor("quote", quote_id, i),
                str(quote.get("text", "")),
                detail,
                attribution,
                f"quote-{safe_id(quote_id)}",
            )
    for discrepancy in brief.get("discrepancies", []):
        discrepancy_id = str(discrepancy.get("id", ""))
        for j, value in enumerate(discrepancy.get("values", [])):
            for k, passage in enumerate(value.get("evidence", [])):
                add(
                    "discrepancy",
                    passage_anchor("disc", discrepancy_id, j, k),
                    str(discrepancy.get("about", "")),
                    str(value.get("value", "")),
                    passage,
                    f"disc-{safe_id(discrepancy_id)}",
                )
    found.sort(key=lambda h: (h.start, -h.end, h.anchor))
    return found


def segments(text: str, highlights: list[Highlight]) -> list[Segment]:
    """The text cut at every highlight boundary, each piece with the highlights over it."""
    cuts = {0, len(text)}
    for highlight in highlights:
        cuts.update((highlight.start, highlight.end))
    points = sorted(cuts)
    pieces: list[Segment] = []
    for start, end in itertools.pairwise(points):
        if start == end:
            continue
        over = [h for h in highlights if h.start <= start and h.end >= end]
        kinds = tuple(sorted({h.kind for h in over}))
        anchors = tuple(h.anchor for h in highlights if h.start == start)
        title = "; ".join(f"{h.kind}: {h.label}" for h in over)
        pieces.append(Segment(text[start:end], kinds, anchors, title))
    return pieces
