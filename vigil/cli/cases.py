"""`vigil cases ...`: case work from a terminal."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

import typer
from rich.table import Table

from vigil import clock
from vigil.cases import queries, service
from vigil.cases.duplicates import possible_duplicates
from vigil.cases.reading import FileView, view_case
from vigil.cases.timeline import describe
from vigil.cli.context import actor, console, current_settings, reports_errors, session, words
from vigil.domain.ages import age_on
from vigil.domain.case_types import parse_case_type, parse_scope
from vigil.domain.countries import Abroad, Direction, framework, parse_country, parse_direction
from vigil.domain.disappearance import NAMES as DISAPPEARANCE_NAMES
from vigil.domain.events import parse_event_kind
from vigil.domain.outcomes import Status, parse_outcome, parse_status
from vigil.domain.parsing import parse_date
from vigil.domain.people import parse_gender, parse_risk_reason, parse_role
from vigil.errors import InputError
from vigil.store.models import Case

app = typer.Typer(help="Case work: open, find, note, task, close files.", no_args_is_help=True)
task_app = typer.Typer(help="Tasks on a file.", no_args_is_help=True)
app.add_typer(task_app, name="task")

T = TypeVar("T")


def _parsed(option: str, raw: str | None, parse: Callable[[str], T]) -> T | None:
    """Parse an option's text; a bad value becomes an InputError naming the option."""
    if raw is None or not raw.strip():
        return None
    try:
        return parse(raw)
    except InputError as exc:
        raise InputError(
            "%(option)s: %(problem)s", field=option, option=option, problem=exc
        ) from None


def _date(option: str, raw: str | None) -> date | None:
    return _parsed(option, raw, parse_date)


def _status(raw: str | None) -> Status | None:
    return _parsed("--status", raw, parse_status)


@app.command("list")
@reports_errors
def list_(
    type: str | None = typer.Option(None, "--type", help="Type code, e.g. runaway."),
    status: str | None = typer.Option(None, help="open or closed."),
    worker: str | None = typer.Option(None, help="Username of the assigned worker."),
    year: int | None = typer.Option(None, help="Year the file was opened."),
    worrying: bool | None = typer.Option(None, "--worrying/--not-worrying"),
    search: str = typer.Option("", "--search", "-s", help="Reference, name or note text."),
    limit: int = typer.Option(50, min=1, max=10000),
) -> None:
    """List files, most recently opened first."""
    f = queries.CaseFilter(
        type=_parsed("--type", type, parse_case_type),
        status=_status(status),
        worker=worker,
        year=year,
        worrying=worrying,
        text=search,
    )
    with session() as s:
        found = queries.find_cases(s, f, by=actor(), limit=limit)
        console.print(_case_table(found.rows))
    total = f"{found.total:,}" + ("+" if found.more else "")
    console.print(f"{len(found.rows)} of {total} files shown.")


def _case_table(cases: Sequence[queries.CaseRow]) -> Table:
    table = Table()
    for column in ("reference", "type", "opened", "status", "child", "age", "worker", "risk"):
        table.add_column(column)
    for c in cases:
        table.add_row(
            c.reference,
            c.type.value,
            str(c.opened_at),
            c.status.value if c.closed_at is None else f"closed {c.closed_at}",
            c.child_name,
            "" if c.child_age_at_opening is None else str(c.child_age_at_opening),
            c.assigned_to.username if c.assigned_to else "",
            "worrying" if c.worrying else "",
        )
    return table


@app.command()
@reports_errors
def show(reference: str) -> None:
    """Show a file: its child, people, timeline, tasks and linked files."""
    with session() as s:
        _print_case(view_case(s, reference, by=actor()))


def _print_disappearance(case: Case) -> None:
    gone = case.disappearance
    if gone is None:
        return
    for name in DISAPPEARANCE_NAMES:
        value = getattr(gone, name)
        if isinstance(value, datetime):
            value = f"{clock.local(value):%Y-%m-%d %H:%M}"
        if value:
            console.print(f"  {name.replace('_', ' ')}: {value}", highlight=False)


def _print_case(view: FileView) -> None:
    case = view.case
    console.print(f"[bold]{case.reference}[/] — {words().label(case.type)}", highlight=False)
    if case.scope is not None:
        kind = "effective" if case.effective else "threatened/prevented"
        console.print(f"{case.scope.value}, {kind}")
    if case.country:
        way = "from" if case.direction is Direction.INCOMING else "to"
        rule = framework(case.country).value
        ref = f"; central authority's reference {case.authority_reference}"
        console.print(
            f"{way} {case.country} ({rule}){ref if case.authority_reference else ''}",
            highlight=False,
        )
    state = f"closed on {case.closed_at}: {case.outcome.value}" if case.outcome else "open"
    console.print(f"Opened {case.opened_at}; {state}.")
    if case.worrying:
        console.print(f"[red]Worrying[/]: {', '.join(case.risk_reasons) or 'yes'}")
    if case.summary:
        console.print(case.summary, highlight=False)
    _print_disappearance(case)
    for p in view.case.people:
        age = age_on(
            case.closed_at or clock.today(),
            birth_date=p.birth_date,
            estimated_age=p.estimated_age,
            estimated_on=p.estimated_on,
        )
        extra = f", {age} years" if age is not None else ""
        console.print(f"  {p.role.value}: {p.name}{extra} {p.contact}".rstrip(), highlight=False)
    console.print("[bold]Timeline[/]")
    for e in case.events:
        entry = " — ".join(x for x in (describe(e, words().translations.gettext), e.text) if x)
        console.print(f"  {e.occurred_at:%Y-%m-%d %H:%M} {e.kind.value}: {entry}", highlight=False)
    if case.tasks:
        console.print("[bold]Tasks[/]")
    for t in view.tasks:
        done = "done" if t.done_at else f"due {t.due_on}" if t.due_on else "open"
        console.print(f"  #{t.id} {t.title} ({done})", highlight=False)
    if view.linked:
        console.print("Linked: " + ", ".join(c.reference for c in view.linked))
    console.print("[bold]History[/]")
    for h in view.history:
        change = f"{_facts(h.before)} -> {_facts(h.after)}" if h.before else _facts(h.after)
        late = f" [red]({h.backdated_days} days back)[/]" if h.backdated_days else ""
        why = f": {h.reason}" if h.reason else ""
        console.print(
            f"  {h.on} {h.kind} by {h.actor or '?'} on {h.recorded_at:%Y-%m-%d}{late} "
            f"{change}{why}".rstrip(),
            highlight=False,
            soft_wrap=True,
        )


def _facts(facts: dict[str, object] | None) -> str:
    """A history entry's values in a few words: ``parental_abduction national effective``."""
    words = []
    for name, value in (facts or {}).items():
        if name == "effective" and value is not None:
            words.append("effective" if value else "threatened")
        elif value is not None and name != "effective":
            words.append(str(value))
    return " ".join(words)


@app.command("open")
@reports_errors
def open_(
    type: str = typer.Option(..., "--type", help="Type code, e.g. runaway."),
    first_name: str = typer.Option("", help="The child's first name."),
    last_name: str = typer.Option("", help="The child's last name."),
    birth_date: str | None = typer.Option(None, help="YYYY-MM-DD."),
    age: int | None = typer.Option(None, help="Estimated age when the birth date is unknown."),
    age_estimated_on: str | None = typer.Option(
        None, help="YYYY-MM-DD: the day the age was estimated; the opening day if not given."
    ),
    age_disputed: bool = typer.Option(
        False, help="An unaccompanied minor whose age the authorities dispute."
    ),
    gender: str = typer.Option("unknown", help="female, male, other or unknown."),
    scope: str | None = typer.Option(None, help="Parental abduction: international|national."),
    effective: bool | None = typer.Option(None, "--effective/--threatened"),
    country: str | None = typer.Option(
        None, help="International parental abduction: the destination country (ISO 3166)."
    ),
    direction: str | None = typer.Option(
        None, help="outgoing (taken abroad, the default) or incoming (brought here)."
    ),
    authority_reference: str = typer.Option("", help="The central authority's reference."),
    risk: list[str] = typer.Option([], help="Risk reason; repeat for several."),
    summary: str = typer.Option("", help="What happened, in a few lines."),
    opened_at: str | None = typer.Option(None, help="YYYY-MM-DD; today if not given."),
    reporter: str = typer.Option("", help="Who called."),
    reporter_contact: str = typer.Option("", help="How to reach them."),
    late_reason: str = typer.Option(
        "", help="Why the file is opened with a date more than VIGIL_BACKDATE_DAYS back."
    ),
) -> None:
    """Open a new file and print its reference."""
    intake = service.Intake(
        type=parse_or_fail("--type", type, parse_case_type),
        child=service.ChildDetails(
            first_name=first_name,
            last_name=last_name,
            birth_date=_date("--birth-date", birth_date),
            estimated_age=age,
            gender=parse_or_fail("--gender", gender, parse_gender),
            estimated_on=_date("--age-estimated-on", age_estimated_on),
            age_disputed=age_disputed,
        ),
        opened_at=_date("--opened-at", opened_at),
        scope=_parsed("--scope", scope, parse_scope),
        effective=effective,
        summary=summary,
        risk_reasons=frozenset(parse_or_fail("--risk", r, parse_risk_reason) for r in risk),
        reporter_name=reporter,
        reporter_contact=reporter_contact,
        abroad=Abroad(
            country=_parsed("--country", country, parse_country),
            direction=_parsed("--direction", direction, parse_direction),
            authority_reference=authority_reference,
        ),
        late_reason=late_reason,
    )
    with session() as s:
        limit = current_settings().disputed_age_limit
        days = current_settings().backdate_days
        twins = possible_duplicates(s, intake.child, by=actor())
        case = service.open_case(
            s, intake, by=actor(), disputed_age_limit=limit, backdate_days=days
        )
        console.print(f"Opened {case.reference}" + (" (worrying)" if case.worrying else ""))
        if twins:
            found = ", ".join(f"{m.reference} ({m.strength.value})" for m in twins)
            console.print(
                f"Possible earlier files of this child: {found}. "
                f"Link them: vigil cases link {case.reference} REFERENCE",
                highlight=False,
            )


def parse_or_fail(option: str, raw: str, parse: Callable[[str], T]) -> T:
    value = _parsed(option, raw, parse)
    if value is None:
        raise InputError("%(option)s is empty", field=option, option=option)
    return value


@app.command()
@reports_errors
def note(reference: str, text: str) -> None:
    """Write a note on a file's timeline."""
    with session() as s:
        service.add_note(s, reference, text, by=actor())
    console.print(f"Note added to {reference}.")


@app.command()
@reports_errors
def event(
    reference: str,
    kind: str = typer.Argument(..., help="call, sighting, police_contact, ..."),
    text: str = typer.Argument(...),
    on: str | None = typer.Option(None, help="YYYY-MM-DD; today if not given."),
) -> None:
    """Record a call, a sighting or a contact with the police or a foreign authority."""
    parsed = parse_or_fail("KIND", kind, parse_event_kind)
    with session() as s:
        service.record_event(s, reference, parsed, text, by=actor(), on=_date("--on", on))
    console.print(f"{kind} recorded on {reference}.")


@app.command()
@reports_errors
def close(
    reference: str,
    outcome: str | None = typer.Option(None, help="found, returned, resolved, ..."),
    on: str | None = typer.Option(None, help="YYYY-MM-DD; today if not given."),
    note: str = typer.Option("", help="A closing note."),
) -> None:
    """Close a file with its outcome (a date more than VIGIL_BACKDATE_DAYS back needs a
    note that says why)."""
    parsed = _parsed("--outcome", outcome, parse_outcome)
    with session() as s:
        service.close_case(
            s,
            reference,
            outcome=parsed,
            on=_date("--on", on),
            note=note,
            by=actor(),
            backdate_days=current_settings().backdate_days,
        )
    console.print(f"Closed {reference}.")


@app.command()
@reports_errors
def reopen(reference: str, reason: str = typer.Option(..., help="Why it is reopened.")) -> None:
    """Reopen a closed file that was closed wrongly (its closing stays in the history). A new
    disappearance of the child is a new file: `vigil cases repeat REFERENCE`."""
    with session() as s:
        service.reopen_case(s, reference, reason=reason, by=actor())
    console.print(f"Reopened {reference}.")


@app.command()
@reports_errors
def repeat(
    reference: str,
    on: str | None = typer.Option(None, help="YYYY-MM-DD of the new report; today if not given."),
    summary: str = typer.Option("", help="What happened this time."),
    late_reason: str = typer.Option(
        "", help="Why the file is opened with a date more than VIGIL_BACKDATE_DAYS back."
    ),
) -> None:
    """A new disappearance of the child of REFERENCE: open a new file, linked to it (a
    repeat disappearance is never a reopening)."""
    with session() as s:
        case = service.open_repeat(
            s,
            reference,
            on=_date("--on", on),
            summary=summary,
            late_reason=late_reason,
            by=actor(),
            backdate_days=current_settings().backdate_days,
        )
        console.print(f"Opened {case.reference}, linked to {reference}.")


@app.command()
@reports_errors
def reclassify(
    reference: str,
    reason: str = typer.Option(..., help="Why the file is reclassified."),
    type: str | None = typer.Option(None, "--type", help="The new type code; kept if not given."),
    scope: str | None = typer.Option(None, help="Parental abduction: international|national."),
    effective: bool | None = typer.Option(None, "--effective/--threatened"),
    on: str | None = typer.Option(None, help="YYYY-MM-DD it takes effect; today if not given."),
) -> None:
    """Change a file's type, scope or effective, with the reason: the figures count it under
    the new one from that day on."""
    new_type = _parsed("--type", type, parse_case_type)
    new_scope = _parsed("--scope", scope, parse_scope)
    with session() as s:
        now = service.classification_of(s, reference, by=actor())
        service.reclassify_case(
            s,
            reference,
            now.changed(new_type, new_scope, effective),
            reason=reason,
            on=_date("--on", on),
            by=actor(),
            backdate_days=current_settings().backdate_days,
        )
    console.print(f"Reclassified {reference}.")


@app.command()
@reports_errors
def assign(reference: str, username: str) -> None:
    """Assign a file to a case worker."""
    with session() as s:
        service.assign_case(s, reference, username, by=actor())
    console.print(f"{reference} assigned to {username}.")


@app.command()
@reports_errors
def person(
    reference: str,
    role: str = typer.Argument(..., help="reporter, parent or suspect."),
    first_name: str = typer.Option(""),
    last_name: str = typer.Option(""),
    contact: str = typer.Option(""),
) -> None:
    """Add a person (reporter, parent, suspect) to a file."""
    parsed = parse_or_fail("ROLE", role, parse_role)
    with session() as s:
        service.add_person(
            s,
            reference,
            parsed,
            by=actor(),
            first_name=first_name,
            last_name=last_name,
            contact=contact,
        )
    console.print(f"{role} added to {reference}.")


@app.command()
@reports_errors
def link(
    reference: str,
    other: str,
    reason: str = typer.Option("same child"),
    sibling: bool = typer.Option(
        False, "--sibling", help="The files are about two children (siblings), not one."
    ),
) -> None:
    """Link two files about the same child (or, with --sibling, about siblings)."""
    with session() as s:
        service.link_cases(s, reference, other, by=actor(), reason=reason, same_child=not sibling)
    console.print(f"{reference} and {other} linked.")


@task_app.command("add")
@reports_errors
def task_add(
    reference: str,
    title: str,
    due: str | None = typer.Option(None, help="YYYY-MM-DD."),
    worker: str | None = typer.Option(None, help="Username; the file's worker if not given."),
) -> None:
    """Add a task to a file."""
    with session() as s:
        task = service.add_task(
            s, reference, title, by=actor(), due_on=_date("--due", due), worker=worker or ""
        )
        console.print(f"Task #{task.id} added to {reference}.")


@task_app.command("done")
@reports_errors
def task_done(reference: str, task_id: int) -> None:
    """Mark a task done."""
    with session() as s:
        service.complete_task(s, reference, task_id, by=actor())
    console.print(f"Task #{task_id} done.")


@app.command()
@reports_errors
def overdue(worker: str | None = typer.Option(None, help="Only this worker's tasks.")) -> None:
    """List overdue tasks."""
    with session() as s:
        for t in queries.overdue_tasks(s, by=actor(), worker=worker):
            console.print(f"{t.due_on} {t.case.reference} #{t.id} {t.title}", highlight=False)
