"""Intake of a new call in one screen, with the duplicate warning."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel

from vigil import clock
from vigil.cases import service
from vigil.cases.duplicates import STRENGTH_LABELS, possible_duplicates
from vigil.domain.case_types import CaseType, parse_case_type, parse_scope
from vigil.domain.countries import Abroad, parse_country, parse_direction
from vigil.domain.disappearance import NAMES as DISAPPEARANCE_NAMES
from vigil.domain.disappearance import Disappearance
from vigil.domain.parsing import parse_moment
from vigil.domain.people import Gender, RiskReason, parse_gender, parse_risk_reason
from vigil.errors import N_, InputError
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
    child_age_estimated_on: str = ""
    child_age_disputed: str = ""
    child_gender: str = "unknown"
    opened_at: str = ""
    scope: str = ""
    effective: str = ""
    summary: str = ""
    risk: list[str] = []
    reporter_name: str = ""
    reporter_contact: str = ""
    country: str = ""
    direction: str = ""
    authority_reference: str = ""
    disappeared_at: str = ""
    reported_at: str = ""
    last_seen_place: str = ""
    last_seen_municipality: str = ""
    description: str = ""
    clothing: str = ""
    police_report_number: str = ""
    police_zone: str = ""
    magistrate_office: str = ""
    nationality: str = ""
    aliases: str = ""
    reception_centre: str = ""
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
    estimated_on = problems.read(
        "child_age_estimated_on",
        lambda: forms.day("child_age_estimated_on", form.child_age_estimated_on),
    )
    gender = problems.read(
        "child_gender", lambda: forms.optional("child_gender", form.child_gender, parse_gender)
    )
    opened = problems.read("opened_at", lambda: forms.day("opened_at", form.opened_at))
    scope = problems.read("scope", lambda: forms.optional("scope", form.scope, parse_scope))
    abroad = read_abroad(form.country, form.direction, form.authority_reference, problems)
    gone = read_disappearance(form.model_dump(), problems)
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
            estimated_on=estimated_on,
            age_disputed=bool(form.child_age_disputed),
        ),
        opened_at=opened,
        scope=scope,
        effective=forms.yes_no(form.effective),
        summary=form.summary,
        risk_reasons=frozenset(r for r in reasons if r),
        reporter_name=form.reporter_name,
        reporter_contact=form.reporter_contact,
        abroad=abroad,
        disappearance=gone,
        late_reason=form.late_reason,
    )


def _moment(name: str, raw: str) -> datetime | None:
    try:
        wall = parse_moment(raw)
    except InputError as exc:
        exc.field = name
        raise
    return None if wall is None else clock.from_local(wall)


def read_disappearance(values: Mapping[str, Any], problems: forms.Problems) -> Disappearance:
    """The disappearance as typed (a form's fields named as its parts)."""
    texts = {name: str(values.get(name) or "") for name in DISAPPEARANCE_NAMES}
    at = problems.read("disappeared_at", lambda: _moment("disappeared_at", texts["disappeared_at"]))
    reported = problems.read("reported_at", lambda: _moment("reported_at", texts["reported_at"]))
    nationality = problems.read(
        "nationality", lambda: forms.optional("nationality", texts["nationality"], parse_country)
    )
    plain = {
        n: v for n, v in texts.items() if n not in ("disappeared_at", "reported_at", "nationality")
    }
    return Disappearance(**plain, disappeared_at=at, reported_at=reported, nationality=nationality)


def disappearance_form(case: Any) -> dict[str, str]:
    """A file's disappearance as the form shows it (times in the foundation's zone)."""
    row = case.disappearance
    values: dict[str, str] = {}
    for name in DISAPPEARANCE_NAMES:
        value = getattr(row, name) if row is not None else None
        if isinstance(value, datetime):
            value = clock.local(value).strftime("%Y-%m-%dT%H:%M")
        values[name] = "" if value is None else str(value)
    return values


def read_abroad(country: str, direction: str, reference: str, problems: forms.Problems) -> Abroad:
    """An international parental abduction's country, direction and reference, as typed."""
    code = problems.read("country", lambda: forms.optional("country", country, parse_country))
    way = problems.read(
        "direction", lambda: forms.optional("direction", direction, parse_direction)
    )
    return Abroad(country=code, direction=way, authority_reference=reference)


def _page(request: Request, status: int = 200, **context: Any) -> Response:
    return render(
        request,
        "intake.html",
        status,
        types=list(CaseType),
        genders=labels.GENDER_CHOICES,
        reasons=[r for r in RiskReason if r is not RiskReason.UNDER_13],
        duplicates=context.pop("duplicates", []),
        strengths=STRENGTH_LABELS,
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
    limit = settings(request).disputed_age_limit
    case = (
        problems.read(
            "type",
            partial(
                service.open_case,
                s,
                parsed,
                by=actor,
                disputed_age_limit=limit,
                backdate_days=days,
            ),
        )
        if parsed
        else None
    )
    if problems or case is None:
        s.rollback()
        errors = problems.shown(request, {"risk_reasons": "risk"})
        return _page(request, 422, form=values, errors=errors)
    return forms.see_other(f"/cases/{case.reference}?done=opened")
