"""Intake of a new call in one screen, with the duplicate warning."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel

from vigil import clock
from vigil.cases import service
from vigil.cases.duplicates import possible_duplicates
from vigil.domain.case_types import CaseType, parse_case_type, parse_scope
from vigil.domain.people import Gender, RiskReason, parse_gender, parse_risk_reason
from vigil.errors import N_, InputError
from vigil.web import labels
from vigil.web.context import CaseWriter, DbSession
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)


class IntakeForm(BaseModel):
    """The intake form as sent: text, to be read by :func:`read_intake`."""

    type: str = ""
    child_first_name: str = ""
    child_last_name: str = ""
    child_birth_date: str = ""
    child_age: str = ""
    child_gender: str = "unknown"
    opened_at: str = ""
    scope: str = ""
    effective: str = ""
    summary: str = ""
    risk: list[str] = []
    reporter_name: str = ""
    reporter_contact: str = ""
    confirm_new: str = ""


def read_intake(form: IntakeForm) -> service.Intake:
    """The intake the form describes. Raise InputError naming the field of a bad value."""
    return service.Intake(
        type=forms.required(
            "type", form.type, parse_case_type, N_("the type of file is missing; fill it in")
        ),
        child=service.ChildDetails(
            first_name=form.child_first_name.strip(),
            last_name=form.child_last_name.strip(),
            birth_date=forms.day("child_birth_date", form.child_birth_date),
            estimated_age=forms.whole("child_age", form.child_age),
            gender=forms.optional("child_gender", form.child_gender, parse_gender)
            or Gender.UNKNOWN,
        ),
        opened_at=forms.day("opened_at", form.opened_at),
        scope=forms.optional("scope", form.scope, parse_scope),
        effective=forms.yes_no(form.effective),
        summary=form.summary,
        risk_reasons=frozenset(
            r for r in (forms.optional("risk", x, parse_risk_reason) for x in form.risk) if r
        ),
        reporter_name=form.reporter_name,
        reporter_contact=form.reporter_contact,
    )


def _page(request: Request, status: int = 200, **context: Any) -> Response:
    return render(
        request,
        "intake.html",
        status,
        types=list(CaseType),
        genders=labels.GENDER_CHOICES,
        reasons=[r for r in RiskReason if r is not RiskReason.UNDER_13],
        duplicates=context.pop("duplicates", []),
        **context,
    )


@router.get("/cases/new")
def intake_form(request: Request, actor: CaseWriter) -> Response:
    return _page(request, form={"opened_at": clock.today().isoformat(), "risk": []})


@router.post("/cases/new")
def intake(
    request: Request, s: DbSession, actor: CaseWriter, form: Annotated[IntakeForm, Form()]
) -> Response:
    values = form.model_dump()
    try:
        parsed = read_intake(form)
        if not form.confirm_new:
            twins = possible_duplicates(s, parsed.child, by=actor)
            if twins:
                return _page(request, 409, form=values, duplicates=twins)
        case = service.open_case(s, parsed, by=actor)
    except InputError as exc:
        s.rollback()
        return _page(request, 422, form=values, errors={exc.field or "type": shown(request, exc)})
    return forms.see_other(f"/cases/{case.reference}?done=opened")
