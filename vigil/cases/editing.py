"""Correcting a file after intake: its summary, risk questions and the child's details.

Kept apart from service.py's life-cycle use cases; like them it never commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from vigil import clock
from vigil.domain import rules
from vigil.domain.ages import age_on
from vigil.domain.events import EventKind
from vigil.domain.people import Gender, RiskReason
from vigil.errors import CaseRuleError
from vigil.store import search
from vigil.store.models import Case, Event, User


@dataclass(frozen=True)
class Changes:
    """The new values of what can be corrected (all of them, as an edit form sends them)."""

    summary: str
    risk_reasons: frozenset[RiskReason]
    first_name: str
    last_name: str
    birth_date: date | None
    estimated_age: int | None
    gender: Gender


def edit_case(session: Session, case: Case, changes: Changes, *, by: User | None = None) -> Case:
    """Apply the corrections and write on the timeline what changed (not the values: the
    timeline is read by more people than the child's details are meant for).
    Raise CaseRuleError if the child's details break a rule."""
    child = case.child
    if child is None:
        raise CaseRuleError("this file has no child recorded; it cannot be edited", field="child")
    rules.check_child(
        opened_at=case.opened_at, birth_date=changes.birth_date, estimated_age=changes.estimated_age
    )
    before = _snapshot(case)
    child.first_name, child.last_name = changes.first_name.strip(), changes.last_name.strip()
    child.birth_date, child.gender = changes.birth_date, changes.gender
    if changes.estimated_age != child.estimated_age:
        child.estimated_age = changes.estimated_age
        child.estimated_on = case.opened_at if changes.estimated_age is not None else None
    case.summary = changes.summary.strip()
    case.child_age_at_opening = age_on(
        case.opened_at, birth_date=child.birth_date, estimated_age=child.estimated_age
    )
    _set_risk(case, changes.risk_reasons)
    changed = [name for name, value in _snapshot(case).items() if before[name] != value]
    if changed:
        text = "edited: " + ", ".join(changed)
        case.events.append(Event(kind=EventKind.NOTE, text=text, occurred_at=clock.now(), by=by))
    session.flush()
    search.reindex(session, [case.id])
    return case


def _set_risk(case: Case, reasons: frozenset[RiskReason]) -> None:
    """Keep the intake rule: a child under 13 at opening is always a worrying file."""
    chosen = set(reasons) - {RiskReason.UNDER_13}
    age = case.child_age_at_opening
    if age is not None and age < 13:
        chosen.add(RiskReason.UNDER_13)
    case.risk_reasons = sorted(r.value for r in chosen)
    case.worrying = bool(chosen)


def _snapshot(case: Case) -> dict[str, object]:
    child = case.child
    assert child is not None
    return {
        "summary": case.summary,
        "risk": tuple(case.risk_reasons),
        "child's name": (child.first_name, child.last_name),
        "child's birth date or age": (child.birth_date, child.estimated_age),
        "child's gender": child.gender,
    }
