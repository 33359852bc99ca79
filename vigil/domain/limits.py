"""The one set of limits on what a file's fields hold, whatever the door (page, API, import,
command line): the use cases check them, and the API's schemas are built from the same
numbers, so that what one door takes every other door takes, and what is stored can be
exported and imported back.

- Text holds no NUL character (PostgreSQL stores none, and a SQLite backup holding one
  cannot be restored into PostgreSQL) and no lone surrogate (JSON can escape one, UTF-8
  cannot hold it).
- A name, a contact, a title or a search holds at most ``NAME`` characters; a summary, a
  note or a reason at most ``TEXT``.
- A date is not before ``EARLIEST`` (the rules refuse dates in the future where it matters);
  a year asked for is between ``EARLIEST.year`` and ``LATEST_YEAR``.
"""

from __future__ import annotations

import re
from datetime import date

from vigil.errors import InputError

NAME = 200
"""Names, contacts, task titles, usernames, the words of a search, references."""
TEXT = 10_000
"""Summaries, notes, timeline entries, reasons."""
EARLIEST = date(1900, 1, 1)
"""No date of a file (birth, opening, event, closing, due) is earlier."""
LATEST_YEAR = 9999
"""The last year a date can have."""

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value: str) -> bool:
    """True when ``value`` holds neither a NUL character nor a lone surrogate."""
    return _UNSTORABLE.search(value) is None


def check_text(value: str, field: str, limit: int, *, required: bool = False) -> str:
    """Return ``value`` if it can be stored in ``field``: no NUL, no lone surrogate, at most
    ``limit`` characters (and, when ``required``, not blank). Raise InputError otherwise."""
    found = _UNSTORABLE.search(value)
    if found is not None and found.group() == "\x00":
        raise InputError(
            "this text holds a NUL character (code 0), which cannot be stored; remove it",
            field=field,
        )
    if found is not None:
        raise InputError(
            "this text holds a character that is not valid Unicode (a lone surrogate, "
            "U+%(code)s); send it as valid UTF-8",
            field=field,
            code=f"{ord(found.group()):04X}",
        )
    if len(value) > limit:
        raise InputError(
            "this text is %(length)s characters long; at most %(limit)s fit — shorten it",
            field=field,
            length=len(value),
            limit=limit,
        )
    if required and not value.strip():
        raise InputError("this field is empty; fill it in", field=field)
    return value


def check_name(value: str, field: str) -> str:
    return check_text(value, field, NAME)


def check_day(value: date | None, field: str) -> date | None:
    """Return ``value`` unless it is before ``EARLIEST``. Raise InputError then."""
    if value is not None and value < EARLIEST:
        raise InputError(
            "%(value)s is before %(earliest)s; check the year",
            field=field,
            value=value,
            earliest=EARLIEST,
        )
    return value


def check_year_begun(year: int, today: date, field: str = "year") -> int:
    """Return ``year`` if it has figures: from ``EARLIEST.year`` to ``today``'s. Raise
    InputError otherwise."""
    check_year(year, field)
    if year > today.year:
        raise InputError(
            "%(year)s has not begun; figures exist for %(latest)s and the years before",
            field=field,
            year=year,
            latest=today.year,
        )
    return year


def check_year(value: int | None, field: str = "year") -> int | None:
    """Return ``value`` if a date can be in that year. Raise InputError otherwise."""
    if value is not None and not EARLIEST.year <= value <= LATEST_YEAR:
        raise InputError(
            "%(value)s is not a year Vigil can hold; give a year from %(first)s to %(last)s",
            field=field,
            value=value,
            first=EARLIEST.year,
            last=LATEST_YEAR,
        )
    return value


def scrubbed(value: str) -> str:
    """``value`` cut to ``NAME`` characters, a NUL or lone surrogate replaced by U+FFFD:
    what may be written down of a name typed at sign-in, which names no account then."""
    return _UNSTORABLE.sub("\ufffd", value[:NAME])


def lookup(value: str) -> bool:
    """True when ``value`` may be looked up (a reference, a username): storable and not
    longer than ``NAME``. What may not is found nowhere, without asking the database
    (PostgreSQL refuses a NUL even in a query)."""
    return len(value) <= NAME and storable(value)
