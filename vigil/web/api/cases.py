"""/api/v1/cases: find, open, read and work on files. Each route reads its body, calls one
use case (vigil.cases) and answers the file as it is afterwards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.cases import queries, service
from vigil.cases.duplicates import possible_duplicates
from vigil.cases.reading import changed_file, view_case
from vigil.domain.case_types import CaseType
from vigil.domain.countries import Abroad, parse_country
from vigil.domain.disappearance import Disappearance
from vigil.domain.events import parse_event_kind
from vigil.domain.outcomes import Status
from vigil.domain.people import parse_role
from vigil.errors import InputError
from vigil.web.api import schemas as s_
from vigil.web.api.routes import SerializedInRoute
from vigil.web.context import CaseManager, CaseReader, CaseWriter, DbSession, settings
from vigil.web.idempotency import Idempotent

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": s_.ErrorOut} for code in (401, 403, 404, 422)
}
router = APIRouter(
    prefix="/api/v1",
    tags=["cases"],
    responses=ERRORS,
    dependencies=[Idempotent],
    route_class=SerializedInRoute,
)
Reference = Annotated[str, Path(pattern=s_.REFERENCE)]


def _found(page: queries.CasePage) -> s_.CaseList:
    return s_.CaseList(
        total=page.total, more=page.more, items=[s_.CaseOut.of(c) for c in page.rows]
    )


def _country(raw: str | None) -> str | None:
    if raw is None:
        return None
    try:
        return parse_country(raw)
    except InputError as exc:
        exc.field = "country"
        raise


def _disappearance(body: s_.DisappearanceIn) -> Disappearance:
    values = body.model_dump()
    for name in ("disappeared_at", "reported_at"):
        moment = values[name]
        if moment is not None and moment.tzinfo is None:
            values[name] = clock.from_local(moment)
    if values["nationality"] is not None:
        try:
            values["nationality"] = parse_country(values["nationality"])
        except InputError as exc:
            exc.field = "nationality"
            raise
    return Disappearance(**values)


def _after(s: Session, reference: str, actor: Actor) -> s_.CaseDetail:
    return s_.CaseDetail.of_file(changed_file(s, reference, by=actor))


@router.get("/cases")
def list_cases(
    s: DbSession,
    actor: CaseReader,
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
    f = queries.CaseFilter(type=type, status=status, worker=worker, year=year, worrying=worrying)
    return _found(queries.find_cases(s, f, by=actor, limit=limit, offset=offset))


@router.post("/cases/search")
def search_cases(s: DbSession, actor: CaseReader, body: s_.SearchIn) -> s_.CaseList:
    """Files whose reference, summary, people's names or notes contain ``text``."""
    f = queries.CaseFilter(
        type=body.type,
        status=body.status,
        worker=body.worker,
        year=body.year,
        worrying=body.worrying,
        text=body.text,
    )
    return _found(queries.find_cases(s, f, by=actor, limit=body.limit, offset=body.offset))


@router.post("/cases/duplicates")
def find_duplicates(s: DbSession, actor: CaseReader, body: s_.ChildIn) -> list[s_.DuplicateOut]:
    """The earlier files (open or closed) that may be this child's, as the intake shows them:
    names compared by how they sound, with the birth date (docs/case-work.md)."""
    child = service.ChildDetails(**body.model_dump())
    return [s_.DuplicateOut.of(m) for m in possible_duplicates(s, child, by=actor)]


@router.post("/cases", status_code=201)
def open_case(
    request: Request, s: DbSession, actor: CaseWriter, body: s_.IntakeIn
) -> s_.OpenedCase:
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
        disappearance=_disappearance(body.disappearance),
        abroad=Abroad(
            country=_country(body.country),
            direction=body.direction,
            authority_reference=body.authority_reference,
        ),
        late_reason=body.late_reason,
    )
    limit = settings(request).disputed_age_limit
    twins = [s_.DuplicateOut.of(m) for m in possible_duplicates(s, intake.child, by=actor)]
    days = settings(request).backdate_days
    case = service.open_case(s, intake, by=actor, disputed_age_limit=limit, backdate_days=days)
    detail = _after(s, case.reference, actor)
    return s_.OpenedCase(**detail.model_dump(), possible_duplicates=twins)


@router.get("/cases/{reference}")
def get_case(s: DbSession, actor: CaseReader, reference: Reference) -> s_.CaseDetail:
    return s_.CaseDetail.of_file(view_case(s, reference, by=actor))


@router.post("/cases/{reference}/notes")
def add_note(
    s: DbSession, actor: CaseWriter, reference: Reference, body: s_.NoteIn
) -> s_.CaseDetail:
    service.add_note(s, reference, body.text, by=actor)
    return _after(s, reference, actor)


@router.post("/cases/{reference}/events")
def record_event(
    s: DbSession, actor: CaseWriter, reference: Reference, body: s_.EventIn
) -> s_.CaseDetail:
    try:
        kind = parse_event_kind(body.kind)
    except InputError as exc:
        exc.field = "kind"
        raise
    service.record_event(s, reference, kind, body.text, by=actor, on=body.on)
    return _after(s, reference, actor)


@router.post("/cases/{reference}/tasks")
def add_task(
    s: DbSession, actor: CaseWriter, reference: Reference, body: s_.TaskIn
) -> s_.CaseDetail:
    service.add_task(
        s, reference, body.title, by=actor, due_on=body.due_on, worker=body.worker or ""
    )
    return _after(s, reference, actor)


@router.post("/cases/{reference}/tasks/{task_id}/done")
def complete_task(
    s: DbSession,
    actor: CaseWriter,
    reference: Reference,
    task_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
) -> s_.CaseDetail:
    service.complete_task(s, reference, task_id, by=actor)
    return _after(s, reference, actor)


@router.post("/cases/{reference}/people")
def add_person(
    s: DbSession, actor: CaseWriter, reference: Reference, body: s_.PersonIn
) -> s_.CaseDetail:
    try:
        role = parse_role(body.role)
    except InputError as exc:
        exc.field = "role"
        raise
    service.add_person(
        s,
        reference,
        role,
        by=actor,
        first_name=body.first_name,
        last_name=body.last_name,
        contact=body.contact,
    )
    return _after(s, reference, actor)


@router.post("/cases/{reference}/close")
def close_case(
    request: Request, s: DbSession, actor: CaseWriter, reference: Reference, body: s_.CloseIn
) -> s_.CaseDetail:
    service.close_case(
        s,
        reference,
        outcome=body.outcome,
        on=body.on,
        note=body.note,
        by=actor,
        backdate_days=settings(request).backdate_days,
    )
    return _after(s, reference, actor)


@router.post("/cases/{reference}/reopen")
def reopen_case(
    s: DbSession, actor: CaseManager, reference: Reference, body: s_.ReopenIn
) -> s_.CaseDetail:
    service.reopen_case(s, reference, reason=body.reason, by=actor)
    return _after(s, reference, actor)


@router.post("/cases/{reference}/repeat", status_code=201)
def open_repeat(
    request: Request, s: DbSession, actor: CaseWriter, reference: Reference, body: s_.RepeatIn
) -> s_.CaseDetail:
    """A new disappearance of this file's child: a new file, linked to this one as the same
    child (a repeat disappearance is never a reopening). Answers the new file."""
    case = service.open_repeat(
        s,
        reference,
        on=body.on,
        summary=body.summary,
        late_reason=body.late_reason,
        by=actor,
        backdate_days=settings(request).backdate_days,
    )
    return _after(s, case.reference, actor)


@router.post("/cases/{reference}/reclassify")
def reclassify_case(
    request: Request,
    s: DbSession,
    actor: CaseManager,
    reference: Reference,
    body: s_.ReclassifyIn,
) -> s_.CaseDetail:
    """Change the type, scope or effective from ``on`` (today if not given), with the
    reason: the figures count the file under the new one from that day."""
    now = service.classification_of(s, reference, by=actor)
    service.reclassify_case(
        s,
        reference,
        now.changed(body.type, body.scope, body.effective),
        reason=body.reason,
        on=body.on,
        by=actor,
        backdate_days=settings(request).backdate_days,
    )
    return _after(s, reference, actor)


@router.post("/cases/{reference}/assign")
def assign_case(
    s: DbSession, actor: CaseManager, reference: Reference, body: s_.AssignIn
) -> s_.CaseDetail:
    service.assign_case(s, reference, body.username, by=actor)
    return _after(s, reference, actor)
