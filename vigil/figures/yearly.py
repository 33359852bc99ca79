"""The yearly figures of case work, computed by one grouped SQL aggregate.

Definitions (docs/case-types.md and docs/reports.md explain them to readers):

- new in Y: opened between 1 January and 31 December of Y;
- handled in Y: open at any moment of Y, i.e. opened on or before 31 December of Y
  and not closed before 1 January of Y ("384 files handled, of which 98 new");
- closed in Y: closed in Y;
- age groups: new files of Y by the child's age at opening.

They read the history (vigil.domain.history): each event counts under the type of its day,
a file closed in 2021 and reopened in 2026 stays closed in 2021 and is handled again from
2026. For files entered once (no reopening, no reclassification) that is exactly the
reading of ``cases`` alone.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.domain import limits
from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import CaseType, Scope
from vigil.figures.hotline import hotline_figures
from vigil.figures.repeats import repeat_children
from vigil.store.history import CasePeriod
from vigil.store.models import Case

Figures = dict[str, Any]


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _in_year(column: Any, year: int) -> ColumnElement[bool]:
    return and_(column >= date(year, 1, 1), column <= date(year, 12, 31))


P = CasePeriod
"""The stretches of the files' lives (vigil.domain.history): the figures read the history."""


def _age_condition(low: int, high: int | None) -> ColumnElement[bool]:
    age = P.age
    return age >= low if high is None else and_(age >= low, age <= high)


def _new(year: int) -> ColumnElement[bool]:
    return and_(P.first.is_(True), _in_year(P.start, year))


def conditions(year: int) -> dict[str, ColumnElement[bool]]:
    """What a stretch counts for in ``year``, by figure (each file counts once in each)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    new = _new(year)
    # counted once a year, at the file's last stretch open in the year
    handled = and_(
        P.start <= end,
        or_(P.end.is_(None), P.end >= start),
        or_(P.next_start.is_(None), P.next_start > end),
    )
    found = {
        "new": new,
        "new_prev": _new(year - 1),
        "new_prev2": _new(year - 2),
        "handled": handled,
        "closed": and_(P.closed.is_(True), P.last_in_year.is_(True), _in_year(P.end, year)),
        "new_effective": and_(new, P.effective.is_(True)),
        "handled_effective": and_(handled, P.effective.is_(True)),
        "open_at_year_end": and_(P.start <= end, or_(P.end.is_(None), P.end > end)),
        UNKNOWN_AGE: and_(new, P.age.is_(None)),
    }
    for label, low, high in AGE_GROUPS:
        found[label] = and_(new, _age_condition(low, high))
    return found


def _columns(year: int) -> dict[str, Any]:
    return {name: _count(condition) for name, condition in conditions(year).items()}


def _relevant(year: int) -> ColumnElement[bool]:
    """Only stretches that can count for Y, Y-1 or Y-2 (a cheap test that spares the others
    the figures' conditions)."""
    return and_(
        P.start <= date(year, 12, 31),
        or_(P.start >= date(year - 2, 1, 1), P.end.is_(None), P.end >= date(year, 1, 1)),
    )


def _grouped(session: Session, year: int) -> list[dict[str, Any]]:
    columns = _columns(year)
    query = (
        select(P.type, P.scope, *(c.label(n) for n, c in columns.items()))
        .where(_relevant(year))
        .group_by(P.type, P.scope)
    )
    return [dict(r) for r in session.execute(query).mappings()]


def _pct(new: int, before: int) -> float | None:
    if before == 0:
        return None
    change = (Decimal(new) - before) * 100 / before
    return float(change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _per_day(new: int, year: int) -> float:
    days = 366 if calendar.isleap(year) else 365
    return float((Decimal(new) / days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _sum(groups: list[dict[str, Any]], key: str) -> int:
    return sum(int(g[key] or 0) for g in groups)


def _type_figures(groups: list[dict[str, Any]], year: int) -> Figures:
    new = _sum(groups, "new")
    labels = [label for label, _, _ in AGE_GROUPS] + [UNKNOWN_AGE]
    return {
        "new": new,
        "handled": _sum(groups, "handled"),
        "closed": _sum(groups, "closed"),
        "new_change_pct": _pct(new, _sum(groups, "new_prev")),
        "new_change_pct_2y": _pct(new, _sum(groups, "new_prev2")),
        "new_per_day": _per_day(new, year),
        "age_groups": {label: _sum(groups, label) for label in labels},
    }


def _abduction_figures(groups: list[dict[str, Any]]) -> Figures:
    keys = ("new", "handled", "new_effective", "handled_effective")
    figures: Figures = {k: _sum(groups, k) for k in keys[2:]}
    for scope in Scope:
        in_scope = [g for g in groups if g["scope"] == scope]
        figures[scope.value] = {k: _sum(in_scope, k) for k in keys}
    return figures


def yearly_figures(session: Session, year: int) -> Figures:
    """Return the figures of ``year`` for every type of file (zeros where none), and
    ``repeat_children``: per missing-child type, the children with more than one
    disappearance (file) of that type in the year (vigil.figures.repeats)."""
    figures = fold(_grouped(session, year), year)
    figures["repeat_children"] = repeat_children(session, year)
    return figures


def fold(grouped: list[dict[str, Any]], year: int) -> Figures:
    """The figures per type from the grouped aggregate's rows."""
    by_type: dict[CaseType, list[dict[str, Any]]] = defaultdict(list)
    for group in grouped:
        by_type[CaseType(group["type"])].append(group)
    cases: Figures = {}
    for case_type in CaseType:
        groups = by_type[case_type]
        figures = _type_figures(groups, year)
        if case_type is CaseType.PARENTAL_ABDUCTION:
            figures.update(_abduction_figures(groups))
        if case_type is CaseType.UNACCOMPANIED_MINOR:
            figures["open_at_year_end"] = _sum(groups, "open_at_year_end")
        cases[case_type.value] = figures
    return {"year": year, "cases": cases}


def years_with_files(session: Session) -> tuple[int, int] | None:
    """Return the first and last year a file was opened, or None on an empty database."""
    first, last = session.execute(select(func.min(Case.opened_at), func.max(Case.opened_at))).one()
    return None if first is None else (first.year, last.year)


def read_figures(session: Session, year: int, *, by: Actor) -> dict[str, Any]:
    """The use case of every door: the figures of ``year`` for an actor holding
    figures.read (counts only, never a name: not audited, like the dashboard's counts):
    the files' (``cases``) and the hotline's (``hotline``, vigil.figures.hotline)."""
    by.require(Permission.FIGURES_READ)
    limits.check_year_begun(year, clock.today())
    return {**yearly_figures(session, year), "hotline": hotline_figures(session, year)}
