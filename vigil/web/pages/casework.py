"""The forms on a file's page: note, event, task, person, close, edit, assign, reopen,
restrict, link. Each calls one use case; a refused one shows the page again with the
message next to the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil.accounts import access
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases import editing, service
from vigil.domain.events import parse_event_kind
from vigil.domain.outcomes import Outcome, allowed_outcomes, parse_outcome
from vigil.domain.people import Gender, parse_gender, parse_risk_reason, parse_role
from vigil.errors import N_, InputError
from vigil.store.models import Case, User
from vigil.web import labels
from vigil.web.actors import Actor
from vigil.web.context import Route, requires, transaction
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.pages.cases import case_page
from vigil.web.templating import render

router = APIRouter(include_in_schema=False, route_class=Route)
Writer = Annotated[Actor, Depends(requires(Permission.CASE_WRITE))]
Manager = Annotated[Actor, Depends(requires(Permission.CASE_MANAGE))]
Change = Callable[[Session, Case, User | None], object]


def _apply(
    request: Request, actor: Actor, reference: str, name: str, change: Change, **values: str
) -> Response:
    """Run ``change`` on the file and audit it as ``case.<name>``; on InputError show the
    file again with the form ``name`` in error."""
    with transaction(request) as s:
        case = access.viewable_case(s, reference, actor.user_id)
        try:
            change(s, case, actor.user(s))
        except InputError as exc:
            s.rollback()
            errors = {exc.field or name: shown(request, exc)}
            return case_page(
                request, s, actor, reference, 422, failed=name, errors=errors, form=values
            )
        audit.record(s, actor.name, f"case.{name}", case.reference)
    return forms.see_other(f"/cases/{reference}?done={name}")


@router.post("/cases/{reference}/note")
def note(request: Request, actor: Writer, reference: str, text: str = Form("")) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        return service.add_note(s, case, text, by=by)

    return _apply(request, actor, reference, "note", change, text=text)


@router.post("/cases/{reference}/event")
def event(
    request: Request,
    actor: Writer,
    reference: str,
    kind: str = Form(""),
    text: str = Form(""),
    occurred_at: str = Form(""),
) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        parsed = forms.required(
            "kind", kind, parse_event_kind, N_("the kind of event is missing; fill it in")
        )
        on = forms.day("occurred_at", occurred_at)
        return service.record_event(s, case, parsed, text, by=by, on=on)

    values = {"kind": kind, "text": text, "occurred_at": occurred_at}
    return _apply(request, actor, reference, "event", change, **values)


@router.post("/cases/{reference}/task")
def task(
    request: Request,
    actor: Writer,
    reference: str,
    title: str = Form(""),
    due_on: str = Form(""),
    worker: str = Form(""),
) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        who = service.get_user(s, worker) if worker.strip() else None
        return service.add_task(s, case, title, due_on=forms.day("due_on", due_on), assigned_to=who)

    values = {"title": title, "due_on": due_on, "worker": worker}
    return _apply(request, actor, reference, "task", change, **values)


@router.post("/cases/{reference}/tasks/{task_id}/done")
def task_done(request: Request, actor: Writer, reference: str, task_id: int) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        return service.complete_task(s, case, task_id)

    return _apply(request, actor, reference, "task_done", change)


@router.post("/cases/{reference}/person")
def person(
    request: Request,
    actor: Writer,
    reference: str,
    role: str = Form(""),
    first_name: str = Form(""),
    last_name: str = Form(""),
    contact: str = Form(""),
) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        parsed = forms.required(
            "role", role, parse_role, N_("the person's role is missing; fill it in")
        )
        return service.add_person(
            s, case, parsed, first_name=first_name, last_name=last_name, contact=contact
        )

    values = {"role": role, "first_name": first_name, "last_name": last_name, "contact": contact}
    return _apply(request, actor, reference, "person", change, **values)


@router.post("/cases/{reference}/link")
def link(request: Request, actor: Writer, reference: str, other: str = Form("")) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        if not other.strip():
            raise InputError("give the reference of the other file", field="other")
        target = access.viewable_case(s, other.strip().upper(), actor.user_id)
        service.link_cases(s, case, target)
        return target

    return _apply(request, actor, reference, "link", change, other=other)


@router.post("/cases/{reference}/assign")
def assign(request: Request, actor: Manager, reference: str, to: str = Form("")) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        if not to.strip():
            raise InputError("choose the worker to assign the file to", field="to")
        return service.assign_case(s, case, service.get_user(s, to), by=by)

    return _apply(request, actor, reference, "assign", change, to=to)


@router.post("/cases/{reference}/reopen")
def reopen(request: Request, actor: Manager, reference: str, reason: str = Form("")) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        return service.reopen_case(s, case, reason=reason, by=by)

    return _apply(request, actor, reference, "reopen", change, reason=reason)


@router.post("/cases/{reference}/restrict")
def restrict(
    request: Request, actor: Manager, reference: str, workers: list[str] = Form([])
) -> Response:
    def change(s: Session, case: Case, by: User | None) -> object:
        assert by is not None  # a token never holds case.manage on a person's behalf here
        access.restrict_case(s, case, workers, by=by)
        return case

    return _apply(request, actor, reference, "restrict", change)


def _close_page(
    request: Request, s: Session, case: Case, status: int = 200, **extra: object
) -> Response:
    return render(
        request,
        "close.html",
        status,
        case=case,
        outcomes=_outcomes(case),
        **extra,
    )


def _outcomes(case: Case) -> list[Outcome]:
    """Those that fit the file first; then the rest, which the rules refuse with a message
    saying why (an unaccompanied minor's file without news, most of all)."""
    fitting = sorted(allowed_outcomes(case.type))
    return fitting + sorted(set(Outcome) - set(fitting))


@router.get("/cases/{reference}/close")
def close_form(request: Request, actor: Writer, reference: str) -> Response:
    with transaction(request) as s:
        case = access.viewable_case(s, reference, actor.user_id)
        audit.record(s, actor.name, "case.view", case.reference, "close form")
        return _close_page(request, s, case)


@router.post("/cases/{reference}/close")
def close(
    request: Request,
    actor: Writer,
    reference: str,
    outcome: str = Form(""),
    closed_at: str = Form(""),
    note: str = Form(""),
) -> Response:
    values = {"outcome": outcome, "closed_at": closed_at, "note": note}
    with transaction(request) as s:
        case = access.viewable_case(s, reference, actor.user_id)
        try:
            parsed = forms.optional("outcome", outcome, parse_outcome)
            on = forms.day("closed_at", closed_at)
            service.close_case(s, case, outcome=parsed, on=on, note=note, by=actor.user(s))
        except InputError as exc:
            s.rollback()
            case = access.viewable_case(s, reference, actor.user_id)
            errors = {exc.field or "outcome": shown(request, exc)}
            return _close_page(request, s, case, 422, form=values, errors=errors)
        audit.record(s, actor.name, "case.close", case.reference)
    return forms.see_other(f"/cases/{reference}?done=close")


def _edit_values(case: Case) -> dict[str, object]:
    child = case.child
    assert child is not None
    return {
        "summary": case.summary,
        "risk": list(case.risk_reasons),
        "first_name": child.first_name,
        "last_name": child.last_name,
        "birth_date": child.birth_date.isoformat() if child.birth_date else "",
        "age": "" if child.estimated_age is None else str(child.estimated_age),
        "gender": child.gender.value,
    }


@router.get("/cases/{reference}/edit")
def edit_form(request: Request, actor: Writer, reference: str) -> Response:
    with transaction(request) as s:
        case = access.viewable_case(s, reference, actor.user_id)
        audit.record(s, actor.name, "case.view", case.reference, "edit form")
        return render(
            request, "edit.html", case=case, form=_edit_values(case), genders=labels.GENDER_CHOICES
        )


@router.post("/cases/{reference}/edit")
def edit(
    request: Request,
    actor: Writer,
    reference: str,
    summary: str = Form(""),
    risk: list[str] = Form([]),
    first_name: str = Form(""),
    last_name: str = Form(""),
    birth_date: str = Form(""),
    age: str = Form(""),
    gender: str = Form("unknown"),
) -> Response:
    values = {
        "summary": summary,
        "risk": risk,
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": birth_date,
        "age": age,
        "gender": gender,
    }
    with transaction(request) as s:
        case = access.viewable_case(s, reference, actor.user_id)
        try:
            changes = editing.Changes(
                summary=summary,
                risk_reasons=frozenset(parse_risk_reason(r) for r in risk if r.strip()),
                first_name=first_name,
                last_name=last_name,
                birth_date=forms.day("birth_date", birth_date),
                estimated_age=forms.whole("age", age),
                gender=forms.optional("gender", gender, parse_gender) or Gender.UNKNOWN,
            )
            editing.edit_case(s, case, changes, by=actor.user(s))
        except (InputError, ValueError) as exc:
            s.rollback()
            case = access.viewable_case(s, reference, actor.user_id)
            field = {"child_birth_date": "birth_date", "child_age": "age"}.get(
                getattr(exc, "field", None) or "", getattr(exc, "field", None) or "risk"
            )
            errors = {field: shown(request, exc) if isinstance(exc, InputError) else str(exc)}
            return render(
                request,
                "edit.html",
                422,
                case=case,
                form=values,
                errors=errors,
                genders=labels.GENDER_CHOICES,
            )
        audit.record(s, actor.name, "case.edit", case.reference)
    return forms.see_other(f"/cases/{reference}?done=edit")
