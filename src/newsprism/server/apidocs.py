"""``/docs``: the API reference, rendered on the server from the app's OpenAPI document.

No third-party viewer and no script: the page reads with JavaScript off and passes the
Content-Security-Policy. Its JSON twin is the OpenAPI document itself (``/openapi.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from newsprism.server.errors import wants_json
from newsprism.server.rendering import render_page

router = APIRouter()

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    """One documented parameter of an operation."""

    name: str
    where: str
    required: bool
    type: str
    description: str


@dataclass(frozen=True)
class Operation:
    """One documented method on one path."""

    method: str
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: str | None
    responses: tuple[tuple[str, str], ...]
    anchor: str


def _type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    kind = str(schema.get("type", "any"))
    if schema.get("format"):
        kind += f" ({schema['format']})"
    limits = [
        f"{key} {schema[key]}" for key in ("minimum", "maximum", "maxLength") if key in schema
    ]
    return kind + (f", {', '.join(limits)}" if limits else "")


def operations(openapi: dict[str, Any]) -> list[Operation]:
    """Every operation of the OpenAPI document, in path order."""
    found = []
    for path, item in openapi.get("paths", {}).items():
        for method in _METHODS:
            spec = item.get(method)
            if not spec:
                continue
            parameters = tuple(
                Parameter(
                    name=str(p.get("name")),
                    where=str(p.get("in")),
                    required=bool(p.get("required")),
                    type=_type_of(p.get("schema", {})),
                    description=str(
                        p.get("description") or p.get("schema", {}).get("description", "")
                    ),
                )
                for p in spec.get("parameters", [])
            )
            body = None
            content = spec.get("requestBody", {}).get("content", {})
            for media, media_spec in content.items():
                body = f"{media}: {_type_of(media_spec.get('schema', {}))}"
            responses = tuple(
                (str(code), str(r.get("description", "")))
                for code, r in spec.get("responses", {}).items()
            )
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=str(spec.get("summary", "")),
                    description=str(spec.get("description", "")),
                    parameters=parameters,
                    body=body,
                    responses=responses,
                    anchor=f"{method}-{path.strip('/').replace('/', '-').replace('{', '')}".replace(
                        "}", ""
                    ),
                )
            )
    return found


@router.get("/docs", include_in_schema=False, response_model=None)
@router.get("/docs.json", include_in_schema=False, response_model=None)
async def docs(request: Request) -> Response:
    """The API reference page, or (as JSON) a redirect to the OpenAPI document."""
    if request.url.path.endswith(".json") or wants_json(request):
        return RedirectResponse("/openapi.json", status_code=307)
    openapi = request.app.openapi()
    schemas = openapi.get("components", {}).get("schemas", {})
    return render_page(
        request,
        "docs.html",
        {
            "page_title": "API · newsprism",
            "info": openapi.get("info", {}),
            "operations": operations(openapi),
            "schemas": {name: schema for name, schema in schemas.items() if name in ("ArticleIn",)},
            "type_of": _type_of,
            "json_url": "/openapi.json",
        },
    )
