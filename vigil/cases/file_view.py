"""A file as its page shows it: plain rows read with a few prepared statements.

The file's page is the most visited page of the application and each visit is audited, so
it is read without the ORM: two indexed statements, compiled once, whose rows become frozen
dataclasses. Loading the same through mapped objects and their relationships cost four times
as much (see benchmarks/README.md, "The web application").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Integer,
    Select,
    String,
    Table,
    bindparam,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy import (
    cast as sql_cast,
)
from sqlalchemy.types import TypeEngine

from vigil.accounts.access import ensure_named
from vigil.cases.service import no_such_file
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.events import EventKind
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, Role
from vigil.store.models import Case, CaseAccess, CaseLink, Event, Person, Task, User
from vigil.store.prepared import Prepared

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
    staff: tuple[Worker, ...]
    """Every active member of staff, by username: the choices of the forms that assign the
    file or a task (read with the file to save a statement)."""


_ASSIGNED = _USERS.alias("assigned")
_NAMED = _USERS.alias("named")
_CASE = Prepared(
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
_TEXT, _DAY, _AT, _NUMBER = String(), Date(), DateTime(timezone=True), Integer()


def _part(number: int, seq: Any, **given: Any) -> Select[Any]:
    """One part of ``_TIMELINE``: its columns in one shape, the unused ones NULL (typed, so
    that PostgreSQL can unite them)."""
    shape: dict[str, TypeEngine[Any]] = {
        "code": _TEXT, "code2": _TEXT, "s1": _TEXT, "s2": _TEXT, "s3": _TEXT,
        "day": _DAY, "at": _AT, "num": _NUMBER,
    }  # fmt: skip
    columns = [literal(number, _NUMBER).label("part"), seq.label("seq")]
    for name, kind in shape.items():
        value = given.get(name)
        columns.append(
            (type_coerce(value, kind) if value is not None else sql_cast(null(), kind)).label(name)
        )
    return select(*columns)


_BY = _USERS.alias("by")
_OTHER = _CASES.alias("other")
_TIMELINE = Prepared(
    union_all(
        _part(
            0,
            _PEOPLE.c.id,
            code=_PEOPLE.c.role,
            code2=_PEOPLE.c.gender,
            s1=_PEOPLE.c.first_name,
            s2=_PEOPLE.c.last_name,
            s3=_PEOPLE.c.contact,
            day=_PEOPLE.c.birth_date,
        ).where(_PEOPLE.c.case_id == bindparam("id")),
        _part(
            1,
            _EVENTS.c.id,
            code=_EVENTS.c.kind,
            s1=_EVENTS.c.text,
            s2=_BY.c.display_name,
            at=_EVENTS.c.occurred_at,
        )
        .select_from(_EVENTS.outerjoin(_BY, _BY.c.id == _EVENTS.c.by_id))
        .where(_EVENTS.c.case_id == bindparam("id")),
        _part(
            2,
            _TASKS.c.id,
            s1=_TASKS.c.title,
            s2=_BY.c.display_name,
            day=_TASKS.c.due_on,
            at=_TASKS.c.done_at,
        )
        .select_from(_TASKS.outerjoin(_BY, _BY.c.id == _TASKS.c.assigned_to_id))
        .where(_TASKS.c.case_id == bindparam("id")),
        _part(
            3, _OTHER.c.id, code=_OTHER.c.type, s1=_OTHER.c.reference, day=_OTHER.c.opened_at
        ).select_from(
            _OTHER.join(
                _LINKS,
                or_(
                    (_LINKS.c.case_id == bindparam("id")) & (_LINKS.c.other_id == _OTHER.c.id),
                    (_LINKS.c.other_id == bindparam("id")) & (_LINKS.c.case_id == _OTHER.c.id),
                ),
            )
        ),
        _part(4, _USERS.c.id, s1=_USERS.c.username, s2=_USERS.c.display_name).where(
            _USERS.c.active.is_(True)
        ),
    )
)
"""A file's people, timeline, tasks and linked files, and the active staff its forms offer,
in one statement (one round trip to PostgreSQL instead of five), told apart by ``part`` and
put in order by ``read_file``."""


def _utc(at: datetime) -> datetime:
    """Comparable whichever database it came from (SQLite hands back times without zone)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def read_file(connection: Connection, reference: str, viewer_id: int | None) -> FileView:
    """The file with this reference as its page shows it. Raise NotFound if there is none,
    Forbidden if it is restricted to workers other than ``viewer_id``."""
    rows = _CASE.all(connection, {"reference": reference})
    if not rows:
        raise no_such_file(reference)
    case = rows[0]
    allowed = [row for row in rows if row.named_id is not None]
    ensure_named(reference, {row.named_id for row in allowed}, viewer_id)
    parts: tuple[list[Any], ...] = ([], [], [], [], [])
    for row in _TIMELINE.all(connection, {"id": case.id}):
        parts[row.part].append(row)
    people = tuple(
        PersonRow(Role(r.code), r.s1, r.s2, r.day, Gender(r.code2), r.s3)
        for r in sorted(parts[0], key=lambda r: r.seq)
    )
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
        events=tuple(
            EventRow(r.at, EventKind(r.code), r.s1, r.s2)
            for r in sorted(parts[1], key=lambda r: (_utc(r.at), r.seq), reverse=True)
        ),
        tasks=tuple(
            TaskRow(r.seq, r.s1, r.day, r.at, r.s2)
            for r in sorted(parts[2], key=lambda r: (r.day is None, r.day or date.min, r.seq))
        ),
        linked=tuple(
            LinkedFile(r.s1, CaseType(r.code), r.day)
            for r in sorted(parts[3], key=lambda r: (r.day, r.seq))
        ),
        allowed=tuple(Worker(row.named_username, row.named_display_name) for row in allowed),
        staff=tuple(Worker(r.s1, r.s2) for r in sorted(parts[4], key=lambda r: r.s1)),
    )
