"""Reading the values people and files give as text: dates, yes/no, ages, lists of codes.

Each parser takes the raw text and returns the value, None for an empty text, or raises
InputError (a ValueError) saying what is wrong; each door names the field, the option or
the column it came from (the CSV import, the pages, the command line). Codes of Vigil's
enumerations are read by the ``parse_*`` functions beside each enumeration (see codes.py).
"""

from __future__ import annotations

import re
from datetime import date

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
