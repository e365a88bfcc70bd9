"""The brief as Markdown that reads well in a terminal and on GitHub.

Article text is untrusted: every value taken from an article is escaped, so that it can
neither open a link, an image or raw HTML, nor break the page's structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsprism.compare.records import Brief, Claim, Quote
from newsprism.render.labels import Refs, article_numbers, outlet_of
from newsprism.wording import clip, coverage_line, date_range, display_date

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_STATUS_TITLES = (
    ("corroborated", "Corroborated (two or more independent reports)"),
    ("conflicting", "Contested (another outlet contradicts it)"),
    ("single_source", "Single source"),
)


def escape(text: str | None) -> str:
    """Return ``text`` on one line with every Markdown and HTML special character escaped."""
    if not text:
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(brief: Brief, *, max_single_source: int = 30) -> str:
    """Return the brief as a Markdown document.

    Single-source claims past ``max_single_source`` are counted, not listed (the JSON has
    them all).
    """
    numbers = article_numbers(brief)
    lines: list[str] = []
    title = brief.story.title or f"Story {brief.story.id}"
    lines += [f"# {escape(title)}", ""]
    c = brief.coverage
    seen = ""
    if brief.story.first_seen:
        seen = f" · {escape(date_range(brief.story.first_seen, brief.story.last_seen))}"
    lines += [
        f"Story `{_code(brief.story.id)}`{seen}  ",
        coverage_line(c, " · "),
        "",
    ]
    refs = _refs_factory(numbers)
    if brief.summary:
        lines += ["## Summary", ""]
        lines += [f"- {escape(s.text)} {refs(s.articles)}" for s in brief.summary]
        lines.append("")
    lines += _discrepancies(brief, refs)
    lines += _claims(brief, refs, max_single_source)
    lines += _quotes(brief, refs)
    if brief.timeline:
        lines += ["## Timeline", "", "| date | event | articles |", "|---|---|---|"]
        for event in brief.timeline:
            lines.append(
                f"| {escape(event.date)} | {escape(event.text)} | " f"{refs(event.articles)} |"
            )
        lines.append("")
    lines += _entities(brief, refs)
    lines += ["## Articles", ""]
    for article in brief.articles:
        n = numbers[article.id]
        parts = [f"**[{n}]** {escape(outlet_of(article))}"]
        if article.title:
            parts.append(f"“{escape(article.title)}”")
        if article.published:
            parts.append(escape(display_date(article.published)))
        if article.wire:
            parts.append(f"wire: {escape(article.wire)}")
        if article.reprint_of:
            parts.append(f"reprint of {refs([article.reprint_of]) or escape(article.reprint_of)}")
        line = " · ".join(parts)
        if article.url:
            line += f"  \n  {_url(article.url)}"
        lines.append(f"- {line}")
    lines.append("")
    return "\n".join(lines)


def _refs_factory(numbers: dict[str, int]) -> Refs:
    def refs(article_ids: Iterable[str]) -> str:
        found = sorted({numbers[a] for a in article_ids if a in numbers})
        # Unescaped: every article value is escaped, so no "[n]: URL" definition can exist
        # for these to link to; they read as plain "[1]" in a terminal and on GitHub.
        return " ".join(f"[{n}]" for n in found)

    return refs


def _discrepancies(brief: Brief, refs: Refs) -> list[str]:
    if not brief.discrepancies:
        return ["## Discrepancies", "", "None found.", ""]
    lines = ["## Discrepancies", ""]
    for d in brief.discrepancies:
        lines.append(f"### {escape(d.kind)}: {escape(d.about)}")
        lines.append("")
        for value in d.values:
            lines.append(f"- **{escape(value.value)}** {refs(value.articles)}")
            for n, passage in enumerate(value.evidence[:3]):
                if n:  # an empty quote line, or the passages run together into one paragraph
                    lines.append("  >")
                lines.append(f"  > {escape(_clip(passage.text))} {refs([passage.article])}")
        lines.append("")
    return lines


def _claims(brief: Brief, refs: Refs, max_single_source: int) -> list[str]:
    lines = ["## Claims", ""]
    for status, heading in _STATUS_TITLES:
        claims = [c for c in brief.claims if c.status == status]
        if not claims:
            continue
        lines += [f"### {heading}: {len(claims)}", ""]
        shown = claims if status != "single_source" else claims[:max_single_source]
        for claim in shown:
            lines.append(_claim_line(claim, refs))
        if len(shown) < len(claims):
            lines.append(f"- … and {len(claims) - len(shown)} more (see the JSON brief)")
        lines.append("")
    return lines


def _claim_line(claim: Claim, refs: Refs) -> str:
    articles = [p.article for p in claim.support]
    return f"- {escape(claim.text)} {refs(articles)}"


def _quotes(brief: Brief, refs: Refs) -> list[str]:
    if not brief.quotes:
        return []
    lines = ["## Quotes", ""]
    for quote in brief.quotes:
        lines += _quote_lines(quote, refs)
    return lines


def _quote_lines(quote: Quote, refs: Refs) -> list[str]:
    speaker = escape(quote.speaker_name) or "unknown speaker"
    lines = [f"> “{escape(quote.text)}”", f"> — {speaker}", ""]
    for a in quote.attributions:
        if not a.direct:
            kind = "indirect speech"
        elif a.verbatim:
            kind = "verbatim"
        else:
            kind = "**paraphrase in quote marks**"
        said_by = f", says {escape(a.speaker_name)}" if a.speaker_name else ""
        lines.append(f"- {refs([a.article])} {kind}{said_by}")
        if not a.verbatim:
            lines.append(f"  - printed: “{escape(a.text)}”")
            lines += [f"  - {_change(c.op, c.ledger, c.printed)}" for c in a.diff]
    lines.append("")
    return lines


def _change(op: str, ledger: str, printed: str) -> str:
    if ledger and printed:
        return f"{op}: ~~{escape(ledger)}~~ → **{escape(printed)}**"
    if ledger:
        return f"{op}: ~~{escape(ledger)}~~"
    return f"{op}: **{escape(printed)}**"


def _entities(brief: Brief, refs: Refs) -> list[str]:
    if not brief.entities:
        return []
    lines = [
        "## Entities",
        "",
        "| name | type | also called | roles | articles |",
        "|---|---|---|---|---|",
    ]
    for e in brief.entities:
        aliases = ", ".join(escape(a) for a in e.aliases if a != e.name)
        roles = "; ".join(f"{escape(r.text)} {refs(r.articles)}" for r in e.roles)
        lines.append(
            f"| {escape(e.name)} | {e.type} | {aliases} | {roles} | " f"{refs(e.articles)} |"
        )
    lines.append("")
    return lines


def _clip(text: str, limit: int = 280) -> str:
    return clip(text, limit)


def _code(text: str) -> str:
    return text.replace("`", "'")


def _url(url: str) -> str:
    """Return an http(s) URL as an autolink; any other scheme as escaped text."""
    if re.match(r"^https?://[^\s<>]+$", url):
        return f"<{url}>"
    return escape(url)
