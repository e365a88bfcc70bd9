"""The one error shape of the server, built here and nowhere else.

Every error, from a bad query parameter to an unexpected exception, reaches the client as::

    {"error": {"status": 404, "code": "not_found", "message": "no story with id 'ab12'..."}}

(plus ``"detail"`` where there is more to say, e.g. the list of invalid fields). Pages that a
browser asked for get the same content as an HTML page instead; ``wants_json`` decides which.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsprism.errors import (
    BlockedAddressError,
    FetchError,
    InputError,
    NewsprismError,
    NotFoundError,
    StoreError,
)
from newsprism.server.rendering import render_page

log = logging.getLogger("newsprism.server")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    502: "bad_gateway",
    503: "unavailable",
}


class ErrorBody(BaseModel):
    """The content of every error response."""

    status: int
    code: str
    message: str
    detail: Any = None


class ErrorResponse(BaseModel):
    """Every error response: ``{"error": {...}}``."""

    error: ErrorBody


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries documenting the error shape for these statuses."""
    meaning = {
        304: "Not modified (the ETag matches)",
        401: "Missing or wrong bearer token",
        404: "No record with this id",
        413: "Request body too large",
        422: "Invalid parameter or input",
        502: "The URL could not be fetched",
        503: "Briefs cannot be built, or the store is unavailable",
    }
    return {
        status: {"model": ErrorResponse, "description": meaning.get(status, "Error")}
        for status in statuses
    }


class ServerError(Exception):
    """An error a view raises on purpose: its status, code and message go to the client."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.detail = detail
        self.headers = headers


def error_payload(
    status: int, message: str, *, code: str | None = None, detail: Any = None
) -> dict[str, Any]:
    """The JSON body of an error: ``{"error": {"status", "code", "message"[, "detail"]}}``."""
    body: dict[str, Any] = {
        "status": status,
        "code": code or _CODES.get(status, "error"),
        "message": message,
    }
    if detail is not None:
        body["detail"] = detail
    return {"error": body}


def wants_json(request: Request) -> bool:
    """Whether this request should get JSON rather than an HTML page.

    JSON for the API (``/api/...``, ``/openapi.json``), for ``.json`` twins, for
    ``?format=json``, and for clients whose Accept header asks for JSON and not HTML.
    """
    path = request.url.path
    if path.startswith("/api/") or path == "/api" or path.endswith(".json"):
        return True
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request | None,
    status: int,
    message: str,
    *,
    code: str | None = None,
    detail: Any = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as JSON, or as an HTML page when a browser asked for a page."""
    payload = error_payload(status, message, code=code, detail=detail)
    if request is None or wants_json(request):
        return JSONResponse(payload, status_code=status, headers=headers)
    return render_page(
        request, "error.html", {"error": payload["error"]}, status=status, headers=headers
    )


def error_response_for(request: Request | None, exc: BaseException) -> Response:
    """The error response for any exception: known ones by their meaning, others as 500."""
    if isinstance(exc, ServerError):
        return error_response(
            request,
            exc.status,
            exc.message,
            code=exc.code,
            detail=exc.detail,
            headers=exc.headers,
        )
    if isinstance(exc, NotFoundError):
        return error_response(request, 404, str(exc))
    if isinstance(exc, BlockedAddressError):
        return error_response(request, 422, str(exc), code="blocked_address")
    if isinstance(exc, FetchError):
        return error_response(request, 502, str(exc), code="fetch_failed")
    if isinstance(exc, InputError):
        return error_response(request, 422, str(exc), code="invalid_input")
    if isinstance(exc, StoreError):
        return error_response(request, 503, str(exc), code="store_unavailable")
    if isinstance(exc, NewsprismError):
        return error_response(request, 500, str(exc))
    log.error("unexpected error", exc_info=exc)
    return error_response(
        request, 500, "an unexpected error occurred; the server log has the details"
    )


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception FastAPI and Starlette know about through ``error_response``."""

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else _CODES.get(exc.status_code, "")
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing here: {request.url.path}; the API is described at /docs"
        elif exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(
            request, exc.status_code, message, headers=getattr(exc, "headers", None)
        )

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        detail = [
            {
                "field": ".".join(str(part) for part in error.get("loc", ())),
                "problem": error.get("msg", ""),
            }
            for error in exc.errors()
        ]
        fields = ", ".join(d["field"] for d in detail) or "the request"
        return error_response(request, 422, f"invalid value in {fields}; see detail", detail=detail)

    async def known_error(request: Request, exc: Exception) -> Response:
        return error_response_for(request, exc)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ServerError, known_error)
    app.add_exception_handler(NewsprismError, known_error)
