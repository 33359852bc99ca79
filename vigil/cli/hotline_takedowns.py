"""`vigil hotline recheck`, `vigil hotline takedowns` and `vigil hotline tasks`:
notice-and-takedown from the command line."""

from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from vigil.cli.context import actor, console, jobs, reports_errors, session
from vigil.figures.takedown import host_ranking
from vigil.hotline import tasks as tasks_service
from vigil.hotline.notices import format_time
from vigil.hotline.takedowns import list_takedowns
from vigil.store.takedown import HotlineTask, Takedown

tasks_app = typer.Typer(
    help="What a supervisor must do: recipients nobody knows, URLs still online.",
    invoke_without_command=True,
)


def recheck() -> None:
    """Do the takedowns' due work now: open those no job opened, re-check the URLs due,
    send the reminders and escalations due (what the periodic job does every 15 minutes)."""
    done = jobs().takedowns.run_due()
    console.print(
        f"Opened {done.opened} takedowns; re-checked {done.checked} URLs, {done.removed} "
        f"removed; {done.noticed} rounds of notices, {done.escalated} escalations.",
        highlight=False,
    )


def takedowns(
    open_only: bool = typer.Option(False, "--open", help="Only the URLs still online."),
    as_json: bool = typer.Option(False, "--json", help="As JSON (a contract)."),
) -> None:
    """The confirmed URLs, where they are hosted, their notices and how long removal took."""
    with session() as s:
        found = list_takedowns(s, by=actor(), open_only=open_only)
        rows = [takedown_record(t) for t in found]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        hours = "" if r["hours_from_report"] is None else f" {r['hours_from_report']:.1f} h"
        console.print(
            f"{r['id']:>5} {r['state']:8} {r['country'] or '??'} AS{r['asn'] or '?'} "
            f"{r['notices_sent']} notices{hours} {r['url']}",
            highlight=False,
        )


def takedown_record(t: Takedown) -> dict[str, Any]:
    """A takedown as `vigil hotline takedowns --json` prints it."""

    def at(value: Any) -> str | None:
        return format_time(value) if value is not None else None

    return {
        "id": t.id,
        "url": t.url,
        "reference": t.reference,
        "state": t.state.value,
        "address": t.address,
        "reverse_dns": t.reverse_dns,
        "country": t.country,
        "asn": t.asn,
        "as_name": t.as_name,
        "reported_at": at(t.reported_at),
        "first_notice_at": at(t.first_notice_at),
        "escalated_at": at(t.escalated_at),
        "removed_at": at(t.removed_at),
        "removal": t.removal.value if t.removal else None,
        "checks": t.checks,
        "notices_sent": sum(n.result == "sent" for n in t.notices),
        "hours_from_report": t.hours_to_removal(t.reported_at),
        "hours_from_first_notice": t.hours_to_removal(t.first_notice_at),
    }


@tasks_app.callback()
@reports_errors
def tasks_list(
    ctx: typer.Context,
    everything: bool = typer.Option(False, "--all", help="Also the tasks already done."),
    as_json: bool = typer.Option(False, "--json", help="As JSON (a contract)."),
) -> None:
    """The supervisors' open tasks, oldest first."""
    if ctx.invoked_subcommand is not None:
        return
    with session() as s:
        rows = [_task_record(t) for t in tasks_service.list_tasks(s, by=actor(), done=everything)]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        console.print("No open tasks.")
    for r in rows:
        console.print(f"{r['id']:>5} {r['reason']:20} {r['message']}", highlight=False)


def _task_record(t: HotlineTask) -> dict[str, Any]:
    return {
        "id": t.id,
        "takedown": t.takedown_id,
        "reason": t.reason,
        "kind": t.kind.value if t.kind else None,
        "country": t.country,
        "asn": t.asn,
        "message": t.message,
        "state": t.state.value,
        "created_at": format_time(t.created_at),
    }


@tasks_app.command("done")
@reports_errors
def tasks_done(task_id: int = typer.Argument(..., help="The task's id.")) -> None:
    """Mark a task done."""
    with session() as s:
        task = tasks_service.close_task(s, task_id, by=actor())
    console.print(f"Task {task.id} done.")


def hosts(
    year: int | None = typer.Option(None, "--year", help="Only the URLs confirmed in this year."),
    as_json: bool = typer.Option(False, "--json", help="As JSON (a contract)."),
) -> None:
    """The hosts of confirmed URLs, slowest to remove first: median and 90th percentile of
    the hours from report to removal, URLs confirmed, removed and still online."""
    with session() as s:
        rows = host_ranking(s, year, by=actor())
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        console.print("No confirmed URLs" + (f" in {year}." if year else "."))
        return
    table = Table("host", "countries", "confirmed", "removed", "online", "median h", "p90 h")
    for r in rows:
        host = f"AS{r['asn']} {r['as_name'] or ''}".strip() if r["asn"] else "unknown"
        table.add_row(
            host,
            " ".join(r["countries"]),
            str(r["confirmed_urls"]),
            str(r["removed"]),
            str(r["still_online"]),
            _hours(r["removal_hours_median"]),
            _hours(r["removal_hours_p90"]),
        )
    console.print(table)


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def register(hotline: typer.Typer) -> None:
    hotline.command("hosts")(reports_errors(hosts))
    hotline.command("recheck")(reports_errors(recheck))
    hotline.command("takedowns")(reports_errors(takedowns))
    hotline.add_typer(tasks_app, name="tasks")
