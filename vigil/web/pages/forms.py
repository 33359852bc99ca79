"""Reading form fields into the values the use cases take. A bad value becomes an
InputError naming the field, so the page shows the message next to it, translated (see
vigil.web.errors.shown). A code from a select that is not one of its options (only a forged
form sends one) is refused in English, with the codes accepted.

A form is answered with all its errors at once: the door reads every field through one
:class:`Problems`, then calls the use case (when what it needs was read), whose rule error
joins the others::

    problems = forms.Problems()
    on = problems.read("occurred_at", lambda: forms.day("occurred_at", occurred_at))
    problems.read("kind", lambda: service.record_event(s, reference, kind, text, on=on, ...))
    if problems:
        s.rollback()
        ...the page again, with errors=problems.shown(request)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from fastapi import Request
from fastapi.responses import RedirectResponse

from vigil.domain.parsing import parse_date
from vigil.errors import InputError
from vigil.web.errors import shown

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


class Problems:
    """The errors of one submitted form, each under its field, in the order they were met
    (the first error of a field wins)."""

    def __init__(self) -> None:
        self.found: dict[str, InputError] = {}

    def __bool__(self) -> bool:
        return bool(self.found)

    def read(self, field: str, step: Callable[[], T]) -> T | None:
        """Run ``step`` (reading a field, or the use case); keep its InputError under its own
        field, else under ``field``, and return None in its place."""
        try:
            return step()
        except InputError as exc:
            self.found.setdefault(exc.field or field, exc)
            return None

    def shown(self, request: Request, rename: dict[str, str] | None = None) -> dict[str, str]:
        """The messages in the reader's language, by field (``rename``: the form's name of a
        field the use case calls otherwise)."""
        names = rename or {}
        return {names.get(f, f): shown(request, exc) for f, exc in self.found.items()}
