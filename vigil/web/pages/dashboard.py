"""The first page after signing in: what needs attention today."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vigil.accounts.roles import Permission
from vigil.cases import queries
from vigil.domain.case_types import CaseType
from vigil.web.context import DbSession, SignedIn
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, s: DbSession, actor: SignedIn) -> Response:
    if not actor.can(Permission.CASE_READ):
        return render(request, "dashboard.html", open_by_type={}, types=list(CaseType))
    work = queries.open_work(s, by=actor)
    return render(
        request,
        "dashboard.html",
        types=list(CaseType),
        open_by_type=work.open_by_type,
        overdue=work.overdue,
        worrying=work.worrying,
        recent=work.recent,
    )
