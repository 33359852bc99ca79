"""`vigil import cases FILE` and `vigil export cases FILE`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from vigil.cases.exporting import export_cases
from vigil.cases.importing import read_rows, write_rows
from vigil.cli.context import actor, console, current_settings, reports_errors, session

import_app = typer.Typer(help="Bring data in from another system.", no_args_is_help=True)
export_app = typer.Typer(help="Write data out in the import format.", no_args_is_help=True)


@import_app.command("cases")
@reports_errors
def import_cases(path: Path = typer.Argument(..., help="A .csv or .jsonl file.")) -> None:
    """Import files, all or nothing; files already there (same reference) are updated."""
    with Progress(console=console, transient=True) as progress:
        checking = progress.add_task(f"Checking {path.name}", total=_count_lines(path))
        rows = read_rows(
            path,
            progress=lambda n: progress.advance(checking, n),
            disputed_age_limit=current_settings().disputed_age_limit,
        )
    with session() as s, Progress(console=console, transient=True) as progress:
        bar = progress.add_task("Importing", total=len(rows))
        result = write_rows(
            s,
            rows,
            by=actor(),
            source=path.name,
            batch_size=current_settings().import_batch_size,
            progress=lambda n: progress.advance(bar, n),
            disputed_age_limit=current_settings().disputed_age_limit,
        )
    console.print(f"Imported {path}: {result.created:,} new files, {result.updated:,} updated.")
    if result.repeat_count:
        console.print(
            f"{result.repeat_count:,} new files may be about a child with an earlier file "
            "(a first name that sounds the same and the same birth date); link those that "
            "are with `vigil cases link`:",
            highlight=False,
        )
        for r in result.repeats[:20]:
            console.print(f"  {r.reference} ~ {r.earlier} ({r.strength.value})", highlight=False)


def _count_lines(path: Path) -> int | None:
    """Count lines for the progress bar (None if unreadable: read_rows then says why)."""
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return None


@export_app.command("cases")
@reports_errors
def export(path: Path = typer.Argument(..., help="A .csv or .jsonl file to write.")) -> None:
    """Export every file in the import format (files restricted to named workers are left
    out: only those workers see them)."""
    with session() as s:
        count = export_cases(s, path, by=actor())
    console.print(f"Exported {count:,} files to {path}.")
