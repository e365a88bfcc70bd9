"""The read views: story list, story, article. Each serves an HTML page and its JSON twin.

One view function per page answers both ``/stories/ID`` (HTML) and ``/stories/ID.json`` or
``/api/stories/ID`` (JSON), so the page and the API cannot drift apart: the JSON is the data the
page shows.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import AfterValidator, BeforeValidator

from newsprism.errors import NotFoundError
from newsprism.serialize import article_to_dict
from newsprism.server import charts
from newsprism.server.article_page import article_highlights, marked_text, sidebar_entries
from newsprism.server.catalog import (
    StoryFilters,
    articles_per_day,
    filter_params,
    listed_story_dict,
    outlet_names,
)
from newsprism.server.errors import ServerError, error_responses, wants_json
from newsprism.server.rendering import render_page
from newsprism.server.state import server_state
from newsprism.server.story_page import (
    BriefIndex,
    by_status,
    claim_matrix,
    coverage_by_outlet,
    discrepancy_columns,
    entity_names,
    other_names,
    quote_versions,
    safe_id,
    sorted_timeline,
    status_counts,
)
from newsprism.store import Store, StorySearch
from newsprism.titles import article_label, outlet_name
from newsprism.wording import UNNAMED_OUTLET

router = APIRouter()

_HEX_ID = re.compile(r"^[0-9a-f]{1,64}$")


def _blank_is_none(value: Any) -> Any:
    """Empty form fields (``?since=``) mean "not set"."""
    return None if isinstance(value, str) and not value.strip() else value


def _short(value: str | None) -> str | None:
    if value is not None and len(value) > 200:
        raise ValueError("at most 200 characters")
    return value


def _positive(value: int | None) -> int | None:
    if value is not None and not 1 <= value <= 10_000:
        raise ValueError("a whole number from 1 to 10000")
    return value


# Empty form fields are dropped before validation, so the limits are checked afterwards.
BlankIsNone = BeforeValidator(_blank_is_none)
Short = AfterValidator(_short)
Positive = AfterValidator(_positive)


def split_ref(ref: str, what: str) -> tuple[str, bool]:
    """(the hex id, whether ``.json`` was asked for); raises ServerError 404 for a bad id."""
    as_json = ref.endswith(".json")
    wanted = (ref[:-5] if as_json else ref).lower()
    if not _HEX_ID.match(wanted):
        raise ServerError(404, f"no {what} with id {ref[:80]!r}: ids are hex digits")
    return wanted, as_json


def _json_requested(request: Request, as_json: bool) -> bool:
    return as_json or wants_json(request)


# -- story list ------------------------------------------------------------------------------
@router.get(
    "/api/stories",
    summary="List and search stories",
    description=(
        "Stories, most recently updated first. `q` matches words (or word starts) of the "
        "story's title or its articles' titles, texts and entity names and aliases (full-text "
        "search); `outlet` keeps stories with an article from that outlet; "
        "`since`/`until` keep stories whose span overlaps the range; `min_outlets` keeps "
        "stories told by at least that many outlets. Pages with `limit` and `offset`."
    ),
    tags=["stories"],
    response_model=None,
    responses=error_responses(422),
)
@router.get("/stories", include_in_schema=False, response_model=None)
@router.get("/stories.json", include_in_schema=False, response_model=None)
async def stories_view(
    request: Request,
    q: Annotated[
        str | None,
        BlankIsNone,
        Short,
        Query(
            description="Words that must each appear (as a word or the start of one) in an "
            "article's title or text, or in the names and aliases of its people and "
            "organisations (at most 200 characters)"
        ),
    ] = None,
    outlet: Annotated[
        str | None, BlankIsNone, Short, Query(description="Outlet name (any case)")
    ] = None,
    since: Annotated[
        dt.date | None,
        BlankIsNone,
        Query(description="Stories still running on or after this day (YYYY-MM-DD)"),
    ] = None,
    until: Annotated[
        dt.date | None,
        BlankIsNone,
        Query(description="Stories begun on or before this day (YYYY-MM-DD)"),
    ] = None,
    min_outlets: Annotated[
        int | None,
        BlankIsNone,
        Positive,
        Query(description="Told by at least this many outlets (1 or more)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Stories per page")] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Stories to skip")] = 0,
) -> Response:
    """The story list as JSON (``/api/stories``, ``/stories.json``) or as the home page."""
    state = server_state(request)
    filters = StoryFilters(q=q, outlet=outlet, since=since, until=until, min_outlets=min_outlets)
    as_json = _json_requested(request, request.url.path.endswith(".json"))

    def read(store: Store) -> tuple[StorySearch, list[str]]:
        found = store.search_stories(filters, limit=limit, offset=offset)
        return found, [] if as_json else store.list_outlets()

    found, outlets = await state.readers.run(read)
    total = found.total
    base = "/api/stories" if request.url.path.startswith("/api/") else request.url.path

    def page_url(start: int) -> str:
        params = {**filter_params(filters), "limit": str(limit), "offset": str(start)}
        return f"{base}?{urlencode(params)}"

    data = {
        "stories": [listed_story_dict(story) for story in found.stories],
        "total": total,
        "limit": limit,
        "offset": offset,
        "filters": filter_params(filters),
        "next": page_url(offset + limit) if offset + limit < total else None,
        "previous": page_url(max(0, offset - limit)) if offset > 0 else None,
    }
    if as_json:
        return JSONResponse(data)
    query = urlencode(filter_params(filters) | {"limit": str(limit), "offset": str(offset)})
    return render_page(
        request,
        "stories.html",
        {
            "page_title": "Stories · newsprism",
            "data": data,
            "rows": [
                (story, outlet_names(story), charts.bar_sparkline(articles_per_day(story)))
                for story in found.stories
            ],
            "outlets": outlets,
            "filters": filters,
            "json_url": f"/stories.json?{query}",
        },
    )


# -- one story -------------------------------------------------------------------------------
@router.get(
    "/api/stories/{story_id}",
    summary="A story's brief",
    description=(
        "The brief of one story (id or unique id prefix), following the JSON contract "
        "`newsprism.brief/1` (schema: `newsprism/schemas/brief.schema.json`). Sends an ETag; "
        "answers 304 to a matching If-None-Match."
    ),
    tags=["stories"],
    response_model=None,
    responses={
        304: {"description": "Not modified (the ETag matches)"},
        **error_responses(404, 503),
    },
)
@router.get("/stories/{story_id}", include_in_schema=False, response_model=None)
async def story_view(
    request: Request,
    story_id: Annotated[str, Path(description="Story id (hex) or a unique prefix of it")],
) -> Response:
    """The story's brief as JSON, or the story page built from it."""
    wanted, as_json = split_ref(story_id, "story")
    state = server_state(request)
    entry = await state.briefs.get(wanted)
    if _json_requested(request, as_json):
        etag = f'"{entry.fingerprint}"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"ETag": etag})
        return Response(entry.body, media_type="application/json", headers={"ETag": etag})
    brief = entry.data
    index = BriefIndex(brief)
    rows = by_status(claim_matrix(brief, index))
    days, coverage_rows = coverage_by_outlet(brief, index)
    return render_page(
        request,
        "story.html",
        {
            "page_title": f"{brief['story'].get('title') or 'Story'} · newsprism",
            "brief": brief,
            "index": index,
            "matrix": rows,
            "status_counts": status_counts(rows),
            "discrepancies": [
                (d, discrepancy_columns(d, index)) for d in brief.get("discrepancies", [])
            ],
            "quotes": [(q, quote_versions(q, index)) for q in brief.get("quotes", [])],
            "speakers": entity_names(brief),
            "timeline": sorted_timeline(brief),
            "coverage_chart": charts.outlet_day_matrix(days, coverage_rows),
            "coverage_days": days,
            "safe_id": safe_id,
            "other_names": other_names,
            "json_url": f"/stories/{entry.story_id}.json",
        },
    )


# -- one article -----------------------------------------------------------------------------
def _story_of(store: Store, article_id: str) -> str | None:
    try:
        return store.story_of(article_id)
    except NotFoundError:
        return None


def _http_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: never a ``javascript:`` link from hostile input."""
    if not url:
        return None
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


@router.get(
    "/api/articles/{article_id}",
    summary="One article",
    description=(
        "The stored article (id or unique id prefix) with its text and metadata, the id of its "
        "story (or null), and `highlights`: the passages of the story's brief in this "
        "article, at character offsets into `text`."
    ),
    tags=["articles"],
    response_model=None,
    responses=error_responses(404),
)
@router.get("/articles/{article_id}", include_in_schema=False, response_model=None)
async def article_view(
    request: Request,
    article_id: Annotated[str, Path(description="Article id (hex) or a unique prefix of it")],
) -> Response:
    """The article as JSON, or its page with every passage of the brief highlighted."""
    wanted, as_json = split_ref(article_id, "article")
    state = server_state(request)

    def read(store: Store) -> tuple[Any, str | None]:
        article = store.get_article(wanted)
        return article, _story_of(store, article.id)

    article, story_id = await state.readers.run(read)
    brief: dict[str, Any] | None = None
    notice = None
    if story_id is None:
        notice = "This article is in no story yet, so no passage is highlighted."
    else:
        try:
            brief = (await state.briefs.get(story_id)).data
        except ServerError as exc:
            if exc.status != 503:
                raise
            notice = f"No passage is highlighted: {exc.message}"
    highlights = article_highlights(brief, article.id, article.text) if brief else []
    data = {
        **article_to_dict(article),
        "story": story_id,
        "highlights": [h.to_dict() for h in highlights],
    }
    if _json_requested(request, as_json):
        return JSONResponse(data)
    return render_page(
        request,
        "article.html",
        {
            "page_title": f"{article_label(article.title, article.text)} · newsprism",
            "heading": article_label(article.title, article.text),
            "outlet": outlet_name(article) or UNNAMED_OUTLET,
            "article": data,
            "link": _http_url(article.url),
            "story_title": (brief or {}).get("story", {}).get("title"),
            "highlights": highlights,
            "passages": sidebar_entries(highlights),
            "pieces": marked_text(article.text, highlights),
            "notice": notice,
            "json_url": f"/articles/{article.id}.json",
        },
    )


# -- small routes ----------------------------------------------------------------------------
@router.get("/", include_in_schema=False)
async def home() -> RedirectResponse:
    """A redirect to the story list."""
    return RedirectResponse("/stories", status_code=303)


@router.get(
    "/api/health",
    summary="Server health",
    description=(
        "Articles and stories stored, articles ingested through the API, the brief cache's "
        "counters, and the story refreshes after ingests (null when they are off)."
    ),
    tags=["server"],
)
async def health(request: Request) -> dict[str, Any]:
    """Counts of stored articles and stories, and the brief cache's hits and misses."""
    state = server_state(request)

    def read(store: Store) -> dict[str, int]:
        return {"articles": store.count_articles(), "stories": store.count_stories()}

    counts = await state.readers.run(read)
    refreshes = state.refreshes.stats.to_dict() if state.refreshes is not None else None
    return {
        "ok": True,
        **counts,
        "ingested": state.ingested,
        "cache": state.briefs.stats(),
        "refresh": refreshes,
    }
