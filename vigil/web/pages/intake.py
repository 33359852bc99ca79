"""Intake of a new call in one screen, with the duplicate warning."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel

from vigil import clock
from vigil.cases import service
from vigil.cases.duplicates import possible_duplicates
from vigil.domain.case_types import CaseType, parse_case_type, parse_scope
from vigil.domain.people import Gender, RiskReason, parse_gender, parse_risk_reason
from vigil.errors import N_
from vigil.web import labels
from vigil.web.context import CaseWriter, DbSession, settings
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
    late_reason: str = ""
    confirm_new: str = ""


def read_intake(form: IntakeForm, problems: forms.Problems) -> service.Intake | None:
    """The intake the form describes; None when its type is missing or wrong. Every field's
    error is kept in ``problems``, under the field's name."""
    missing = N_("the type of file is missing; fill it in")
    case_type = problems.read(
        "type", partial(forms.required, "type", form.type, parse_case_type, missing)
    )
    born = problems.read(
        "child_birth_date", lambda: forms.day("child_birth_date", form.child_birth_date)
    )
    age = problems.read("child_age", lambda: forms.whole("child_age", form.child_age))
    gender = problems.read(
        "child_gender", lambda: forms.optional("child_gender", form.child_gender, parse_gender)
    )
    opened = problems.read("opened_at", lambda: forms.day("opened_at", form.opened_at))
    scope = problems.read("scope", lambda: forms.optional("scope", form.scope, parse_scope))
    reasons = [
        problems.read("risk", partial(forms.optional, "risk", x, parse_risk_reason))
        for x in form.risk
    ]
    if case_type is None:
        return None
    return service.Intake(
        type=case_type,
        child=service.ChildDetails(
            first_name=form.child_first_name.strip(),
            last_name=form.child_last_name.strip(),
            birth_date=born,
            estimated_age=age,
            gender=gender or Gender.UNKNOWN,
        ),
        opened_at=opened,
        scope=scope,
        effective=forms.yes_no(form.effective),
        summary=form.summary,
        risk_reasons=frozenset(r for r in reasons if r),
        reporter_name=form.reporter_name,
        reporter_contact=form.reporter_contact,
        late_reason=form.late_reason,
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
        backdate_days=settings(request).backdate_days,
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
    problems = forms.Problems()
    parsed = read_intake(form, problems)
    days = settings(request).backdate_days
    if parsed is not None and not problems and not form.confirm_new:
        twins = possible_duplicates(s, parsed.child, by=actor)
        if twins:
            return _page(request, 409, form=values, duplicates=twins)
    case = (
        problems.read("type", partial(service.open_case, s, parsed, by=actor, backdate_days=days))
        if parsed
        else None
    )
    if problems or case is None:
        s.rollback()
        return _page(request, 422, form=values, errors=problems.shown(request))
    return forms.see_other(f"/cases/{case.reference}?done=opened")
