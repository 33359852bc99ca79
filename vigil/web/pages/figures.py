"""The yearly figures and the annual report: counts only, never a name (what the
statistician sees)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil import clock, reports
from vigil.accounts.actors import Actor
from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import CaseType
from vigil.errors import InputError, NotFound
from vigil.figures.yearly import read_figures, years_with_files
from vigil.web import i18n
from vigil.web.context import DbSession, Statistician, settings
from vigil.web.errors import shown
from vigil.web.templating import locale_of, render

router = APIRouter(include_in_schema=False)

REPORT_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
"""The report shown in the browser is a self-contained document whose charts carry inline
styles (matplotlib's SVG): it may use inline styles, and nothing else. ``sandbox`` gives it
an origin of its own, with no script, no forms and no access to the application's cookies."""

EXTENSIONS = {"html": "html", "pdf": "pdf", "md": "md", "json": "json", "csv": "csv"}


def _page(
    request: Request, s: Session, actor: Actor, year: int | None, status: int = 200, **extra: Any
) -> Response:
    span = years_with_files(s)
    this_year = clock.today().year
    last = span[1] if span else this_year
    year = year if year is not None and 1900 <= year <= this_year else last
    first = span[0] if span else this_year - 1
    return render(
        request,
        "figures.html",
        status,
        figures=read_figures(s, year, by=actor),
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
def figures(
    request: Request,
    s: DbSession,
    actor: Statistician,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
) -> Response:
    return _page(request, s, actor, year)


@router.get("/figures/report")
def annual_report(
    request: Request,
    s: DbSession,
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
    show = action == "show" and fmt == "html"
    name = organisation.strip() or settings(request).organisation
    try:
        body = reports.export_report(s, year, lang, fmt, by=actor, organisation=name, shown=show)
    except (InputError, NotFound) as exc:
        s.rollback()
        status = 404 if isinstance(exc, NotFound) else 422
        field = exc.field if exc.field in ("lang", "format") else "report_year"
        form = {"report_year": year, "lang": lang, "format": fmt, "organisation": organisation}
        return _page(
            request, s, actor, None, status, form=form, errors={field: shown(request, exc)}
        )
    headers = {"content-security-policy": REPORT_CSP} if show else {}
    if not show:
        filename = f"vigil-report-{year}-{lang}.{EXTENSIONS[fmt]}"
        headers["content-disposition"] = f'attachment; filename="{filename}"'
    return Response(body, media_type=reports.MEDIA_TYPES[fmt], headers=headers)
