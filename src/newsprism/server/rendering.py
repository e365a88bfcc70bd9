"""The Jinja2 environment of the web pages (autoescape always on) and the page renderer."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


@functools.cache
def static_version(name: str) -> str:
    """A short digest of a static file's content, to bust browser caches when it changes."""
    path = STATIC / name
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=4).hexdigest()
    except OSError:
        return "0"


def static_url(name: str) -> str:
    """The URL of a file in static/, with its content version."""
    return f"/static/{name}?v={static_version(name)}"


def _day(value: str | None) -> str:
    """YYYY-MM-DD of an ISO date or date-time, or an empty string."""
    return value[:10] if value else ""


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment: templates from the package, every value escaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # always: article text is hostile input
        undefined=jinja2.ChainableUndefined,  # a field a brief lacks shows as empty
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = static_url
    env.filters["day"] = _day
    return env


def render_page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The template rendered with ``context`` (plus the request) as an HTML response."""
    values = {"request": request, "json_url": None, "page_title": "newsprism", **context}
    html = environment().get_template(template).render(values)
    return HTMLResponse(html, status_code=status, headers=headers)
