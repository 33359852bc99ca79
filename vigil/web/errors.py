"""The one handler of each door: JSON under /api/, a page everywhere else.

Every JSON error has the same body, ``{"error": {"code", "message", "field"}}``, whatever
raised it: a use case (VigilError), FastAPI's input validation, or an unknown route.

A VigilError's message is shown in the language of the person asking: the signed-in
person's choice, else the request's Accept-Language, else English. So an API client that
sends no Accept-Language reads English; ``code`` and ``field`` never change with the
language, and are what a program should act on. FastAPI's validation messages stay English.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from starlette.exceptions import HTTPException

from vigil import i18n
from vigil.errors import (
    N_,
    Busy,
    Conflict,
    DatabaseNotReady,
    Forbidden,
    InputError,
    LoginFailed,
    NotFound,
    NotSignedIn,
    TooMany,
    VigilError,
)
from vigil.web.templating import formats_of, locale_of, render

STATUS: list[tuple[type[VigilError], int]] = [
    (NotFound, 404),
    (NotSignedIn, 401),
    (Forbidden, 403),
    (LoginFailed, 401),
    (InputError, 422),
    (TooMany, 429),
    (Busy, 503),
    (Conflict, 409),
    (DatabaseNotReady, 503),
]
SERVER_ERROR = N_("something went wrong on the server; it was logged — try again or tell support")
DATABASE_UNAVAILABLE = N_(
    "the database did not answer in time (it is busy or out of reach); nothing of this was "
    "saved — try again in a moment"
)
CONFLICT = N_(
    "someone else changed the same record at the same moment; nothing of this was saved — try again"
)
UNIQUE = {"23505", "SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
"""How each driver names a unique key that a concurrent writer took first (PostgreSQL's
SQLSTATE, SQLite's extended error name)."""
RETRY_AFTER_SECONDS = 5
log = logging.getLogger("vigil.web")
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthenticated"}


def status_of(exc: VigilError) -> int:
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 400)


def shown(request: Request, error: VigilError) -> str:
    """What the person asking reads of ``error``: its message in their language. The pages
    put it next to the field (``errors={field: shown(request, exc)}``)."""
    return i18n.error_message(error, locale_of(request), formats=formats_of(request))


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
    answer = _answer(request, status_of(exc), exc.code, shown(request, exc), exc.field)
    if isinstance(exc, Busy):
        answer.headers["retry-after"] = str(exc.retry_after)
    return answer


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


async def database_unavailable(request: Request, exc: Exception) -> Response:
    """A lock held longer than the wait allows (SQLite's busy time-out, a PostgreSQL lock or
    statement time-out) or a lost connection. The request's transaction was rolled back, so
    nothing is half-saved: say that, and when to try again, instead of "something went
    wrong"."""
    message = i18n.translations(locale_of(request)).gettext(DATABASE_UNAVAILABLE)
    answer = _answer(request, 503, "database_unavailable", message, None)
    answer.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
    return answer


def is_conflict(exc: DBAPIError) -> bool:
    """True when ``exc`` is a unique key another transaction took first: what two writers
    racing to add the same row meet (the loser's transaction is rolled back whole)."""
    orig = exc.orig
    return bool({getattr(orig, "sqlstate", None), getattr(orig, "sqlite_errorname", None)} & UNIQUE)


async def database_conflict(request: Request, exc: Exception) -> Response:
    """Two writers raced for one unique row and this one lost: its transaction was rolled
    back, so answer 503 "nothing saved, try again" (with Retry-After), not 500. Logged as a
    warning with the statement (without its values), should it be a bug rather than a race.
    Any other integrity error is a database error (500)."""
    assert isinstance(exc, IntegrityError)
    if not is_conflict(exc):
        return await database_error(request, exc)
    log.warning(
        "conflict on %s %s (a unique key taken by another transaction), in the statement:\n%s",
        request.method,
        request.url.path,
        exc.statement,
    )
    message = i18n.translations(locale_of(request)).gettext(CONFLICT)
    answer = _answer(request, 503, "conflict", message, None)
    answer.headers["retry-after"] = "1"
    return answer


async def database_error(request: Request, exc: Exception) -> Response:
    """A database error that no use case turned into a message (a bug, or a rule only the
    database enforces). It is logged here, in place of the server's traceback, without the
    driver's text: PostgreSQL's names the row's values ("Failing row contains (...)"), and
    those are children's names. The statement is logged without its values (the engine
    hides them, see vigil.store.db.PRIVATE); the path holds file references only."""
    assert isinstance(exc, DBAPIError)
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error(
        "database error %s (%s) on %s %s, in the statement:\n%s\n%s",
        type(exc).__name__,
        type(exc.orig).__name__,
        request.method,
        request.url.path,
        exc.statement,
        frames,
    )
    return await server_error(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(OperationalError, database_unavailable)
    app.add_exception_handler(IntegrityError, database_conflict)
    app.add_exception_handler(DBAPIError, database_error)
    app.add_exception_handler(VigilError, vigil_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, server_error)
