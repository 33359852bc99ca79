"""`vigil init`, `vigil demo` and `vigil start`: create the database and fill it; `vigil db`
for developers (a new migration)."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import segno
import typer
from rich.table import Table

from vigil import clock
from vigil.accounts.demo import DemoAccount, demo_account, demo_workers
from vigil.cases import queries
from vigil.cases.demo import WORKERS, load_demo
from vigil.cli.context import (
    actor,
    console,
    current_settings,
    engine,
    reports_errors,
    secret_key,
    session,
    words,
)
from vigil.cli.web import run_server
from vigil.domain.case_types import CaseType
from vigil.hotline import demo as hotline_demo
from vigil.store import db, revisions

db_app = typer.Typer(help="For developers: the database's migrations.", no_args_is_help=True)


@reports_errors
def init() -> None:
    """Create the database, or upgrade it to this version's schema."""
    db.migrate(engine(), secret_key=secret_key)
    console.print(f"Database ready: {engine().url.render_as_string()}")


@reports_errors
def demo(
    seed: int = typer.Option(1, help="Same seed, same day: same data."),
    if_empty: bool = typer.Option(False, "--if-empty", help="Do nothing if files exist."),
    size: str = typer.Option(
        "national",
        help="national: about 1,500 new files a year, as a national hotline; small: about 75.",
    ),
) -> None:
    """Load a synthetic data set (several years of every type of file) into an empty database."""
    db.migrate(engine(), secret_key=secret_key)
    with session() as s:
        if if_empty and queries.count_cases(s, queries.CaseFilter(), by=actor(), up_to=1):
            console.print("The database already holds files; no demo data loaded.")
            return
        with console.status("Generating demo data ..."):
            result = load_demo(s, seed=seed, until=clock.today(), size=size, by=actor())
    console.print(
        f"Loaded {result.cases:,} demo files from {result.first_year} to {result.last_year}."
    )
    _fill_hotline(seed)


def _fill_hotline(seed: int) -> None:
    """The hotline's demo reports, worked here by the pipeline (pictures generated and
    served on 127.0.0.1 only), unless the hotline already holds reports."""
    with session() as s:
        if not hotline_demo.hotline_is_empty(s):
            return
    with console.status("Working the hotline's demo reports ..."):
        factory = db.session_factory(engine())
        made = hotline_demo.fill_hotline(factory, current_settings(), by=actor(), seed=seed)
    console.print(
        f"Hotline: {made.reports} demo reports; {made.confirmed} pictures confirmed from the "
        f"demo hash list, {made.awaiting_review} awaiting review (generated pictures, fetched "
        "from 127.0.0.1 only)."
    )


@reports_errors
def start(
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Start the web application."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port on 127.0.0.1."),
    demo_size: str = typer.Option(
        "national", help="The demo data's size, if it is loaded (see `vigil demo --help`)."
    ),
) -> None:
    """Get going: create the database, load demo data if it is empty, show the open work,
    print the demo account and serve the web application on 127.0.0.1."""
    console.print(f"Vigil data directory: {current_settings().home}")
    demo(seed=1, if_empty=True, size=demo_size)
    with session() as s:
        account = demo_account(s, secret_key(), by=actor())
        workers = demo_workers(s, [username for username, _ in WORKERS], secret_key(), by=actor())
    with session() as s:
        table = Table(title="Open files by type")
        table.add_column("type")
        table.add_column("open", justify="right")
        open_files = queries.open_by_type(s, by=actor())
        for case_type in CaseType:
            count = open_files.get(case_type, 0)
            table.add_row(words().label(case_type), f"{count:,}")
        console.print(table)
        overdue = len(queries.overdue_tasks(s, by=actor()))
    console.print(f"{overdue} tasks are overdue.\n")
    console.print("Next, try:")
    for line in (
        "cases list --worrying --status open",
        "cases show RUN-2024-00001",
        f"stats --year {clock.today().year - 1}",
        "cases open --type runaway --first-name Lea --age 15",
        "--help",
    ):
        console.print(f"  [bold]{_program()} {line}[/]", highlight=False)
    _print_demo_account(account)
    _print_demo_workers(workers)
    if serve:
        console.print(
            f"Vigil is at [bold]http://127.0.0.1:{port}/[/] until you press Ctrl+C. Run "
            "`make test` in a second terminal, or after stopping it."
        )
        run_server("127.0.0.1", port)


def _print_demo_account(account: DemoAccount) -> None:
    """The demo account, and its second factor as a QR code for an authenticator app (new
    ones at each start)."""
    qr = io.StringIO()
    segno.make(account.totp_uri, error="m").terminal(out=qr, compact=True)
    console.print(
        f"\nDemo account: [bold]{account.username}[/] / [bold]{account.password}[/]"
        " (a new password and second factor at each start)."
    )
    console.print("Its second factor: scan this with an authenticator app,", highlight=False)
    console.out(qr.getvalue(), highlight=False)
    console.print(
        f"or enter the key [bold]{account.totp_secret}[/] in it. No app at hand? "
        "The code of the moment:",
        highlight=False,
    )
    now = f"import pyotp; print(pyotp.TOTP('{account.totp_secret}').now())"
    console.print(f'  [bold]{Path(sys.executable)} -c "{now}"[/]', highlight=False, soft_wrap=True)


def _print_demo_workers(workers: list[DemoAccount]) -> None:
    """The demo's case workers, who can sign in too (to try a team: the demo account is
    their supervisor)."""
    if not workers:
        return
    console.print(
        "\nThe demo's case workers sign in too (username / password, second factor's key):"
    )
    for worker in workers:
        console.print(
            f"  [bold]{worker.username}[/] / [bold]{worker.password}[/], key {worker.totp_secret}",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        "Add a key to an authenticator app, or print its code with the command above, the "
        "key changed.\n",
        highlight=False,
    )


def _program() -> str:
    """How to call vigil again: its name when it is on PATH, else the path it was run by
    (`make start` runs .venv/bin/vigil)."""
    invoked = sys.argv[0]
    if Path(invoked).name != "vigil" or shutil.which("vigil"):
        return "vigil"
    return invoked


@db_app.command("revision")
@reports_errors
def revision(
    message: str = typer.Option(..., "-m", "--message", help="What the migration changes."),
    empty: bool = typer.Option(
        False, "--empty", help="Write an empty migration to fill by hand (e.g. moving data)."
    ),
) -> None:
    """Write a new migration after the newest one: the difference between the models
    (vigil/store/models.py, ...) and a temporary database built by the migrations there are.
    Read it over before committing it."""
    path = revisions.new_revision(message, autogenerate=not empty)
    console.print(f"Wrote {path}", highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(demo)
    app.command()(start)
    app.add_typer(db_app, name="db")
