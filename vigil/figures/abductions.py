"""International parental abductions by the region of the country they lead to (or, for a
child brought here, come from): what the annual report's abductions section shows beside
the scope table. One grouped aggregate by country; the regions are folded in Python from
vigil.domain.countries (a few hundred groups at most)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from vigil.domain.case_types import CaseType, Scope
from vigil.domain.countries import Region, region
from vigil.store.models import Case


def abduction_regions(session: Session, year: int) -> dict[str, dict[str, int]]:
    """New and handled international parental abductions of ``year`` per region (every
    region, zeros included; ``unknown`` when no country is recorded)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    new = and_(Case.opened_at >= start, Case.opened_at <= end)
    handled = and_(Case.opened_at <= end, or_(Case.closed_at.is_(None), Case.closed_at >= start))
    query = (
        select(
            Case.country,
            func.sum(case((new, 1), else_=0)),
            func.sum(case((handled, 1), else_=0)),
        )
        .where(
            Case.type == CaseType.PARENTAL_ABDUCTION,
            Case.scope == Scope.INTERNATIONAL,
            handled,
        )
        .group_by(Case.country)
    )
    regions: dict[str, dict[str, int]] = {r.value: {"new": 0, "handled": 0} for r in Region}
    for country, new_count, handled_count in session.execute(query):
        counts: Any = regions[region(country).value]
        counts["new"] += int(new_count or 0)
        counts["handled"] += int(handled_count or 0)
    return regions
