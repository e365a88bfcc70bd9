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


def _moment(value: str | None) -> str:
    """An ISO date or date-time as people read it: ``2023-11-13 22:40 (UTC-05:00)``."""
    if not value or len(value) < 16 or value[10] != "T":
        return value or ""
    zone = value[19:] if len(value) > 19 and value[16] == ":" else value[16:]
    if zone in ("Z", "+00:00"):
        zone = "UTC"
    elif zone:
        zone = f"UTC{zone}"
    return f"{value[:10]} {value[11:16]}" + (f" ({zone})" if zone else "")


def source_label(source: str | None) -> str:
    """Where an article came from, short: a URL as it is, a file by its name (no folders)."""
    if not source:
        return ""
    if "://" in source:
        return source
    return source.replace("\\", "/").rsplit("/", 1)[-1]


_STATUS_LABELS = {"single_source": "single source"}


def _status_label(value: str | None) -> str:
    """A claim status in words (``single_source`` → ``single source``)."""
    return _STATUS_LABELS.get(value or "", value or "")


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
    env.filters["moment"] = _moment
    env.filters["source_label"] = source_label
    env.filters["status_label"] = _status_label
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
