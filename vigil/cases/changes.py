"""The changes a file goes through, on the mapped objects, with the domain's rule checked
and the timeline entry written: shared by the use cases one file at a time
(vigil.cases.service) and in bulk (vigil.cases.importing), so that an import obeys
exactly the rules of the pages.

Nothing here finds a file, checks who acts or audits: the callers do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import object_session

from vigil import clock
from vigil.cases import history, timeline
from vigil.domain import risk, rules
from vigil.domain.ages import age_on
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.countries import Abroad
from vigil.domain.disappearance import NAMES as DISAPPEARANCE_NAMES
from vigil.domain.disappearance import Disappearance, check_disappearance
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
from vigil.store.models import Case, CaseDisappearance, Event, Person, Task, User

NOWHERE = Abroad()
UNRECORDED = Disappearance()


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
    abroad: Abroad = NOWHERE,
) -> dict[str, Any]:
    """The columns of a new open file whose child is ``age`` at opening; its rules
    (vigil.domain.rules.check_opening and check_child) are the caller's to check first."""
    reasons, worrying = risk.assess(case_type, age, risk_reasons)
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
        **abroad.values(),
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
    abroad: Abroad = NOWHERE,
    disappearance: Disappearance = UNRECORDED,
) -> Case:
    """A new open file about ``child`` (see :func:`opening_values`)."""
    if child.estimated_age is None:
        child.estimated_on = None
    elif child.estimated_on is None:
        child.estimated_on = opened_at
    age = age_on(
        opened_at,
        birth_date=child.birth_date,
        estimated_age=child.estimated_age,
        estimated_on=child.estimated_on,
    )
    values = opening_values(
        reference,
        case_type,
        opened_at=opened_at,
        scope=scope,
        effective=effective,
        summary=summary,
        risk_reasons=risk_reasons,
        age=age,
        abroad=abroad,
    )
    case = Case(**values, people=[child])
    if not disappearance.is_empty():
        case.disappearance = CaseDisappearance(**disappearance.values())
    return case


def set_risk(case: Case, reasons: frozenset[RiskReason]) -> None:
    """The rule of vigil.domain.risk, the same for every door."""
    case.risk_reasons, case.worrying = risk.assess(case.type, case.child_age_at_opening, reasons)


Part = TypeVar("Part", Event, Person, Task)


def on_file(case: Case, part: Part) -> Part:
    """Put a new timeline entry, person or task on ``case`` without reading the file's
    others: appending to ``case.events`` read the whole timeline first, so a note cost more
    as the file grew. The part joins the file's session (a new file's parts join with it)."""
    part.case = case  # the file's list, when read later, holds it too
    session = object_session(case)
    if session is not None:
        session.add(part)
    return part


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
    on_file(case, event)
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
    on_file(case, said(entry, timeline.closed(outcome)))
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
    on_file(case, said(entry, timeline.reopened(previous)))
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
    on_file(case, said(entry, timeline.reclassified(now, to)))
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
    estimated_on: date | None = None
    """The day the estimate was made: today when a new estimate is given without it."""
    age_disputed: bool = False
    disputed_age_limit: int = rules.DISPUTED_AGE_LIMIT
    """The setting VIGIL_DISPUTED_AGE_LIMIT, which the door passes on."""
    abroad: Abroad | None = None
    """An international parental abduction's country, direction and central authority's
    reference; None: left as they are."""
    disappearance: Disappearance | None = None
    """The disappearance, all of it; None: left as it is."""


def correct(case: Case, corrections: Corrections, *, by: User | None) -> list[str]:
    """Apply the corrections and write on the timeline what changed (not the values: the
    timeline is read by more people than the child's details are meant for); return what
    changed. Raise CaseRuleError if the child's details break a rule."""
    child = case.child
    if child is None:
        raise CaseRuleError("this file has no child recorded; it cannot be edited", field="child")
    estimated_on = _estimated_on(child, corrections)
    rules.check_child(
        case_type=case.type,
        opened_at=case.opened_at,
        birth_date=corrections.birth_date,
        estimated_age=corrections.estimated_age,
        estimated_on=estimated_on,
        age_disputed=corrections.age_disputed,
        disputed_age_limit=corrections.disputed_age_limit,
        today=clock.today(),
    )
    if corrections.abroad is not None:
        rules.check_abroad(case.type, scope=case.scope, abroad=corrections.abroad)
    if corrections.disappearance is not None:
        check_disappearance(case.type, corrections.disappearance, now=clock.now())
    before = _snapshot(case, child)
    if corrections.disappearance is not None:
        set_disappearance(case, corrections.disappearance)
    if corrections.abroad is not None:
        for name, value in corrections.abroad.values().items():
            setattr(case, name, value)
    child.first_name = corrections.first_name.strip()
    child.last_name = corrections.last_name.strip()
    child.birth_date, child.gender = corrections.birth_date, corrections.gender
    child.estimated_age, child.estimated_on = corrections.estimated_age, estimated_on
    child.age_disputed = corrections.age_disputed
    case.summary = corrections.summary.strip()
    case.child_age_at_opening = age_on(
        case.opened_at,
        birth_date=child.birth_date,
        estimated_age=child.estimated_age,
        estimated_on=child.estimated_on,
    )
    set_risk(case, corrections.risk_reasons)
    after = _snapshot(case, child)
    changed = [name for name, value in after.items() if before[name] != value]
    if changed:
        entry = Event(kind=EventKind.NOTE, text="", occurred_at=clock.now(), by=by)
        on_file(case, said(entry, timeline.edited(changed)))
    return changed


def set_disappearance(case: Case, given: Disappearance) -> None:
    """Record ``given`` as the file's disappearance (its rule checked by the caller)."""
    if case.disappearance is None:
        if given.is_empty():
            return
        case.disappearance = CaseDisappearance()
    for name, value in given.values().items():
        setattr(case.disappearance, name, value)


def recorded(case: Case) -> Disappearance:
    """The file's disappearance as the domain's value (empty when none is recorded)."""
    row = case.disappearance
    if row is None:
        return UNRECORDED
    return Disappearance(**{name: getattr(row, name) for name in DISAPPEARANCE_NAMES})


def _estimated_on(child: Person, corrections: Corrections) -> date | None:
    """The day of the estimate after the correction: the one given; the one kept when the
    estimate does not change; else today, the day the new estimate is made."""
    if corrections.estimated_age is None:
        return None
    if corrections.estimated_on is not None:
        return corrections.estimated_on
    if corrections.estimated_age == child.estimated_age:
        return child.estimated_on
    return clock.today()


def _snapshot(case: Case, child: Person) -> dict[str, object]:
    """The parts a correction names, by their codes (vigil.cases.timeline.FIELDS)."""
    return {
        "summary": case.summary,
        "risk": tuple(case.risk_reasons),
        "name": (child.first_name, child.last_name),
        "birth": (child.birth_date, child.estimated_age, child.estimated_on, child.age_disputed),
        "gender": child.gender,
        "abroad": (case.country, case.direction, case.authority_reference),
        "disappearance": _moments(recorded(case)),
    }


def _moments(given: Disappearance) -> dict[str, object]:
    """The values to compare, times in UTC whether SQLite gave them back with a zone or not."""
    values = given.values()
    for name in ("disappeared_at", "reported_at"):
        moment = values[name]
        if moment is not None and moment.tzinfo is None:
            values[name] = moment.replace(tzinfo=UTC)
    return values
