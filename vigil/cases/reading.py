"""Reading one file: the read model that the page, the API and the command line all show."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases.access import no_such_file, visible_to
from vigil.domain import limits
from vigil.domain.access import may_see
from vigil.domain.people import Role
from vigil.store.history import CaseChange
from vigil.store.models import Case, CaseAccess, CaseLink, Event, Person, Task, User


@dataclass(frozen=True)
class FileView:
    """A file as every door shows it: the mapped file with its people, timeline, tasks and
    worker loaded, the linked files its reader may see, and the workers it is restricted
    to (none: it is not restricted)."""

    case: Case
    linked: list[Case]
    named: list[User]
    history: list[CaseChange] = field(default_factory=list)
    """Its opening, closings, reopenings and reclassifications, in the order written."""

    @property
    def child(self) -> Person | None:
        return self.case.child

    @property
    def others(self) -> list[Person]:
        """The people on the file besides the child."""
        return [p for p in self.case.people if p.role is not Role.CHILD]

    @property
    def timeline(self) -> list[Event]:
        """The timeline, newest first."""
        return sorted(self.case.events, key=lambda e: (e.occurred_at, e.id), reverse=True)

    @property
    def tasks(self) -> list[Task]:
        """Open tasks by due date (those without one last), then the tasks done."""
        return sorted(
            self.case.tasks,
            key=lambda t: (t.done_at is not None, t.due_on is None, t.due_on, t.id),
        )


_FILE = select(Case).options(
    joinedload(Case.assigned_to),
    selectinload(Case.people),
    selectinload(Case.disappearance),
    selectinload(Case.events).joinedload(Event.by),
    selectinload(Case.tasks).joinedload(Task.assigned_to),
)


def view_case(session: Session, reference: str, *, by: Actor, detail: str = "") -> FileView:
    """The file with this reference, as ``by`` may see it, audited as a view (``detail``
    says of what, e.g. "close form"). Raise NotFound for a file that does not exist or
    that ``by`` may not see, Forbidden without case.read."""
    by.require(Permission.CASE_READ)
    view = _read(session, reference, by)
    audit.record(session, by, "case.view", view.case.reference, detail)
    return view


def changed_file(session: Session, reference: str, *, by: Actor) -> FileView:
    """The file as it is after a change ``by`` has just made to it: what the API answers
    a change with (the change's own audit entry covers it)."""
    session.expire_all()  # read what the change wrote, not what the session kept
    return _read(session, reference, by)


def _read(session: Session, reference: str, by: Actor) -> FileView:
    if not limits.lookup(reference.strip()):
        raise no_such_file(reference.strip())
    case = session.scalar(_FILE.where(Case.reference == reference.strip()))
    if case is None:
        raise no_such_file(reference.strip())
    named = list(
        session.scalars(
            select(User)
            .join(CaseAccess, CaseAccess.user_id == User.id)
            .where(CaseAccess.case_id == case.id)
            .order_by(User.username)
        )
    )
    if not may_see({u.id for u in named}, by.user_id):
        raise no_such_file(reference.strip())
    history = list(
        session.scalars(
            select(CaseChange).where(CaseChange.case_id == case.id).order_by(CaseChange.id)
        )
    )
    return FileView(case, linked_cases(session, case, by), named, history)


def linked_cases(session: Session, case: Case, by: Actor) -> list[Case]:
    """The files linked to ``case`` that ``by`` may see, oldest first."""
    pairs = select(CaseLink.case_id, CaseLink.other_id).where(
        or_(CaseLink.case_id == case.id, CaseLink.other_id == case.id)
    )
    others = {b if a == case.id else a for a, b in session.execute(pairs)}
    if not others:
        return []
    query = (
        select(Case).where(Case.id.in_(others), visible_to(by)).order_by(Case.opened_at, Case.id)
    )
    return list(session.scalars(query))
