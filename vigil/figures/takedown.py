"""The yearly figures of notice-and-takedown: notices sent, URLs removed and how long removal
took, per hosting country, and hosts ranked by their removal time (as Project Arachnid's
availability report does).

A year is the foundation's (VIGIL_TIMEZONE): a notice sent on 31 December at 23:30 in
Brussels counts in that year. The removal time of a URL is the hours from its report to the
re-check that found it gone (vigil.hotline.rechecks), so it is at most one re-check
interval (VIGIL_TAKEDOWN_CHECK_HOURS) longer than the true time.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.domain import limits
from vigil.domain.takedown import TakedownState
from vigil.store.takedown import SentNotice, Takedown

UNKNOWN_COUNTRY = "unknown"
"""The key of URLs whose hosting country the networks database does not know."""
THREE_DAYS_HOURS = 72


def takedown_figures(session: Session, year: int) -> dict[str, Any]:
    """The takedown figures of ``year``: ``notices_sent`` (notices accepted by a mail server
    or webhook), ``urls_removed``, ``removal_hours_median`` and ``removal_hours_p90`` (hours
    from report to removal of the URLs removed in the year; None without any),
    ``removed_within_3_days_pct`` (their share removed within 72 hours, a percentage with
    one decimal), and ``countries``: per hosting country (ISO code, or ``unknown``) the
    ``confirmed_urls`` (confirmed in the year) and their ``removal_hours_median``."""
    removed = [t for t in _takedowns(session, year) if _in(t.removed_at, year)]
    hours = [h for t in removed if (h := t.hours_to_removal(t.reported_at)) is not None]
    within = sum(h <= THREE_DAYS_HOURS for h in hours)
    return {
        "notices_sent": _notices_sent(session, year),
        "urls_removed": len(removed),
        "removal_hours_median": median(hours),
        "removal_hours_p90": percentile(hours, 90),
        "removed_within_3_days_pct": round(100 * within / len(hours), 1) if hours else None,
        "countries": _countries(session, year),
    }


def host_ranking(session: Session, year: int | None = None, *, by: Actor) -> list[dict[str, Any]]:
    """The hosts (operators, by AS number) of the URLs confirmed in ``year`` (None: ever),
    slowest first: the median hours from report to removal, the URLs confirmed, removed and
    still online. A host with URLs still online and none removed comes first."""
    by.require(Permission.FIGURES_READ)
    if year is not None:
        limits.check_year_begun(year, clock.today())
    groups: dict[tuple[int | None, str | None], list[Takedown]] = defaultdict(list)
    for t in _takedowns(session, year):
        if year is None or _in(t.confirmed_at, year):
            groups[(t.asn, t.as_name)].append(t)
    rows = [_host_row(asn, name, found) for (asn, name), found in groups.items()]
    return sorted(rows, key=_slowest_first)


def _host_row(asn: int | None, name: str | None, found: list[Takedown]) -> dict[str, Any]:
    hours = [h for t in found if (h := t.hours_to_removal(t.reported_at)) is not None]
    return {
        "asn": asn,
        "as_name": name,
        "countries": sorted({t.country or UNKNOWN_COUNTRY for t in found}),
        "confirmed_urls": len(found),
        "removed": len(hours),
        "still_online": sum(t.state is TakedownState.OPEN for t in found),
        "removal_hours_median": median(hours),
        "removal_hours_p90": percentile(hours, 90),
    }


def _slowest_first(row: dict[str, Any]) -> tuple[float, int]:
    median_hours = row["removal_hours_median"]
    never = float("inf") if row["still_online"] else -1.0
    return (-(median_hours if median_hours is not None else never), -row["still_online"])


def _countries(session: Session, year: int) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Takedown]] = defaultdict(list)
    for t in _takedowns(session, year):
        if _in(t.confirmed_at, year):
            groups[t.country or UNKNOWN_COUNTRY].append(t)
    return {
        country: {
            "confirmed_urls": len(found),
            "removal_hours_median": median(
                [h for t in found if (h := t.hours_to_removal(t.reported_at)) is not None]
            ),
        }
        for country, found in sorted(groups.items())
    }


def _notices_sent(session: Session, year: int) -> int:
    start, end = _bounds(year)
    query = select(SentNotice.at).where(
        SentNotice.result == "sent", SentNotice.at >= start, SentNotice.at < end
    )
    return sum(_in(at, year) for at in session.scalars(query))


def _takedowns(session: Session, year: int | None) -> Iterable[Takedown]:
    query = select(Takedown)
    if year is not None:
        start, end = _bounds(year)
        query = query.where(
            or_(
                (Takedown.confirmed_at >= start) & (Takedown.confirmed_at < end),
                (Takedown.removed_at >= start) & (Takedown.removed_at < end),
            )
        )
    return session.scalars(query.order_by(Takedown.id))


def _bounds(year: int) -> tuple[datetime, datetime]:
    """A UTC range that holds the foundation's whole year, with a day to spare each side
    (the exact edge is :func:`_in`'s)."""
    return (
        datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1),
        datetime(year + 1, 1, 1, tzinfo=UTC) + timedelta(days=1),
    )


def _in(at: datetime | None, year: int) -> bool:
    return at is not None and clock.day_of(at).year == year


def median(values: Sequence[float]) -> float | None:
    """The median, to one decimal; None without values."""
    return round(statistics.median(values), 1) if values else None


def percentile(values: Sequence[float], p: int) -> float | None:
    """The ``p``-th percentile (linear between the closest ranks, as spreadsheets compute
    it), to one decimal; None without values."""
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return round(cuts[p - 1], 1)
