"""The use cases of a file's life. They never commit: the door owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, joinedload, lazyload

from vigil import clock
from vigil.domain import rules
from vigil.domain.ages import age_on
from vigil.domain.case_types import PREFIXES, CaseType, Scope
from vigil.domain.events import EventKind
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, RiskReason, Role
from vigil.domain.references import format_reference
from vigil.errors import CaseRuleError, NotFound
from vigil.store import search
from vigil.store.models import Case, CaseLink, Event, Person, ReferenceCounter, Task, User


@dataclass(frozen=True)
class ChildDetails:
    first_name: str = ""
    last_name: str = ""
    birth_date: date | None = None
    estimated_age: int | None = None
    gender: Gender = Gender.UNKNOWN


@dataclass(frozen=True)
class Intake:
    """What a case worker fills in when a call opens a file."""

    type: CaseType
    child: ChildDetails = field(default_factory=ChildDetails)
    opened_at: date | None = None
    scope: Scope | None = None
    effective: bool | None = None
    summary: str = ""
    risk_reasons: frozenset[RiskReason] = frozenset()
    reporter_name: str = ""
    reporter_contact: str = ""


_CASE = (
    select(Case)
    .where(Case.reference == bindparam("reference"))
    .options(
        joinedload(Case.assigned_to),
        lazyload(Case.people),
        lazyload(Case.events).joinedload(Event.by),
        lazyload(Case.tasks).joinedload(Task.assigned_to),
    )
)
"""Built once (every file's page runs it). People, timeline and tasks load when first read,
one query each, in the caller's transaction (cheaper than selectinload for one file)."""


def get_case(session: Session, reference: str) -> Case:
    """Return the file with this reference. Raise NotFound if there is none."""
    case = session.scalar(_CASE, {"reference": reference})
    if case is None:
        raise no_such_file(reference)
    return case


def no_such_file(reference: str) -> NotFound:
    return NotFound(
        "there is no file '%(reference)s'; check the reference (e.g. RUN-2021-00123)",
        reference=reference,
    )


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(
            "there is no user '%(username)s'; `vigil users list` shows who there is",
            username=username,
        )
    return user


def next_reference(session: Session, case_type: CaseType, year: int) -> str:
    """Hand out the next free reference for this type and year.

    Safe under concurrency: the UPDATE locks the counter row until the transaction ends,
    and the first file of a year creates that row with INSERT ... ON CONFLICT DO NOTHING,
    so two workers opening the year's first file at once both get a number.
    """
    prefix = PREFIXES[case_type]
    number = _bump(session, prefix, year)
    if number is None:
        _create_counter(session, prefix, year)
        number = _bump(session, prefix, year)
    assert number is not None  # the row exists now
    return format_reference(case_type, year, number)


def _bump(session: Session, prefix: str, year: int) -> int | None:
    return session.scalar(
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    )


def _create_counter(session: Session, prefix: str, year: int) -> None:
    """Start after any reference of this prefix and year that an import brought in."""
    like = f"{prefix}-{year}-%"
    taken = session.scalars(select(Case.reference).where(Case.reference.like(like))).all()
    numbers = [int(r.rsplit("-", 1)[1]) for r in taken if r.rsplit("-", 1)[1].isdigit()]
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    values = {"prefix": prefix, "year": year, "last": max(numbers, default=0)}
    session.execute(dialect.insert(ReferenceCounter).values(values).on_conflict_do_nothing())


def open_case(session: Session, intake: Intake, *, by: User | None = None) -> Case:
    """Open a file from an intake. Raise CaseRuleError if the intake breaks a rule."""
    today = clock.today()
    opened_at = intake.opened_at or today
    rules.check_opening(
        intake.type,
        opened_at=opened_at,
        today=today,
        scope=intake.scope,
        effective=intake.effective,
    )
    child = intake.child
    rules.check_child(
        opened_at=opened_at, birth_date=child.birth_date, estimated_age=child.estimated_age
    )
    age = age_on(opened_at, birth_date=child.birth_date, estimated_age=child.estimated_age)
    reasons = set(intake.risk_reasons)
    if age is not None and age < 13:
        reasons.add(RiskReason.UNDER_13)
    case = Case(
        reference=next_reference(session, intake.type, opened_at.year),
        type=intake.type,
        scope=intake.scope,
        effective=intake.effective,
        status=Status.OPEN,
        opened_at=opened_at,
        summary=intake.summary,
        worrying=bool(reasons),
        risk_reasons=sorted(r.value for r in reasons),
        child_age_at_opening=age,
        assigned_to=by,
    )
    case.people.append(
        Person(
            role=Role.CHILD,
            first_name=child.first_name,
            last_name=child.last_name,
            birth_date=child.birth_date,
            estimated_age=child.estimated_age,
            estimated_on=opened_at if child.estimated_age is not None else None,
            gender=child.gender,
        )
    )
    if intake.reporter_name or intake.reporter_contact:
        case.people.append(
            Person(
                role=Role.REPORTER,
                first_name=intake.reporter_name,
                contact=intake.reporter_contact,
            )
        )
    session.add(case)
    session.flush()
    search.reindex(session, [case.id])
    return case


def _at(on: date | None) -> datetime:
    """A timeline time: now for today, noon of the day (the foundation's) for an earlier
    date."""
    if on is None or on == clock.today():
        return clock.now()
    return clock.noon(on)


def record_event(
    session: Session,
    case: Case,
    kind: EventKind,
    text: str,
    *,
    by: User | None = None,
    on: date | None = None,
) -> Event:
    """Write an entry on the timeline. Raise CaseRuleError if its date is impossible."""
    occurred = _at(on)
    rules.check_event_date(case, clock.day_of(occurred), today=clock.today())
    event = Event(kind=kind, text=text.strip(), occurred_at=occurred, by=by)
    case.events.append(event)
    session.flush()
    search.reindex(session, [case.id])
    return event


def add_note(session: Session, case: Case, text: str, *, by: User | None = None) -> Event:
    if not text.strip():
        raise CaseRuleError("the note is empty; write what happened", field="text")
    return record_event(session, case, EventKind.NOTE, text, by=by)


def close_case(
    session: Session,
    case: Case,
    *,
    outcome: Outcome | None,
    on: date | None = None,
    note: str = "",
    by: User | None = None,
) -> Case:
    """Close a file with its outcome. Raise CaseRuleError if the rules forbid it."""
    closed_on = on or clock.today()
    rules.check_can_close(case, outcome, on=closed_on, today=clock.today())
    assert outcome is not None  # check_can_close refuses None
    case.status = Status.CLOSED
    case.outcome = outcome
    case.closed_at = closed_on
    text = f"closed: {outcome.value}" + (f" — {note.strip()}" if note.strip() else "")
    case.events.append(Event(kind=EventKind.OUTCOME, text=text, occurred_at=_at(closed_on), by=by))
    session.flush()
    search.reindex(session, [case.id])
    return case


def reopen_case(session: Session, case: Case, *, reason: str, by: User | None = None) -> Case:
    rules.check_can_reopen(case)
    if not reason.strip():
        raise CaseRuleError("say why the file is reopened", field="reason")
    previous = case.outcome.value if case.outcome else "no outcome"
    case.status, case.outcome, case.closed_at = Status.OPEN, None, None
    text = f"reopened (was closed: {previous}) — {reason.strip()}"
    case.events.append(
        Event(kind=EventKind.STATUS_CHANGE, text=text, occurred_at=clock.now(), by=by)
    )
    session.flush()
    search.reindex(session, [case.id])
    return case


def assign_case(session: Session, case: Case, worker: User, *, by: User | None = None) -> Case:
    if not worker.active:
        raise CaseRuleError(
            "%(username)s is disabled; assign an active worker",
            field="to",
            username=worker.username,
        )
    case.assigned_to = worker
    text = f"assigned to {worker.display_name}"
    case.events.append(Event(kind=EventKind.ASSIGNMENT, text=text, occurred_at=clock.now(), by=by))
    session.flush()
    search.reindex(session, [case.id])
    return case


def add_task(
    session: Session,
    case: Case,
    title: str,
    *,
    due_on: date | None = None,
    assigned_to: User | None = None,
) -> Task:
    if not title.strip():
        raise CaseRuleError("the task has no title; say what must be done", field="title")
    if due_on is not None and due_on < case.opened_at:
        raise CaseRuleError(
            "the due date %(due_on)s is before the file was opened (%(opened_at)s)",
            field="due_on",
            due_on=due_on,
            opened_at=case.opened_at,
        )
    task = Task(title=title.strip(), due_on=due_on, assigned_to=assigned_to or case.assigned_to)
    case.tasks.append(task)
    session.flush()
    return task


def complete_task(session: Session, case: Case, task_id: int) -> Task:
    task = next((t for t in case.tasks if t.id == task_id), None)
    if task is None:
        raise NotFound(
            "file %(reference)s has no task %(task)s", reference=case.reference, task=task_id
        )
    if task.done_at is not None:
        raise CaseRuleError("task %(task)s is already done", field="task", task=task_id)
    task.done_at = clock.now()
    session.flush()
    return task


def add_person(
    session: Session,
    case: Case,
    role: Role,
    *,
    first_name: str = "",
    last_name: str = "",
    contact: str = "",
    notes: str = "",
) -> Person:
    """Add a reporter, parent or suspect. The child is set at intake, one per file."""
    if role is Role.CHILD:
        raise CaseRuleError(
            "a file is about one child, recorded at intake; open a linked file for a sibling",
            field="role",
        )
    if not (first_name.strip() or last_name.strip() or contact.strip()):
        raise CaseRuleError("give at least a name or a way to reach the person", field="name")
    person = Person(
        role=role, first_name=first_name, last_name=last_name, contact=contact, notes=notes
    )
    case.people.append(person)
    session.flush()
    search.reindex(session, [case.id])
    return person


def link_cases(session: Session, case: Case, other: Case, *, reason: str = "same child") -> None:
    """Link two files (a repeat runaway, a sibling). Linking twice is harmless."""
    rules.check_link(case, other)
    low, high = sorted((case.id, other.id))
    exists = session.scalar(
        select(CaseLink.id).where(CaseLink.case_id == low, CaseLink.other_id == high)
    )
    if exists is None:
        session.add(CaseLink(case_id=low, other_id=high, reason=reason))
        session.flush()


_LINKS = select(CaseLink.case_id, CaseLink.other_id).where(
    (CaseLink.case_id == bindparam("id")) | (CaseLink.other_id == bindparam("id"))
)


def linked_cases(session: Session, case: Case) -> list[Case]:
    ids = session.execute(_LINKS, {"id": case.id}).all()
    others = {b if a == case.id else a for a, b in ids}
    if not others:
        return []
    return list(session.scalars(select(Case).where(Case.id.in_(others)).order_by(Case.opened_at)))
