"""The first page after signing in: what needs attention today."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases import queries
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Status
from vigil.web.context import Route, SignedIn, transaction
from vigil.web.templating import render

router = APIRouter(include_in_schema=False, route_class=Route)


@router.get("/")
def dashboard(request: Request, actor: SignedIn) -> Response:
    if not actor.can(Permission.CASE_READ):
        return render(request, "dashboard.html", open_by_type={}, types=list(CaseType))
    mine = queries.CaseFilter(hide_restricted=True, viewer_id=actor.user_id)
    worrying = queries.CaseFilter(
        status=Status.OPEN, worrying=True, hide_restricted=True, viewer_id=actor.user_id
    )
    with transaction(request) as s:
        audit.record(s, actor.name, "dashboard.view")
        return render(
            request,
            "dashboard.html",
            types=list(CaseType),
            open_by_type=queries.open_by_type(s),
            overdue=queries.overdue_tasks(s, worker=actor.name),
            worrying=queries.list_rows(s, worrying, limit=10),
            recent=queries.recently_changed(s, mine, limit=10),
        )
