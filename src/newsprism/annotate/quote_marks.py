"""Finding quoted passages in plain text from its quote marks alone.

News text is messy: curly and straight marks mixed, a closing mark typed for an opening one,
apostrophes that look like single quotes, a quote left open, and the convention that a quote
running over several paragraphs leaves each paragraph open and opens the next one again.
``find_quoted`` handles all of these and never raises on any string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsprism.annotate.embeds import trailer_start

DOUBLE_OPEN = frozenset("“„«")
DOUBLE_CLOSE = frozenset("”»")
SINGLE_OPEN = frozenset("‘‹")
SINGLE_CLOSE = frozenset("’›")
STRAIGHT = frozenset("\"'")
ALL_MARKS = DOUBLE_OPEN | DOUBLE_CLOSE | SINGLE_OPEN | SINGLE_CLOSE | STRAIGHT
_OPEN_CONTEXT = frozenset(" \t([{—–-/:;…")  # what may stand before an opening mark
_INTRODUCERS = frozenset(":,—–-([")  # what ends the words that introduce a whole quote
# A double mark left as a broken HTML entity by a scraper: "&quot;", "quot;", "&#34;".
_BROKEN_QUOTE = re.compile(r"(?<![^\W\d_])&?(?:quot|#34);")


@dataclass(frozen=True)
class QuotedPassage:
    """A passage between quote marks.

    ``open``/``close`` are the offsets of the opening and closing marks (``close`` is None
    when the passage runs to the end of its paragraph without one); ``start``/``end`` cover
    the content without the marks and surrounding spaces. ``pieces`` holds the content's
    ``(start, end)`` per paragraph for a multi-paragraph quote, so that the marks reopening
    each paragraph can be left out of its text. ``nested`` counts quotes inside it.
    """

    open: int
    close: int | None
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    kind: str  # "double" or "single"
    nested: int = 0

    def content(self, text: str) -> str:
        """Return the words of the passage, paragraphs joined by a newline."""
        return "\n".join(text[s:e] for s, e in self.pieces)


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch == ""


def _classify(text: str, i: int, lo: int, hi: int) -> tuple[str, str] | None:
    """Return (role, kind) of the mark at ``i``: role "open"/"close", kind "double"/"single".

    ``lo``/``hi`` bound the paragraph; None means the mark is no quote mark here (an
    apostrophe, a mark between two spaces).
    """
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    if prev == "=":
        return None  # an attribute value in markup left in the text: <a href="...">
    nxt = text[i + 1] if i + 1 < hi else " "
    prev_opens = _is_space(prev) or prev in _OPEN_CONTEXT or prev in DOUBLE_OPEN | SINGLE_OPEN
    next_space = _is_space(nxt)
    if ch in DOUBLE_OPEN:
        return ("open", "double") if not next_space or ch == "«" else None
    if ch in DOUBLE_CLOSE:
        if i == lo or (prev_opens and not next_space and nxt not in ".,;:!?)"):
            return ("open", "double")  # a closing mark typed where an opening one belongs
        return ("close", "double")
    if ch == '"':
        if prev_opens and not next_space:
            return ("open", "double")
        if not _is_space(prev):
            return ("close", "double")
        return ("either", "double")  # spaces on both sides: closes a quote if one is open
    # Single marks: an apostrophe unless the context says otherwise.
    if ch in SINGLE_OPEN or ch in "'’":
        if prev_opens and (nxt.isalnum() or nxt in '“"…'):
            if nxt.isdigit() and text[i + 1 : i + 4].rstrip("s").isdigit():
                return None  # '90s
            return ("open", "single")
        if (
            ch != "‘"
            and not _is_space(prev)
            and not prev.isspace()
            and not nxt.isalnum()
            and prev not in "sS"  # the voters' choice: a plural possessive, most often
        ):
            return ("close", "single")
        if ch != "‘" and (prev in ".,!?—…" or prev in "sS") and not nxt.isalnum():
            return ("close", "single")
    return None


def _family(mark: str) -> str:
    """Return "straight" or "typographic": a quote goes on only with marks of its family."""
    return "straight" if mark in STRAIGHT else "typographic"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each non-blank line of ``text``."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            spans.append((pos, end))
        pos = end + 1
    return spans


class _Open:
    # Mutable state of the passage being read; it becomes a frozen QuotedPassage when done.
    __slots__ = ("inner", "kind", "nested", "open", "piece_start", "pieces")

    def __init__(self, open_at: int, kind: str) -> None:
        self.open = open_at
        self.kind = kind
        self.piece_start = open_at + 1
        self.pieces: list[tuple[int, int]] = []
        self.inner: list[str] = []
        self.nested = 0


def _double_apostrophes(text: str) -> str:
    """Return ``text`` with ``''`` and ````` (typed for a double mark) as one ``"``.

    The result has the same length, so offsets stay valid: an opening pair becomes a space and
    the mark, a closing pair the mark and a space.
    """
    if "''" not in text and "``" not in text:
        return text
    chars = list(text)
    i = 0
    n = len(chars)
    while i < n - 1:
        pair = text[i : i + 2]
        if pair in ("''", "``") and (i + 2 >= n or text[i + 2] not in "'`"):
            before = text[i - 1] if i > 0 else " "
            if pair == "``" or before.isspace() or before in _OPEN_CONTEXT:
                chars[i], chars[i + 1] = " ", '"'
            else:
                chars[i], chars[i + 1] = '"', " "
            i += 2
            continue
        i += 1
    return "".join(chars)


def _broken_entities(text: str) -> str:
    """Return ``text`` with each broken ``&quot;`` entity as one ``"`` padded with spaces.

    The result has the same length. The mark goes on the side of the words it touches, so
    that ``quot;We won,quot; she said`` reads as an opening and a closing mark.
    """
    if "quot;" not in text and "#34;" not in text:
        return text
    chars = list(text)
    for found in _BROKEN_QUOTE.finditer(text):
        start, end = found.span()
        after = text[end] if end < len(text) else " "
        chars[start:end] = [" "] * (end - start)
        chars[end - 1 if not after.isspace() else start] = '"'
    return "".join(chars)


def _may_run_on(text: str, state: _Open, lo: int) -> bool:
    """Return True when a quote left open at its paragraph's end may go on in the next one.

    Only a quote of whole sentences does (a paragraph that opens with it, or one introduced
    by a colon or comma, or one that starts a sentence); words quoted inside the reporter's
    sentence ("condemned “in the strongest terms.") close with their paragraph.
    """
    before = text[lo : max(state.open, lo)].rstrip()
    if not before or before[-1] in _INTRODUCERS:
        return True
    first = text[state.piece_start : state.piece_start + 40].lstrip(" \t\"'“‘«[(…")
    return bool(first) and first[0].isupper()


def find_quoted(text: str) -> list[QuotedPassage]:
    """Return the top-level quoted passages of ``text`` in order (nested ones stay inside).

    A quote left open closes at the end of its paragraph unless the next paragraph opens
    again (the convention for a quote over several paragraphs, for quotes of whole
    sentences only); an embedded post's trailer (``pic.twitter.com/…— Jane Doe (@jane)``)
    is never part of a quote.
    """
    passages: list[QuotedPassage] = []
    original = text
    text = _double_apostrophes(_broken_entities(text))
    carry: _Open | None = None
    for lo, hi in _paragraphs(text):
        first = lo
        while first < hi and text[first].isspace():
            first += 1
        current: _Open | None = None
        i = lo
        if carry is not None:
            role = _classify(text, first, lo, hi) if first < hi else None
            if role == ("open", carry.kind) and _family(text[first]) == _family(text[carry.open]):
                current, carry = carry, None  # the quote goes on in this paragraph
                current.piece_start = first + 1
                i = first + 1
            else:
                _emit(text, passages, carry, None)
                carry = None
        closed_here = False
        while i < hi:
            if text[i] in ALL_MARKS:
                role = _classify(text, i, lo, hi)
                if role is not None and role[0] == "either":
                    role = ("close", "double") if current is not None else None
                if role is not None:
                    if current is None:
                        if role[0] == "open":
                            current = _Open(i, role[1])
                        elif role[1] == "double" and not closed_here:
                            # Closed but never opened: the quote began at the paragraph start.
                            orphan = _Open(lo - 1, "double")
                            orphan.piece_start = lo
                            orphan.pieces.append((lo, i))
                            _emit(text, passages, orphan, i)
                            closed_here = True
                    elif role[0] == "open":
                        if role[1] == "double" == current.kind and not current.inner:
                            # A second opening double mark: the first quote was left open.
                            current.pieces.append((current.piece_start, i))
                            _emit(text, passages, current, None)
                            current = _Open(i, "double")
                        else:
                            current.inner.append(role[1])
                    elif current.inner and current.inner[-1] == role[1]:
                        current.inner.pop()
                        current.nested += 1
                    elif role[1] == current.kind:
                        current.pieces.append((current.piece_start, i))
                        _emit(text, passages, current, i)
                        current = None
                        closed_here = True
                    elif role[1] in current.inner:
                        while current.inner and current.inner.pop() != role[1]:
                            pass
                        current.nested += 1
            i += 1
        if current is not None and current.kind == "double":
            current.pieces.append((current.piece_start, hi))
            if _may_run_on(text, current, lo):
                carry = current
            else:
                _emit(text, passages, current, None)
    if carry is not None:
        _emit(text, passages, carry, None)
    if text != original:
        passages = [p for p in passages if original[p.start : p.end].strip("'` ")]
    return passages


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _emit(text: str, passages: list[QuotedPassage], state: _Open, close: int | None) -> None:
    """Append the finished passage ``state`` (closed at ``close``, or left open)."""
    parts = []
    for s, e in state.pieces:
        s, e = max(s, 0), min(e, len(text))
        cut = trailer_start(text, s, e)
        s, e = _strip(text, s, cut)
        if e > s:
            parts.append((s, e))
        if cut < e:
            break  # the post's trailer: what follows it is no part of the quote
    if not parts:
        return
    passages.append(
        QuotedPassage(
            open=state.open,
            close=close,
            start=parts[0][0],
            end=parts[-1][1],
            pieces=tuple(parts),
            kind=state.kind,
            nested=state.nested,
        )
    )
