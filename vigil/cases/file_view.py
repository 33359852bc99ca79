"""A file as its page shows it: plain rows read with a few prepared statements.

The file's page is the most visited page of the application and each visit is audited, so
it is read without the ORM: six indexed statements, compiled once, whose rows become frozen
dataclasses. Loading the same through mapped objects and their relationships cost four times
as much (see benchmarks/README.md, "The web application").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, bindparam, or_, select
from sqlalchemy.orm import Session

from vigil.accounts.access import refuse_restricted
from vigil.cases.service import no_such_file
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.events import EventKind
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, Role
from vigil.store.models import Case, CaseAccess, CaseLink, Event, Person, Task, User

_CASES = cast(Table, Case.__table__)
_PEOPLE = cast(Table, Person.__table__)
_EVENTS = cast(Table, Event.__table__)
_TASKS = cast(Table, Task.__table__)
_USERS = cast(Table, User.__table__)
_ACCESS = cast(Table, CaseAccess.__table__)
_LINKS = cast(Table, CaseLink.__table__)


@dataclass(frozen=True)
class Worker:
    username: str
    display_name: str


@dataclass(frozen=True)
class PersonRow:
    role: Role
    first_name: str
    last_name: str
    birth_date: date | None
    gender: Gender
    contact: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or "(no name)"


@dataclass(frozen=True)
class EventRow:
    occurred_at: datetime
    kind: EventKind
    text: str
    by: str | None
    """The display name of who recorded it (None: imported or by the system)."""


@dataclass(frozen=True)
class TaskRow:
    id: int
    title: str
    due_on: date | None
    done_at: datetime | None
    assigned_to: str | None
    """The display name of the worker it is for (None: the file's worker)."""


@dataclass(frozen=True)
class LinkedFile:
    reference: str
    type: CaseType
    opened_at: date


@dataclass(frozen=True)
class FileView:
    """Everything the file's page shows. ``events`` are newest first; ``allowed`` lists the
    workers a restricted file is restricted to (empty: not restricted)."""

    id: int
    reference: str
    type: CaseType
    scope: Scope | None
    effective: bool | None
    status: Status
    opened_at: date
    closed_at: date | None
    outcome: Outcome | None
    summary: str
    worrying: bool
    risk_reasons: tuple[str, ...]
    child_age_at_opening: int | None
    assigned_to: Worker | None
    child: PersonRow | None
    people: tuple[PersonRow, ...]
    events: tuple[EventRow, ...]
    tasks: tuple[TaskRow, ...]
    linked: tuple[LinkedFile, ...]
    allowed: tuple[Worker, ...]


_ASSIGNED = _USERS.alias("assigned")
_NAMED = _USERS.alias("named")
_CASE = (
    select(
        _CASES.c.id,
        _CASES.c.reference,
        _CASES.c.type,
        _CASES.c.scope,
        _CASES.c.effective,
        _CASES.c.status,
        _CASES.c.opened_at,
        _CASES.c.closed_at,
        _CASES.c.outcome,
        _CASES.c.summary,
        _CASES.c.worrying,
        _CASES.c.risk_reasons,
        _CASES.c.child_age_at_opening,
        _ASSIGNED.c.username,
        _ASSIGNED.c.display_name,
        _NAMED.c.id.label("named_id"),
        _NAMED.c.username.label("named_username"),
        _NAMED.c.display_name.label("named_display_name"),
    )
    .outerjoin(_ASSIGNED, _ASSIGNED.c.id == _CASES.c.assigned_to_id)
    .outerjoin(_ACCESS, _ACCESS.c.case_id == _CASES.c.id)
    .outerjoin(_NAMED, _NAMED.c.id == _ACCESS.c.user_id)
    .where(_CASES.c.reference == bindparam("reference"))
    .order_by(_NAMED.c.username)
)
"""The file, the worker it is assigned to, and the workers it is restricted to: one row per
named worker (one row with none named when it is not restricted)."""
_PEOPLE_OF = (
    select(
        _PEOPLE.c.role,
        _PEOPLE.c.first_name,
        _PEOPLE.c.last_name,
        _PEOPLE.c.birth_date,
        _PEOPLE.c.gender,
        _PEOPLE.c.contact,
    )
    .where(_PEOPLE.c.case_id == bindparam("id"))
    .order_by(_PEOPLE.c.id)
)
_EVENTS_OF = (
    select(_EVENTS.c.occurred_at, _EVENTS.c.kind, _EVENTS.c.text, _USERS.c.display_name)
    .outerjoin(_USERS, _USERS.c.id == _EVENTS.c.by_id)
    .where(_EVENTS.c.case_id == bindparam("id"))
    .order_by(_EVENTS.c.occurred_at.desc(), _EVENTS.c.id.desc())
)
_TASKS_OF = (
    select(_TASKS.c.id, _TASKS.c.title, _TASKS.c.due_on, _TASKS.c.done_at, _USERS.c.display_name)
    .outerjoin(_USERS, _USERS.c.id == _TASKS.c.assigned_to_id)
    .where(_TASKS.c.case_id == bindparam("id"))
    .order_by(_TASKS.c.due_on, _TASKS.c.id)
)
_OTHER = _CASES.alias("other")
_LINKED = (
    select(_OTHER.c.reference, _OTHER.c.type, _OTHER.c.opened_at)
    .join(
        _LINKS,
        or_(
            (_LINKS.c.case_id == bindparam("id")) & (_LINKS.c.other_id == _OTHER.c.id),
            (_LINKS.c.other_id == bindparam("id")) & (_LINKS.c.case_id == _OTHER.c.id),
        ),
    )
    .order_by(_OTHER.c.opened_at, _OTHER.c.id)
)


def read_file(session: Session, reference: str, viewer_id: int | None) -> FileView:
    """The file with this reference as its page shows it. Raise NotFound if there is none,
    Forbidden if it is restricted to workers other than ``viewer_id``."""
    run = session.connection().execute
    rows = run(_CASE, {"reference": reference}).all()
    if not rows:
        raise no_such_file(reference)
    case = rows[0]
    allowed = [row for row in rows if row.named_id is not None]
    if allowed and viewer_id not in {row.named_id for row in allowed}:
        refuse_restricted(reference)
    key = {"id": case.id}
    people = tuple(PersonRow(*row) for row in run(_PEOPLE_OF, key))
    child = next((p for p in people if p.role is Role.CHILD), None)
    assigned = Worker(case.username, case.display_name) if case.username is not None else None
    return FileView(
        id=case.id,
        reference=case.reference,
        type=case.type,
        scope=case.scope,
        effective=case.effective,
        status=case.status,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        outcome=case.outcome,
        summary=case.summary,
        worrying=case.worrying,
        risk_reasons=tuple(case.risk_reasons or ()),
        child_age_at_opening=case.child_age_at_opening,
        assigned_to=assigned,
        child=child,
        people=tuple(p for p in people if p.role is not Role.CHILD),
        events=tuple(EventRow(*row) for row in run(_EVENTS_OF, key)),
        tasks=tuple(TaskRow(*row) for row in run(_TASKS_OF, key)),
        linked=tuple(LinkedFile(*row) for row in run(_LINKED, key)),
        allowed=tuple(Worker(row.named_username, row.named_display_name) for row in allowed),
    )
