"""The brief of one story: every outlet side by side, each point with its passages.

``build_brief`` runs the compare stage in order (entities, quotes, claims, discrepancies,
timeline, summary) on articles annotated beforehand; ``brief_to_dict`` gives the JSON contract
``newsprism.brief/1`` (see DESIGN.md and ``schemas/brief.schema.json``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from newsprism.annotate.records import ArticleAnnotations
from newsprism.compare.claims import align_statements, build_claims, find_statements
from newsprism.compare.discrepancies import Found, narration_discrepancies
from newsprism.compare.entities import resolve_entities
from newsprism.compare.entity_conflicts import (
    organization_discrepancies,
    person_discrepancies,
    speaker_discrepancies,
)
from newsprism.compare.number_conflicts import number_discrepancies
from newsprism.compare.place_conflicts import place_discrepancies
from newsprism.compare.quotes import build_quote_ledger
from newsprism.compare.records import (
    Brief,
    BriefArticle,
    BriefOptions,
    Coverage,
    Discrepancy,
    StoryHeader,
    StoryInput,
)
from newsprism.compare.story import StoryArticles, prepare_story
from newsprism.compare.summary import build_summary
from newsprism.compare.time_conflicts import (
    day_discrepancies,
    fiscal_discrepancies,
    time_discrepancies,
)
from newsprism.compare.timeline import build_timeline
from newsprism.model import Article
from newsprism.titles import outlet_name, story_title

_KIND_ORDER = ("number", "date", "name", "organization", "title", "affiliation", "place", "other")


def build_brief(
    story: StoryInput,
    articles: Sequence[Article],
    annotations: Mapping[str, ArticleAnnotations],
    options: BriefOptions = BriefOptions(),  # noqa: B008 - frozen, so one shared default is safe
) -> Brief:
    """Return the brief of one story from its articles and their stored annotations.

    ``annotations`` maps article id to that article's annotations; raises
    ``BriefInputError`` when one is missing or was computed on another text.
    """
    prepared = prepare_story(story, articles, annotations)
    resolution = resolve_entities(prepared)
    ledger = build_quote_ledger(prepared, resolution, options.quote_threshold)
    statements = find_statements(prepared, resolution, ledger.quote_spans, options)
    alignment = align_statements(prepared, statements, options)
    found: list[Found] = []
    found += number_discrepancies(prepared, resolution)
    found += time_discrepancies(prepared)
    found += day_discrepancies(prepared)
    found += fiscal_discrepancies(prepared)
    found += place_discrepancies(prepared, resolution)
    found += narration_discrepancies(prepared, alignment, ledger.quote_spans)
    found += organization_discrepancies(prepared, resolution)
    found += person_discrepancies(prepared, resolution)
    found += speaker_discrepancies(prepared, ledger, resolution)
    contested: set[tuple[str, int, int]] = set()
    for f in found:
        contested |= f.contested
    claims = build_claims(prepared, alignment, contested)
    summary = build_summary(prepared, alignment, contested, options)
    timeline = build_timeline(prepared, alignment)
    return Brief(
        story=_header(prepared),
        articles=_articles(prepared),
        coverage=_coverage(prepared),
        entities=resolution.entities,
        quotes=ledger.quotes,
        claims=claims,
        discrepancies=_sorted_discrepancies([f.discrepancy for f in found]),
        timeline=timeline,
        summary=summary,
    )


def _header(story: StoryArticles) -> StoryHeader:
    published = sorted(
        a.published.value for a in story.articles.values() if a.published is not None
    )
    return StoryHeader(
        id=story.story.id,
        # The stored story's title rule, so that list, page and brief show one title.
        title=story_title(
            list(story.articles.values()),
            {a for a, original in story.story.reprint_of.items() if original},
        ),
        first_seen=published[0] if published else None,
        last_seen=published[-1] if published else None,
    )


def _articles(story: StoryArticles) -> tuple[BriefArticle, ...]:
    out = []
    for article_id in story.order:
        a = story.articles[article_id]
        out.append(
            BriefArticle(
                id=a.id,
                outlet=a.outlet,
                source=a.source,
                url=a.url,
                title=a.title,
                published=a.published.value if a.published else None,
                wire=a.wire.agency if a.wire else None,
                reprint_of=story.story.reprint_of.get(a.id),
            )
        )
    return tuple(out)


def _coverage(story: StoryArticles) -> Coverage:
    reprints = sum(1 for a in story.articles if story.story.reprint_of.get(a))
    # Named as everywhere else: the outlet, else the site of the URL (titles.outlet_name).
    outlets = {name.casefold() for a in story.articles.values() if (name := outlet_name(a))}
    return Coverage(
        articles=len(story.articles),
        outlets=len(outlets),
        independent_reports=story.independent_reports(list(story.articles)),
        reprints=reprints,
    )


def _sorted_discrepancies(found: list[Discrepancy]) -> tuple[Discrepancy, ...]:
    unique = {d.id: d for d in found}
    return tuple(sorted(unique.values(), key=lambda d: (_KIND_ORDER.index(d.kind), d.about, d.id)))


def _plain(value: Any) -> Any:
    """Return ``value`` with tuples made lists, all the way down (JSON arrays)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """Return the brief as the JSON contract ``newsprism.brief/1`` (plain JSON types)."""
    data = _plain(dataclasses.asdict(brief))
    out: dict[str, Any] = {
        "schema": brief.schema,
        "story": data["story"],
        "articles": data["articles"],
        "coverage": data["coverage"],
        "entities": data["entities"],
        "quotes": data["quotes"],
        "claims": data["claims"],
        "discrepancies": data["discrepancies"],
        "timeline": data["timeline"],
        "summary": data["summary"],
    }
    return out
