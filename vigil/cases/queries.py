"""Finding files: the list with its filters, the search, the summary of open work.

The lists are read as plain rows (one statement for a page of files with their child and
worker); every use case here takes the actor, shows only the files it may see, and is
audited like a view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    func,
    intersect,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased, selectinload

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases.access import visible_to
from vigil.domain import limits, words
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Role
from vigil.store.models import Case, Person, SearchTerm, Task, User

_Ts = TypeVarTuple("_Ts")
COUNTED_UP_TO = 1000
"""How far the doors count a list's files before they say "1,000+" (see count_cases)."""


class Sort(StrEnum):
    """The orders of a list: the newest opening first, the reference, the latest change
    first (each read along an index)."""

    OPENED = "opened"
    REFERENCE = "reference"
    CHANGED = "changed"


ORDERS: dict[Sort, tuple[ColumnElement[Any], ...]] = {
    Sort.OPENED: (Case.opened_at.desc(), Case.id.desc()),
    Sort.REFERENCE: (Case.reference.asc(),),
    Sort.CHANGED: (Case.updated_at.desc(), Case.id.desc()),
}


@dataclass(frozen=True)
class CaseFilter:
    type: CaseType | None = None
    status: Status | None = None
    worker: str | None = None
    year: int | None = None
    worrying: bool | None = None
    text: str = ""


@dataclass(frozen=True)
class Worker:
    username: str
    display_name: str


def _filtered(query: Select[*_Ts], f: CaseFilter, by: Actor) -> Select[*_Ts]:
    query = query.where(visible_to(by))
    if f.type is not None:
        query = query.where(Case.type == f.type)
    if f.status is not None:
        query = query.where(Case.status == f.status)
    if f.worker is not None:
        query = query.join(User, Case.assigned_to_id == User.id).where(User.username == f.worker)
    if f.year is not None:
        query = query.where(Case.opened_at.between(date(f.year, 1, 1), date(f.year, 12, 31)))
    if f.worrying is not None:
        query = query.where(Case.worrying.is_(f.worrying))
    if f.text.strip():
        query = query.where(_matches(f.text.strip()))
    return query


def _matches(text: str) -> ColumnElement[bool]:
    """A file matches when each word of ``text`` matches one of its terms: its reference, a
    name of a person on it, its summary or its timeline (see vigil.domain.words)."""
    found = [select(SearchTerm.case_id).where(_term(word)) for word in words.query_words(text)]
    if not found:
        return true()
    return Case.id.in_(found[0] if len(found) == 1 else intersect(*found))


def _term(word: str) -> ColumnElement[bool]:
    """The terms ``word`` matches: those it begins (a range of the index), or only itself."""
    if not words.is_prefix(word):
        return SearchTerm.term == word
    return and_(SearchTerm.term >= word, SearchTerm.term < words.prefix_end(word))


@dataclass(frozen=True)
class CaseRow:
    """A file as a list shows it: plain data, read with its child and worker in one
    statement (a list of 50 mapped files with their people cost four times as much)."""

    reference: str
    type: CaseType
    status: Status
    opened_at: date
    closed_at: date | None
    outcome: Outcome | None
    worrying: bool
    risk_reasons: tuple[str, ...]
    child_age_at_opening: int | None
    child_name: str
    """The child's name, "(no name)" when it has none, "(no child recorded)" without one."""
    assigned_to: Worker | None


_CHILD = aliased(Person, name="child")
_ASSIGNED = aliased(User, name="assigned")
_ROW = (
    select(
        Case.reference,
        Case.type,
        Case.status,
        Case.opened_at,
        Case.closed_at,
        Case.outcome,
        Case.worrying,
        Case.risk_reasons,
        Case.child_age_at_opening,
        _CHILD.id.label("child_id"),
        _CHILD.first_name,
        _CHILD.last_name,
        _ASSIGNED.username,
        _ASSIGNED.display_name,
    )
    .select_from(Case)
    .outerjoin(_CHILD, (_CHILD.case_id == Case.id) & (_CHILD.role == Role.CHILD))
    .outerjoin(_ASSIGNED, _ASSIGNED.id == Case.assigned_to_id)
)
"""One row per file: a file has at most one child (the use cases refuse a second)."""


@dataclass(frozen=True)
class CasePage:
    """One page of a list: its rows, and how many files pass the filter (counted up to a
    bound: ``more`` says there are more than ``total``)."""

    rows: list[CaseRow]
    total: int
    more: bool


def find_cases(
    session: Session,
    f: CaseFilter,
    *,
    by: Actor,
    limit: int = 50,
    offset: int = 0,
    sort: Sort = Sort.OPENED,
) -> CasePage:
    """The files that pass the filter and that ``by`` may see, in the order ``sort`` says
    (most recently opened first); audited as a list or, with a text, a search (the text
    itself is not written down). Raise InputError for a filter no file can pass (a year
    no date has, text that cannot be stored)."""
    by.require(Permission.CASE_READ)
    check_filter(f)
    rows = list_rows(session, f, by=by, limit=limit, offset=offset, sort=sort)
    up_to = offset + COUNTED_UP_TO
    total = count_cases(session, f, by=by, up_to=up_to + 1)
    action = "cases.search" if f.text.strip() else "cases.list"
    audit.record(session, by, action, detail=f"from {offset + 1}, {len(rows)} shown")
    return CasePage(rows, min(total, up_to), total > up_to)


def check_filter(f: CaseFilter) -> None:
    """Refuse a filter that cannot be asked of the database (vigil.domain.limits)."""
    limits.check_year(f.year)
    limits.check_name(f.text, "text")
    limits.check_name(f.worker or "", "worker")


def list_rows(
    db: Session,
    f: CaseFilter,
    *,
    by: Actor,
    limit: int = 50,
    offset: int = 0,
    sort: Sort = Sort.OPENED,
) -> list[CaseRow]:
    """Return the files that pass the filter, in the order ``sort`` says."""
    order = ORDERS[sort]
    if f.text.strip():
        # A search sorts all its matches. Both databases read each match's child and
        # worker before sorting: pick the page's files first, then read only theirs (a
        # search matching 17,000 files of 1,000,000 took 3.5x as long on SQLite). The plain
        # list walks the index of its order and stops after a page: it stays as is.
        page = _filtered(select(Case.id), f, by).order_by(*order)
        chosen = page.limit(limit).offset(offset).subquery()
        query = _ROW.join(chosen, chosen.c.id == Case.id).order_by(*order)
    else:
        query = _filtered(_ROW, f, by).order_by(*order).limit(limit).offset(offset)
    return [_case_row(row) for row in db.execute(query)]


def _case_row(row: Row[*tuple[Any, ...]]) -> CaseRow:
    if row.child_id is None:
        child = "(no child recorded)"
    else:
        child = f"{row.first_name} {row.last_name}".strip() or "(no name)"
    assigned = Worker(row.username, row.display_name) if row.username is not None else None
    return CaseRow(
        row.reference,
        row.type,
        row.status,
        row.opened_at,
        row.closed_at,
        row.outcome,
        row.worrying,
        tuple(row.risk_reasons or ()),
        row.child_age_at_opening,
        child,
        assigned,
    )


def recently_changed(
    session: Session, f: CaseFilter, *, by: Actor, limit: int = 10
) -> Sequence[Case]:
    """Return the files that pass the filter, most recently changed first."""
    query = _filtered(select(Case), f, by).order_by(Case.updated_at.desc(), Case.id.desc())
    return list(session.scalars(query.limit(limit)))


def count_cases(session: Session, f: CaseFilter, *, by: Actor, up_to: int | None = None) -> int:
    """Count the files that pass the filter, stopping at ``up_to`` when given: a list page
    says "1,000+" rather than read a million rows on every view."""
    found = _filtered(select(Case), f, by).with_only_columns(Case.id).limit(up_to).subquery()
    return session.scalar(select(func.count()).select_from(found)) or 0


def open_by_type(session: Session, *, by: Actor) -> dict[CaseType, int]:
    rows = session.execute(
        select(Case.type, func.count())
        .where(Case.status == Status.OPEN, visible_to(by))
        .group_by(Case.type)
    )
    return {case_type: count for case_type, count in rows}


def overdue_tasks(session: Session, *, by: Actor, worker: str | None = None) -> Sequence[Task]:
    """Tasks past their due date on open files ``by`` may see, of ``worker`` when given.
    A task left open on a closed file is never overdue: it closed with its file (the file's
    page lists it apart)."""
    by.require(Permission.CASE_READ)
    query = (
        select(Task)
        .join(Case, Case.id == Task.case_id)
        .where(
            Task.done_at.is_(None),
            Task.due_on < clock.today(),
            Case.status == Status.OPEN,
            visible_to(by),
        )
        .options(selectinload(Task.case))
        .order_by(Task.due_on, Task.id)
    )
    if worker is not None:
        query = query.join(User, Task.assigned_to_id == User.id).where(User.username == worker)
    return session.scalars(query).all()


@dataclass(frozen=True)
class OpenWork:
    """What the dashboard shows a case worker: the open files by type, their own overdue
    tasks, the worrying open files and the files changed last."""

    open_by_type: dict[CaseType, int]
    overdue: Sequence[Task]
    worrying: list[CaseRow]
    recent: Sequence[Case]


def open_work(session: Session, *, by: Actor) -> OpenWork:
    by.require(Permission.CASE_READ)
    worrying = CaseFilter(status=Status.OPEN, worrying=True)
    work = OpenWork(
        open_by_type=open_by_type(session, by=by),
        overdue=overdue_tasks(session, by=by, worker=by.name),
        worrying=list_rows(session, worrying, by=by, limit=10),
        recent=recently_changed(session, CaseFilter(), by=by, limit=10),
    )
    audit.record(session, by, "dashboard.view")
    return work
