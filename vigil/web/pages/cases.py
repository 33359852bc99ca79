"""The file list with its filters and search, and a file's page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel

from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases import queries
from vigil.cases.file_view import read_file
from vigil.cases.workers import list_workers
from vigil.domain.case_types import CaseType, parse_case_type
from vigil.domain.events import RECORDABLE_KINDS
from vigil.domain.outcomes import Status, allowed_outcomes
from vigil.domain.people import Role
from vigil.errors import InputError
from vigil.store.db import Executor, connection_of
from vigil.web.actors import Actor
from vigil.web.context import Route, connection, requires, transaction
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.templating import render

router = APIRouter(include_in_schema=False, route_class=Route)
Reader = Annotated[Actor, Depends(requires(Permission.CASE_READ))]
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

    def to_filter(self, actor: Actor) -> queries.CaseFilter:
        return queries.CaseFilter(
            type=forms.optional("type", self.type, parse_case_type),
            status=forms.optional("status", self.status, Status),
            worker=self.worker.strip() or None,
            year=forms.whole("year", self.year),
            worrying=True if self.risk == "worrying" else None,
            text=self.q,
            hide_restricted=True,
            viewer_id=actor.user_id,
        )


def _list(request: Request, actor: Actor, filters: Filters) -> Response:
    page = max(filters.page, 1)
    with transaction(request) as s:
        try:
            f = filters.to_filter(actor)
        except InputError as exc:
            f, errors = (
                queries.CaseFilter(hide_restricted=True, viewer_id=actor.user_id),
                {exc.field or "q": shown(request, exc)},
            )
        else:
            errors = {}
        cases = queries.list_rows(s, f, limit=PAGE, offset=(page - 1) * PAGE)
        up_to = (page - 1) * PAGE + queries.COUNTED_UP_TO
        total = queries.count_cases(s, f, up_to=up_to + 1)
        more = total > up_to
        answer = render(
            request,
            "cases.html",
            422 if errors else 200,
            cases=cases,
            total=min(total, up_to),
            more=more,
            page=page,
            pages=max(1, -(-min(total, up_to) // PAGE)),
            form=filters.model_dump(),
            errors=errors,
            types=list(CaseType),
            worker_options=[(w.username, w.display_name) for w in list_workers(s)],
        )
        action = "cases.search" if f.text.strip() else "cases.list"
        audit.record(s, actor.name, action, detail=f"page {page}, {len(cases)} shown")
        return answer


@router.get("/cases")
def case_list(request: Request, actor: Reader, filters: Annotated[Filters, Depends()]) -> Response:
    return _list(request, actor, filters.model_copy(update={"q": ""}))


@router.post("/cases")
def case_search(request: Request, actor: Reader, filters: Annotated[Filters, Form()]) -> Response:
    return _list(request, actor, filters)


KINDS = tuple(sorted(RECORDABLE_KINDS))
ROLES = tuple(r for r in Role if r is not Role.CHILD)
"""The event kinds and roles the page's forms offer (the child is the file's own)."""


def case_page(
    request: Request,
    s: Executor,
    actor: Actor,
    reference: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    """Render a file's page (also after a failed form on it, with ``failed`` naming the form
    and ``errors`` its messages). Raise NotFound or Forbidden as ``read_file`` does."""
    case = read_file(connection_of(s), reference, actor.user_id)
    has_forms = actor.can(Permission.CASE_WRITE) or actor.can(Permission.CASE_MANAGE)
    return render(
        request,
        "case.html",
        status,
        case=case,
        workers=[(w.username, w.display_name) for w in case.staff] if has_forms else [],
        kinds=KINDS,
        roles=ROLES,
        outcomes=sorted(allowed_outcomes(case.type)),
        failed=extra.pop("failed", ""),
        done=request.query_params.get("done", ""),
        **extra,
    )


@router.get("/cases/{reference}")
def case_view(request: Request, actor: Reader, reference: str) -> Response:
    with connection(request) as rows:
        page = case_page(request, rows, actor, reference)
        audit.record(rows, actor.name, "case.view", reference)  # last: see audit.record
        return page
