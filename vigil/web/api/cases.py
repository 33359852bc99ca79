"""/api/v1/cases: find, open, read and work on files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy.orm import Session

from vigil.accounts import access
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases import queries, service
from vigil.domain.case_types import CaseType
from vigil.domain.events import parse_event_kind
from vigil.domain.outcomes import Status
from vigil.domain.people import parse_role
from vigil.errors import InputError
from vigil.store.models import Case, User
from vigil.web.actors import Actor
from vigil.web.api import schemas as s_
from vigil.web.context import Route, requires, transaction

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": s_.ErrorOut} for code in (401, 403, 404, 422)
}
router = APIRouter(prefix="/api/v1", tags=["cases"], responses=ERRORS, route_class=Route)
Reader = Annotated[Actor, Depends(requires(Permission.CASE_READ))]
Writer = Annotated[Actor, Depends(requires(Permission.CASE_WRITE))]
Manager = Annotated[Actor, Depends(requires(Permission.CASE_MANAGE))]
Reference = Annotated[str, Path(pattern=s_.REFERENCE)]
Change = Callable[[Session, Case, User | None], object]


def _find(
    request: Request, actor: Actor, f: queries.CaseFilter, limit: int, offset: int
) -> s_.CaseList:
    with transaction(request) as s:
        cases = queries.list_rows(s, f, limit=limit, offset=offset)
        up_to = offset + queries.COUNTED_UP_TO
        total = queries.count_cases(s, f, up_to=up_to + 1)
        answer = s_.CaseList(
            total=min(total, up_to), more=total > up_to, items=[s_.CaseOut.of(c) for c in cases]
        )
        action = "cases.search" if f.text.strip() else "cases.list"
        audit.record(s, actor.name, action, detail=f"offset {offset}, {len(cases)} shown")
        return answer


@router.get("/cases")
def list_cases(
    request: Request,
    actor: Reader,
    type: CaseType | None = None,
    status: Status | None = None,
    worker: Annotated[str | None, Query(max_length=64, pattern=r"^[a-z0-9._-]*$")] = None,
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
    worrying: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> s_.CaseList:
    """Files, most recently opened first. To search by name, POST to /cases/search: a name
    never travels in a URL."""
    f = queries.CaseFilter(
        type=type,
        status=status,
        worker=worker,
        year=year,
        worrying=worrying,
        hide_restricted=True,
        viewer_id=actor.user_id,
    )
    return _find(request, actor, f, limit, offset)


@router.post("/cases/search")
def search_cases(request: Request, actor: Reader, body: s_.SearchIn) -> s_.CaseList:
    """Files whose reference, summary, people's names or notes contain ``text``."""
    f = queries.CaseFilter(
        type=body.type,
        status=body.status,
        worker=body.worker,
        year=body.year,
        worrying=body.worrying,
        text=body.text,
        hide_restricted=True,
        viewer_id=actor.user_id,
    )
    return _find(request, actor, f, body.limit, body.offset)


@router.post("/cases", status_code=201)
def open_case(request: Request, actor: Writer, body: s_.IntakeIn) -> s_.CaseDetail:
    intake = service.Intake(
        type=body.type,
        child=service.ChildDetails(**body.child.model_dump()),
        opened_at=body.opened_at,
        scope=body.scope,
        effective=body.effective,
        summary=body.summary,
        risk_reasons=frozenset(body.risk_reasons),
        reporter_name=body.reporter_name,
        reporter_contact=body.reporter_contact,
    )
    with transaction(request) as s:
        case = service.open_case(s, intake, by=actor.user(s))
        audit.record(s, actor.name, "case.open", case.reference)
        return s_.CaseDetail.full(case, [])


@router.get("/cases/{reference}")
def get_case(request: Request, actor: Reader, reference: Reference) -> s_.CaseDetail:
    with transaction(request) as s:
        case = access.viewable_case(s, reference, actor.user_id)
        answer = s_.CaseDetail.full(case, service.linked_cases(s, case))
        audit.record(s, actor.name, "case.view", case.reference)  # last: see audit.record
        return answer


def _change(
    request: Request, actor: Actor, reference: str, name: str, change: Change
) -> s_.CaseDetail:
    with transaction(request) as s:
        case = access.viewable_case(s, reference, actor.user_id)
        change(s, case, actor.user(s))
        audit.record(s, actor.name, f"case.{name}", case.reference)
        return s_.CaseDetail.full(case, service.linked_cases(s, case))


@router.post("/cases/{reference}/notes")
def add_note(
    request: Request, actor: Writer, reference: Reference, body: s_.NoteIn
) -> s_.CaseDetail:
    return _change(
        request, actor, reference, "note", lambda s, c, by: service.add_note(s, c, body.text, by=by)
    )


@router.post("/cases/{reference}/events")
def record_event(
    request: Request, actor: Writer, reference: Reference, body: s_.EventIn
) -> s_.CaseDetail:
    def change(s: Session, case: Case, by: User | None) -> object:
        try:
            kind = parse_event_kind(body.kind)
        except InputError as exc:
            exc.field = "kind"
            raise
        return service.record_event(s, case, kind, body.text, by=by, on=body.on)

    return _change(request, actor, reference, "event", change)


@router.post("/cases/{reference}/tasks")
def add_task(
    request: Request, actor: Writer, reference: Reference, body: s_.TaskIn
) -> s_.CaseDetail:
    def change(s: Session, case: Case, by: User | None) -> object:
        who = service.get_user(s, body.worker) if body.worker else None
        return service.add_task(s, case, body.title, due_on=body.due_on, assigned_to=who)

    return _change(request, actor, reference, "task", change)


@router.post("/cases/{reference}/tasks/{task_id}/done")
def complete_task(
    request: Request,
    actor: Writer,
    reference: Reference,
    task_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> s_.CaseDetail:
    return _change(
        request,
        actor,
        reference,
        "task_done",
        lambda s, c, by: service.complete_task(s, c, task_id),
    )


@router.post("/cases/{reference}/people")
def add_person(
    request: Request, actor: Writer, reference: Reference, body: s_.PersonIn
) -> s_.CaseDetail:
    def change(s: Session, case: Case, by: User | None) -> object:
        try:
            role = parse_role(body.role)
        except InputError as exc:
            exc.field = "role"
            raise
        return service.add_person(
            s,
            case,
            role,
            first_name=body.first_name,
            last_name=body.last_name,
            contact=body.contact,
        )

    return _change(request, actor, reference, "person", change)


@router.post("/cases/{reference}/close")
def close_case(
    request: Request, actor: Writer, reference: Reference, body: s_.CloseIn
) -> s_.CaseDetail:
    def change(s: Session, case: Case, by: User | None) -> object:
        return service.close_case(s, case, outcome=body.outcome, on=body.on, note=body.note, by=by)

    return _change(request, actor, reference, "close", change)


@router.post("/cases/{reference}/reopen")
def reopen_case(
    request: Request, actor: Manager, reference: Reference, body: s_.ReopenIn
) -> s_.CaseDetail:
    def change(s: Session, case: Case, by: User | None) -> object:
        return service.reopen_case(s, case, reason=body.reason, by=by)

    return _change(request, actor, reference, "reopen", change)


@router.post("/cases/{reference}/assign")
def assign_case(
    request: Request, actor: Manager, reference: Reference, body: s_.AssignIn
) -> s_.CaseDetail:
    def change(s: Session, case: Case, by: User | None) -> object:
        return service.assign_case(s, case, service.get_user(s, body.username), by=by)

    return _change(request, actor, reference, "assign", change)
