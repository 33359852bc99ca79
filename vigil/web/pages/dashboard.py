"""The first page after signing in: what needs attention today; and for a supervisor, the
team's work per worker."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vigil.accounts.roles import Permission
from vigil.cases import queries
from vigil.cases.team import team_work
from vigil.domain.case_types import CaseType
from vigil.web.context import CaseManager, DbSession, SignedIn
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def dashboard(request: Request, s: DbSession, actor: SignedIn) -> Response:
    if not actor.can(Permission.CASE_READ):
        return render(request, "dashboard.html", open_by_type={}, types=list(CaseType))
    work = queries.open_work(s, by=actor)
    team = team_work(s, by=actor, listed=0) if actor.can(Permission.CASE_MANAGE) else None
    return render(
        request,
        "dashboard.html",
        types=list(CaseType),
        open_by_type=work.open_by_type,
        overdue=work.overdue,
        worrying=work.worrying,
        recent=work.recent,
        team=team,
    )


@router.get("/team")
def team(request: Request, s: DbSession, actor: CaseManager) -> Response:
    """Per worker: open and worrying files, overdue tasks (a supervisor's)."""
    return render(request, "team.html", team=team_work(s, by=actor))
