"""`vigil report`: the yearly report and press release in a language and a format."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from vigil.cli.context import actor, console, current_settings, reports_errors, session
from vigil.reports import export_report
from vigil.reports.service import check_format
from vigil.reports.texts import check_language


@reports_errors
def report(
    year: int = typer.Argument(..., help="The calendar year, e.g. 2023: it must be over."),
    lang: str = typer.Option("en", "--lang", help="nl, fr, de or en."),
    fmt: str = typer.Option("html", "--format", help="html, pdf, md, json or csv."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write to this file (default: standard output)."
    ),
    organisation: str = typer.Option(
        "", "--organisation", help="The foundation's name as the report writes it."
    ),
) -> None:
    """Write the annual report and press release of YEAR, from the files in the database."""
    check_language(lang)
    check_format(fmt)
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        output = Path(f"report-{year}-{lang}.pdf")
    with session() as s:
        name = organisation.strip() or current_settings().organisation
        body = export_report(s, year, lang, fmt, by=actor(), organisation=name)
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    output.write_bytes(body)
    console.print(f"Wrote the {year} report ({lang}, {fmt}) to {output}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(report)
