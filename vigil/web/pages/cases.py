"""The file list with its filters and search, and a file's page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.cases import queries
from vigil.cases.reading import view_case
from vigil.cases.workers import list_workers
from vigil.domain.case_types import CaseType, parse_case_type
from vigil.domain.events import RECORDABLE_KINDS
from vigil.domain.outcomes import Status, allowed_outcomes
from vigil.domain.people import Role
from vigil.errors import InputError
from vigil.web.context import CaseReader, DbSession
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 50


class Filters(BaseModel):
    """The list's filters. Only those without personal data travel in the URL: the search
    text is sent in the body of a POST, so no name ends up in a log or browser history."""

    type: str = ""
    status: str = ""
    worker: str = ""
    year: str = ""
    risk: str = ""
    q: str = ""
    page: int = 1

    def to_filter(self) -> queries.CaseFilter:
        return queries.CaseFilter(
            type=forms.optional("type", self.type, parse_case_type),
            status=forms.optional("status", self.status, Status),
            worker=self.worker.strip() or None,
            year=forms.whole("year", self.year),
            worrying=True if self.risk == "worrying" else None,
            text=self.q,
        )


def _list(request: Request, s: Session, actor: Actor, filters: Filters) -> Response:
    page = max(filters.page, 1)
    try:
        f, errors = filters.to_filter(), {}
    except InputError as exc:
        f, errors = queries.CaseFilter(), {exc.field or "q": shown(request, exc)}
    found = queries.find_cases(s, f, by=actor, limit=PAGE, offset=(page - 1) * PAGE)
    return render(
        request,
        "cases.html",
        422 if errors else 200,
        cases=found.rows,
        total=found.total,
        more=found.more,
        page=page,
        pages=max(1, -(-found.total // PAGE)),
        form=filters.model_dump(),
        errors=errors,
        types=list(CaseType),
        worker_options=[(w.username, w.display_name) for w in list_workers(s)],
    )


@router.get("/cases")
def case_list(
    request: Request, s: DbSession, actor: CaseReader, filters: Annotated[Filters, Depends()]
) -> Response:
    return _list(request, s, actor, filters.model_copy(update={"q": ""}))


@router.post("/cases")
def case_search(
    request: Request, s: DbSession, actor: CaseReader, filters: Annotated[Filters, Form()]
) -> Response:
    return _list(request, s, actor, filters)


KINDS = tuple(sorted(RECORDABLE_KINDS))
ROLES = tuple(r for r in Role if r is not Role.CHILD)
"""The event kinds and roles the page's forms offer (the child is the file's own)."""


def case_page(
    request: Request,
    s: Session,
    actor: Actor,
    reference: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    """Render a file's page, audited as a view (also after a refused form on it, with
    ``failed`` naming the form and ``errors`` its messages). Raise NotFound as
    ``view_case`` does."""
    detail = "after a refused change" if extra.get("failed") else ""
    view = view_case(s, reference, by=actor, detail=detail)
    has_forms = actor.can(Permission.CASE_WRITE) or actor.can(Permission.CASE_MANAGE)
    staff = list_workers(s, active_only=True) if has_forms else []
    return render(
        request,
        "case.html",
        status,
        file=view,
        case=view.case,
        workers=[(w.username, w.display_name) for w in staff],
        kinds=KINDS,
        roles=ROLES,
        outcomes=sorted(allowed_outcomes(view.case.type)),
        failed=extra.pop("failed", ""),
        done=request.query_params.get("done", ""),
        **extra,
    )


@router.get("/cases/{reference}")
def case_view(request: Request, s: DbSession, actor: CaseReader, reference: str) -> Response:
    return case_page(request, s, actor, reference)
