"""Every error the API returns is ``{"error": "one line"}`` with a fitting status code.

Library code raises its own one-line errors (``ValueError`` from filters,
``AnalysisError``, ``TreatyError``, ``StoreBusy``); they are mapped here, once, rather than
caught in each route. Anything unexpected becomes a 500 with a generic message: the
traceback goes to the server log, never to the client.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from dyadwatch.analysis.facts import AnalysisError
from dyadwatch.model import PLOVER_TYPES
from dyadwatch.store import StoreError
from dyadwatch.treaties.errors import TreatyError
from dyadwatch.web.snapshot import StoreBusy

log = logging.getLogger("dyadwatch.web")

_MAX_MESSAGE = 300


class ErrorBody(BaseModel):
    error: str


class ApiError(Exception):
    """An error a route raises on purpose: status code and the message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class NotFound(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(404, message)


def error_response(status: int, message: str, headers: dict[str, str] | None = None):
    line = " ".join(str(message).split())[:_MAX_MESSAGE] or "error"
    return JSONResponse({"error": line}, status_code=status, headers=headers)


# What a value of the right form looks like, for parameters checked by a pattern.
_FORMS = {
    "dyad": "two actor codes joined by '-', e.g. PRK-RUS",
    "actor": "an actor code, e.g. PRK or NATO",
    "type": f"a PLOVER type: {', '.join(PLOVER_TYPES)}",
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        if err.get("type") == "string_pattern_mismatch" and loc and loc[-1] in _FORMS:
            value = str(err.get("input", ""))[:40]
            parts.append(f"{where}: {value!r} is not {_FORMS[loc[-1]]}")
        else:
            parts.append(f"{where}: {err.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


# Documented on every route, so the OpenAPI spec says what error bodies look like.
ERROR_RESPONSES: dict[int | str, dict] = {
    400: {"model": ErrorBody, "description": "Invalid parameter value"},
    404: {"model": ErrorBody, "description": "Not found"},
    422: {"model": ErrorBody, "description": "Parameter of the wrong type or out of range"},
    503: {"model": ErrorBody, "description": "Store not available right now"},
}


def install(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into ``{"error": ...}`` responses."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError):
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such endpoint (see /openapi.json)"
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError):
        return error_response(422, _validation_message(exc))

    @app.exception_handler(ValueError)
    async def _value(_: Request, exc: ValueError):
        # Filters and date parsers raise ValueError with a one-line message for the user.
        return error_response(400, str(exc))

    @app.exception_handler(TreatyError)
    async def _treaty(_: Request, exc: TreatyError):
        status = 404 if str(exc).startswith("no treaty") else 400
        return error_response(status, str(exc))

    @app.exception_handler(AnalysisError)
    async def _analysis(_: Request, exc: AnalysisError):
        message = str(exc)
        status = 404 if message.startswith(("unknown actor", "the store has no")) else 400
        return error_response(status, message)

    @app.exception_handler(StoreBusy)
    async def _busy(_: Request, exc: StoreBusy):
        return error_response(503, str(exc), {"Retry-After": "5"})

    @app.exception_handler(StoreError)
    async def _store(_: Request, exc: StoreError):
        return error_response(503, str(exc), {"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.error("error serving %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal server error (details are in the server log)")
