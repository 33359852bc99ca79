"""The hotline supervisor's pages of notice-and-takedown: the confirmed URLs
(/hotline/takedowns, one's notices and re-checks at /hotline/takedowns/{id}), the tasks a
person must do (/hotline/tasks), and the hosts ranked by their removal time
(/hotline/hosts). A reported URL is shown as text only: never a link, never an image.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from vigil.errors import InputError, NotFound
from vigil.figures.takedown import host_ranking
from vigil.hotline import tasks
from vigil.hotline.takedowns import list_takedowns, view_takedown
from vigil.web.context import DbSession, HotlineSupervisor, Statistician
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/hotline/takedowns")
def takedowns_page(
    request: Request,
    s: DbSession,
    actor: HotlineSupervisor,
    open_only: Annotated[bool, Query(alias="open")] = False,
) -> Response:
    """The confirmed URLs, oldest first (only those still online with ``?open=1``)."""
    found = list_takedowns(s, by=actor, open_only=open_only)
    return render(request, "takedowns.html", takedowns=found, open_only=open_only)


@router.get("/hotline/takedowns/{takedown_id}")
def takedown_page(
    request: Request, s: DbSession, actor: HotlineSupervisor, takedown_id: int
) -> Response:
    """Where a URL is hosted, its notices, its re-checks and its tasks."""
    return render(request, "takedown.html", view=view_takedown(s, takedown_id, by=actor))


def _tasks(
    request: Request,
    s: DbSession,
    actor: HotlineSupervisor,
    everything: bool,
    status: int = 200,
    **context: object,
) -> Response:
    found = tasks.list_tasks(s, by=actor, done=everything)
    values = {"done": "", "refused": "", "everything": everything, **context}
    return render(request, "hotline_tasks.html", status, tasks=found, **values)


@router.get("/hotline/tasks")
def tasks_page(
    request: Request,
    s: DbSession,
    actor: HotlineSupervisor,
    everything: Annotated[bool, Query(alias="all")] = False,
    done: Annotated[str, Query(max_length=32)] = "",
) -> Response:
    """The supervisors' open tasks, oldest first (with ``?all=1``, those done too)."""
    return _tasks(request, s, actor, everything, done=done)


@router.post("/hotline/tasks/{task_id}/done")
def task_done(
    request: Request,
    s: DbSession,
    actor: HotlineSupervisor,
    task_id: int,
    everything: Annotated[bool, Form(alias="all")] = False,
) -> Response:
    """Mark a task done (audited as hotline.task_done); a task that is not open (done by a
    colleague a moment ago) is answered with the list and the message."""
    try:
        tasks.close_task(s, task_id, by=actor)
    except NotFound as exc:
        s.rollback()
        return _tasks(request, s, actor, everything, 404, refused=shown(request, exc))
    return forms.see_other(f"/hotline/tasks?{'all=1&' if everything else ''}done=task_done")


@router.get("/hotline/hosts")
def hosts_page(
    request: Request,
    s: DbSession,
    actor: Statistician,
    year: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    """The hosts of confirmed URLs, slowest to remove first, of ``year`` (empty: ever)."""
    form = {"year": year}
    try:
        chosen = forms.whole("year", year)
        rows = host_ranking(s, chosen, by=actor)
    except InputError as exc:
        s.rollback()
        errors = {"year": shown(request, exc)}
        return render(request, "hosts.html", 422, rows=[], year=None, form=form, errors=errors)
    return render(request, "hosts.html", rows=rows, year=chosen, form=form)
