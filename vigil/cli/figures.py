"""`vigil figures set/list/unset`: the figures of a year recorded by hand, for the report."""

from __future__ import annotations

import typer
from rich.table import Table

from vigil.cli.context import actor, console, reports_errors, session
from vigil.figures.manual import list_figures, set_figure, unset_figure
from vigil.figures.published import publish_figures

app = typer.Typer(
    help="Figures of a year that no file records (calls received, trainings given, ...): "
    "the report shows them in their own section.",
    no_args_is_help=True,
)


@app.command("set")
@reports_errors
def set_(
    year: int = typer.Argument(..., help="The year the figure is about."),
    key: str = typer.Argument(..., help="A short name: lower-case letters, digits and _."),
    value: int = typer.Argument(..., help="The figure: a whole number, 0 or more."),
    label: str = typer.Option(..., "--label", help="What it counts, e.g. 'Calls received'."),
    label_nl: str = typer.Option("", "--label-nl", help="The label in Dutch reports."),
    label_fr: str = typer.Option("", "--label-fr", help="The label in French reports."),
    label_de: str = typer.Option("", "--label-de", help="The label in German reports."),
    label_en: str = typer.Option("", "--label-en", help="The label in English reports."),
) -> None:
    """Record VALUE for KEY in YEAR (replacing an earlier value)."""
    labels = {"nl": label_nl, "fr": label_fr, "de": label_de, "en": label_en}
    with session() as s:
        set_figure(s, year=year, key=key, value=value, label=label, labels=labels)
    console.print(f"Recorded {key} = {value:,} for {year}.", highlight=False)


@app.command("list")
@reports_errors
def list_(year: int = typer.Argument(..., help="The year.")) -> None:
    """Show the figures recorded for YEAR."""
    with session() as s:
        figures = list_figures(s, year)
        table = Table(title=f"Figures recorded by hand for {year}")
        for column in ("key", "value", "label", "labels per language"):
            table.add_column(column, justify="right" if column == "value" else "left")
        for f in figures:
            per_language = "; ".join(f"{code}: {text}" for code, text in sorted(f.labels.items()))
            table.add_row(f.key, f"{f.value:,}", f.label, per_language)
    console.print(table if figures else f"No figures are recorded for {year}.")


@app.command("publish")
@reports_errors
def publish(year: int = typer.Argument(..., help="The year, over.")) -> None:
    """Record the figures of YEAR as published: its report is written from them from now
    on, and `vigil stats --year YEAR` says when the live figures differ."""
    with session() as s:
        record = publish_figures(s, year, by=actor())
        totals = record.figures["totals"]
    console.print(
        f"Published the figures of {year}: {totals['new']:,} new, {totals['handled']:,} "
        f"handled, {totals['closed']:,} closed files.",
        highlight=False,
    )


@app.command("unset")
@reports_errors
def unset(
    year: int = typer.Argument(..., help="The year."),
    key: str = typer.Argument(..., help="The figure's key."),
) -> None:
    """Remove the figure KEY of YEAR."""
    with session() as s:
        unset_figure(s, year=year, key=key)
    console.print(f"Removed {key} for {year}.", highlight=False)
