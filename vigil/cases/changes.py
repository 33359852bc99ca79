"""The changes a file goes through, on the mapped objects, with the domain's rule checked
and the timeline entry written: shared by the use cases one file at a time
(vigil.cases.service) and in bulk (vigil.cases.importing), so that an import obeys
exactly the rules of the pages.

Nothing here finds a file, checks who acts or audits: the callers do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vigil import clock
from vigil.cases import history, timeline
from vigil.domain import rules
from vigil.domain.ages import age_on
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.events import EventKind
from vigil.domain.history import (
    ChangeKind,
    Classification,
    check_after_latest,
    check_reclassification,
)
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, RiskReason
from vigil.errors import CaseRuleError
from vigil.store.models import Case, Event, Person, User


def opening_values(
    reference: str,
    case_type: CaseType,
    *,
    opened_at: date,
    scope: Scope | None,
    effective: bool | None,
    summary: str,
    risk_reasons: Iterable[RiskReason | str],
    age: int | None,
) -> dict[str, Any]:
    """The columns of a new open file whose child is ``age`` at opening; its rules
    (vigil.domain.rules.check_opening and check_child) are the caller's to check first."""
    reasons, worrying = risk_of(age, frozenset(RiskReason(r) for r in risk_reasons))
    return {
        "reference": reference,
        "type": case_type,
        "scope": scope,
        "effective": effective,
        "status": Status.OPEN,
        "opened_at": opened_at,
        "summary": summary.strip(),
        "child_age_at_opening": age,
        "risk_reasons": reasons,
        "worrying": worrying,
    }


def new_case(
    reference: str,
    case_type: CaseType,
    *,
    opened_at: date,
    scope: Scope | None,
    effective: bool | None,
    summary: str,
    risk_reasons: Iterable[RiskReason | str],
    child: Person,
) -> Case:
    """A new open file about ``child`` (see :func:`opening_values`)."""
    age = age_on(opened_at, birth_date=child.birth_date, estimated_age=child.estimated_age)
    if child.estimated_age is not None:
        child.estimated_on = opened_at
    values = opening_values(
        reference,
        case_type,
        opened_at=opened_at,
        scope=scope,
        effective=effective,
        summary=summary,
        risk_reasons=risk_reasons,
        age=age,
    )
    return Case(**values, people=[child])


def risk_of(age: int | None, reasons: frozenset[RiskReason]) -> tuple[list[str], bool]:
    """The intake rule: a child under 13 at opening makes a worrying file, whatever else.
    Return the risk reasons as stored, and whether the file is worrying."""
    chosen = set(reasons) - {RiskReason.UNDER_13}
    if age is not None and age < 13:
        chosen.add(RiskReason.UNDER_13)
    return sorted(r.value for r in chosen), bool(chosen)


def set_risk(case: Case, reasons: frozenset[RiskReason]) -> None:
    case.risk_reasons, case.worrying = risk_of(case.child_age_at_opening, reasons)


def timeline_time(on: date | None) -> datetime:
    """A timeline time: now for today, noon of the day (the foundation's) for an earlier
    date."""
    if on is None or on == clock.today():
        return clock.now()
    return clock.noon(on)


def add_event(
    case: Case, kind: EventKind, text: str, *, by: User | None, on: date | None = None
) -> Event:
    """Write an entry on the timeline. Raise CaseRuleError if its date is impossible."""
    occurred = timeline_time(on)
    rules.check_event_date(case, clock.day_of(occurred), today=clock.today())
    event = Event(kind=kind, text=text.strip(), occurred_at=occurred, by=by)
    case.events.append(event)
    return event


def close(
    case: Case,
    outcome: Outcome | None,
    *,
    on: date,
    note: str,
    by: User | None,
    actor: str = "",
    latest: date | None = None,
    backdated_days: int | None = None,
) -> None:
    """Close with an outcome that fits (vigil.domain.rules.check_can_close), on or after
    the file's ``latest`` entry, written as an entry of its history."""
    rules.check_can_close(case, outcome, on=on, today=clock.today())
    assert outcome is not None  # check_can_close refuses None
    check_after_latest(on, latest, field="closed_at")
    case.status, case.outcome, case.closed_at = Status.CLOSED, outcome, on
    entry = Event(kind=EventKind.OUTCOME, text=note.strip(), occurred_at=timeline_time(on), by=by)
    case.events.append(said(entry, timeline.closed(outcome)))
    history.write(
        case,
        ChangeKind.CLOSED,
        on,
        by=by,
        actor=actor,
        reason=note,
        before={"status": Status.OPEN.value},
        after={"status": Status.CLOSED.value, "outcome": outcome.value},
        backdated_days=backdated_days,
    )
    history.rebuild(case)


def said(event: Event, what: dict[str, Any]) -> Event:
    """``event`` with what Vigil says of it (vigil.cases.timeline), put in words where it
    is shown."""
    event.what, event.facts = what["what"], what["facts"]
    return event


def reopen(case: Case, reason: str, *, by: User | None, actor: str = "") -> None:
    """Reopen a closed file: the closing stays in its history (and in the figures of its
    year); the file is open again from today."""
    rules.check_can_reopen(case)
    if not reason.strip():
        raise CaseRuleError("say why the file is reopened", field="reason")
    previous = case.outcome
    before = {"status": Status.CLOSED.value, "outcome": previous.value if previous else None}
    before["closed_at"] = case.closed_at.isoformat() if case.closed_at else None
    case.status, case.outcome, case.closed_at = Status.OPEN, None, None
    entry = Event(kind=EventKind.STATUS_CHANGE, text=reason.strip(), occurred_at=clock.now(), by=by)
    case.events.append(said(entry, timeline.reopened(previous)))
    history.write(
        case,
        ChangeKind.REOPENED,
        clock.today(),
        by=by,
        actor=actor,
        reason=reason,
        before=before,
        after={"status": Status.OPEN.value},
    )
    history.rebuild(case)


def reclassify(
    case: Case,
    to: Classification,
    *,
    on: date,
    reason: str,
    by: User | None,
    actor: str = "",
    latest: date | None = None,
    backdated_days: int | None = None,
) -> None:
    """Change the type, scope or effective from ``on``: written as an entry of the
    history and on the timeline; the figures count the file under the new classification
    from that day (vigil.domain.history)."""
    now = history.classification(case)
    check_reclassification(now, to, closed=case.status is Status.CLOSED, reason=reason)
    rules.check_opening(
        to.type, opened_at=on, today=clock.today(), scope=to.scope, effective=to.effective
    )
    rules.check_event_date(case, on, today=clock.today())
    check_after_latest(on, latest, field="on")
    case.type, case.scope, case.effective = to.type, to.scope, to.effective
    entry = Event(
        kind=EventKind.STATUS_CHANGE, text=reason.strip(), occurred_at=timeline_time(on), by=by
    )
    case.events.append(said(entry, timeline.reclassified(now, to)))
    history.write(
        case,
        ChangeKind.RECLASSIFIED,
        on,
        by=by,
        actor=actor,
        reason=reason,
        before=now.as_facts(),
        after=to.as_facts(),
        backdated_days=backdated_days,
    )
    history.rebuild(case)


@dataclass(frozen=True)
class Corrections:
    """The new values of what can be corrected after intake (all of them, as the edit form
    sends them)."""

    summary: str
    risk_reasons: frozenset[RiskReason]
    first_name: str
    last_name: str
    birth_date: date | None
    estimated_age: int | None
    gender: Gender


def correct(case: Case, corrections: Corrections, *, by: User | None) -> list[str]:
    """Apply the corrections and write on the timeline what changed (not the values: the
    timeline is read by more people than the child's details are meant for); return what
    changed. Raise CaseRuleError if the child's details break a rule."""
    child = case.child
    if child is None:
        raise CaseRuleError("this file has no child recorded; it cannot be edited", field="child")
    rules.check_child(
        opened_at=case.opened_at,
        birth_date=corrections.birth_date,
        estimated_age=corrections.estimated_age,
    )
    before = _snapshot(case, child)
    child.first_name = corrections.first_name.strip()
    child.last_name = corrections.last_name.strip()
    child.birth_date, child.gender = corrections.birth_date, corrections.gender
    if corrections.estimated_age != child.estimated_age:
        child.estimated_age = corrections.estimated_age
        child.estimated_on = case.opened_at if corrections.estimated_age is not None else None
    case.summary = corrections.summary.strip()
    case.child_age_at_opening = age_on(
        case.opened_at, birth_date=child.birth_date, estimated_age=child.estimated_age
    )
    set_risk(case, corrections.risk_reasons)
    after = _snapshot(case, child)
    changed = [name for name, value in after.items() if before[name] != value]
    if changed:
        entry = Event(kind=EventKind.NOTE, text="", occurred_at=clock.now(), by=by)
        case.events.append(said(entry, timeline.edited(changed)))
    return changed


def _snapshot(case: Case, child: Person) -> dict[str, object]:
    """The parts a correction names, by their codes (vigil.cases.timeline.FIELDS)."""
    return {
        "summary": case.summary,
        "risk": tuple(case.risk_reasons),
        "name": (child.first_name, child.last_name),
        "birth": (child.birth_date, child.estimated_age),
        "gender": child.gender,
    }
