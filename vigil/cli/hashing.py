"""`vigil hash`, `vigil match` and `vigil lists`: the hash engine from the command line.

Output goes to stdout (JSON Lines or CSV) so it can be piped; progress and errors go to
stderr. The exit status is 1 when any file could not be hashed.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table
from sqlalchemy.orm import Session

from vigil.cli.context import console, current_settings, err_console, reports_errors, session
from vigil.hashing import batch, formats, service
from vigil.hashing.matching import match_files
from vigil.hashing.signals import RECORD_KEYS, FileHashes, HashOptions, Signal
from vigil.store.hash_lists import HashList

lists_app = typer.Typer(
    help="Hash lists: import, show, export, enable and disable.", no_args_is_help=True
)


class OutputFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"


PATHS = typer.Argument(..., help="Files and folders (searched recursively).")
JOBS = typer.Option(0, "--jobs", "-j", help="Processes to hash with (0: one per core).")


def _hashed(paths: list[Path], options: HashOptions, jobs: int) -> Iterator[FileHashes]:
    files = list(batch.walk(paths))
    with Progress(console=err_console, transient=True) as progress:
        task = progress.add_task("Hashing", total=len(files))
        for result in batch.hash_files(files, options, jobs):
            progress.advance(task)
            yield result


@reports_errors
def hash_command(
    paths: list[Path] = PATHS,
    jobs: int = JOBS,
    output: OutputFormat = typer.Option(OutputFormat.JSONL, "--format", help="jsonl or csv."),
) -> None:
    """Hash files: PDQ with its quality, MD5, SHA-1 and SHA-256, one record per file."""
    options = HashOptions.from_settings(current_settings())
    writer = csv.DictWriter(sys.stdout, RECORD_KEYS, lineterminator="\n")
    if output is OutputFormat.CSV:
        writer.writeheader()
    failed = 0
    for result in _hashed(paths, options, jobs):
        failed += result.error is not None
        if output is OutputFormat.CSV:
            writer.writerow(result.as_record())
        else:
            print(json.dumps(result.as_record()), flush=False)
    _finish(failed)


def _finish(failed: int) -> None:
    sys.stdout.flush()
    if failed:
        err_console.print(f"{failed} file(s) could not be hashed; see their 'error'.")
        raise typer.Exit(1)


@reports_errors
def match_command(
    paths: list[Path] = PATHS,
    lists: list[str] = typer.Option([], "--list", "-l", help="Match these lists only."),
    jobs: int = JOBS,
    dihedral: bool = typer.Option(True, help="Also match rotated and mirrored copies."),
    output: OutputFormat = typer.Option(OutputFormat.JSONL, "--format", help="jsonl."),
) -> None:
    """Match files against the enabled hash lists: per file, its matches (list, hash,
    distance, label, and the dihedral variant when a turned or mirrored copy matched)."""
    settings = current_settings()
    options = HashOptions.from_settings(settings, dihedral=dihedral)
    with session() as s:
        loaded = service.load_lists(s, settings.home / "hash-indexes", lists)
        results = list(_hashed(paths, options, jobs))
        found = match_files(results, loaded, options.min_quality)
    for result, matches in zip(results, found, strict=True):
        record = {
            "path": result.path,
            "matches": [m.as_record() for m in matches],
            "low_quality": result.low_quality(options.min_quality),
            "error": result.error,
        }
        print(json.dumps(record))
    _finish(sum(r.error is not None for r in results))


@lists_app.command("import")
@reports_errors
def import_command(
    name: str = typer.Argument(..., help="The list's name (created if new)."),
    file: Path = typer.Argument(..., help="The list file."),
    signal: Signal | None = typer.Option(None, help="What the file's bare hashes are."),
    threshold: int | None = typer.Option(None, help="Match distance in bits (PDQ lists)."),
    source: str = typer.Option("", help="Where the list comes from."),
    category: str = typer.Option("", help="Category or label of the list."),
    list_format: formats.ListFormat | None = typer.Option(None, "--format", help="Else guessed."),
) -> None:
    """Import a list file as a new version of list NAME; report what it added and removed."""
    with session() as s:
        summary = service.import_list(
            s,
            name=name,
            path=file,
            signal=signal,
            threshold=threshold,
            default_threshold=current_settings().pdq_threshold,
            source=source,
            category=category,
            list_format=list_format,
        )
    verb = "Created" if summary.created else "Updated"
    console.print(
        f"{verb} list {name!r}, version {summary.version}: {summary.added:,} added, "
        f"{summary.removed:,} removed, {summary.total:,} hashes."
    )


@lists_app.command("show")
@reports_errors
def show_command(
    name: str | None = typer.Argument(None, help="One list, with its versions."),
) -> None:
    """Show the lists, or one list's versions."""
    with session() as s:
        if name is None:
            console.print(_lists_table(s))
        else:
            console.print(_versions_table(service.get_list(s, name)))


def _lists_table(s: Session) -> Table:
    table = Table(title="Hash lists")
    for column in (
        "name",
        "signal",
        "hashes",
        "threshold",
        "enabled",
        "version",
        "source",
        "category",
    ):
        table.add_column(column)
    counts = service.entry_counts(s)
    for h in service.all_lists(s):
        table.add_row(
            h.name,
            h.signal,
            f"{counts.get(h.id, 0):,}",
            str(h.threshold),
            "yes" if h.enabled else "no",
            str(h.version),
            h.source,
            h.category,
        )
    return table


def _versions_table(hash_list: HashList) -> Table:
    state = "enabled" if hash_list.enabled else "disabled"
    table = Table(
        title=f"{hash_list.name} ({hash_list.signal}, threshold {hash_list.threshold}, {state})"
    )
    for column in ("version", "imported", "file", "added", "removed", "hashes"):
        table.add_column(column)
    for v in hash_list.versions:
        table.add_row(
            str(v.number),
            f"{v.imported_at:%Y-%m-%d %H:%M}",
            v.file_name,
            f"{v.added:,}",
            f"{v.removed:,}",
            f"{v.total:,}",
        )
    return table


@lists_app.command("export")
@reports_errors
def export_command(
    name: str = typer.Argument(...),
    list_format: formats.ListFormat = typer.Option(formats.ListFormat.CSV, "--format"),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
) -> None:
    """Write a list's current hashes in one of the list formats."""
    with session() as s:
        entries = service.export_entries(s, name)
    if output is None:
        formats.write_list(entries, sys.stdout, list_format)
        return
    with output.open("w", encoding="utf-8", newline="") as out:
        formats.write_list(entries, out, list_format)


@lists_app.command("enable")
@reports_errors
def enable_command(name: str = typer.Argument(...)) -> None:
    """Match this list again."""
    with session() as s:
        service.set_enabled(s, name, True)
    console.print(f"List {name!r} is enabled.")


@lists_app.command("disable")
@reports_errors
def disable_command(name: str = typer.Argument(...)) -> None:
    """Stop matching this list (it is kept, with its history)."""
    with session() as s:
        service.set_enabled(s, name, False)
    console.print(f"List {name!r} is disabled.")


def register(app: typer.Typer) -> None:
    app.command("hash")(hash_command)
    app.command("match")(match_command)
    app.add_typer(lists_app, name="lists")
