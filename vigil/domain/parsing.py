"""Reading the values people and files give as text: dates, yes/no, ages, lists of codes.

Each parser takes the raw text and returns the value, None for an empty text, or raises
InputError (a ValueError) saying what is wrong; each door names the field, the option or
the column it came from (the CSV import, the pages, the command line). Codes of Vigil's
enumerations are read by the ``parse_*`` functions beside each enumeration (see codes.py).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from vigil.domain.people import parse_risk_reason
from vigil.errors import InputError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(raw: str) -> date | None:
    value = raw.strip()
    if not value:
        return None
    if not _ISO_DATE.match(value):
        raise InputError("'%(value)s' is not a date written YYYY-MM-DD", value=value)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError("%(value)s is not a date that exists", value=value) from None


_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?)?$")


def parse_moment(raw: str) -> datetime | None:
    """A wall time ``YYYY-MM-DD HH:MM`` (or with ``T``; seconds ignored), without zone; a day
    alone is noon of that day."""
    value = raw.strip()
    if not value:
        return None
    found = _MOMENT.match(value)
    if found is None:
        raise InputError(
            "'%(value)s' is not a time written YYYY-MM-DD HH:MM (or a day YYYY-MM-DD)",
            value=value,
        )
    day = parse_date(found.group(1))
    assert day is not None
    hour, minute = int(found.group(2) or 12), int(found.group(3) or 0)
    if hour > 23 or minute > 59:
        raise InputError("%(value)s is not a time that exists", value=value)
    return datetime.combine(day, time(hour, minute))


def parse_bool(raw: str) -> bool | None:
    value = raw.strip().lower()
    if not value:
        return None
    if value in ("true", "false"):
        return value == "true"
    raise InputError("'%(value)s' is not a boolean; write true or false", value=raw)


def parse_age(raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError("'%(value)s' is not an age in whole years", value=raw)
    return int(value)


def parse_risk_reasons(raw: str) -> tuple[str, ...]:
    """Risk reason codes separated by ``;`` (or ``,``), sorted, each once."""
    parts = [p for p in raw.replace(",", ";").split(";") if p.strip()]
    return tuple(sorted({parse_risk_reason(p).value for p in parts}))
