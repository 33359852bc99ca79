"""The forms on a file's page (note, event, task, person, link), the pages of closing and
editing it, and the supervisor's page of managing it (assign, reopen, restrict). Each reads
its fields and calls one use case; a refused one shows the page again with every error of
the form, each next to its field and listed at the top (see forms.Problems)."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.cases import editing, service
from vigil.cases.reading import view_case
from vigil.cases.workers import list_workers
from vigil.domain.case_types import MISSING_TYPES, CaseType, parse_case_type, parse_scope
from vigil.domain.events import parse_event_kind
from vigil.domain.outcomes import Outcome, allowed_outcomes, parse_outcome
from vigil.domain.people import Gender, parse_gender, parse_risk_reason, parse_role
from vigil.errors import N_
from vigil.store.models import Case
from vigil.web import labels
from vigil.web.context import CaseManager, CaseWriter, DbSession, settings
from vigil.web.pages import forms
from vigil.web.pages.cases import case_page
from vigil.web.pages.intake import disappearance_form, read_abroad, read_disappearance
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form()]


def _answer(
    request: Request,
    s: Session,
    actor: Actor,
    reference: str,
    name: str,
    problems: forms.Problems,
    **values: str,
) -> Response:
    """Go back to the file when the form ``name`` passed; else show the file again with
    that form's errors, all of them (nothing of the change kept)."""
    if not problems:
        return forms.see_other(f"/cases/{reference}?done={name}")
    s.rollback()
    errors = problems.shown(request)
    return case_page(request, s, actor, reference, 422, failed=name, errors=errors, form=values)


@router.post("/cases/{reference}/note")
def note(
    request: Request, s: DbSession, actor: CaseWriter, reference: str, text: Field = ""
) -> Response:
    problems = forms.Problems()
    problems.read("text", lambda: service.add_note(s, reference, text, by=actor))
    return _answer(request, s, actor, reference, "note", problems, text=text)


@router.post("/cases/{reference}/event")
def event(
    request: Request,
    s: DbSession,
    actor: CaseWriter,
    reference: str,
    kind: Field = "",
    text: Field = "",
    occurred_at: Field = "",
) -> Response:
    problems = forms.Problems()
    parsed = problems.read(
        "kind",
        lambda: forms.required(
            "kind", kind, parse_event_kind, N_("the kind of event is missing; fill it in")
        ),
    )
    on = problems.read("occurred_at", lambda: forms.day("occurred_at", occurred_at))
    if parsed is not None:
        change = partial(service.record_event, s, reference, parsed, text, by=actor, on=on)
        problems.read("text", change)
    values = {"kind": kind, "text": text, "occurred_at": occurred_at}
    return _answer(request, s, actor, reference, "event", problems, **values)


@router.post("/cases/{reference}/task")
def task(
    request: Request,
    s: DbSession,
    actor: CaseWriter,
    reference: str,
    title: Field = "",
    due_on: Field = "",
    worker: Field = "",
) -> Response:
    problems = forms.Problems()
    due = problems.read("due_on", lambda: forms.day("due_on", due_on))
    change = partial(service.add_task, s, reference, title, by=actor, due_on=due, worker=worker)
    problems.read("title", change)
    values = {"title": title, "due_on": due_on, "worker": worker}
    return _answer(request, s, actor, reference, "task", problems, **values)


@router.post("/cases/{reference}/tasks/{task_id}/done")
def task_done(
    request: Request, s: DbSession, actor: CaseWriter, reference: str, task_id: int
) -> Response:
    problems = forms.Problems()
    problems.read("task", lambda: service.complete_task(s, reference, task_id, by=actor))
    return _answer(request, s, actor, reference, "task_done", problems)


@router.post("/cases/{reference}/person")
def person(
    request: Request,
    s: DbSession,
    actor: CaseWriter,
    reference: str,
    role: Field = "",
    first_name: Field = "",
    last_name: Field = "",
    contact: Field = "",
) -> Response:
    problems = forms.Problems()
    parsed = problems.read(
        "role",
        lambda: forms.required(
            "role", role, parse_role, N_("the person's role is missing; fill it in")
        ),
    )
    if parsed is not None:
        names = {"first_name": first_name, "last_name": last_name, "contact": contact}
        problems.read("name", partial(service.add_person, s, reference, parsed, by=actor, **names))
    values = {"role": role, "first_name": first_name, "last_name": last_name, "contact": contact}
    return _answer(request, s, actor, reference, "person", problems, **values)


@router.post("/cases/{reference}/link")
def link(
    request: Request,
    s: DbSession,
    actor: CaseWriter,
    reference: str,
    other: Field = "",
    sibling: Field = "",
) -> Response:
    problems = forms.Problems()
    change = partial(service.link_cases, s, reference, other.upper(), by=actor)
    problems.read("other", lambda: change(same_child=not sibling))
    return _answer(request, s, actor, reference, "link", problems, other=other, sibling=sibling)


@router.post("/cases/{reference}/repeat")
def repeat(
    request: Request,
    s: DbSession,
    actor: CaseWriter,
    reference: str,
    on: Field = "",
    late_reason: Field = "",
) -> Response:
    """A new disappearance of the file's child: open the new linked file, and go to it."""
    problems = forms.Problems()
    day = problems.read("on", lambda: forms.day("on", on))
    days = settings(request).backdate_days
    change = partial(service.open_repeat, s, reference, by=actor, backdate_days=days)
    case = None
    if not problems:
        case = problems.read("on", lambda: change(on=day, late_reason=late_reason))
    if problems or case is None:
        values = {"on": on, "late_reason": late_reason}
        return _answer(request, s, actor, reference, "repeat", problems, **values)
    return forms.see_other(f"/cases/{case.reference}?done=opened")


def _manage_page(
    request: Request, s: Session, actor: Actor, reference: str, status: int = 200, **extra: Any
) -> Response:
    """Assign, reopen and restrict: a supervisor's page of the file, apart from its reading."""
    view = view_case(s, reference, by=actor, detail="manage form")
    staff = list_workers(s, active_only=True)
    workers = [(w.username, w.display_name) for w in staff]
    extra.setdefault("failed", "")
    types = list(CaseType)
    return render(
        request,
        "manage.html",
        status,
        file=view,
        case=view.case,
        workers=workers,
        types=types,
        **extra,
    )


@router.get("/cases/{reference}/manage")
def manage_form(request: Request, s: DbSession, actor: CaseManager, reference: str) -> Response:
    return _manage_page(request, s, actor, reference)


def _managed(
    request: Request,
    s: Session,
    actor: Actor,
    reference: str,
    name: str,
    problems: forms.Problems,
    **values: str,
) -> Response:
    if not problems:
        return forms.see_other(f"/cases/{reference}?done={name}")
    s.rollback()
    errors = problems.shown(request)
    return _manage_page(request, s, actor, reference, 422, failed=name, errors=errors, form=values)


@router.post("/cases/{reference}/assign")
def assign(
    request: Request, s: DbSession, actor: CaseManager, reference: str, to: Field = ""
) -> Response:
    problems = forms.Problems()
    problems.read("to", lambda: service.assign_case(s, reference, to, by=actor))
    return _managed(request, s, actor, reference, "assign", problems, to=to)


@router.post("/cases/{reference}/reopen")
def reopen(
    request: Request, s: DbSession, actor: CaseManager, reference: str, reason: Field = ""
) -> Response:
    problems = forms.Problems()
    problems.read("reason", lambda: service.reopen_case(s, reference, reason=reason, by=actor))
    return _managed(request, s, actor, reference, "reopen", problems, reason=reason)


@router.post("/cases/{reference}/reclassify")
def reclassify(
    request: Request,
    s: DbSession,
    actor: CaseManager,
    reference: str,
    type: Field = "",
    scope: Field = "",
    effective: Field = "",
    on: Field = "",
    reason: Field = "",
) -> Response:
    problems = forms.Problems()
    new_type = problems.read("type", lambda: forms.optional("type", type, parse_case_type))
    new_scope = problems.read("scope", lambda: forms.optional("scope", scope, parse_scope))
    day = problems.read("on", lambda: forms.day("on", on))
    if not problems:
        now = service.classification_of(s, reference, by=actor)
        to = now.changed(new_type, new_scope, forms.yes_no(effective))
        days = settings(request).backdate_days
        change = partial(service.reclassify_case, s, reference, to, reason=reason, by=actor)
        problems.read("reason", lambda: change(on=day, backdate_days=days))
    values = {"type": type, "scope": scope, "effective": effective, "on": on, "reason": reason}
    return _managed(request, s, actor, reference, "reclassify", problems, **values)


@router.post("/cases/{reference}/restrict")
def restrict(
    request: Request,
    s: DbSession,
    actor: CaseManager,
    reference: str,
    workers: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies it
) -> Response:
    problems = forms.Problems()
    problems.read("workers", lambda: service.restrict_case(s, reference, workers, by=actor))
    return _managed(request, s, actor, reference, "restrict", problems)


def _outcomes(case: Case) -> list[Outcome]:
    """Those that fit the file first; then the rest, which the rules refuse with a message
    saying why (an unaccompanied minor's file without news, most of all)."""
    fitting = sorted(allowed_outcomes(case.type, case.effective))
    return fitting + sorted(set(Outcome) - set(fitting))


def _close_page(
    request: Request, s: Session, actor: Actor, reference: str, status: int = 200, **extra: Any
) -> Response:
    view = view_case(s, reference, by=actor, detail="close form")
    outcomes = _outcomes(view.case)
    return render(request, "close.html", status, case=view.case, outcomes=outcomes, **extra)


@router.get("/cases/{reference}/close")
def close_form(request: Request, s: DbSession, actor: CaseWriter, reference: str) -> Response:
    return _close_page(request, s, actor, reference)


@router.post("/cases/{reference}/close")
def close(
    request: Request,
    s: DbSession,
    actor: CaseWriter,
    reference: str,
    outcome: Field = "",
    closed_at: Field = "",
    note: Field = "",
) -> Response:
    problems = forms.Problems()
    parsed = problems.read("outcome", lambda: forms.optional("outcome", outcome, parse_outcome))
    on = problems.read("closed_at", lambda: forms.day("closed_at", closed_at))
    days = settings(request).backdate_days
    change = partial(
        service.close_case, s, reference, outcome=parsed, note=note, by=actor, backdate_days=days
    )
    problems.read("outcome", lambda: change(on=on))
    if problems:
        s.rollback()
        values = {"outcome": outcome, "closed_at": closed_at, "note": note}
        errors = problems.shown(request)
        return _close_page(request, s, actor, reference, 422, form=values, errors=errors)
    return forms.see_other(f"/cases/{reference}?done=close")


def _edit_values(case: Case) -> dict[str, object]:
    child = case.child
    assert child is not None  # every file opened by Vigil or imported has its child
    return {
        "summary": case.summary,
        "risk": list(case.risk_reasons),
        "first_name": child.first_name,
        "last_name": child.last_name,
        "birth_date": child.birth_date.isoformat() if child.birth_date else "",
        "age": "" if child.estimated_age is None else str(child.estimated_age),
        "age_estimated_on": child.estimated_on.isoformat() if child.estimated_on else "",
        "age_disputed": "1" if child.age_disputed else "",
        "country": case.country or "",
        "direction": case.direction.value if case.direction else "",
        "authority_reference": case.authority_reference or "",
        "gender": child.gender.value,
        **disappearance_form(case),
    }


def _edit_page(
    request: Request, s: Session, actor: Actor, reference: str, status: int = 200, **extra: Any
) -> Response:
    view = view_case(s, reference, by=actor, detail="edit form")
    form = extra.pop("form", None) or _edit_values(view.case)
    genders = labels.GENDER_CHOICES
    missing_child = view.case.type in MISSING_TYPES  # the risk questions are theirs only
    return render(
        request,
        "edit.html",
        status,
        case=view.case,
        form=form,
        genders=genders,
        missing_child=missing_child,
        **extra,
    )


@router.get("/cases/{reference}/edit")
def edit_form(request: Request, s: DbSession, actor: CaseWriter, reference: str) -> Response:
    return _edit_page(request, s, actor, reference)


_EDIT_FIELDS = {
    "child_birth_date": "birth_date",
    "child_age": "age",
    "child_first_name": "first_name",
    "child_last_name": "last_name",
    "child_age_estimated_on": "age_estimated_on",
    "child_age_disputed": "age_disputed",
    "risk_reasons": "risk",
}
"""The fields of the rules' errors, by their names on the edit form."""


@router.post("/cases/{reference}/edit")
def edit(
    request: Request,
    s: DbSession,
    actor: CaseWriter,
    reference: str,
    summary: Field = "",
    risk: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies it
    first_name: Field = "",
    last_name: Field = "",
    birth_date: Field = "",
    age: Field = "",
    gender: Field = "unknown",
    age_estimated_on: Field = "",
    age_disputed: Field = "",
    country: Field = "",
    direction: Field = "",
    authority_reference: Field = "",
    disappeared_at: Field = "",
    reported_at: Field = "",
    last_seen_place: Field = "",
    last_seen_municipality: Field = "",
    description: Field = "",
    clothing: Field = "",
    police_report_number: Field = "",
    police_zone: Field = "",
    magistrate_office: Field = "",
    nationality: Field = "",
    aliases: Field = "",
    reception_centre: Field = "",
) -> Response:
    problems = forms.Problems()
    reasons = [
        problems.read("risk", partial(forms.optional, "risk", x, parse_risk_reason)) for x in risk
    ]
    born = problems.read("birth_date", lambda: forms.day("birth_date", birth_date))
    estimated = problems.read("age", lambda: forms.whole("age", age))
    estimated_on = problems.read(
        "age_estimated_on", lambda: forms.day("age_estimated_on", age_estimated_on)
    )
    abroad = read_abroad(country, direction, authority_reference, problems)
    typed = {
        "disappeared_at": disappeared_at,
        "reported_at": reported_at,
        "last_seen_place": last_seen_place,
        "last_seen_municipality": last_seen_municipality,
        "description": description,
        "clothing": clothing,
        "police_report_number": police_report_number,
        "police_zone": police_zone,
        "magistrate_office": magistrate_office,
        "nationality": nationality,
        "aliases": aliases,
        "reception_centre": reception_centre,
    }
    gone = read_disappearance(typed, problems)
    sex = problems.read("gender", lambda: forms.optional("gender", gender, parse_gender))
    if not problems:
        corrections = editing.Corrections(
            summary=summary,
            risk_reasons=frozenset(r for r in reasons if r),
            first_name=first_name,
            last_name=last_name,
            birth_date=born,
            estimated_age=estimated,
            gender=sex or Gender.UNKNOWN,
            estimated_on=estimated_on,
            age_disputed=bool(age_disputed),
            disputed_age_limit=settings(request).disputed_age_limit,
            abroad=abroad,
            disappearance=gone,
        )
        problems.read("risk", lambda: editing.edit_case(s, reference, corrections, by=actor))
    if problems:
        s.rollback()
        values = {
            "summary": summary,
            "risk": risk,
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth_date,
            "age": age,
            "gender": gender,
            "age_estimated_on": age_estimated_on,
            "age_disputed": age_disputed,
            "country": country,
            "direction": direction,
            "authority_reference": authority_reference,
            **typed,
        }
        errors = problems.shown(request, _EDIT_FIELDS)
        return _edit_page(request, s, actor, reference, 422, form=values, errors=errors)
    return forms.see_other(f"/cases/{reference}?done=edit")
