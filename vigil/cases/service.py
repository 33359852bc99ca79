"""The use cases of a file's life, for every door (page, API, command line, job).

Each takes the acting ``by: Actor`` and does the whole job itself: find the file (as this
actor may see it) -> check the actor's permission -> apply the domain's rule -> change ->
write the audit entry. The doors only parse input, call one of these and show the result.
They never commit: the door owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases import changes, history, timeline
from vigil.cases.access import visible_case
from vigil.cases.workers import get_worker
from vigil.domain import limits, rules
from vigil.domain.ages import age_on
from vigil.domain.case_types import PREFIXES, CaseType, Scope
from vigil.domain.countries import Abroad
from vigil.domain.disappearance import Disappearance, check_disappearance
from vigil.domain.events import EventKind
from vigil.domain.history import (
    BACKDATE_DAYS,
    ChangeKind,
    Classification,
    backdated,
    check_backdate_reason,
)
from vigil.domain.outcomes import Outcome
from vigil.domain.people import Gender, RiskReason, Role
from vigil.domain.references import format_reference
from vigil.errors import CaseRuleError, Forbidden, InputError, NotFound
from vigil.store.counters import next_number
from vigil.store.models import Case, CaseAccess, CaseLink, Event, Person, Task


@dataclass(frozen=True)
class ChildDetails:
    first_name: str = ""
    last_name: str = ""
    birth_date: date | None = None
    estimated_age: int | None = None
    gender: Gender = Gender.UNKNOWN
    estimated_on: date | None = None
    """The day the age was estimated (the opening day when not given)."""
    age_disputed: bool = False
    """An unaccompanied minor whose age the authorities dispute."""


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
    disappearance: Disappearance = field(default_factory=Disappearance)
    """When, where and how the child went missing (missing-child files)."""
    abroad: Abroad = field(default_factory=Abroad)
    """An international parental abduction's country, direction and central authority's
    reference."""
    late_reason: str = ""
    """Why the file is opened with a date more than VIGIL_BACKDATE_DAYS back."""


def next_reference(session: Session, case_type: CaseType, year: int) -> str:
    """Hand out the next free reference for this type and year (vigil.store.counters)."""
    prefix = PREFIXES[case_type]
    number = next_number(session, prefix, year, taken_like=f"{prefix}-{year}-%")
    return format_reference(case_type, year, number)


def check_intake(intake: Intake) -> None:
    """Refuse an intake whose text cannot be stored (vigil.domain.limits), naming the field
    as the intake form and the import name it."""
    child = intake.child
    limits.check_name(child.first_name, "child_first_name")
    limits.check_name(child.last_name, "child_last_name")
    limits.check_text(intake.summary, "summary", limits.TEXT)
    limits.check_name(intake.reporter_name, "reporter_name")
    limits.check_name(intake.reporter_contact, "reporter_contact")


def open_case(
    session: Session,
    intake: Intake,
    *,
    by: Actor,
    disputed_age_limit: int = rules.DISPUTED_AGE_LIMIT,
    backdate_days: int = BACKDATE_DAYS,
) -> Case:
    """Open a file from an intake. Raise CaseRuleError if the intake breaks a rule (a child
    18 or older at opening, or as old as ``disputed_age_limit``, the door's setting
    VIGIL_DISPUTED_AGE_LIMIT, for an unaccompanied minor whose age is disputed; an opening
    more than ``backdate_days`` back without its reason), and InputError if its text cannot
    be stored."""
    by.require(Permission.CASE_WRITE)
    check_intake(intake)
    opened_at = intake.opened_at or clock.today()
    child = intake.child
    rules.check_opening(
        intake.type,
        opened_at=opened_at,
        today=clock.today(),
        scope=intake.scope,
        effective=intake.effective,
    )
    rules.check_abroad(intake.type, scope=intake.scope, abroad=intake.abroad)
    check_disappearance(intake.type, intake.disappearance, now=clock.now())
    rules.check_child(
        case_type=intake.type,
        opened_at=opened_at,
        birth_date=child.birth_date,
        estimated_age=child.estimated_age,
        estimated_on=child.estimated_on,
        age_disputed=child.age_disputed,
        disputed_age_limit=disputed_age_limit,
        today=clock.today(),
    )
    # The lateness is asked last: a date or a child that no reason could make right is
    # refused for what it is.
    late = backdated(opened_at, clock.today(), backdate_days)
    check_backdate_reason(late, intake.late_reason, limit=backdate_days, field="late_reason")
    case = changes.new_case(
        next_reference(session, intake.type, opened_at.year),
        intake.type,
        opened_at=opened_at,
        scope=intake.scope,
        effective=intake.effective,
        summary=intake.summary,
        risk_reasons=intake.risk_reasons,
        child=Person(
            role=Role.CHILD,
            first_name=child.first_name.strip(),
            last_name=child.last_name.strip(),
            birth_date=child.birth_date,
            estimated_age=child.estimated_age,
            estimated_on=child.estimated_on,
            age_disputed=child.age_disputed,
            gender=child.gender,
        ),
        abroad=intake.abroad,
        disappearance=intake.disappearance,
    )
    case.assigned_to = by.user(session)
    if intake.reporter_name.strip() or intake.reporter_contact.strip():
        case.people.append(
            Person(
                role=Role.REPORTER,
                first_name=intake.reporter_name.strip(),
                contact=intake.reporter_contact.strip(),
            )
        )
    session.add(case)
    history.write(
        case,
        ChangeKind.OPENED,
        opened_at,
        by=by.user(session),
        actor=by.name,
        reason=intake.late_reason,
        after=Classification(intake.type, intake.scope, intake.effective).as_facts(),
        backdated_days=late,
    )
    history.rebuild(case)
    audit.record(session, by, "case.open", case.reference)
    _flag_backdated(session, by, case.reference, "open", opened_at, late, intake.late_reason)
    return case


def _flag_backdated(
    session: Session, by: Actor, reference: str, what: str, on: date, days: int | None, why: str
) -> None:
    """The audit's flag on an opening or closing dated further back than the setting."""
    if days is not None:
        detail = f"{what} dated {on.isoformat()} ({days} days back): {why.strip()}"
        audit.record(session, by, "case.backdated", reference, detail)


def _changing(session: Session, reference: str, by: Actor, permission: Permission) -> Case:
    """The file a change is about, locked for the change, once ``by`` may make it."""
    by.require(permission)
    return visible_case(session, reference, by, for_change=True)


def record_event(
    session: Session,
    reference: str,
    kind: EventKind,
    text: str,
    *,
    by: Actor,
    on: date | None = None,
) -> Event:
    """Write a call, sighting or contact on the timeline. Raise CaseRuleError if its date
    is impossible."""
    limits.check_text(text, "text", limits.TEXT)
    case = _changing(session, reference, by, Permission.CASE_WRITE)
    event = changes.add_event(case, kind, text, by=by.user(session), on=on)
    session.flush()
    audit.record(session, by, "case.event", case.reference, kind.value)
    return event


def add_note(session: Session, reference: str, text: str, *, by: Actor) -> Event:
    if not text.strip():
        raise CaseRuleError("the note is empty; write what happened", field="text")
    limits.check_text(text, "text", limits.TEXT)
    case = _changing(session, reference, by, Permission.CASE_WRITE)
    event = changes.add_event(case, EventKind.NOTE, text, by=by.user(session))
    session.flush()
    audit.record(session, by, "case.note", case.reference)
    return event


def close_case(
    session: Session,
    reference: str,
    *,
    outcome: Outcome | None,
    by: Actor,
    on: date | None = None,
    note: str = "",
    backdate_days: int = BACKDATE_DAYS,
) -> Case:
    """Close a file with its outcome. Raise CaseRuleError if the rules forbid it (an
    unaccompanied minor's file without news of the child, most of all; a date before the
    file's latest entry; a date more than ``backdate_days`` back without a note saying
    why)."""
    limits.check_text(note, "note", limits.TEXT)
    case = _changing(session, reference, by, Permission.CASE_WRITE)
    day = on or clock.today()
    late = backdated(day, clock.today(), backdate_days)
    check_backdate_reason(late, note, limit=backdate_days, field="note")
    changes.close(
        case,
        outcome,
        on=day,
        note=note,
        by=by.user(session),
        actor=by.name,
        latest=history.latest_entry(session, case),
        backdated_days=late,
    )
    session.flush()
    audit.record(session, by, "case.close", case.reference, outcome.value if outcome else "")
    _flag_backdated(session, by, case.reference, "closing", day, late, note)
    return case


def reopen_case(session: Session, reference: str, *, reason: str, by: Actor) -> Case:
    """Reopen a closed file (its closing stays in the history). A new disappearance of the
    child is not a reopening: open a new linked file (:func:`open_repeat`)."""
    limits.check_text(reason, "reason", limits.TEXT)
    case = _changing(session, reference, by, Permission.CASE_MANAGE)
    changes.reopen(case, reason, by=by.user(session), actor=by.name)
    session.flush()
    audit.record(session, by, "case.reopen", case.reference)
    return case


def classification_of(session: Session, reference: str, *, by: Actor) -> Classification:
    """What a file is counted under now (its type, scope and effective), as ``by`` may see
    it: the doors change what the person gives and keep the rest."""
    by.require(Permission.CASE_READ)
    return history.classification(visible_case(session, reference, by))


def reclassify_case(
    session: Session,
    reference: str,
    to: Classification,
    *,
    reason: str,
    by: Actor,
    on: date | None = None,
    backdate_days: int = BACKDATE_DAYS,
) -> Case:
    """Change a file's type, scope or effective from ``on`` (today if None), with its
    reason: an entry of its history; the rules of the new type apply from then on, and the
    figures count it under the new one for what happens from that day. Raise
    CaseRuleError for a closed file, a change of nothing, details that do not fit the new
    type, or a date before the file's latest entry."""
    case = _changing(session, reference, by, Permission.CASE_MANAGE)
    day = on or clock.today()
    late = backdated(day, clock.today(), backdate_days)
    before = case.type
    changes.reclassify(
        case,
        to,
        on=day,
        reason=reason,
        by=by.user(session),
        actor=by.name,
        latest=history.latest_entry(session, case),
        backdated_days=late,
    )
    session.flush()
    detail = f"{before.value} -> {_words(to)}"
    audit.record(session, by, "case.reclassify", case.reference, detail)
    _flag_backdated(session, by, case.reference, "reclassification", day, late, reason)
    return case


def _words(c: Classification) -> str:
    """A classification as the audit log writes it: ``parental_abduction international
    effective``."""
    parts = [c.type.value, c.scope.value if c.scope else ""]
    if c.effective is not None:
        parts.append("effective" if c.effective else "threatened")
    return " ".join(p for p in parts if p)


def open_repeat(
    session: Session,
    reference: str,
    *,
    by: Actor,
    on: date | None = None,
    summary: str = "",
    late_reason: str = "",
    backdate_days: int = BACKDATE_DAYS,
) -> Case:
    """A new disappearance of the child of file ``reference``: a new file (never a
    reopening), of the same type (a parental abduction's scope and effective too), about
    the same child, linked to the earlier file as the same child. The earlier file's
    timeline names the new one. Return the new file."""
    by.require(Permission.CASE_WRITE)
    earlier = visible_case(session, reference, by)
    child = earlier.child
    day = on or clock.today()
    if day < earlier.opened_at:
        raise CaseRuleError(
            "the new disappearance (%(on)s) is before file %(reference)s was opened "
            "(%(opened_at)s); link the files instead",
            field="on",
            on=day,
            reference=earlier.reference,
            opened_at=earlier.opened_at,
        )
    estimated = None
    if child is not None and child.birth_date is None and child.estimated_age is not None:
        estimated = age_on(day, estimated_age=child.estimated_age, estimated_on=child.estimated_on)
    intake = Intake(
        type=earlier.type,
        child=ChildDetails(
            first_name=child.first_name if child else "",
            last_name=child.last_name if child else "",
            birth_date=child.birth_date if child else None,
            estimated_age=estimated,
            gender=child.gender if child else Gender.UNKNOWN,
        ),
        opened_at=day,
        scope=earlier.scope,
        effective=earlier.effective,
        summary=summary,
        late_reason=late_reason,
    )
    case = open_case(session, intake, by=by, backdate_days=backdate_days)
    low, high = sorted((earlier.id, case.id))
    session.add(CaseLink(case_id=low, other_id=high, reason=REPEAT_REASON, same_child=True))
    entry = changes.add_event(earlier, EventKind.NOTE, "", by=by.user(session))
    changes.said(entry, timeline.repeated(case.reference))
    session.flush()
    audit.record(session, by, "case.repeat", case.reference, earlier.reference)
    return case


REPEAT_REASON = "new disappearance"


def assign_case(session: Session, reference: str, username: str, *, by: Actor) -> Case:
    if not username.strip():
        raise InputError("choose the worker to assign the file to", field="to")
    case = _changing(session, reference, by, Permission.CASE_MANAGE)
    worker = get_worker(session, username.strip(), field="to")
    if not worker.active:
        raise CaseRuleError(
            "%(username)s is disabled; assign an active worker",
            field="to",
            username=worker.username,
        )
    case.assigned_to = worker
    entry = changes.add_event(case, EventKind.ASSIGNMENT, "", by=by.user(session))
    changes.said(entry, timeline.assigned(worker.username, worker.display_name))
    session.flush()
    audit.record(session, by, "case.assign", case.reference, worker.username)
    return case


def add_task(
    session: Session,
    reference: str,
    title: str,
    *,
    by: Actor,
    due_on: date | None = None,
    worker: str = "",
) -> Task:
    """Add a task, for ``worker`` (a username) or else the file's worker."""
    if not title.strip():
        raise CaseRuleError("the task has no title; say what must be done", field="title")
    limits.check_name(title, "title")
    case = _changing(session, reference, by, Permission.CASE_WRITE)
    if due_on is not None and due_on < case.opened_at:
        raise CaseRuleError(
            "the due date %(due_on)s is before the file was opened (%(opened_at)s)",
            field="due_on",
            due_on=due_on,
            opened_at=case.opened_at,
        )
    assigned = get_worker(session, worker.strip(), field="worker") if worker.strip() else None
    task = Task(title=title.strip(), due_on=due_on, assigned_to=assigned or case.assigned_to)
    changes.on_file(case, task)
    session.flush()
    audit.record(session, by, "case.task", case.reference, f"task {task.id}")
    return task


def complete_task(session: Session, reference: str, task_id: int, *, by: Actor) -> Task:
    case = _changing(session, reference, by, Permission.CASE_WRITE)
    task = session.scalar(select(Task).where(Task.id == task_id, Task.case_id == case.id))
    if task is None:
        raise NotFound(
            "file %(reference)s has no task %(task)s", reference=case.reference, task=task_id
        )
    if task.done_at is not None:
        raise CaseRuleError("task %(task)s is already done", field="task", task=task_id)
    task.done_at = clock.now()
    session.flush()
    audit.record(session, by, "case.task_done", case.reference, f"task {task.id}")
    return task


def add_person(
    session: Session,
    reference: str,
    role: Role,
    *,
    by: Actor,
    first_name: str = "",
    last_name: str = "",
    contact: str = "",
    notes: str = "",
) -> Person:
    """Add a reporter, parent, suspect, guardian, police officer or partner's worker. The
    child is set at intake, one per file."""
    if role is Role.CHILD:
        raise CaseRuleError(
            "a file is about one child, recorded at intake; open a linked file for a sibling",
            field="role",
        )
    if not (first_name.strip() or last_name.strip() or contact.strip()):
        raise CaseRuleError("give at least a name or a way to reach the person", field="name")
    limits.check_name(first_name, "first_name")
    limits.check_name(last_name, "last_name")
    limits.check_name(contact, "contact")
    limits.check_text(notes, "notes", limits.TEXT)
    case = _changing(session, reference, by, Permission.CASE_WRITE)
    person = Person(
        role=role,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        contact=contact.strip(),
        notes=notes.strip(),
    )
    changes.on_file(case, person)
    session.flush()
    audit.record(session, by, "case.person", case.reference, role.value)
    return person


def link_cases(
    session: Session,
    reference: str,
    other: str,
    *,
    by: Actor,
    reason: str = "same child",
    same_child: bool = True,
) -> Case:
    """Link two files (a repeat runaway; a sibling: ``same_child`` False); return the
    other. Linking twice is harmless (the second says whether it is the same child). The
    other file must be one ``by`` may see: an InputError on ``other`` otherwise (NotFound is
    for ``reference``)."""
    if not other.strip():
        raise InputError("give the reference of the other file", field="other")
    limits.check_text(reason, "reason", limits.TEXT)
    case = _changing(session, reference, by, Permission.CASE_WRITE)
    try:
        target = visible_case(session, other.strip(), by)
    except NotFound:  # the request's own field is wrong, not its address
        raise InputError(
            "there is no file %(reference)s that you may see; check the reference",
            field="other",
            reference=other.strip(),
        ) from None
    rules.check_link(case, target)
    low, high = sorted((case.id, target.id))
    exists = session.scalar(
        select(CaseLink.id).where(CaseLink.case_id == low, CaseLink.other_id == high)
    )
    if exists is None:
        session.add(CaseLink(case_id=low, other_id=high, reason=reason, same_child=same_child))
    else:
        session.get_one(CaseLink, exists).same_child = same_child
    session.flush()
    audit.record(session, by, "case.link", case.reference, target.reference)
    return target


def restrict_case(session: Session, reference: str, usernames: list[str], *, by: Actor) -> Case:
    """Restrict the file to these workers (none: lift the restriction). The person who
    restricts it must stay on the list, so that no file is locked away by mistake; only a
    person can restrict a file (a token or the command line is never named on one)."""
    case = _changing(session, reference, by, Permission.CASE_MANAGE)
    names = sorted({n.strip() for n in usernames if n.strip()})
    if by.user_id is None:
        raise Forbidden("only a person signed in to the pages can restrict a file to named workers")
    if names and by.name not in names:
        raise InputError(
            "keep yourself on the list of workers, or ask one of them to restrict it",
            field="workers",
        )
    workers = [get_worker(session, name, field="workers") for name in names]
    session.execute(delete(CaseAccess).where(CaseAccess.case_id == case.id))
    session.add_all(CaseAccess(case_id=case.id, user_id=w.id) for w in workers)
    session.flush()
    audit.record(session, by, "case.restrict", case.reference, ",".join(names))
    return case
