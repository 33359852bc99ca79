"""A file's history on the store: each closing, reopening and reclassification written as
an entry (``case_history``), and the stretches the figures count (``case_periods``) written
again from those entries whenever they change (vigil.domain.history says how).

Nothing here checks who acts or audits: vigil.cases.changes and the use cases do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, event, func, insert, inspect, select, update
from sqlalchemy.orm import Session, object_session

from vigil import clock
from vigil.domain.history import Change, ChangeKind, Classification, Stretch, stretches
from vigil.domain.outcomes import Outcome
from vigil.store.history import CaseChange, CasePeriod
from vigil.store.models import Case, Event, User

_PERIODS = cast(Table, CasePeriod.__table__)
_CHANGES = cast(Table, CaseChange.__table__)


def classification(case: Case) -> Classification:
    return Classification(case.type, case.scope, case.effective)


def write(
    case: Case,
    kind: ChangeKind,
    on: date,
    *,
    by: User | None,
    actor: str,
    reason: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    backdated_days: int | None = None,
) -> CaseChange:
    """Add an entry to the history of ``case`` (flushed first, so that it has its id); the
    stretches follow at :func:`rebuild`."""
    session = object_session(case)
    assert session is not None
    session.flush()
    entry = CaseChange(
        case_id=case.id,
        kind=kind.value,
        on=on,
        by_id=by.id if by is not None else None,
        actor=actor,
        reason=reason.strip(),
        before=before or {},
        after=after or {},
        backdated_days=backdated_days,
    )
    session.add(entry)
    return entry


def entries(session: Session, case: Case) -> list[CaseChange]:
    """The history of ``case``, in the order it was written."""
    query = select(CaseChange).where(CaseChange.case_id == case.id).order_by(CaseChange.id)
    return list(session.scalars(query))


def latest_entry(session: Session, case: Case) -> date | None:
    """The day of the file's latest entry, on its timeline or in its history."""
    timeline = session.scalar(select(func.max(Event.occurred_at)).where(Event.case_id == case.id))
    history = session.scalar(select(func.max(CaseChange.on)).where(CaseChange.case_id == case.id))
    days = [d for d in (_day(timeline), history) if d is not None]
    return max(days) if days else None


def _day(value: datetime | date | None) -> date | None:
    if value is None or not isinstance(value, datetime):
        return value
    return clock.day_of(value)


def replayed(session: Session, case: Case) -> list[Stretch]:
    """The stretches of ``case`` from its entries (its opening's classification first)."""
    written = entries(session, case)
    opening = next((e for e in written if e.kind == ChangeKind.OPENED), None)
    at_opening = Classification.of_facts(opening.after) if opening else classification(case)
    return stretches(case.opened_at, at_opening, [_change(e) for e in written])


def _change(entry: CaseChange) -> Change:
    kind = ChangeKind(entry.kind)
    if kind is ChangeKind.CLOSED:
        return Change(kind, entry.on, outcome=Outcome(entry.after["outcome"]))
    if kind is ChangeKind.RECLASSIFIED:
        return Change(kind, entry.on, to=Classification.of_facts(entry.after))
    return Change(kind, entry.on)


def rebuild(case: Case) -> None:
    """Write the stretches of ``case`` again from its entries (the file is flushed)."""
    session = object_session(case)
    assert session is not None
    session.flush()
    session.execute(delete(_PERIODS).where(_PERIODS.c.case_id == case.id))
    rows = [period_values(case.id, s, case.child_age_at_opening) for s in replayed(session, case)]
    session.execute(insert(_PERIODS), rows)


def period_values(case_id: int, stretch: Stretch, age: int | None) -> dict[str, Any]:
    c = stretch.classification
    return {
        "case_id": case_id,
        "type": c.type,
        "scope": c.scope,
        "effective": c.effective,
        "start": stretch.start,
        "end": stretch.end,
        "since": stretch.since,
        "first": stretch.first,
        "closed": stretch.closed,
        "outcome": stretch.outcome,
        "next_start": stretch.next_start,
        "last_in_year": stretch.last_in_year,
        "age": age if stretch.first else None,
    }


def _row(case_id: int, kind: ChangeKind, on: date, actor: str, now: datetime) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "kind": kind.value,
        "on": on,
        "recorded_at": now,
        "by_id": None,
        "actor": actor,
        "reason": "",
        "before": {},
        "after": {},
        "backdated_days": None,
    }


def opened_values(
    case_id: int, c: Classification, on: date, actor: str, now: datetime
) -> dict[str, Any]:
    """The entry of a file's opening, as a row (the import writes them in bulk)."""
    return _row(case_id, ChangeKind.OPENED, on, actor, now) | {"after": c.as_facts()}


def closed_values(
    case_id: int, outcome: Outcome, on: date, actor: str, now: datetime
) -> dict[str, Any]:
    """The entry of a file's closing, as a row."""
    return _row(case_id, ChangeKind.CLOSED, on, actor, now) | {
        "before": {"status": "open"},
        "after": {"status": "closed", "outcome": outcome.value},
    }


def insert_rows(
    session: Session, changes: list[dict[str, Any]], periods: list[dict[str, Any]]
) -> None:
    """Write entries and stretches made by :func:`opened_values`, ... in bulk."""
    if changes:
        session.execute(insert(_CHANGES), changes)
    if periods:
        session.execute(insert(_PERIODS), periods)


@event.listens_for(Session, "after_flush")
def _age_follows(session: Session, _context: Any) -> None:
    """Keep the first stretch's age equal to the file's child_age_at_opening, whatever
    changed it (a correction, an import, a new estimate)."""
    for obj in session.dirty:
        if not isinstance(obj, Case):
            continue
        changed = inspect(obj).attrs.child_age_at_opening.history
        if changed.has_changes():
            session.connection().execute(
                update(_PERIODS)
                .where(_PERIODS.c.case_id == obj.id, _PERIODS.c.first.is_(True))
                .values(age=obj.child_age_at_opening)
            )
