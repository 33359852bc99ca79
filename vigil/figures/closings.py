"""How the files closed in a year ended, and how long missing children's files stayed open.

One grouped aggregate over the files closed in Y, by type, outcome and days open, folds
into both figures: the count per outcome, and the median days from opening to closing. The
median comes from the histogram of whole days (at most a few thousand rows), so it is exact
on SQLite and PostgreSQL alike without a dialect's percentile function.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Integer, and_, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from vigil.domain.case_types import MISSING_TYPES, CaseType
from vigil.domain.outcomes import Outcome, allowed_outcomes
from vigil.store.history import CasePeriod as P

Histogram = dict[int, int]


class days_between(FunctionElement[int]):  # noqa: N801 - reads as the SQL function it is
    """Whole days from the first date to the second, in each dialect's own arithmetic."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = list(element.clauses)
    return f"({compiler.process(end, **kw)} - {compiler.process(start, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


def _closings(session: Session, year: int) -> list[tuple[CaseType, Outcome, int, int]]:
    """The last closing of each file closed in Y, under its type then, with the days since
    it was last opened (or reopened)."""
    days = days_between(P.since, P.end)
    query = (
        select(P.type, P.outcome, days, func.count())
        .where(
            and_(P.end >= date(year, 1, 1), P.end <= date(year, 12, 31)),
            P.closed.is_(True),
            P.last_in_year.is_(True),
        )
        .group_by(P.type, P.outcome, days)
    )
    rows = session.execute(query)
    return [(CaseType(t), Outcome(str(o)), int(d), int(n)) for t, o, d, n in rows]


def median(histogram: Histogram) -> float | None:
    """Return the median of the values counted in ``histogram`` (value -> count), or None
    when it is empty. With an even count it is the mean of the two middle values."""
    total = sum(histogram.values())
    if total == 0:
        return None
    middle = sorted(_nth(histogram, i) for i in {(total - 1) // 2, total // 2})
    return (middle[0] + middle[-1]) / 2


def _nth(histogram: Histogram, index: int) -> int:
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if index < seen:
            return value
    raise IndexError(index)


def closing_figures(session: Session, year: int) -> dict[str, Any]:
    """Return ``closed_outcomes`` (type -> outcome -> files closed in Y, zeros included for
    every outcome the type allows) and ``median_days_to_close`` (for each missing-child type
    and all of them together, None where no file closed)."""
    outcomes = {t: dict.fromkeys(o for o in Outcome if o in allowed_outcomes(t)) for t in CaseType}
    counts: dict[CaseType, dict[Outcome, int]] = defaultdict(lambda: defaultdict(int))
    durations: dict[CaseType, Histogram] = defaultdict(lambda: defaultdict(int))
    for case_type, outcome, days, n in _closings(session, year):
        counts[case_type][outcome] += n
        durations[case_type][days] += n
    missing: Histogram = defaultdict(int)
    for case_type in MISSING_TYPES:
        for days, n in durations[case_type].items():
            missing[days] += n
    return {
        "closed_outcomes": {
            t.value: {o.value: counts[t][o] for o in outcomes[t]} for t in CaseType
        },
        "median_days_to_close": {
            "missing_children": median(missing),
            "by_type": {t.value: median(durations[t]) for t in CaseType if t in MISSING_TYPES},
        },
    }
