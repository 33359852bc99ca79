"""The forms on a file's page: note, event, task, person, close, edit, assign, reopen,
restrict, link. Each reads its fields and calls one use case; a refused one shows the page
again with the message next to the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.cases import editing, service
from vigil.cases.reading import view_case
from vigil.domain.events import parse_event_kind
from vigil.domain.outcomes import Outcome, allowed_outcomes, parse_outcome
from vigil.domain.people import Gender, parse_gender, parse_risk_reason, parse_role
from vigil.errors import N_, InputError
from vigil.store.models import Case
from vigil.web import labels
from vigil.web.context import CaseManager, CaseWriter, DbSession
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.pages.cases import case_page
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form()]


def _apply(
    request: Request,
    s: Session,
    actor: Actor,
    reference: str,
    name: str,
    change: Callable[[], object],
    **values: str,
) -> Response:
    """Run ``change``; on InputError show the file again with the form ``name`` in error
    (nothing of the change kept), else go back to the file."""
    try:
        change()
    except InputError as exc:
        s.rollback()
        errors = {exc.field or name: shown(request, exc)}
        return case_page(request, s, actor, reference, 422, failed=name, errors=errors, form=values)
    return forms.see_other(f"/cases/{reference}?done={name}")


@router.post("/cases/{reference}/note")
def note(
    request: Request, s: DbSession, actor: CaseWriter, reference: str, text: Field = ""
) -> Response:
    def change() -> object:
        return service.add_note(s, reference, text, by=actor)

    return _apply(request, s, actor, reference, "note", change, text=text)


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
    def change() -> object:
        parsed = forms.required(
            "kind", kind, parse_event_kind, N_("the kind of event is missing; fill it in")
        )
        on = forms.day("occurred_at", occurred_at)
        return service.record_event(s, reference, parsed, text, by=actor, on=on)

    values = {"kind": kind, "text": text, "occurred_at": occurred_at}
    return _apply(request, s, actor, reference, "event", change, **values)


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
    def change() -> object:
        due = forms.day("due_on", due_on)
        return service.add_task(s, reference, title, by=actor, due_on=due, worker=worker)

    values = {"title": title, "due_on": due_on, "worker": worker}
    return _apply(request, s, actor, reference, "task", change, **values)


@router.post("/cases/{reference}/tasks/{task_id}/done")
def task_done(
    request: Request, s: DbSession, actor: CaseWriter, reference: str, task_id: int
) -> Response:
    def change() -> object:
        return service.complete_task(s, reference, task_id, by=actor)

    return _apply(request, s, actor, reference, "task_done", change)


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
    def change() -> object:
        parsed = forms.required(
            "role", role, parse_role, N_("the person's role is missing; fill it in")
        )
        return service.add_person(
            s,
            reference,
            parsed,
            by=actor,
            first_name=first_name,
            last_name=last_name,
            contact=contact,
        )

    values = {"role": role, "first_name": first_name, "last_name": last_name, "contact": contact}
    return _apply(request, s, actor, reference, "person", change, **values)


@router.post("/cases/{reference}/link")
def link(
    request: Request, s: DbSession, actor: CaseWriter, reference: str, other: Field = ""
) -> Response:
    def change() -> object:
        return service.link_cases(s, reference, other.strip().upper(), by=actor)

    return _apply(request, s, actor, reference, "link", change, other=other)


@router.post("/cases/{reference}/assign")
def assign(
    request: Request, s: DbSession, actor: CaseManager, reference: str, to: Field = ""
) -> Response:
    def change() -> object:
        return service.assign_case(s, reference, to, by=actor)

    return _apply(request, s, actor, reference, "assign", change, to=to)


@router.post("/cases/{reference}/reopen")
def reopen(
    request: Request, s: DbSession, actor: CaseManager, reference: str, reason: Field = ""
) -> Response:
    def change() -> object:
        return service.reopen_case(s, reference, reason=reason, by=actor)

    return _apply(request, s, actor, reference, "reopen", change, reason=reason)


@router.post("/cases/{reference}/restrict")
def restrict(
    request: Request,
    s: DbSession,
    actor: CaseManager,
    reference: str,
    workers: Annotated[list[str], Form()] = [],  # noqa: B006 - FastAPI copies it
) -> Response:
    def change() -> object:
        return service.restrict_case(s, reference, workers, by=actor)

    return _apply(request, s, actor, reference, "restrict", change)


def _outcomes(case: Case) -> list[Outcome]:
    """Those that fit the file first; then the rest, which the rules refuse with a message
    saying why (an unaccompanied minor's file without news, most of all)."""
    fitting = sorted(allowed_outcomes(case.type))
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
    try:
        parsed = forms.optional("outcome", outcome, parse_outcome)
        on = forms.day("closed_at", closed_at)
        service.close_case(s, reference, outcome=parsed, on=on, note=note, by=actor)
    except InputError as exc:
        s.rollback()
        values = {"outcome": outcome, "closed_at": closed_at, "note": note}
        errors = {exc.field or "outcome": shown(request, exc)}
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
        "gender": child.gender.value,
    }


def _edit_page(
    request: Request, s: Session, actor: Actor, reference: str, status: int = 200, **extra: Any
) -> Response:
    view = view_case(s, reference, by=actor, detail="edit form")
    form = extra.pop("form", None) or _edit_values(view.case)
    genders = labels.GENDER_CHOICES
    return render(request, "edit.html", status, case=view.case, form=form, genders=genders, **extra)


@router.get("/cases/{reference}/edit")
def edit_form(request: Request, s: DbSession, actor: CaseWriter, reference: str) -> Response:
    return _edit_page(request, s, actor, reference)


_EDIT_FIELDS = {"child_birth_date": "birth_date", "child_age": "age"}
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
) -> Response:
    try:
        corrections = editing.Corrections(
            summary=summary,
            risk_reasons=frozenset(
                r for r in (forms.optional("risk", x, parse_risk_reason) for x in risk) if r
            ),
            first_name=first_name,
            last_name=last_name,
            birth_date=forms.day("birth_date", birth_date),
            estimated_age=forms.whole("age", age),
            gender=forms.optional("gender", gender, parse_gender) or Gender.UNKNOWN,
        )
        editing.edit_case(s, reference, corrections, by=actor)
    except InputError as exc:
        s.rollback()
        values = {
            "summary": summary,
            "risk": risk,
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth_date,
            "age": age,
            "gender": gender,
        }
        field = _EDIT_FIELDS.get(exc.field or "", exc.field or "risk")
        errors = {field: shown(request, exc)}
        return _edit_page(request, s, actor, reference, 422, form=values, errors=errors)
    return forms.see_other(f"/cases/{reference}?done=edit")
