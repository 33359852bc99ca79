"""`vigil serve`, `vigil audit verify/show`, `vigil backup` and `vigil restore`."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path

import typer
import uvicorn

from vigil.audit import log as audit
from vigil.cli.context import (
    actor,
    console,
    current_settings,
    engine,
    fail,
    jobs,
    reports_errors,
    secret_key,
    session,
)
from vigil.jobs.worker import embedded
from vigil.store import backup as backups
from vigil.store import db
from vigil.web.app import create_app

audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)


def run_server(host: str, port: int) -> None:
    """Serve the web application until interrupted (the database must be migrated)."""
    settings = current_settings()
    db.check_ready(engine())
    app = create_app(settings, engine())
    app.state.queue = jobs().queue  # the pages and the API queue where this process works
    # The embedded default works its own jobs; with VIGIL_QUEUE_URL, `vigil worker` does.
    working = embedded(jobs()) if not settings.queue_url else nullcontext()
    with working:
        uvicorn.run(
            app,
            host=host,
            port=port,
            proxy_headers=True,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            server_header=False,
            log_level="info",
        )


@reports_errors
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on (behind a proxy: keep it)."),
    port: int = typer.Option(8000, min=1, max=65535),
) -> None:
    """Start the web application (pages and /api/v1)."""
    console.print(f"Vigil is at http://{host}:{port}/  (Ctrl+C stops it)")
    run_server(host, port)


@audit_app.command("verify")
@reports_errors
def verify() -> None:
    """Check the audit log's hash chain; name the first entry that was changed or removed."""
    with session() as s:
        verdict = audit.verify(s)
    if not verdict.intact:
        raise fail(
            f"the audit log is broken at entry {verdict.broken_at}: {verdict.problem} "
            f"({verdict.checked:,} entries before it are intact)"
        )
    console.print(f"The audit log is intact: {verdict.checked:,} entries, chain unbroken.")


@audit_app.command("show")
@reports_errors
def show(
    file: str = typer.Option("", "--file", help="Only the entries about this file (reference)."),
    who: str = typer.Option("", "--actor", help="Only what this actor did (alice, cli:root)."),
    action: str = typer.Option("", "--action", help="Only this action (case.view, ...)."),
    limit: int = typer.Option(100, min=1, max=100_000, help="At most this many, newest first."),
    as_json: bool = typer.Option(
        False, "--json", help="JSON Lines: at, actor, action, reference, detail."
    ),
) -> None:
    """List the audit log's entries, newest first (reading it is itself audited)."""
    with session() as s:
        found = audit.read_entries(
            s, by=actor(), limit=limit, target=file.strip(), actor=who.strip(), action=action
        )
        lines = [
            {
                "at": e.at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "reference": e.target,
                "detail": e.detail,
            }
            for e in found
        ]
    for line in lines:
        if as_json:
            typer.echo(json.dumps(line, ensure_ascii=False))
        else:
            text = f"{line['at'][:19]} {line['actor']} {line['action']} {line['reference']}"
            console.print(f"{text} {line['detail']}".rstrip(), highlight=False)


@reports_errors
def backup(
    path: Path = typer.Argument(..., help="The file to write, e.g. vigil.backup.gz."),
) -> None:
    """Write every table to a file that `vigil restore` reads, on SQLite or PostgreSQL."""
    summary = backups.backup(engine(), path)
    console.print(f"Backed up {summary.total:,} rows (schema {summary.revision}) to {path}.")


@reports_errors
def restore(path: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Restore a backup into a new, empty database (VIGIL_DATABASE_URL)."""
    summary = backups.restore(engine(), path, secret_key=secret_key)
    console.print(f"Restored {summary.total:,} rows from {path} (schema {summary.revision}).")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(backup)
    app.command()(restore)
    app.add_typer(audit_app, name="audit")
