"""Article text as newsprism stores it: clean Unicode and whitespace, no page chrome.

``normalize_text`` gives the text to store, the social posts and video captions pasted into it
(kept, because they often carry quotes, but marked as embeds) and the wire agency it credits.
``content_hash`` gives the fingerprint used to recognise the same text ingested twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from newsprism.model import Embed, EmbedKind, WireCredit

# Wire agencies by the names they are credited under; the value is the name stored.
_AGENCIES: dict[str, str] = {
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "pti": "PTI",
    "press trust of india": "PTI",
    "ani": "ANI",
    "ians": "IANS",
    "uni": "UNI",
    "bloomberg": "Bloomberg",
    "dpa": "dpa",
    "efe": "EFE",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo",
    "yonhap": "Yonhap",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "ansa": "ANSA",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "aap": "AAP",
    "australian associated press": "AAP",
    "the canadian press": "The Canadian Press",
    "canadian press": "The Canadian Press",
    "cp": "The Canadian Press",
    "pa": "PA Media",
    "pa media": "PA Media",
    "press association": "PA Media",
    "upi": "UPI",
    "bernama": "Bernama",
    "apa": "APA",
    "belga": "Belga",
    "ntb": "NTB",
    "tt": "TT",
    "ritzau": "Ritzau",
    "wam": "WAM",
    "spa": "SPA",
    "irna": "IRNA",
    "news1": "News1",
}
_AGENCY_ALTERNATION = "|".join(
    re.escape(name).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]")
    for name in sorted(_AGENCIES, key=len, reverse=True)
)
# An agency we do not know by name still reads as one when its name says so.
_AGENCY_WORDS = re.compile(r"\b(wire|press|agency|news\s+service|newswire)\b", re.IGNORECASE)

_DASH = r"[-\u2010-\u2015\u2212]"
# "RIVERTON (Reuters) - ", "NEW DELHI, Nov 3 (PTI) —", "LONDON, England (CNN) --", "(AP) -"
_DATELINE = re.compile(
    rf"""^(?:[A-Z][A-Za-z .'’&-]{{0,40}}(?:,\s*[A-Za-z0-9 .'’]{{1,40}})?\s*)?
        \((?P<agency>[A-Za-z][A-Za-z .&'’-]{{0,40}})\)\s*{_DASH}{{1,2}}\s*""",
    re.VERBOSE,
)
_TRAILER = re.compile(
    rf"""(?:
          \((?P<paren>[A-Za-z][A-Za-z .&'’-]{{0,40}})\)
        | {_DASH}{{1,2}}\s*(?P<dash>{_AGENCY_ALTERNATION})
        | (?:with\s+inputs?\s+from|(?:additional\s+)?reporting\s+by|source:?)\s+
          (?P<inputs>{_AGENCY_ALTERNATION})(?:\s+and\s+[A-Za-z ]{{1,30}})?
        | (?P<contributed>{_AGENCY_ALTERNATION})\s+contributed\s+to\s+this\s+(?:report|story)
        )\s*\.?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_TRAILER_HINT = re.compile(
    r"\)\s*\.?\s*$|contributed|inputs? from|reporting by|source|[-\u2010-\u2015\u2212]\s*[A-Za-z]"
    r"[A-Za-z ]{0,30}\.?\s*$",
    re.IGNORECASE,
)
_BYLINE_AGENCY = re.compile(
    rf"^(?:by\s+)?(?:.*?(?:,|\||/|\band\b)\s*)?(?P<agency>{_AGENCY_ALTERNATION})"
    r"(?:\s+(?:staff|reporters?|correspondents?|wires?))?\.?$",
    re.IGNORECASE,
)

# Lines that news pages leave in copied text: navigation, sharing, newsletter and ad prompts.
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        advertisement|sponsored(?:\s+content)?|story\s+continues\s+below(?:\s+advertisement)?
      | (?:share|tweet|email|print)(?:\s+(?:this|the))?(?:\s+(?:article|story|post))?
        (?:\s+(?:on|via)\s+[\w ,|/]+)?
      | share\s+on\s+[\w ,|/]+|copy\s+link|link\s+copied
      | (?:click|tap)\s+here\s+to\s+.{0,80}
      | (?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\s+.{0,60}?newsletters?.{0,80}
      | (?:get|receive)\s+(?:our|the)\s+.{0,40}?newsletter.{0,80}
      | (?:follow|like)\s+us\s+on\s+.{0,80}
      | download\s+(?:our|the)\s+.{0,30}?app.{0,60}
      | (?:copyright\s+)?(?:©|\(c\)|copyright)\s*\d{4}.{0,120}
      | all\s+rights\s+reserved\.?
      | (?:this\s+)?(?:article|story)\s+(?:was\s+)?(?:first\s+)?(?:published|appeared)
        \s+(?:on|in)\s.{0,80}
      | (?:read|see)\s+(?:more|also|next)\s*:?.{0,160}
      | also\s+read\s*:?.{0,160}
      | (?:related|recommended|more\s+from\s+[\w ]{1,30}|you\s+may\s+also\s+like)
        (?:\s+(?:articles?|stories|news|reading|coverage))?\s*:?
      | trending(?:\s+now)?\s*:?
      | loading\.{0,3}|comments?\s*\(\d*\)|\d+\s+comments?
    )$""",
    re.VERBOSE | re.IGNORECASE,
)
# Headings after which a page lists links to other stories, one short line each.
_LINK_LIST_HEADING = re.compile(
    r"^(?:related|recommended|more\s+from\s+[\w ]{1,30}|you\s+may\s+also\s+like|trending|"
    r"also\s+read|read\s+more|more\s+stories|top\s+stories)"
    r"(?:\s+(?:articles?|stories|news|reading|coverage|now))?\s*:?$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\"”’)]$")

_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# "— Amara Okafor (@MayorOkafor) November 13, 2023"
_TWEET_TRAILER = re.compile(
    rf"""^{_DASH}{{1,2}}\s*(?P<author>[^\n()]{{1,80}}?)\s*\(@(?P<handle>\w{{1,30}})\)[ \t]*
        (?P<posted>(?:{_MONTH_NAMES})\.?[ \t]+\d{{1,2}},?[ \t]+\d{{4}})?[ \t]*$""",
    re.VERBOSE | re.IGNORECASE | re.MULTILINE,
)
_SOCIAL_LINK = re.compile(
    r"(?:https?://)?(?:pic\.twitter\.com/\w+|t\.co/\w+|(?:www\.)?(?:twitter|x)\.com/\w+/status/\d+"
    r"|(?:www\.)?instagram\.com/p/[\w-]+)",
    re.IGNORECASE,
)
_VIDEO_CAPTION = re.compile(r"^#?WATCH\s*[|:]", re.IGNORECASE)

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLANK_LINES = re.compile(r"\n{3,}")

_HASH_FOLD = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "…": "...",
    }
)


@dataclass(frozen=True)
class NormalizedText:
    """Clean article text, the embeds marked in it, and the wire agency it credits (if any)."""

    text: str
    embeds: tuple[Embed, ...] = ()
    wire: WireCredit | None = None


def normalize_text(text: str, *, byline: str | None = None) -> NormalizedText:
    """The stored form of ``text``: NFC, tidy whitespace, page chrome removed, embeds marked.

    Paragraphs are separated by one blank line; lines inside a paragraph are kept (pasted
    posts depend on them). ``byline`` helps recognise a wire credit given only there.
    """
    cleaned = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    cleaned = _CONTROL.sub("", cleaned.replace("\u2029", "\n\n"))
    lines = [line.strip() for line in _SPACES.sub(" ", cleaned).split("\n")]
    kept = _without_boilerplate(lines)
    body = _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()
    return NormalizedText(
        text=body,
        embeds=find_embeds(body),
        wire=detect_wire_credit(body, byline=byline),
    )


def content_hash(text: str) -> str:
    """A hex SHA-256 of the text with case, whitespace, quote and dash styles folded."""
    folded = " ".join(text.translate(_HASH_FOLD).split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def detect_wire_credit(text: str, *, byline: str | None = None) -> WireCredit | None:
    """The agency credited in a dateline, a closing credit, or the byline; None when none is.

    Datelines: "RIVERTON (Reuters) - ...", "NEW DELHI, Nov 3 (PTI) —". Closing credits:
    a last line or sentence ending "(ANI)", "— AFP", "with inputs from PTI". An agency newsprism
    does not know by name counts when its name says it is one ("Meridian Wire").
    """
    head = text[:200]
    match = _DATELINE.match(head)
    if match:
        agency = _agency_name(match.group("agency"), known_only=False)
        if agency:
            credit = match.group(0).rstrip()
            return WireCredit(
                agency, credit, "dateline", match.start(), match.start() + len(credit)
            )
    tail_start = max(0, len(text) - 160)
    tail = text[tail_start:]
    # Most texts end in a plain sentence; only run the costly search where a credit may be.
    match = _TRAILER.search(tail) if _TRAILER_HINT.search(tail) else None
    if match:
        paren = match.group("paren")
        raw = paren or next(g for g in match.group("dash", "inputs", "contributed") if g)
        agency = _agency_name(raw, known_only=False) if paren else _agency_name(raw)
        if agency:
            start = tail_start + match.start()
            while start < len(text) and text[start].isspace():
                start += 1
            return WireCredit(
                agency,
                text[start : tail_start + match.end()].strip(),
                "trailer",
                start,
                tail_start + match.end(),
            )
    if byline:
        match = _BYLINE_AGENCY.match(" ".join(byline.split()))
        if match:
            agency = _agency_name(match.group("agency"))
            if agency:
                return WireCredit(agency, byline.strip(), "byline")
        whole = " ".join(byline.split())
        agency = _agency_name(whole[3:] if whole[:3].lower() == "by " else whole, known_only=False)
        if agency:
            return WireCredit(agency, byline.strip(), "byline")
    return None


def find_embeds(text: str) -> tuple[Embed, ...]:
    """The social posts and video captions pasted into ``text``, in order of appearance."""
    embeds: list[Embed] = []
    taken_until = 0
    trailers = _TWEET_TRAILER.finditer(text) if "(@" in text else iter(())
    for match in trailers:
        if match.start() < taken_until:
            continue
        start = _post_start(text, match.start(), taken_until)
        block = text[start : match.end()]
        link = _SOCIAL_LINK.search(block)
        kind: EmbedKind = "video_caption" if _VIDEO_CAPTION.match(block) else "social_post"
        embeds.append(
            Embed(
                kind=kind,
                start=start,
                end=match.end(),
                author=match.group("author").strip() or None,
                handle="@" + match.group("handle"),
                posted=_iso_day(match.group("posted")),
                link=link.group(0) if link else None,
            )
        )
        taken_until = match.end()
    # Video captions without a post trailer, and posts known only by their link.
    offset = 0
    for paragraph in text.split("\n\n"):
        start, end = offset, offset + len(paragraph)
        offset = end + 2
        if any(e.start <= start < e.end for e in embeds):
            continue
        if "WATCH" in paragraph[:8].upper() and _VIDEO_CAPTION.match(paragraph):
            embeds.append(Embed("video_caption", start, end))
        elif "pic.twitter.com" in paragraph and (link := _SOCIAL_LINK.search(paragraph)):
            embeds.append(Embed("social_post", start, end, link=link.group(0)))
    return tuple(sorted(embeds, key=lambda e: e.start))


def _post_start(text: str, trailer_start: int, floor: int) -> int:
    """Where the post that ends with the trailer at ``trailer_start`` begins.

    The post is the rest of the trailer's paragraph, or the paragraph before it when the
    trailer stands alone; never earlier than ``floor`` (the end of the previous post).
    """
    found = text.rfind("\n\n", floor, trailer_start)
    paragraph_start = floor if found < 0 else found + 2
    if paragraph_start < trailer_start:
        return paragraph_start
    if paragraph_start == floor:
        return trailer_start
    found = text.rfind("\n\n", floor, paragraph_start - 2)
    return floor if found < 0 else found + 2


def _iso_day(value: str | None) -> str | None:
    if not value:
        return None
    cleaned = re.sub(r"[.,]", " ", value).split()
    for layout in ("%B %d %Y", "%b %d %Y"):
        try:
            return dt.datetime.strptime(" ".join(cleaned), layout).date().isoformat()
        except ValueError:
            continue
    return None


def _agency_name(raw: str, *, known_only: bool = True) -> str | None:
    """The stored name of an agency credited as ``raw``, or None when it is not an agency."""
    key = " ".join(raw.replace("-", " ").split()).lower()
    for name, canonical in _AGENCIES.items():
        if key == name.replace("-", " "):
            return canonical
    if not known_only and _AGENCY_WORDS.search(raw) and len(raw.split()) <= 5:
        return " ".join(raw.split())
    return None


def _without_boilerplate(lines: list[str]) -> list[str]:
    """The lines with page chrome dropped, including link lists under a "Related" heading."""
    kept: list[str] = []
    in_link_list = False
    for line in lines:
        if in_link_list:
            if not line:
                continue
            if len(line) <= 120 and not _SENTENCE_END.search(line):
                continue  # another headline in the list
            in_link_list = False
        if not line:
            kept.append("")
            continue
        if _LINK_LIST_HEADING.match(line):
            in_link_list = True
            continue
        if len(line) <= 200 and _BOILERPLATE_LINE.match(line):
            continue
        kept.append(line)
    return kept
