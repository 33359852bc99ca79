"""New files per type over the five years up to a year: the trend the report charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, extract, func, select
from sqlalchemy.orm import Session

from vigil.domain.case_types import CaseType
from vigil.store.models import Case

SPAN = 5


def series_figures(session: Session, year: int) -> dict[str, Any]:
    """Return ``{"years": [Y-4 .. Y], "new": {type: [new files in each year]}}``, zeros where
    a type had no file, from one aggregate grouped by type and year of opening."""
    years = list(range(year - SPAN + 1, year + 1))
    opened_year = extract("year", Case.opened_at)
    in_span = and_(Case.opened_at >= date(years[0], 1, 1), Case.opened_at <= date(year, 12, 31))
    query = (
        select(Case.type, opened_year, func.count()).where(in_span).group_by(Case.type, opened_year)
    )
    counts = {(CaseType(t), int(y)): int(n) for t, y, n in session.execute(query)}
    return {
        "years": years,
        "new": {t.value: [counts.get((t, y), 0) for y in years] for t in CaseType},
    }
