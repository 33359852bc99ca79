"""The yearly figures as Vigil read them before issue 17: from the files' own columns
(opened_at, closed_at, type) alone. Kept to prove that, for data entered once, reading the
history gives exactly the same figures."""

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.figures.closings import days_between
from vigil.store.models import Case


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _in_year(column, year):
    return and_(column >= date(year, 1, 1), column <= date(year, 12, 31))


def old_grouped(session, year: int) -> list[dict[str, Any]]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    new = _in_year(Case.opened_at, year)
    handled = and_(Case.opened_at <= end, or_(Case.closed_at.is_(None), Case.closed_at >= start))
    age = Case.child_age_at_opening
    columns = {
        "new": _count(new),
        "new_prev": _count(_in_year(Case.opened_at, year - 1)),
        "new_prev2": _count(_in_year(Case.opened_at, year - 2)),
        "handled": _count(handled),
        "closed": _count(_in_year(Case.closed_at, year)),
        "new_effective": _count(and_(new, Case.effective.is_(True))),
        "handled_effective": _count(and_(handled, Case.effective.is_(True))),
        "open_at_year_end": _count(
            and_(Case.opened_at <= end, or_(Case.closed_at.is_(None), Case.closed_at > end))
        ),
        UNKNOWN_AGE: _count(and_(new, age.is_(None))),
    }
    for label, low, high in AGE_GROUPS:
        within = age >= low if high is None else and_(age >= low, age <= high)
        columns[label] = _count(and_(new, within))
    query = select(Case.type, Case.scope, *(c.label(n) for n, c in columns.items())).group_by(
        Case.type, Case.scope
    )
    return [dict(r) for r in session.execute(query).mappings()]


def old_closings(session, year: int):
    days = days_between(Case.opened_at, Case.closed_at)
    query = (
        select(Case.type, Case.outcome, days, func.count())
        .where(_in_year(Case.closed_at, year))
        .group_by(Case.type, Case.outcome, days)
    )
    rows = session.execute(query)
    return [(CaseType(t), Outcome(str(o)), int(d), int(n)) for t, o, d, n in rows]


def old_series(session, year: int) -> dict[str, Any]:
    years = list(range(year - 4, year + 1))
    columns = [_count(_in_year(Case.opened_at, y)) for y in years]
    query = select(Case.type, *columns).group_by(Case.type)
    counts = {CaseType(r[0]): [int(n or 0) for n in r[1:]] for r in session.execute(query)}
    return {"years": years, "new": {t.value: counts.get(t, [0] * 5) for t in CaseType}}
