"""Reading form fields into the values the use cases take. A bad value becomes an
InputError naming the field, so the page shows the message next to it, translated (see
vigil.web.errors.shown). A code from a select that is not one of its options (only a forged
form sends one) is refused in English, with the codes accepted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from fastapi.responses import RedirectResponse

from vigil.domain.parsing import parse_date
from vigil.errors import InputError

T = TypeVar("T")


def optional(field: str, raw: str | None, parse: Callable[[str], T]) -> T | None:
    if raw is None or not raw.strip():
        return None
    try:
        return parse(raw.strip())
    except InputError as exc:
        exc.field = field
        raise
    except ValueError:
        raise InputError(
            "'%(value)s' is not a value this field takes", field=field, value=raw
        ) from None


def required(field: str, raw: str | None, parse: Callable[[str], T], missing: str) -> T:
    """The value of a field that must be filled in; ``missing`` is the message when it is
    not, marked with ``N_`` (e.g. ``N_("the type of file is missing; fill it in")``)."""
    value = optional(field, raw, parse)
    if value is None:
        raise InputError(missing, field=field)
    return value


def day(field: str, raw: str | None) -> date | None:
    try:
        return optional(field, raw, parse_date)
    except InputError:
        raise InputError(
            "'%(value)s' is not a date: write a date that exists, as YYYY-MM-DD",
            field=field,
            value=(raw or "").strip(),
        ) from None


def whole(field: str, raw: str | None) -> int | None:
    value = (raw or "").strip()
    if value and not value.isdigit():
        raise InputError("'%(value)s' is not a whole number", field=field, value=value)
    return int(value) if value else None


def yes_no(raw: str | None) -> bool | None:
    """A radio group of yes/no/unknown: '' is unknown."""
    return {"yes": True, "no": False}.get((raw or "").strip())


def see_other(url: str) -> RedirectResponse:
    """After a successful POST: go to the page that shows the result (no resubmission)."""
    return RedirectResponse(url, status_code=303)
