"""What the article view shows: the text with every passage of the brief marked.

Every passage of the story's brief that lies in the article (a claim's support, a quote's
attribution, a discrepancy's evidence) becomes a highlight whose fragment id is the one the
story page links to (``story_page.passage_anchor``). Passages nest (a quote inside a claim's
sentence, a claim and a discrepancy over the same sentence), so each is one ``<mark>`` holding
the marks inside it, and a link to it outlines the whole passage. Only a passage that crosses
another's end is cut in two; its second part carries no id. Inside a discrepancy's passage the
disputed value itself is emphasised.

Only the passages that matter are highlighted: what another outlet contradicts (contested
claims, discrepancies with the disputed value) and the quotes. Claims every outlet agrees on
and claims only this outlet makes keep their marks and fragment ids (the story page links to
them, and a link outlines the passage) but are not coloured: together they are most of an
article. The sidebar lists each point once, in this outlet's own words (``sidebar_entries``),
the quiet claims apart.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Any, Literal

from newsprism.server.story_page import Brief, passage_anchor, safe_id
from newsprism.wording import clip

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


@dataclass
class Piece:
    """A run of the article text: plain (``highlight`` None), a mark, or an emphasised value.

    A plain class (mutable): ``children`` are filled in while the tree is built. ``text`` is
    set on plain runs only; a mark's text is that of its children.
    """

    start: int
    end: int
    highlight: Highlight | None = None
    value: bool = False
    continued: bool = False
    text: str = ""
    children: list[Piece] = field(default_factory=list)

    @property
    def anchor(self) -> str | None:
        """The fragment id of the mark (its first part only)."""
        if self.highlight is None or self.continued or self.value:
            return None
        return self.highlight.anchor

    @property
    def title(self) -> str:
        """The mark's tooltip: what the passage is (never another outlet's wording of it)."""
        h = self.highlight
        if h is None:
            return ""
        if h.kind == "discrepancy":
            return f"discrepancy: {h.label}" + (f" ({h.detail})" if h.detail else "")
        return h.kind + (f" ({h.detail.replace('_', ' ')})" if h.detail else "")


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


def _value_spans(highlights: list[Highlight], text: str) -> list[Highlight]:
    """The disputed value inside each discrepancy passage, where the passage prints it."""
    spans = []
    for h in highlights:
        if h.kind != "discrepancy" or not h.detail:
            continue
        found = text.find(h.detail, h.start, h.end)
        if found >= 0 and (found, found + len(h.detail)) != (h.start, h.end):
            spans.append(
                Highlight(
                    h.anchor + "-value",
                    h.kind,
                    h.label,
                    h.detail,
                    found,
                    found + len(h.detail),
                    h.detail,
                    h.story_anchor,
                )
            )
    return spans


def marked_text(text: str, highlights: list[Highlight]) -> list[Piece]:
    """The article text as a tree of plain runs and (nested) marks, in text order."""
    root = Piece(0, len(text))
    pending: list[tuple[int, int, int, Piece]] = []
    order = 0
    spans = _value_spans(highlights, text)
    for h, value in [(h, False) for h in highlights] + [(h, True) for h in spans]:
        if h.start < h.end:
            piece = Piece(h.start, h.end, h, value=value)
            heapq.heappush(pending, (h.start, -h.end, order, piece))
            order += 1
    stack = [root]
    while pending:
        start, _, _, piece = heapq.heappop(pending)
        while stack[-1].end <= start:
            stack.pop()
        parent = stack[-1]
        if piece.end > parent.end:  # crosses the parent's end: the rest is marked after it
            rest = Piece(parent.end, piece.end, piece.highlight, piece.value, continued=True)
            heapq.heappush(pending, (rest.start, -rest.end, order, rest))
            order += 1
            piece.end = parent.end
        parent.children.append(piece)
        stack.append(piece)
    _fill(root, text)
    return root.children


def _fill(piece: Piece, text: str) -> None:
    """Put plain runs between the children of ``piece`` (recursively)."""
    filled: list[Piece] = []
    at = piece.start
    for child in piece.children:
        if child.start > at:
            filled.append(Piece(at, child.start, text=text[at : child.start]))
        _fill(child, text)
        filled.append(child)
        at = child.end
    if at < piece.end:
        filled.append(Piece(at, piece.end, text=text[at : piece.end]))
    piece.children = filled


@dataclass(frozen=True)
class SidebarEntry:
    """One point of the brief in the article's sidebar: listed once, in the outlet's words.

    ``text`` is this article's own passage (not the claim's wording from another outlet);
    ``quiet`` marks corroborated and single-source claims: listed apart, not highlighted.
    """

    anchor: str
    kind: Kind
    detail: str
    text: str
    story_anchor: str
    quiet: bool


def sidebar_entries(highlights: list[Highlight]) -> list[SidebarEntry]:
    """Each claim, quote and discrepancy of the article once (its first passage), text order."""
    seen: set[tuple[str, str]] = set()
    entries = []
    for h in highlights:
        key = (h.kind, h.story_anchor)
        if key in seen:
            continue
        seen.add(key)
        entries.append(
            SidebarEntry(
                anchor=h.anchor,
                kind=h.kind,
                detail=h.detail,
                text=clip(h.text, 200),
                story_anchor=h.story_anchor,
                quiet=is_quiet(h),
            )
        )
    return entries


_QUIET_CLAIMS = ("corroborated", "single_source")


def is_quiet(highlight: Highlight) -> bool:
    """True for a passage not highlighted in the text: an uncontested claim."""
    return highlight.kind == "claim" and highlight.detail in _QUIET_CLAIMS
