"""Reading form fields into the values the use cases take. A bad value becomes an
InputError naming the field, so the page shows the message next to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from fastapi.responses import RedirectResponse

from vigil.cases.rows import parse_date
from vigil.errors import InputError

T = TypeVar("T")


def optional(field: str, raw: str | None, parse: Callable[[str], T]) -> T | None:
    if raw is None or not raw.strip():
        return None
    try:
        return parse(raw.strip())
    except ValueError as exc:
        raise InputError(str(exc), field=field) from None


def required(field: str, raw: str | None, parse: Callable[[str], T], what: str) -> T:
    value = optional(field, raw, parse)
    if value is None:
        raise InputError(f"{what} is missing; fill it in", field=field)
    return value


def day(field: str, raw: str | None) -> date | None:
    return optional(field, raw, parse_date)


def whole(field: str, raw: str | None) -> int | None:
    def parse(text: str) -> int:
        if not text.isdigit():
            raise ValueError(f"{text!r} is not a whole number")
        return int(text)

    return optional(field, raw, parse)


def yes_no(raw: str | None) -> bool | None:
    """A radio group of yes/no/unknown: '' is unknown."""
    return {"yes": True, "no": False}.get((raw or "").strip())


def see_other(url: str) -> RedirectResponse:
    """After a successful POST: go to the page that shows the result (no resubmission)."""
    return RedirectResponse(url, status_code=303)
