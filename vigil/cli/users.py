"""`vigil users ...`: accounts, from a terminal (e.g. the first administrator)."""

from __future__ import annotations

import typer

from vigil.accounts import service as accounts
from vigil.cli.context import actor, console, reports_errors, session

app = typer.Typer(
    help="Accounts: add, list, disable, reset the second factor, unlock.", no_args_is_help=True
)


@app.command("add")
@reports_errors
def add(
    username: str,
    name: str = typer.Option("", help="Full name."),
    role: list[str] = typer.Option(
        [], help="admin, supervisor, case_worker, analyst or statistician; repeat for several."
    ),
) -> None:
    """Add an account and print its first password (shown once)."""
    with session() as s:
        user, password = accounts.add_account(s, username, name, role, by=actor())
    roles = ", ".join(user.roles) or "no role yet"
    console.print(f"User {username} added ({roles}). First password: {password}", highlight=False)
    console.print("The second factor is set up at the first sign-in.")


@app.command("list")
@reports_errors
def list_() -> None:
    """List the accounts."""
    with session() as s:
        for u in accounts.list_accounts(s, by=actor()):
            state = "active" if u.active else "disabled"
            factor = "2fa" if u.totp_secret else "no 2fa yet"
            roles = ",".join(u.roles) or "-"
            console.print(
                f"{u.username}\t{u.display_name}\t{roles}\t{state}\t{factor}", highlight=False
            )


@app.command("disable")
@reports_errors
def disable(username: str) -> None:
    """Disable an account: it cannot sign in, and its sign-ins end now."""
    with session() as s:
        accounts.disable_account(s, username, by=actor())
    console.print(f"User {username} disabled.")


@app.command("reset-2fa")
@reports_errors
def reset_2fa(username: str) -> None:
    """Forget an account's second factor (a lost phone): the next sign-in sets up a new one."""
    with session() as s:
        accounts.reset_second_factor(s, username, by=actor())
    console.print(f"The second factor of {username} is reset; it is set up again at sign-in.")


@app.command("unlock")
@reports_errors
def unlock(username: str) -> None:
    """Let an account sign in again at once: forget its failed sign-ins, wherever they were
    made (after many wrong tries, each new try waits, up to VIGIL_LOGIN_LOCKOUT_MINUTES)."""
    with session() as s:
        forgotten = accounts.unlock_account(s, username, by=actor())
    console.print(
        f"{username} may sign in again at once ({forgotten} failed sign-ins forgotten).",
        highlight=False,
    )
