"""The yearly figures and the annual report: counts only, never a name (what the
statistician sees)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil import clock, i18n, reports
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import CaseType
from vigil.errors import InputError, NotFound
from vigil.figures.yearly import yearly_figures, years_with_files
from vigil.web.actors import Actor
from vigil.web.context import Route, requires, settings, slow, transaction
from vigil.web.errors import shown
from vigil.web.templating import locale_of, render

router = APIRouter(include_in_schema=False, route_class=Route)
Statistician = Annotated[Actor, Depends(requires(Permission.FIGURES_READ))]

REPORT_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
"""The report shown in the browser is a self-contained document whose charts carry inline
styles (matplotlib's SVG): it may use inline styles, and nothing else. ``sandbox`` gives it
an origin of its own, with no script, no forms and no access to the application's cookies."""

EXTENSIONS = {"html": "html", "pdf": "pdf", "md": "md", "json": "json", "csv": "csv"}


def _page(request: Request, s: Session, year: int | None, status: int = 200, **extra: Any) -> Any:
    span = years_with_files(s)
    this_year = clock.today().year
    last = span[1] if span else this_year
    year = year if year is not None and 1900 <= year <= this_year else last
    first = span[0] if span else this_year - 1
    return render(
        request,
        "figures.html",
        status,
        figures=yearly_figures(s, year),
        year=year,
        years=list(range(span[0], span[1] + 1)) if span else [year],
        report_years=list(range(first, this_year))[::-1] or [this_year - 1],
        report_languages=[(code, i18n.NAMES[code]) for code in reports.LANGUAGES],
        report_formats=list(reports.FORMATS),
        types=list(CaseType),
        age_groups=[label for label, _, _ in AGE_GROUPS] + [UNKNOWN_AGE],
        **extra,
    )


@router.get("/figures")
@slow
def figures(
    request: Request, actor: Statistician, year: Annotated[int | None, Query()] = None
) -> Response:
    with transaction(request) as s:
        response: Response = _page(request, s, year)
        return response


@router.get("/figures/report")
@slow
def annual_report(
    request: Request,
    actor: Statistician,
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
    lang: Annotated[str, Query(max_length=8)] = "",
    fmt: Annotated[str, Query(alias="format", max_length=8)] = "html",
    organisation: Annotated[str, Query(max_length=200)] = "",
    action: Annotated[str, Query(max_length=16)] = "download",
) -> Response:
    """The annual report of ``year`` in ``lang`` and ``format``: HTML shown in the browser
    (``action=show``), or any format downloaded. Audited as an export. A refused report
    (a year not over, a year without files) shows the figures page with the message."""
    lang = lang or locale_of(request)
    year = year if year is not None else clock.today().year - 1
    form = {"report_year": year, "lang": lang, "format": fmt, "organisation": organisation}
    with transaction(request) as s:
        try:
            name = organisation.strip() or settings(request).organisation
            built = reports.build_report(s, year, lang, organisation=name)
            body = reports.render(built, fmt)
        except (InputError, NotFound) as exc:
            s.rollback()
            status = 404 if isinstance(exc, NotFound) else 422
            field = exc.field if exc.field in ("lang", "format") else "report_year"
            errors = {field: shown(request, exc)}
            page: Response = _page(request, s, None, status, form=form, errors=errors)
            return page
        show = action == "show" and fmt == "html"
        detail = f"{lang} {fmt} {'shown' if show else 'downloaded'}"
        audit.record(s, actor.name, "report.export", f"report:{year}", detail)
    headers = {"content-security-policy": REPORT_CSP} if show else {}
    if not show:
        name = f"vigil-report-{year}-{lang}.{EXTENSIONS[fmt]}"
        headers["content-disposition"] = f'attachment; filename="{name}"'
    return Response(body, media_type=reports.MEDIA_TYPES[fmt], headers=headers)
