"""A supervisor's view of the team's work: per worker, the open files, the worrying ones and
the overdue tasks, so that whoever shares out the work sees where it piles up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission, permissions_of
from vigil.audit import log as audit
from vigil.cases.access import visible_to
from vigil.cases.queries import CaseFilter, CaseRow, Worker, list_rows
from vigil.domain.outcomes import Status
from vigil.store.models import Case, Task, User

SHOWN = 10
"""The overdue tasks and worrying files listed per worker; the counts say how many more."""


@dataclass
class WorkerLoad:
    """One worker's share (``worker`` None: what is given to nobody). Every active account
    that may write files is one, with or without work; another account only while work is
    given to it."""

    worker: Worker | None
    open_files: int = 0
    worrying_files: int = 0
    overdue_tasks: int = 0
    overdue: list[Task] = field(default_factory=list)
    worrying: list[CaseRow] = field(default_factory=list)


@dataclass(frozen=True)
class TeamWork:
    workers: list[WorkerLoad]

    @property
    def overdue_tasks(self) -> int:
        return sum(w.overdue_tasks for w in self.workers)

    @property
    def worrying_files(self) -> int:
        return sum(w.worrying_files for w in self.workers)


def team_work(session: Session, *, by: Actor, listed: int = SHOWN) -> TeamWork:
    """Every worker's open and worrying files and overdue tasks, on the files ``by`` may
    see, with the first ``listed`` overdue tasks (oldest due first) and worrying files
    (newest first) of each. For those who share out the work (case.manage); audited."""
    by.require(Permission.CASE_MANAGE)
    loads: dict[int | None, WorkerLoad] = {}
    active = session.scalars(select(User).where(User.active.is_(True)))
    workers = [u for u in active if Permission.CASE_WRITE in permissions_of(u.roles)]
    for user in sorted(workers, key=lambda u: u.display_name):
        loads[user.id] = WorkerLoad(Worker(user.username, user.display_name))

    def load(user_id: int | None) -> WorkerLoad:
        if user_id not in loads:
            user = session.get(User, user_id) if user_id is not None else None
            loads[user_id] = WorkerLoad(Worker(user.username, user.display_name) if user else None)
        return loads[user_id]

    for user_id, worrying, count in session.execute(
        select(Case.assigned_to_id, Case.worrying, func.count())
        .where(Case.status == Status.OPEN, visible_to(by))
        .group_by(Case.assigned_to_id, Case.worrying)
    ):
        load(user_id).open_files += count
        if worrying:
            load(user_id).worrying_files += count
    for task in _overdue(session, by):
        entry = load(task.assigned_to_id)
        entry.overdue_tasks += 1
        if len(entry.overdue) < listed:
            entry.overdue.append(task)
    for entry in loads.values():
        if entry.worrying_files and entry.worker is not None:
            theirs = CaseFilter(status=Status.OPEN, worrying=True, worker=entry.worker.username)
            entry.worrying = list_rows(session, theirs, by=by, limit=listed)
    audit.record(session, by, "team.view")
    busy = [w for w in loads.values() if w.worker is not None or w.open_files or w.overdue_tasks]
    return TeamWork(busy)


def _overdue(session: Session, by: Actor) -> Sequence[Task]:
    query = (
        select(Task)
        .join(Case, Case.id == Task.case_id)
        .where(
            Task.done_at.is_(None),
            Task.due_on < clock.today(),
            Case.status == Status.OPEN,  # a closed file's tasks closed with it
            visible_to(by),
        )
        .options(selectinload(Task.case))
        .order_by(Task.due_on, Task.id)
    )
    return session.scalars(query).all()
