"""The one place Vigil asks for the date, so that tests can freeze it.

Times are kept in UTC; days are the foundation's (VIGIL_TIMEZONE, which the doors pass to
``use_zone`` at start-up): in Brussels a call taken at 00:30 is taken today, not on
yesterday's UTC date, and an event recorded "on a day" sits at noon of that day there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Europe/Brussels"
_frozen: datetime | None = None
_zone = ZoneInfo(DEFAULT_ZONE)


def now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return _frozen or datetime.now(UTC)


def today() -> date:
    """The foundation's date now."""
    return day_of(now())


def day_of(at: datetime) -> date:
    """The foundation's date at ``at`` (a time without zone is UTC, as SQLite returns it)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(_zone).date()


def noon(day: date) -> datetime:
    """Noon of ``day`` in the foundation's zone, in UTC: the time of something known only by
    its day, shown on that day whatever the zone."""
    return datetime.combine(day, time(12), tzinfo=_zone).astimezone(UTC)


def midnight(day: date) -> datetime:
    """The start of ``day`` in the foundation's zone, in UTC: where a day (or a year) of
    timestamps begins."""
    return datetime.combine(day, time(0), tzinfo=_zone).astimezone(UTC)


def local(at: datetime) -> datetime:
    """``at`` as the foundation's wall time, without zone (what a form or a file shows)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(_zone).replace(tzinfo=None)


def from_local(wall: datetime) -> datetime:
    """The foundation's wall time ``wall`` (without zone), in UTC."""
    return wall.replace(tzinfo=_zone).astimezone(UTC)


def use_zone(name: str) -> None:
    """Count days in this IANA time zone (VIGIL_TIMEZONE, checked by the settings)."""
    global _zone
    _zone = ZoneInfo(name)


def freeze(at: datetime | None) -> None:
    """Make :func:`now` return ``at`` (None: the real time again). For tests and demos."""
    global _frozen
    _frozen = at
