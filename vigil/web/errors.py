"""The one handler of each door: JSON under /api/, a page everywhere else.

Every JSON error has the same body, ``{"error": {"code", "message", "field"}}``, whatever
raised it: a use case (VigilError), FastAPI's input validation, or an unknown route.

A VigilError's message is shown in the language of the person asking: the signed-in
person's choice, else the request's Accept-Language, else English. So an API client that
sends no Accept-Language reads English; ``code`` and ``field`` never change with the
language, and are what a program should act on. FastAPI's validation messages stay English.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from vigil.errors import (
    N_,
    DatabaseNotReady,
    Forbidden,
    InputError,
    LoginFailed,
    NotFound,
    NotSignedIn,
    VigilError,
)
from vigil.web import i18n
from vigil.web.templating import locale_of, render

STATUS: list[tuple[type[VigilError], int]] = [
    (NotFound, 404),
    (NotSignedIn, 401),
    (Forbidden, 403),
    (LoginFailed, 401),
    (InputError, 422),
    (DatabaseNotReady, 503),
]
SERVER_ERROR = N_("something went wrong on the server; it was logged — try again or tell support")
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated"}


def status_of(exc: VigilError) -> int:
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 400)


def shown(request: Request, error: VigilError) -> str:
    """What the person asking reads of ``error``: its message in their language. The pages
    put it next to the field (``errors={field: shown(request, exc)}``)."""
    return i18n.error_message(error, locale_of(request))


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "field": field}}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _answer(request: Request, status: int, code: str, message: str, field: str | None) -> Response:
    if _is_api(request):
        headers = {"www-authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(error_body(code, message, field), status, headers=headers)
    if code == "unauthenticated":
        return RedirectResponse("/login", 303)
    return render(request, "error.html", status, message=message, status_code=status)


async def vigil_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, VigilError)
    return _answer(request, status_of(exc), exc.code, shown(request, exc), exc.field)


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    location = [str(part) for part in first.get("loc", ())]
    field = location[-1] if location else None
    message = f"{'.'.join(location) or 'the request'}: {first.get('msg', 'is not valid')}"
    return _answer(request, 422, "invalid", message, field)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = HTTP_CODES.get(exc.status_code, "http_error")
    return _answer(request, exc.status_code, code, str(exc.detail), None)


async def server_error(request: Request, exc: Exception) -> Response:
    """The last resort: say so without details (they go to the server's log)."""
    message = i18n.translations(locale_of(request)).gettext(SERVER_ERROR)
    return _answer(request, 500, "internal", message, None)


def install(app: FastAPI) -> None:
    app.add_exception_handler(VigilError, vigil_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, server_error)
