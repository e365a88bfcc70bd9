"""What the story page shows, derived from a brief (the JSON contract's dict).

Pure functions of the brief: source chips, the claim matrix (claims x outlets), discrepancy
columns, the quote ledger with word-level differences, and the fragment ids that link each
passage to its highlight in the article view (``passage_anchor``, shared with
``article_page``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from newsprism.identity import site_of
from newsprism.server.catalog import fill_days

Brief = dict[str, Any]
CellStatus = Literal["states", "contradicts", "silent"]

UNNAMED_OUTLET = "unnamed source"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def safe_id(value: str) -> str:
    """``value`` with every character that is unsafe in an HTML id or URL fragment replaced."""
    return _UNSAFE.sub("_", value) or "_"


def passage_anchor(kind: str, item_id: str, *indexes: int) -> str:
    """The fragment id of one passage in the article view (``claim-c1-0``, ``disc-d2-1-0``)."""
    return "-".join([kind, safe_id(item_id), *(str(i) for i in indexes)])


def article_href(article_id: str, anchor: str | None = None) -> str:
    """The URL of an article's page, optionally at one of its passages."""
    href = f"/articles/{safe_id(article_id)}"
    return f"{href}#{anchor}" if anchor else href


def outlet_label(article: dict[str, Any] | None) -> str:
    """The outlet's name for an article of the brief, or a stand-in when it has none."""
    if not article:
        return UNNAMED_OUTLET
    return str(
        article.get("outlet")
        or site_of(article.get("url"))
        or article.get("wire")
        or UNNAMED_OUTLET
    )


@dataclass(frozen=True)
class Chip:
    """A source chip: one outlet, linking to its (first) article."""

    outlet: str
    href: str
    count: int
    title: str
    reprint: bool


@dataclass(frozen=True)
class Cell:
    """One cell of the claim matrix: what an outlet does with a claim."""

    status: CellStatus
    href: str | None
    title: str


@dataclass(frozen=True)
class MatrixRow:
    """One claim of the matrix with a cell per outlet."""

    claim: dict[str, Any]
    anchor: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class DiffToken:
    """A word of a quote version: the same as the reference, added, or missing."""

    text: str
    op: Literal["same", "added", "missing"]


@dataclass(frozen=True)
class QuoteVersion:
    """One outlet's printing of a quote, diffed word by word against the quote's text."""

    outlet: str
    article: str
    href: str
    verbatim: bool
    identical: bool
    tokens: tuple[DiffToken, ...]


@dataclass(frozen=True)
class Evidence:
    """A passage behind a discrepancy value, with the link to its highlight.

    ``parts`` is the passage cut around the first place it prints the value: (before, value,
    after), or (the whole text, "", "") when it does not print it as such.
    """

    outlet: str
    text: str
    href: str
    parts: tuple[str, str, str]


@dataclass(frozen=True)
class ValueColumn:
    """One competing version of a discrepancy, shown side by side with the others."""

    value: str
    chips: tuple[Chip, ...]
    evidence: tuple[Evidence, ...]


class BriefIndex:
    """Lookups over one brief: articles by id and the outlet order of the matrix.

    A plain class: a read-only index built once per page.
    """

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.articles: dict[str, dict[str, Any]] = {
            str(a["id"]): a for a in brief.get("articles", [])
        }
        self.outlets: list[str] = []
        for article in brief.get("articles", []):
            label = outlet_label(article)
            if label not in self.outlets:
                self.outlets.append(label)

    def outlet_of(self, article_id: str) -> str:
        """The outlet label of an article of the brief."""
        return outlet_label(self.articles.get(article_id))

    def chips(self, article_ids: Iterable[str]) -> list[Chip]:
        """One chip per outlet among these articles, in the brief's outlet order."""
        by_outlet: dict[str, list[str]] = {}
        for article_id in article_ids:
            by_outlet.setdefault(self.outlet_of(article_id), []).append(article_id)
        chips = []
        for outlet in sorted(by_outlet, key=self._outlet_rank):
            ids = by_outlet[outlet]
            titles = [str(self.articles.get(i, {}).get("title") or i) for i in ids]
            chips.append(
                Chip(
                    outlet=outlet,
                    href=article_href(ids[0]),
                    count=len(ids),
                    title="; ".join(titles),
                    reprint=all(self.articles.get(i, {}).get("reprint_of") for i in ids),
                )
            )
        return chips

    def _outlet_rank(self, outlet: str) -> int:
        return self.outlets.index(outlet) if outlet in self.outlets else len(self.outlets)


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        a.get("article") == b.get("article")
        and int(a.get("start", 0)) < int(b.get("end", 0))
        and int(b.get("start", 0)) < int(a.get("end", 0))
    )


def _linked_discrepancies(claim: dict[str, Any], brief: Brief) -> list[dict[str, Any]]:
    """Discrepancies whose evidence overlaps one of the claim's supporting passages."""
    support = claim.get("support", [])
    linked = []
    for discrepancy in brief.get("discrepancies", []):
        evidence = [e for v in discrepancy.get("values", []) for e in v.get("evidence", [])]
        if any(_overlaps(e, s) for e in evidence for s in support):
            linked.append(discrepancy)
    return linked


def _claim_value(claim: dict[str, Any], discrepancy: dict[str, Any]) -> int:
    """The index of the discrepancy value the claim itself states."""
    text = str(claim.get("text", "")).lower()
    values = discrepancy.get("values", [])
    for index, value in enumerate(values):
        if str(value.get("value", "")).lower() in text:
            return index
    support = claim.get("support", [])
    scores = [
        sum(1 for e in value.get("evidence", []) for s in support if _overlaps(e, s))
        for value in values
    ]
    return max(range(len(values)), key=lambda i: (scores[i], -i)) if values else 0


def claim_matrix(brief: Brief, index: BriefIndex | None = None) -> list[MatrixRow]:
    """Every claim with, for each outlet, whether it states it, contradicts it or is silent.

    An outlet states a claim when one of its articles supports it. It contradicts a
    conflicting claim when the claim's passages take part in a discrepancy and the outlet's
    articles hold a different value of it (and not the claim's own). A claim the brief does
    not call conflicting has no contradicting cell, so the matrix and the status counts above
    it read from one set of statuses (a disputed detail of a corroborated claim is shown in
    the discrepancies).
    """
    index = index or BriefIndex(brief)
    rows = []
    for claim in brief.get("claims", []):
        claim_id = str(claim.get("id", ""))
        states: dict[str, str] = {}
        for i, passage in enumerate(claim.get("support", [])):
            outlet = index.outlet_of(str(passage.get("article")))
            states.setdefault(
                outlet,
                article_href(str(passage.get("article")), passage_anchor("claim", claim_id, i)),
            )
        contradicts: dict[str, tuple[str, str]] = {}
        linked = _linked_discrepancies(claim, brief) if claim.get("status") == "conflicting" else []
        for discrepancy in linked:
            own = _claim_value(claim, discrepancy)
            values = discrepancy.get("values", [])
            own_outlets = {index.outlet_of(a) for a in values[own].get("articles", [])}
            for j, value in enumerate(values):
                if j == own:
                    continue
                for article_id in value.get("articles", []):
                    outlet = index.outlet_of(str(article_id))
                    if outlet in own_outlets or outlet in contradicts:
                        continue
                    anchor = _evidence_anchor(discrepancy, j, str(article_id))
                    contradicts[outlet] = (
                        article_href(str(article_id), anchor),
                        str(value.get("value", "")),
                    )
        cells = []
        for outlet in index.outlets:
            if outlet in contradicts:
                href, value = contradicts[outlet]
                cells.append(Cell("contradicts", href, f"{outlet} contradicts it: {value}"))
            elif outlet in states:
                cells.append(Cell("states", states[outlet], f"{outlet} states it"))
            else:
                cells.append(Cell("silent", None, f"{outlet} does not report it"))
        rows.append(MatrixRow(claim, f"claim-{safe_id(claim_id)}", tuple(cells)))
    return rows


def _evidence_anchor(discrepancy: dict[str, Any], value_index: int, article_id: str) -> str | None:
    value = discrepancy.get("values", [])[value_index]
    for k, passage in enumerate(value.get("evidence", [])):
        if passage.get("article") == article_id:
            return passage_anchor("disc", str(discrepancy.get("id", "")), value_index, k)
    return None


def discrepancy_columns(discrepancy: dict[str, Any], index: BriefIndex) -> list[ValueColumn]:
    """The competing versions of a discrepancy, each with its outlets and passages."""
    discrepancy_id = str(discrepancy.get("id", ""))
    columns = []
    for j, value in enumerate(discrepancy.get("values", [])):
        shown = str(value.get("value", ""))
        evidence = tuple(
            Evidence(
                outlet=index.outlet_of(str(p.get("article"))),
                text=str(p.get("text", "")),
                href=article_href(
                    str(p.get("article")), passage_anchor("disc", discrepancy_id, j, k)
                ),
                parts=value_parts(str(p.get("text", "")), shown),
            )
            for k, p in enumerate(value.get("evidence", []))
        )
        columns.append(
            ValueColumn(
                value=str(value.get("value", "")),
                chips=tuple(index.chips(str(a) for a in value.get("articles", []))),
                evidence=evidence,
            )
        )
    return columns


def value_parts(text: str, value: str) -> tuple[str, str, str]:
    """``text`` cut around the first occurrence of ``value``: (before, value, after)."""
    found = text.find(value) if value else -1
    if found < 0:
        return text, "", ""
    return text[:found], value, text[found + len(value) :]


_STATUS_RANK = {"conflicting": 0, "corroborated": 1, "single_source": 2}


def by_status(rows: Sequence[MatrixRow]) -> list[MatrixRow]:
    """The matrix rows with conflicting claims first, then corroborated, then single-source
    ones grouped by the outlet that states them (the brief's order within each group)."""

    def key(row: MatrixRow) -> tuple[int, int]:
        rank = _STATUS_RANK.get(str(row.claim.get("status")), len(_STATUS_RANK))
        first = next((i for i, c in enumerate(row.cells) if c.status == "states"), 0)
        return rank, first if rank == _STATUS_RANK["single_source"] else 0

    return sorted(rows, key=key)


def other_names(entity: dict[str, Any]) -> list[str]:
    """The entity's aliases other than its own name, in the brief's order."""
    name = str(entity.get("name", ""))
    return [str(a) for a in entity.get("aliases", []) if str(a) != name]


_WORD = re.compile(r"\S+")


def _norm(token: str) -> str:
    return re.sub(r"[^\w]", "", token.lower().replace("’", "'"))


def word_diff(reference: str, version: str) -> list[DiffToken]:
    """``version`` word by word against ``reference``: same, added, or missing words."""
    ref_words = _WORD.findall(reference)
    new_words = _WORD.findall(version)
    matcher = difflib.SequenceMatcher(
        None, [_norm(w) for w in ref_words], [_norm(w) for w in new_words], autojunk=False
    )
    tokens: list[DiffToken] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            tokens += [DiffToken(w, "same") for w in new_words[b0:b1]]
            continue
        tokens += [DiffToken(w, "missing") for w in ref_words[a0:a1]]
        tokens += [DiffToken(w, "added") for w in new_words[b0:b1]]
    return tokens


def quote_versions(quote: dict[str, Any], index: BriefIndex) -> list[QuoteVersion]:
    """Each attribution of a quote, diffed against the quote's reference text."""
    reference = str(quote.get("text", ""))
    quote_id = str(quote.get("id", ""))
    versions = []
    for i, attribution in enumerate(quote.get("attributions", [])):
        article_id = str(attribution.get("article"))
        tokens = word_diff(reference, str(attribution.get("text", "")))
        versions.append(
            QuoteVersion(
                outlet=index.outlet_of(article_id),
                article=article_id,
                href=article_href(article_id, passage_anchor("quote", quote_id, i)),
                verbatim=bool(attribution.get("verbatim")),
                identical=all(t.op == "same" for t in tokens),
                tokens=tuple(tokens),
            )
        )
    return versions


def coverage_by_outlet(
    brief: Brief, index: BriefIndex | None = None
) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """(the days of the story, and for each outlet its article count on each of those days)."""
    index = index or BriefIndex(brief)
    counts: dict[str, dict[str, int]] = {}
    all_days: dict[str, int] = {}
    for article in brief.get("articles", []):
        published = article.get("published")
        if not published or len(str(published)) < 10:
            continue
        day = str(published)[:10]
        outlet = outlet_label(article)
        counts.setdefault(outlet, {})
        counts[outlet][day] = counts[outlet].get(day, 0) + 1
        all_days[day] = 1
    days = [day for day, _ in fill_days(all_days)]
    rows = [
        (outlet, [counts[outlet].get(day, 0) for day in days])
        for outlet in index.outlets
        if outlet in counts
    ]
    return days, rows


def entity_names(brief: Brief) -> dict[str, str]:
    """Entity names by entity id (to name quote speakers)."""
    return {str(e.get("id")): str(e.get("name")) for e in brief.get("entities", [])}


def sorted_timeline(brief: Brief) -> list[dict[str, Any]]:
    """The timeline entries in date order (stable for equal dates)."""
    return sorted(brief.get("timeline", []), key=lambda e: str(e.get("date", "")))


def status_counts(rows: Sequence[MatrixRow]) -> dict[str, int]:
    """How many claims are corroborated, single-source and conflicting."""
    counts = {"corroborated": 0, "single_source": 0, "conflicting": 0}
    for row in rows:
        status = str(row.claim.get("status", ""))
        counts[status] = counts.get(status, 0) + 1
    return counts
