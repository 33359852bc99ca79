"""`vigil stats`: the yearly figures as a table or as JSON."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from vigil import clock
from vigil.cli.context import actor, console, reports_errors, session
from vigil.domain.ages import AGE_GROUPS, UNKNOWN_AGE
from vigil.domain.case_types import CaseType
from vigil.errors import InputError
from vigil.figures.published import Comparison, compare_published
from vigil.figures.yearly import read_figures


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}%"


def _table(figures: dict[str, Any]) -> Table:
    year = figures["year"]
    table = Table(title=f"Files in {year}")
    for column in ("type", "new", "handled", "closed", f"vs {year - 1}", f"vs {year - 2}"):
        table.add_column(column, justify="left" if column == "type" else "right")
    table.add_column("per day", justify="right")
    for label, _, _ in AGE_GROUPS:
        table.add_column(f"age {label}", justify="right")
    table.add_column("age ?", justify="right")
    for code, f in figures["cases"].items():
        ages = [str(f["age_groups"][label]) for label, _, _ in AGE_GROUPS]
        table.add_row(
            code,
            f"{f['new']:,}",
            f"{f['handled']:,}",
            f"{f['closed']:,}",
            _pct(f["new_change_pct"]),
            _pct(f["new_change_pct_2y"]),
            f"{f['new_per_day']:.2f}",
            *ages,
            str(f["age_groups"][UNKNOWN_AGE]),
        )
    return table


def _details(figures: dict[str, Any]) -> list[str]:
    pa = figures["cases"][CaseType.PARENTAL_ABDUCTION.value]
    uam = figures["cases"][CaseType.UNACCOMPANIED_MINOR.value]
    lines = [
        f"Parental abductions: {pa['handled']:,} handled, of which {pa['handled_effective']:,} "
        f"effective; {pa['new']:,} new, of which {pa['new_effective']:,} effective."
    ]
    for scope in ("international", "national"):
        s = pa[scope]
        lines.append(
            f"  {scope}: {s['handled']:,} handled ({s['handled_effective']:,} effective), "
            f"{s['new']:,} new ({s['new_effective']:,} effective)"
        )
    lines.append(
        f"Missing unaccompanied minors: {uam['handled']:,} handled, of which {uam['new']:,} new; "
        f"{uam['open_at_year_end']:,} still open at the end of the year."
    )
    h = figures["hotline"]
    lines.append(
        f"Hotline: {h['reports']:,} reports ({_pct(h['reports_change_pct'])} against the year "
        f"before), {h['urls']:,} URLs; {h['media_analysed']:,} pictures and videos analysed, "
        f"{h['known_matches']:,} confirmed from a hash list, {h['awaiting_review']:,} awaiting "
        "review."
    )
    repeats = figures.get("repeat_children", {})
    lines.append(
        "Children with more than one disappearance in the year: "
        + ", ".join(f"{code} {n:,}" for code, n in repeats.items())
    )
    return lines


@reports_errors
def stats(
    year: int = typer.Option(..., "--year", help="The calendar year, e.g. 2021."),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """The yearly figures per type of file: new, handled, closed, change, per day, ages."""
    if not 1900 <= year <= clock.today().year:
        raise InputError(
            "--year %(year)s is not a year with figures; give %(latest)s or earlier",
            field="year",
            year=year,
            latest=clock.today().year,
        )
    with session() as s:
        figures = read_figures(s, year, by=actor())
        compared = compare_published(s, year, by=actor())
    if as_json:
        typer.echo(json.dumps(figures, indent=2))
        return
    console.print(_table(figures))
    for line in _details(figures) + _against_published(compared):
        console.print(line, highlight=False)


def _against_published(compared: Comparison | None) -> list[str]:
    """What differs from the figures as published, and which files made it."""
    if compared is None:
        return []
    when = f"{compared.published_at:%Y-%m-%d} by {compared.published_by}"
    if not compared.differences and not compared.files:
        return [f"The figures of {compared.year} were published on {when}; they still hold."]
    lines = [
        f"The figures of {compared.year} were published on {when}; the live figures differ "
        f"in {len(compared.differences)}:"
    ]
    for d in compared.differences:
        change = "" if d.change is None else f" ({d.change:+,})"
        lines.append(f"  {d.key}: published {d.published}, now {d.live}{change}")
    files = ", ".join(compared.files) or "none you may see"
    lines.append(f"Files that changed them: {files}")
    if compared.restricted:
        lines.append(f"  and {compared.restricted} restricted or removed file(s)")
    return lines


def register(app: typer.Typer) -> None:
    app.command()(stats)
