"""The yearly figures and the annual report: counts only, never a name (what the
statistician sees)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from vigil import clock, i18n, reports
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import CaseType
from vigil.errors import InputError, NotFound
from vigil.figures.published import compare_published, publish_figures
from vigil.figures.yearly import read_figures, years_with_files
from vigil.reports import editions
from vigil.web.context import DbSession, Statistician, requires, settings
from vigil.web.errors import shown
from vigil.web.pages import forms
from vigil.web.templating import locale_of, render

router = APIRouter(include_in_schema=False)
Editor = Annotated[Actor, Depends(requires(Permission.REPORT_EDIT))]

REPORT_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
"""The report shown in the browser is a self-contained document whose charts carry inline
styles (matplotlib's SVG): it may use inline styles, and nothing else. ``sandbox`` gives it
an origin of its own, with no script, no forms and no access to the application's cookies."""

EXTENSIONS = {"html": "html", "pdf": "pdf", "md": "md", "json": "json", "csv": "csv"}


def _page(
    request: Request,
    s: Session,
    actor: Actor,
    year: int | None,
    status: int = 200,
    words_lang: str = "",
    **extra: Any,
) -> Response:
    span = years_with_files(s)
    this_year = clock.today().year
    last = span[1] if span else this_year
    year = year if year is not None and 1900 <= year <= this_year else last
    first = span[0] if span else this_year - 1
    report_years = list(range(first, this_year))[::-1] or [this_year - 1]
    if actor.can(Permission.REPORT_EDIT) and "editor" not in extra:
        lang = words_lang if words_lang in reports.LANGUAGES else locale_of(request)
        words_year = year if year in report_years else report_years[0]
        extra["editor"] = editions.editor_words(s, words_year, lang)
    return render(
        request,
        "figures.html",
        status,
        figures=read_figures(s, year, by=actor),
        published=compare_published(s, year, by=actor),
        may_publish=actor.can(Permission.REPORT_EDIT) and year < this_year,
        year=year,
        years=list(range(span[0], span[1] + 1)) if span else [year],
        report_years=report_years,
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
    words: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    return _page(request, s, actor, year, words_lang=words)


@router.post("/figures/publish")
def publish(
    request: Request,
    s: DbSession,
    actor: Editor,
    year: Annotated[int, Form(ge=1900, le=9999)],
) -> Response:
    """Record the figures of ``year`` as published (a supervisor's): its report is written
    from them from now on. Audited as figures.publish."""
    try:
        publish_figures(s, year, by=actor)
    except InputError as exc:
        s.rollback()
        errors = {"publish": shown(request, exc)}
        return _page(request, s, actor, year, 422, errors=errors)
    return forms.see_other(f"/figures?year={year}#h-published")


@router.post("/figures/report/words")
def report_words(
    request: Request,
    s: DbSession,
    actor: Editor,
    year: Annotated[int, Form(ge=1900, le=9999)],
    lang: Annotated[str, Form(max_length=8)] = "",
    published_on: Annotated[str, Form(max_length=10)] = "",
    compare_with: Annotated[str, Form(max_length=4)] = "",
    order: Annotated[str, Form(max_length=500)] = "",
    quote_by: Annotated[str, Form(max_length=200)] = "",
    quote_role: Annotated[str, Form(max_length=200)] = "",
    quote: Annotated[str, Form(max_length=5000)] = "",
    context: Annotated[str, Form(max_length=20000)] = "",
    prevention: Annotated[str, Form(max_length=20000)] = "",
    contacts: Annotated[str, Form(max_length=5000)] = "",
    boilerplate: Annotated[str, Form(max_length=5000)] = "",
    sentences: Annotated[str, Form(max_length=20000)] = "",
) -> Response:
    """The editor's own words of the press release of ``year`` in ``lang`` (a supervisor's):
    the whole form is saved, an empty field clears its words. Audited as report.edit."""
    texts = {"order": order, "quote_by": quote_by, "quote_role": quote_role, "quote": quote}
    texts |= {"context": context, "prevention": prevention, "contacts": contacts}
    form = texts | {"boilerplate": boilerplate, "published_on": published_on}
    form |= {"compare_with": compare_with, "sentences": sentences}
    try:
        kept = editions.editor_words(s, year, lang).sentences
        changes = form | {
            "published_on": forms.day("published_on", published_on),
            "compare_with": forms.whole("compare_with", compare_with),
            "sentences": dict.fromkeys(kept, "") | _sentences(sentences),
        }
        editions.save_words(s, year, lang, changes, by=actor)
    except InputError as exc:
        s.rollback()
        errors = {exc.field or "quote": shown(request, exc)}
        editor = editions.EditorWords(year, lang)
        return _page(request, s, actor, year, 422, editor=editor, words_form=form, errors=errors)
    return forms.see_other(f"/figures?year={year}&words={lang}#report-words")


def _sentences(text: str) -> dict[str, str]:
    """``KEY=sentence`` lines, as the form's text area holds them."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, sep, sentence = line.partition("=")
        if not sep:
            raise InputError(
                "'%(line)s' has no =; write one figure a line, KEY=sentence",
                field="sentences",
                line=line.strip(),
            )
        found[key.strip()] = sentence.strip()
    return found


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
    min_base = settings(request).report_min_base
    try:
        body = reports.export_report(
            s, year, lang, fmt, by=actor, organisation=name, shown=show, min_base=min_base
        )
    except (InputError, NotFound) as exc:
        s.rollback()
        status = 404 if isinstance(exc, NotFound) else 422
        field = exc.field if exc.field in ("lang", "format") else "report_year"
        form = {"report_year": year, "lang": lang, "format": fmt, "organisation": organisation}
        errors = {field: shown(request, exc)}
        return _page(request, s, actor, None, status, form=form, errors=errors)
    headers = {"content-security-policy": REPORT_CSP} if show else {}
    if not show:
        filename = f"vigil-report-{year}-{lang}.{EXTENSIONS[fmt]}"
        headers["content-disposition"] = f'attachment; filename="{filename}"'
    return Response(body, media_type=reports.MEDIA_TYPES[fmt], headers=headers)
