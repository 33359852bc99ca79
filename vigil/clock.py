"""The one place Vigil asks for the date, so that tests can freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime

_frozen: datetime | None = None


def now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return _frozen or datetime.now(UTC)


def today() -> date:
    return now().date()


def freeze(at: datetime | None) -> None:
    """Make :func:`now` return ``at`` (None: the real time again). For tests and demos."""
    global _frozen
    _frozen = at
