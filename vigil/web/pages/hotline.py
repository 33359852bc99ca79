"""The hotline's public door: /report, where anyone reports where they saw abuse material
(no account; anonymous unless they leave an e-mail address), and /report/status, where the
follow-up code shows what became of a report and nothing else.

There is no session before a report, so the form's token is kept in a cookie of its own and
must come back in the form (a cross-site post carries neither the cookie, which is
SameSite=Strict, nor the token). The use case counts each client address's reports in the
database (vigil.hotline.reports.receive_report).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel

from vigil.accounts import credentials
from vigil.accounts.actors import public
from vigil.domain.hotline import Progress
from vigil.errors import Forbidden, NotFound, TooMany
from vigil.hotline import reports
from vigil.web.context import DbSession, queue_fetches, settings
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.pages.auth import client_of, set_cookie
from vigil.web.templating import render

router = APIRouter(include_in_schema=False)


class ReportForm(BaseModel):
    """The public report form as sent: one URL a line, what was seen, an e-mail address."""

    urls: str = ""
    description: str = ""
    email: str = ""
    csrf: str = ""


def _cookie(request: Request) -> str:
    return "__Host-vigil_report" if settings(request).cookie_secure else "vigil_report"


def _form(request: Request, status: int = 200, **context: Any) -> Response:
    """The form, with the token of this browser's cookie (a new one when it has none)."""
    token = request.cookies.get(_cookie(request)) or credentials.new_token()
    response = render(request, "report.html", status, csrf=token, **context)
    set_cookie(request, response, _cookie(request), token)
    return response


@router.get("/report")
def report_form(request: Request) -> Response:
    return _form(request)


@router.post("/report")
def report(request: Request, s: DbSession, form: Annotated[ReportForm, Form()]) -> Response:
    sent = request.cookies.get(_cookie(request), "")
    if not sent or not credentials.same(sent, form.csrf):
        raise Forbidden(
            "this form is out of date or came from another site; reload the page and try again"
        )
    address = client_of(request).address
    values = form.model_dump(exclude={"csrf"})
    problems = forms.Problems()
    try:
        received = problems.read(
            "urls",
            lambda: reports.receive_report(
                s,
                form.urls.splitlines(),
                by=public(address),
                settings=settings(request),
                description=form.description,
                email=form.email,
                client=address,
            ),
        )
    except TooMany as exc:
        s.rollback()
        return _form(request, 429, form=values, errors={"urls": shown(request, exc)})
    if received is None:
        s.rollback()
        errors = problems.shown(request, rename={"url": "urls"})
        return _form(request, 422, form=values, errors=errors)
    reference, code = received.report.reference, received.followup_code
    s.commit()  # stored before anything is queued
    queue_fetches(request, received.to_fetch)
    return render(request, "report_sent.html", reference=reference, code=code)


@router.get("/report/status")
def status_form(request: Request) -> Response:
    return render(request, "report_status.html")


@router.post("/report/status")
def status(
    request: Request,
    s: DbSession,
    reference: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
) -> Response:
    """Posted, so that the code never sits in an address (a browser's history, a log)."""
    try:
        found = reports.report_progress(s, reference, code)
    except NotFound as exc:
        values = {"reference": reference}
        errors = {"reference": shown(request, exc)}
        return render(request, "report_status.html", 404, form=values, errors=errors)
    return render(
        request,
        "report_status.html",
        form={"reference": reference.strip().upper()},
        progress=found,
        steps=list(Progress),
    )
