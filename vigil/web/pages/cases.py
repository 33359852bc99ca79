"""The file list with its filters and search, and a file's page."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.cases import queries
from vigil.cases.reading import view_case
from vigil.cases.searches import keep_search, kept_search
from vigil.cases.workers import list_workers
from vigil.domain.case_types import CaseType, parse_case_type
from vigil.domain.events import RECORDABLE_KINDS
from vigil.domain.outcomes import Status, allowed_outcomes
from vigil.domain.people import Role
from vigil.errors import N_
from vigil.web.context import CaseReader, DbSession
from vigil.web.pages import forms
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 50


class Filters(BaseModel):
    """The list's filters, order and page, all in the address (``/cases?type=runaway&
    page=2``), so that Back and a bookmark work. The words of a search are not: they are
    posted, kept for the person (vigil.cases.searches) and named in the address by the
    id of the kept search (``search=...``)."""

    type: str = ""
    status: str = ""
    worker: str = ""
    year: str = ""
    risk: str = ""
    sort: str = ""
    search: str = Field("", max_length=64)
    page: int = Field(1, ge=1, le=1_000_000)

    def to_filter(self, text: str) -> queries.CaseFilter:
        return queries.CaseFilter(
            type=forms.optional("type", self.type, parse_case_type),
            status=forms.optional("status", self.status, Status),
            worker=self.worker.strip() or None,
            year=forms.whole("year", self.year),
            worrying=True if self.risk == "worrying" else None,
            text=text,
        )

    def address(self, **changes: object) -> str:
        """The list's address with these filters, and ``changes`` (page=2, sort=...)."""
        values = {**self.model_dump(), **changes}
        shown = {k: v for k, v in values.items() if v not in ("", None) and (k, v) != ("page", 1)}
        return "/cases?" + urlencode(shown) if shown else "/cases"


class SearchForm(Filters):
    """The search form as posted: the filters and the words (``q``)."""

    q: str = Field("", max_length=500)


def _list(request: Request, s: Session, actor: Actor, filters: Filters) -> Response:
    problems = forms.Problems()
    text = kept_search(s, filters.search, by=actor) if filters.search else ""
    forgotten = bool(filters.search) and text is None
    f = problems.read("q", lambda: filters.to_filter(text or "")) or queries.CaseFilter()
    sort = problems.read("sort", lambda: forms.optional("sort", filters.sort, queries.Sort))
    offset = (filters.page - 1) * PAGE
    found = queries.find_cases(
        s, f, by=actor, limit=PAGE, offset=offset, sort=sort or queries.Sort.OPENED
    )
    last = max(1, -(-found.total // PAGE))
    return render(
        request,
        "cases.html",
        422 if problems else 200,
        cases=found.rows,
        total=found.total,
        more=found.more,
        page=filters.page,
        pages=last,
        form={**filters.model_dump(), "q": text or ""},
        errors=problems.shown(request),
        forgotten=forgotten,
        address=filters.address,
        sorts=[(o.value, SORTS[o]) for o in queries.Sort],
        types=list(CaseType),
        worker_options=[(w.username, w.display_name) for w in list_workers(s)],
    )


SORTS = {
    queries.Sort.OPENED: N_("Newest opened first"),
    queries.Sort.REFERENCE: N_("Reference"),
    queries.Sort.CHANGED: N_("Last changed first"),
}


@router.get("/cases")
def case_list(
    request: Request, s: DbSession, actor: CaseReader, filters: Annotated[Filters, Query()]
) -> Response:
    return _list(request, s, actor, filters)


@router.post("/cases")
def case_search(
    request: Request, s: DbSession, actor: CaseReader, form: Annotated[SearchForm, Form()]
) -> Response:
    """A search: its words are kept for this person, and the answer goes to the list's
    address, which names the kept search, never the words (Back then works)."""
    filters = Filters(**form.model_dump(exclude={"q", "search", "page"}))
    if not form.q.strip():
        return forms.see_other(filters.address())
    search = keep_search(s, form.q.strip(), by=actor)
    return forms.see_other(filters.address(search=search))


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
        outcomes=sorted(allowed_outcomes(view.case.type, view.case.effective)),
        failed=extra.pop("failed", ""),
        done=request.query_params.get("done", ""),
        **extra,
    )


@router.get("/cases/{reference}")
def case_view(request: Request, s: DbSession, actor: CaseReader, reference: str) -> Response:
    return case_page(request, s, actor, reference)
