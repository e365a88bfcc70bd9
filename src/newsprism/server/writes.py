"""``POST /api/articles``: ingest one article given as JSON, or the article(s) at a URL.

Parsing, normalising and fetching happen in the request's worker thread; the store is written
only by the single writer thread. A configured bearer token is required.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from newsprism.articles import build_article
from newsprism.ingest.fetch import is_url
from newsprism.model import ArticleDraft
from newsprism.pipeline import IngestReport, ingest
from newsprism.server.errors import error_response_for, error_responses
from newsprism.server.security import check_token
from newsprism.server.state import ServerState, server_state
from newsprism.server.threads import WriterStore

router = APIRouter()

MAX_TEXT_CHARS = 1_000_000
_SHORT = 2_000


class ArticleIn(BaseModel):
    """An article to ingest: its text and metadata, or only a URL to fetch it from."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "RIVERTON — The council approved the budget on Monday...",
                    "title": "Council approves budget",
                    "outlet": "Harbor Daily",
                    "url": "https://harbor-daily.example/council-budget",
                    "published": "2023-11-14",
                },
                {"url": "https://harbor-daily.example/council-budget"},
            ]
        },
    )

    text: str | None = Field(
        None,
        max_length=MAX_TEXT_CHARS,
        description="The article's text; without it, `url` is fetched.",
    )
    url: str | None = Field(None, max_length=_SHORT, description="http(s) URL of the article.")
    title: str | None = Field(None, max_length=_SHORT)
    outlet: str | None = Field(None, max_length=_SHORT)
    published: str | None = Field(
        None, max_length=200, description="Publication date as printed, e.g. 2023-11-14."
    )
    byline: str | None = Field(None, max_length=_SHORT)
    language: str | None = Field(None, max_length=35)

    @model_validator(mode="after")
    def _text_or_url(self) -> ArticleIn:
        if not (self.text and self.text.strip()) and not self.url:
            raise ValueError("give the article's `text`, or a `url` to fetch it from")
        if self.url is not None and not is_url(self.url):
            raise ValueError("`url` must be an http:// or https:// URL with a host")
        return self


def _report_body(report: IngestReport) -> dict[str, Any]:
    ids = list(dict.fromkeys(report.article_ids))
    return {
        "stored": report.stored,
        "already": report.already,
        "failed": report.failed,
        "articles": [{"id": i, "href": f"/api/articles/{i}"} for i in ids],
        "errors": [str(error) for error in report.errors],
    }


async def _ingest_text(state: ServerState, item: ArticleIn) -> IngestReport:
    draft = ArticleDraft(
        source=item.url or "api",
        text=item.text or "",
        format="api",
        title=item.title,
        url=item.url,
        outlet=item.outlet,
        published=item.published,
        byline=item.byline,
        language=item.language,
    )
    # Normalising is a millisecond or two of CPU: done on the writer thread with the write,
    # one thread hand-off instead of two (hand-offs are what a busy server waits on).
    outcomes = await state.writer.run(lambda store: store.add_articles([build_article(draft)]))
    return IngestReport(
        stored=sum(1 for o in outcomes if o.stored),
        already=sum(1 for o in outcomes if not o.stored),
        errors=(),
        article_ids=tuple(o.article_id for o in outcomes),
    )


def _ingest_url(state: ServerState, url: str) -> IngestReport:
    with state.fetcher_factory() as fetcher:
        return ingest([url], WriterStore(state.writer), state.config.ingest, fetcher=fetcher)


async def require_write_token(request: Request) -> None:
    """The token check of every write, run before the body is validated.

    An unauthenticated client gets 401 (or 403), never a 422 describing what the body should
    hold. (A body that is not even JSON is refused by FastAPI before this runs.)
    """
    check_token(request, server_state(request).config.token)


@router.post(
    "/api/articles",
    dependencies=[Depends(require_write_token)],
    summary="Ingest an article",
    description=(
        "Stores one article given as JSON (`text` plus metadata), or fetches `url` (a page, "
        "or a feed whose items are all stored) when no text is given. Needs "
        "`Authorization: Bearer TOKEN` when the server has a token. Answers 201 when something "
        "new was stored, 200 when it was already there."
    ),
    tags=["articles"],
    status_code=201,
    response_model=None,
    responses={200: {"description": "Already stored"}, **error_responses(401, 413, 422, 502)},
)
async def post_article(request: Request, item: Annotated[ArticleIn, Body()]) -> Response:
    """The ingest report: articles stored or already there, and errors met."""
    state = server_state(request)
    if item.text and item.text.strip():
        report = await _ingest_text(state, item)
    else:
        assert item.url is not None  # the model's validator guarantees text or url
        report = await run_in_threadpool(_ingest_url, state, item.url)
    if report.errors and not report.article_ids:
        # Nothing came of it: answer with the first reason, in the one error shape.
        return error_response_for(request, report.errors[0])
    state.ingested += report.stored
    if report.stored:
        state.schedule_refresh()
    return JSONResponse(_report_body(report), status_code=201 if report.stored else 200)
