"""The brief as one self-contained HTML page: inline CSS, no scripts, no external assets.

Article text is hostile input: every value goes through ``html.escape`` (quotes included),
links are written only for http(s) URLs, and nothing from an article lands in a tag name,
an attribute name, a style or a script.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from newsprism.compare.records import Brief, Passage, Quote
from newsprism.render.labels import Refs, article_numbers, outlet_of
from newsprism.wording import coverage_line, date_range, display_date

_CSS = """
:root{--ink:#1d232a;--muted:#5b6670;--line:#d9dee3;--ok:#1f7a3f;--warn:#a35200;--bad:#b3261e;
--bg:#fbfbfa;--card:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,
"Segoe UI",Roboto,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.7rem;line-height:1.25;margin:.2rem 0 .4rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.02rem;margin:1.2rem 0 .4rem}
.meta{color:var(--muted);font-size:.92rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem;
margin:.6rem 0}
.badge{display:inline-block;font-size:.75rem;font-weight:600;border-radius:3px;padding:0 .35rem;
margin-right:.3rem;text-transform:uppercase;letter-spacing:.02em;border:1px solid}
.corroborated{color:var(--ok)}.single_source{color:var(--muted)}.conflicting{color:var(--bad)}
.paraphrase{color:var(--warn)}.verbatim{color:var(--ok)}.indirect{color:var(--muted)}
blockquote{margin:.4rem 0;padding:.1rem .8rem;border-left:3px solid var(--line)}
.ref{font-size:.8rem;color:var(--muted);text-decoration:none;white-space:nowrap}
table{border-collapse:collapse;width:100%;font-size:.93rem}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid var(--line);padding:.3rem .4rem}
del{color:var(--bad)}ins{color:var(--ok);text-decoration:none;font-weight:600}
ul{padding-left:1.2rem}li{margin:.2rem 0}
details summary{cursor:pointer;color:var(--muted)}
"""


def e(value: object) -> str:
    """Return a value as escaped HTML text (None as an empty string)."""
    return "" if value is None else html.escape(str(value), quote=True)


def render_html(brief: Brief, *, max_single_source: int = 60) -> str:
    """Return the brief as one HTML page (UTF-8, inline CSS, no JavaScript)."""
    numbers = article_numbers(brief)

    def refs(article_ids: Iterable[str]) -> str:
        found = sorted({numbers[a] for a in article_ids if a in numbers})
        return " ".join(f'<a class="ref" href="#a{n}">[{n}]</a>' for n in found)

    title = brief.story.title or f"Story {brief.story.id}"
    c = brief.coverage
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">",
        f"<title>{e(title)} · newsprism brief</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">Story <code>{e(brief.story.id)}</code>'
        + (
            f" · {e(date_range(brief.story.first_seen, brief.story.last_seen))}"
            if brief.story.first_seen
            else ""
        )
        + f"<br>{e(coverage_line(c, ' · '))}</p>",
    ]
    if brief.summary:
        parts.append("<h2>Summary</h2><ul>")
        parts += [f"<li>{e(s.text)} {refs(s.articles)}</li>" for s in brief.summary]
        parts.append("</ul>")
    parts += _discrepancies(brief, refs)
    parts += _claims(brief, refs, max_single_source)
    parts += _quotes(brief, refs)
    if brief.timeline:
        parts.append(
            "<h2>Timeline</h2><table><tr><th>date</th><th>event</th>" "<th>articles</th></tr>"
        )
        for event in brief.timeline:
            parts.append(
                f"<tr><td>{e(event.date)}</td><td>{e(event.text)}</td>"
                f"<td>{refs(event.articles)}</td></tr>"
            )
        parts.append("</table>")
    parts += _entities(brief, refs)
    parts.append("<h2>Articles</h2><ol>")
    for article in brief.articles:
        n = numbers[article.id]
        bits = [f"<strong>{e(outlet_of(article))}</strong>"]
        if article.title:
            bits.append(f"“{e(article.title)}”")
        if article.published:
            bits.append(e(display_date(article.published)))
        if article.wire:
            bits.append(f"wire: {e(article.wire)}")
        if article.reprint_of:
            bits.append(f"reprint of {refs([article.reprint_of]) or e(article.reprint_of)}")
        if article.url:
            bits.append(_link(article.url))
        parts.append(f'<li id="a{n}">' + " · ".join(bits) + "</li>")
    parts.append("</ol></main></body></html>\n")
    return "\n".join(parts)


def _link(url: str) -> str:
    """Return an http(s) URL as a link; any other scheme as plain escaped text."""
    if re.match(r"^https?://", url, re.IGNORECASE):
        return f'<a href="{e(url)}" rel="noopener noreferrer nofollow">{e(url)}</a>'
    return e(url)


def _passage(p: Passage, refs: Refs) -> str:
    return f"<blockquote>{e(p.text)} {refs([p.article])}</blockquote>"


def _discrepancies(brief: Brief, refs: Refs) -> list[str]:
    parts = ["<h2>Discrepancies</h2>"]
    if not brief.discrepancies:
        return [*parts, "<p>None found.</p>"]
    for d in brief.discrepancies:
        parts.append(
            f'<div class="card"><h3><span class="badge conflicting">{e(d.kind)}</span>'
            f"{e(d.about)}</h3><ul>"
        )
        for value in d.values:
            parts.append(f"<li><strong>{e(value.value)}</strong> {refs(value.articles)}")
            parts += [_passage(p, refs) for p in value.evidence[:3]]
            parts.append("</li>")
        parts.append("</ul></div>")
    return parts


def _claims(brief: Brief, refs: Refs, max_single_source: int) -> list[str]:
    parts = ["<h2>Claims</h2>"]
    titles = (
        ("corroborated", "Corroborated"),
        ("conflicting", "Contested"),
        ("single_source", "Single source"),
    )
    for status, heading in titles:
        claims = [c for c in brief.claims if c.status == status]
        if not claims:
            continue
        parts.append(f'<h3 class="{status}">{heading}: {len(claims)}</h3><ul>')
        shown = claims if status != "single_source" else claims[:max_single_source]
        for claim in shown:
            parts.append(f"<li>{e(claim.text)} {refs(p.article for p in claim.support)}")
            if len(claim.support) > 1:
                parts.append("<details><summary>passages</summary>")
                parts += [_passage(p, refs) for p in claim.support]
                parts.append("</details>")
            parts.append("</li>")
        if len(shown) < len(claims):
            parts.append(f"<li>… and {len(claims) - len(shown)} more in the JSON brief</li>")
        parts.append("</ul>")
    return parts


def _quotes(brief: Brief, refs: Refs) -> list[str]:
    if not brief.quotes:
        return []
    parts = ["<h2>Quotes</h2>"]
    for quote in brief.quotes:
        parts += _quote(quote, refs)
    return parts


def _quote(quote: Quote, refs: Refs) -> list[str]:
    speaker = e(quote.speaker_name) or "unknown speaker"
    parts = [
        f'<div class="card"><blockquote>“{e(quote.text)}”</blockquote>'
        f'<p class="meta">— {speaker}</p><ul>'
    ]
    for a in quote.attributions:
        if not a.direct:
            badge = '<span class="badge indirect">indirect</span>'
        elif a.verbatim:
            badge = '<span class="badge verbatim">verbatim</span>'
        else:
            badge = '<span class="badge paraphrase">paraphrase</span>'
        said = f" — says {e(a.speaker_name)}" if a.speaker_name else ""
        parts.append(f"<li>{badge}{refs([a.article])}{said}")
        if not a.verbatim:
            parts.append(f"<blockquote>“{e(a.text)}”</blockquote>")
            if a.diff:
                changes = " ".join(
                    (f"<del>{e(c.ledger)}</del>" if c.ledger else "")
                    + (f"<ins>{e(c.printed)}</ins>" if c.printed else "")
                    for c in a.diff
                )
                parts.append(f'<p class="meta">changes: {changes}</p>')
        parts.append("</li>")
    parts.append("</ul></div>")
    return parts


def _entities(brief: Brief, refs: Refs) -> list[str]:
    if not brief.entities:
        return []
    parts = [
        "<h2>Entities</h2><table><tr><th>name</th><th>type</th><th>also called</th>"
        "<th>roles</th><th>articles</th></tr>"
    ]
    for ent in brief.entities:
        aliases = ", ".join(e(a) for a in ent.aliases if a != ent.name)
        roles = "; ".join(f"{e(r.text)} {refs(r.articles)}" for r in ent.roles)
        parts.append(
            f"<tr><td>{e(ent.name)}</td><td>{e(ent.type)}</td><td>{aliases}</td>"
            f"<td>{roles}</td><td>{refs(ent.articles)}</td></tr>"
        )
    parts.append("</table>")
    return parts
