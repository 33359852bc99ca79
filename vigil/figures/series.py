"""New files per type over the five years up to a year (or from an earlier year the report
compares with): the trend the report charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from vigil.domain.case_types import CaseType
from vigil.store.history import CasePeriod as P

SPAN = 5


def _opened_in(year: int) -> Any:
    opened = and_(P.start >= date(year, 1, 1), P.start <= date(year, 12, 31))
    return func.sum(case((opened, 1), else_=0)).label(f"y{year}")


def series_figures(session: Session, year: int, first: int | None = None) -> dict[str, Any]:
    """Return ``{"years": [first .. Y], "new": {type: [new files in each year]}}`` (``first``
    is Y-4 by default), zeros where a type had no file, from one aggregate grouped by type
    with a column per year over the files' first stretches (date ranges; faster on SQLite
    than grouping by an extracted year)."""
    years = list(range(year - SPAN + 1 if first is None else first, year + 1))
    in_span = and_(P.start >= date(years[0], 1, 1), P.start <= date(year, 12, 31), P.first)
    query = select(P.type, *(_opened_in(y) for y in years)).where(in_span).group_by(P.type)
    counts = {CaseType(row[0]): [int(n or 0) for n in row[1:]] for row in session.execute(query)}
    return {
        "years": years,
        "new": {t.value: counts.get(t, [0] * len(years)) for t in CaseType},
    }
