"""`vigil hotline report/import/show/process/sweep/purge` and `vigil worker`: reports of URLs
and the pipeline that works on them, from the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path

import typer

from vigil.cli.context import actor, console, current_settings, jobs, reports_errors, session
from vigil.hotline import importing, reports
from vigil.hotline.pipeline import Pipeline, Queue, purge_evidence
from vigil.jobs.worker import run_worker


def report(
    urls: list[str] = typer.Argument(..., help="The URLs where the material was seen."),
    description: str = typer.Option("", "--description", "-d", help="What was seen."),
    source: str = typer.Option(
        "", "--source", help="Where the report came from (a partner hotline, a channel)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the reference as JSON."),
) -> None:
    """Report URLs to the hotline: stored at once, then fetched in the background."""
    with session() as s:
        received = reports.receive_report(
            s,
            urls,
            by=actor(),
            settings=current_settings(),
            description=description,
            source=source,
        )
        reference, to_fetch = received.report.reference, received.to_fetch
    _queue(to_fetch)
    if as_json:
        typer.echo(json.dumps({"reference": reference, "urls": len(urls)}))
        return
    console.print(f"Report {reference} received: {len(to_fetch)} URLs to fetch.", highlight=False)


def import_(path: Path = typer.Argument(..., help="A .csv or .jsonl file of URLs.")) -> None:
    """Import reports of URLs from a file, all or nothing (columns: url, description,
    external_id; rows with one external_id are one report)."""
    with session() as s:
        received = importing.import_reports(s, path, by=actor(), settings=current_settings())
        to_fetch = [u for r in received for u in r.to_fetch]
        new = sum(not r.repeated for r in received)
    _queue(to_fetch)
    console.print(
        f"Imported {path}: {new} new reports, {len(received) - new} already there, "
        f"{len(to_fetch)} URLs to fetch.",
        highlight=False,
    )


def _queue(url_ids: list[int]) -> None:
    queue = jobs().queue
    for url_id in url_ids:
        queue.fetch_url(url_id)


def show(
    reference: str = typer.Argument(..., help="The report's reference, e.g. HL-2026-000123."),
    as_json: bool = typer.Option(False, "--json", help="The report as JSON (a contract)."),
) -> None:
    """Show a report: each URL's state and reason, each media item's hashes and matches."""
    with session() as s:
        shown = reports.show_report(s, reference, by=actor())
    if as_json:
        typer.echo(json.dumps(shown, indent=2))
        return
    console.print(f"[bold]{shown['reference']}[/] received {shown['received_at']}")
    for url in shown["urls"]:
        reason = f" — {url['reason']}" if url["reason"] else ""
        console.print(f"  {url['state']:9} {url['url']}{reason}", highlight=False)
        for item in url["media"]:
            why = f" — {item['reason']}" if item["reason"] else ""
            found = ", ".join(
                f"{m['list']} v{m['version']} d{m['distance']}" for m in item["matches"]
            )
            console.print(
                f"    {item['state']:19} {item['url']} {found}{why}".rstrip(), highlight=False
            )


def process(
    wait: bool = typer.Option(
        False, "--wait", help="Also wait for the steps other workers hold to be done."
    ),
) -> None:
    """Run the pending work of the pipeline here and now, and return when it is done (the
    notices of what it confirms included)."""
    settings = current_settings()
    pipeline = Pipeline(settings, jobs().pipeline.factory, Queue(lambda _: None, lambda _: None))
    notifier = jobs().takedowns.notifier
    pipeline.queue = Queue(
        pipeline.fetch_url,
        lambda item_id: pipeline.process_media(item_id),
        lambda item_id: void(notifier.open(item_id)),
    )
    done = 0
    while True:
        urls, media = pipeline.pending()
        for url_id in urls:
            pipeline.fetch_url(url_id)
        for item_id in media:
            pipeline.process_media(item_id)
        done += len(urls) + len(media)
        still_urls, still_media = pipeline.pending()
        if not (still_urls or still_media) or not wait:
            break
        time.sleep(0.5)
    console.print(f"Processed the pending work ({done} steps).")


def void(_: object) -> None:
    """Drop what a step returns (the queue's steps return nothing)."""


def sweep() -> None:
    """Queue again the steps a lost job left undone, and delete expired evidence."""
    urls, media, purged = jobs().pipeline.sweep()
    console.print(f"Queued again {urls} URLs and {media} media items; {purged} copies expired.")


def purge() -> None:
    """Delete the sealed evidence copies past VIGIL_EVIDENCE_RETENTION_DAYS."""
    with session() as s:
        purged = purge_evidence(s)
    console.print(f"Deleted {purged} evidence copies past their retention.")


def worker(workers: int = typer.Option(1, "--workers", min=1, max=64)) -> None:
    """Work the job queue (VIGIL_QUEUE_URL) in the foreground until Ctrl+C."""
    console.print(f"Working the queue with {workers} worker(s); Ctrl+C stops.")
    run_worker(jobs(), workers)


def register(hotline: typer.Typer, app: typer.Typer) -> None:
    hotline.command("report")(reports_errors(report))
    hotline.command("import")(reports_errors(import_))
    hotline.command("show")(reports_errors(show))
    hotline.command("process")(reports_errors(process))
    hotline.command("sweep")(reports_errors(sweep))
    hotline.command("purge")(reports_errors(purge))
    app.command("worker")(reports_errors(worker))
