"""`vigil hotline queue` and `vigil hotline exposure`: how the analysts' queue stands, and
each analyst's exposure (times and counts only, never an image)."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from vigil.cli.context import actor, console, current_settings, reports_errors, session
from vigil.hotline import exposure, review
from vigil.hotline.exposure import Rules


def queue(
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """How the analysts' queue stands: groups waiting, assessed but not confirmed, disputed,
    in review now; items awaiting review and decided."""
    with session() as s:
        counts = review.queue_counts(s, by=actor())
    if as_json:
        typer.echo(json.dumps(counts))
        return
    table = Table(title="The analysts' queue")
    table.add_column("what")
    table.add_column("count", justify="right")
    for name, count in counts.items():
        table.add_row(name.replace("_", " "), f"{count:,}")
    console.print(table)


def exposure_(
    analyst: str | None = typer.Option(None, "--analyst", help="Only this analyst (username)."),
    week: bool = typer.Option(False, "--week", help="Per ISO week instead of per day."),
    days: int = typer.Option(28, "--days", min=1, max=3660, help="How many days back."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON Lines, one per row."),
) -> None:
    """Each analyst's exposure to previews per day (or week): minutes, previews shown, and
    how many of them clearer. Times and counts only."""
    rules = Rules.from_settings(current_settings())
    with session() as s:
        rows = exposure.exposure_report(
            s, by=actor(), rules=rules, analyst=analyst, week=week, days=days
        )
    if as_json:
        for r in rows:
            typer.echo(
                json.dumps(
                    {
                        "analyst": r.analyst,
                        "period": r.period,
                        "seconds": r.seconds,
                        "previews": r.previews,
                        "clearer": r.clearer,
                    }
                )
            )
        return
    if not rows:
        console.print("No exposure recorded in that period.")
        return
    table = Table(title="Exposure per week" if week else "Exposure per day")
    for column in ("analyst", "week" if week else "day", "minutes", "previews", "clearer"):
        table.add_column(
            column, justify="left" if column in ("analyst", "day", "week") else "right"
        )
    for r in rows:
        table.add_row(r.analyst, r.period, f"{r.seconds / 60:.1f}", str(r.previews), str(r.clearer))
    console.print(table)


def register(hotline: typer.Typer) -> None:
    hotline.command("queue")(reports_errors(queue))
    hotline.command("exposure")(reports_errors(exposure_))
