"""What a supervisor must do about a confirmed URL: find a recipient nobody knows (a
routing gap), or act on a URL still online after the escalation delay. Tasks are rows
(``hotline_tasks``), listed by `vigil hotline tasks` and closed by `vigil hotline tasks
done ID`; one open task per takedown and reason, however often the reason is found again."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.domain.contacts import ContactKind
from vigil.domain.takedown import TaskState
from vigil.errors import NotFound
from vigil.store.takedown import HotlineTask, Takedown

ESCALATION = "escalation"


def open_task(
    session: Session,
    takedown: Takedown,
    reason: str,
    message: str,
    *,
    kind: ContactKind | None = None,
) -> HotlineTask:
    """The open task of ``takedown`` for ``reason``: the one already there, else a new one."""
    existing = session.scalar(
        select(HotlineTask).where(
            HotlineTask.takedown_id == takedown.id,
            HotlineTask.reason == reason,
            HotlineTask.state == TaskState.OPEN,
        )
    )
    if existing is not None:
        return existing
    task = HotlineTask(
        takedown_id=takedown.id,
        reason=reason,
        kind=kind,
        country=takedown.country,
        asn=takedown.asn,
        message=message,
        state=TaskState.OPEN,
        created_at=clock.now(),
    )
    session.add(task)
    session.flush()
    return task


def list_tasks(session: Session, *, by: Actor, done: bool = False) -> list[HotlineTask]:
    """The open tasks, oldest first (with ``done``, the closed ones too)."""
    by.require(Permission.HOTLINE_SUPERVISE)
    query = select(HotlineTask)
    if not done:
        query = query.where(HotlineTask.state == TaskState.OPEN)
    return list(session.scalars(query.order_by(HotlineTask.created_at, HotlineTask.id)))


def close_task(session: Session, task_id: int, *, by: Actor) -> HotlineTask:
    """Mark a task done. Raise NotFound when there is no such open task."""
    by.require(Permission.HOTLINE_SUPERVISE)
    task = session.get(HotlineTask, task_id)
    if task is None or task.state is not TaskState.OPEN:
        raise NotFound(
            "there is no open task %(id)s: it was done already, or never existed", id=task_id
        )
    task.state, task.done_at, task.done_by = TaskState.DONE, clock.now(), by.name
    audit.record(session, by, "hotline.task_done", f"task:{task.id}", task.reason)
    return task
