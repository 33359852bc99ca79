"""The report's use cases: build a report of a year in a language, render it in a format.

Every door calls these two: `vigil report`, and the web page once it exists::

    report = build_report(session, 2023, "nl", organisation=settings.organisation,
                          min_base=settings.report_min_base)
    body = render(report, "pdf")            # bytes; MEDIA_TYPES["pdf"] for the response

The release takes the editor's words of the year from the database
(vigil.reports.editions): its publication date, comparison year, order, quote and the rest.

A report is refused, never written empty or misleading, for a year that is not over yet
(its figures would be partial), a year without files, an unknown language or format.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.errors import InputError, NotFound
from vigil.figures.published import published_figures, published_on
from vigil.figures.report_figures import has_files, report_figures
from vigil.figures.yearly import years_with_files
from vigil.reports.comparisons import MIN_BASE
from vigil.reports.data import render_csv, render_json
from vigil.reports.editions import EditorWords, editor_words
from vigil.reports.html import render_html, render_pdf
from vigil.reports.markdown import render_markdown
from vigil.reports.model import Report
from vigil.reports.narrative import write_narrative
from vigil.reports.sections import build_sections
from vigil.reports.texts import Texts

RENDERERS: dict[str, Callable[[Report], bytes]] = {
    "html": render_html,
    "pdf": render_pdf,
    "md": render_markdown,
    "json": render_json,
    "csv": render_csv,
}
FORMATS = tuple(RENDERERS)
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def check_format(fmt: str) -> str:
    """Return ``fmt`` if a report can be rendered in it. Raise InputError naming those it can."""
    if fmt not in RENDERERS:
        raise InputError(
            "no report format '%(format)s'; use one of %(formats)s",
            field="format",
            format=fmt,
            formats=", ".join(FORMATS),
        )
    return fmt


def check_year(year: int, today: date) -> None:
    """Raise InputError unless ``year`` is over: a report of a year under way would compare
    part of a year with whole years."""
    if year > today.year:
        raise InputError(
            "%(year)s is in the future; the latest year with a report is %(latest)s",
            field="year",
            year=year,
            latest=today.year - 1,
        )
    if year == today.year:
        raise InputError(
            "%(year)s is not over yet, so its figures are not final; the latest year with a "
            "report is %(latest)s",
            field="year",
            year=year,
            latest=today.year - 1,
        )


def _no_files(session: Session, year: int) -> NotFound:
    span = years_with_files(session)
    if not span:
        return NotFound(
            "no file was open in %(year)s, so there is no report to write (the database is empty)",
            year=year,
        )
    return NotFound(
        "no file was open in %(year)s, so there is no report to write (files were opened "
        "from %(first)s to %(last)s)",
        year=year,
        first=span[0],
        last=span[1],
    )


def build_report(
    session: Session,
    year: int,
    lang: str,
    *,
    organisation: str = "",
    today: date | None = None,
    min_base: int = MIN_BASE,
) -> Report:
    """Return the report of ``year`` in ``lang`` from the database, with the editor's words
    of that year and language; ``min_base`` is VIGIL_REPORT_MIN_BASE.

    Raise InputError for an unknown language or a year not over yet, NotFound for a year in
    which no file was open.
    """
    texts = Texts(lang)
    today = today or clock.today()
    check_year(year, today)
    words = editor_words(session, year, lang)
    published = published_figures(session, year)  # a published year is told as published
    figures = published or report_figures(session, year, words.compare_with)
    today = published_on(session, year) or today  # "computed from the files on" that day
    if not has_files(figures):
        raise _no_files(session, year)
    return compose(
        figures, texts, organisation=organisation, today=today, words=words, min_base=min_base
    )


def compose(
    figures: dict[str, Any],
    texts: Texts,
    *,
    organisation: str,
    today: date,
    words: EditorWords | None = None,
    min_base: int = MIN_BASE,
) -> Report:
    """Write the report of already computed ``figures`` (no database: the benchmark times
    the figures and the writing apart), published on the editor's date or ``today``."""
    numbers = texts.numbers
    year = figures["year"]
    words = words or EditorWords(year, texts.lang)
    published = words.published_on or today
    computed = texts._(
        "Computed by Vigil from the files in its database on %(date)s.", date=numbers.date(today)
    )
    written = texts._("Written by Vigil, open-source software for child-protection foundations.")
    return Report(
        year=year,
        lang=texts.lang,
        title=texts._("Annual report %(year)s", year=year),
        kicker=texts._("Missing and sexually exploited children"),
        organisation=organisation,
        published=published,
        published_text=texts._("Published on %(date)s", date=numbers.date(published)),
        narrative=write_narrative(figures, texts, organisation, words, min_base),
        sections=build_sections(figures, texts, min_base),
        compared_with=figures["compared_with"],
        figures=figures,
        footer=f"{computed} {written}",
    )


def render(report: Report, fmt: str) -> bytes:
    """Return ``report`` in ``fmt`` (html, pdf, md, json, csv). Raise InputError otherwise."""
    return RENDERERS[check_format(fmt)](report)


def export_report(
    session: Session,
    year: int,
    lang: str,
    fmt: str,
    *,
    by: Actor,
    organisation: str = "",
    shown: bool = False,
    min_base: int = MIN_BASE,
) -> bytes:
    """The use case of every door (the figures page, `vigil report`): the report of
    ``year`` in ``lang`` and ``fmt``, for an actor holding figures.read, audited as an
    export (``shown``: read in the browser rather than downloaded). Raise as
    ``build_report`` and ``render`` do."""
    by.require(Permission.FIGURES_READ)
    check_format(fmt)
    built = build_report(session, year, lang, organisation=organisation, min_base=min_base)
    body = render(built, fmt)
    how = "shown" if shown else "downloaded"
    audit.record(session, by, "report.export", f"report:{year}", f"{lang} {fmt} {how}")
    return body
