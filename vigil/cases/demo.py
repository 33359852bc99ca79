"""A deterministic, realistic synthetic data set for trying Vigil out.

The sizes follow those a national missing-children hotline publishes (hundreds of
runaways a year, a few hundred parental abductions handled, tens of exploitation
files, unaccompanied-minor files that stay open for years). Every name is made up
from short lists; the same seed and the same ``until`` day give the same data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.cases import timeline
from vigil.cases.importing import write_rows
from vigil.cases.rows import ImportedCase
from vigil.domain.case_types import MISSING_TYPES, CaseType, Scope
from vigil.domain.events import EventKind
from vigil.domain.outcomes import Outcome, allowed_outcomes
from vigil.domain.people import Gender
from vigil.domain.references import format_reference
from vigil.errors import InputError
from vigil.store import search
from vigil.store.models import Case, CaseLink, Event, Task, User

YEARS = 7

SIZES_OF_DEMO = {"national": 1.0, "small": 0.05}
"""How many files each size holds, as a share of SIZES: ``national`` about 1,500 new files
a year, as a national hotline has; ``small`` about 75, for a quick try and for tests (still
several of every type each year, with timelines, tasks and links)."""

# New files per year, then (minimum, maximum) age at opening.
SIZES: dict[CaseType, tuple[int, int, int]] = {
    CaseType.RUNAWAY: (820, 11, 17),
    CaseType.PARENTAL_ABDUCTION: (150, 0, 15),
    CaseType.CRIMINAL_ABDUCTION: (9, 2, 17),
    CaseType.LOST_INJURED: (55, 3, 17),
    CaseType.UNACCOMPANIED_MINOR: (95, 13, 17),
    CaseType.SEXUAL_EXPLOITATION: (45, 12, 17),
    CaseType.SEXTING: (110, 11, 17),
    CaseType.SEXTORTION: (170, 12, 17),
    CaseType.GROOMING: (55, 9, 16),
}

# Typical days a file stays open, and the share that is still open today whatever its age.
DURATIONS: dict[CaseType, tuple[int, float]] = {
    CaseType.RUNAWAY: (6, 0.01),
    CaseType.PARENTAL_ABDUCTION: (240, 0.12),
    CaseType.CRIMINAL_ABDUCTION: (30, 0.05),
    CaseType.LOST_INJURED: (2, 0.0),
    CaseType.UNACCOMPANIED_MINOR: (400, 0.7),
    CaseType.SEXUAL_EXPLOITATION: (120, 0.1),
    CaseType.SEXTING: (45, 0.05),
    CaseType.SEXTORTION: (30, 0.05),
    CaseType.GROOMING: (60, 0.08),
}

FIRST_NAMES = (
    "Emma",
    "Louise",
    "Olivia",
    "Mila",
    "Noah",
    "Arthur",
    "Lucas",
    "Liam",
    "Adam",
    "Jules",
    "Nora",
    "Lina",
    "Elise",
    "Finn",
    "Victor",
    "Amira",
    "Yasmine",
    "Mohamed",
    "Ayoub",
    "Sara",
    "Lotte",
    "Fien",
    "Wout",
    "Milan",
    "Hanne",
    "Lars",
    "Jana",
    "Ines",
    "Ruben",
    "Zoe",
)
LAST_NAMES = (
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Simon",
    "Laurent",
    "Leroy",
    "El Amrani",
    "Benali",
    "Nowak",
    "Kowalski",
    "Popescu",
)
WORKERS = (
    ("alice", "Alice Verbeke"),
    ("bruno", "Bruno Lemaire"),
    ("chloe", "Chloé Dewitte"),
    ("driss", "Driss Haddad"),
)
NOTES = (
    "Call from the parent; details of the last sighting taken.",
    "Police informed; a description was circulated.",
    "School contacted; classmates heard from the child.",
    "Social worker of the shelter called back.",
    "Contact with the foreign central authority.",
    "The child answered a message on social media.",
)


@dataclass(frozen=True)
class DemoResult:
    cases: int
    first_year: int
    last_year: int


def _opened(rng: random.Random, year: int, until: date) -> date:
    last = min(date(year, 12, 31), until)
    return date(year, 1, 1) + timedelta(days=rng.randrange((last - date(year, 1, 1)).days + 1))


def _closing(
    rng: random.Random, case_type: CaseType, opened: date, until: date, effective: bool | None
) -> tuple[date | None, Outcome | None]:
    typical, still_open = DURATIONS[case_type]
    if rng.random() < still_open:
        return None, None
    closed = opened + timedelta(days=int(rng.expovariate(1 / typical)))
    if closed > until:
        return None, None
    outcomes = sorted(allowed_outcomes(case_type, effective))
    weights = [
        6 if o in (Outcome.RETURNED, Outcome.RESOLVED, Outcome.FOUND) else 1 for o in outcomes
    ]
    return closed, rng.choices(outcomes, weights)[0]


def _child_age(rng: random.Random, case_type: CaseType) -> int:
    _, low, high = SIZES[case_type]
    return rng.randint(low, high)


def _row(
    rng: random.Random, case_type: CaseType, year: int, number: int, until: date
) -> ImportedCase:
    opened = _opened(rng, year, until)
    abduction = case_type is CaseType.PARENTAL_ABDUCTION
    effective = rng.random() < 0.75 if abduction else None
    closed, outcome = _closing(rng, case_type, opened, until, effective)
    age = _child_age(rng, case_type)
    estimated = case_type is CaseType.UNACCOMPANIED_MINOR or rng.random() < 0.05
    birth = None if estimated else opened - timedelta(days=365 * age + rng.randrange(365))
    reasons = _risk_reasons(rng, age) if case_type in MISSING_TYPES else ()
    return ImportedCase(
        reference=format_reference(case_type, year, number),
        type=case_type,
        scope=rng.choice((Scope.INTERNATIONAL,) * 3 + (Scope.NATIONAL,)) if abduction else None,
        effective=effective,
        opened_at=opened,
        closed_at=closed,
        outcome=outcome,
        child_birth_date=birth,
        child_age=age if estimated else None,
        child_gender=rng.choice((Gender.FEMALE, Gender.MALE, Gender.FEMALE, Gender.UNKNOWN)),
        child_first_name=rng.choice(FIRST_NAMES),
        child_last_name=rng.choice(LAST_NAMES),
        worrying=None,
        risk_reasons=reasons,
        summary="",
    )


def _risk_reasons(rng: random.Random, age: int) -> tuple[str, ...]:
    reasons = {"under_13"} if age < 13 else set()
    for reason, share in (("disability", 0.04), ("medication", 0.03), ("danger", 0.06)):
        if rng.random() < share:
            reasons.add(reason)
    return tuple(sorted(reasons))


def demo_rows(seed: int, until: date, *, size: str = "national") -> list[ImportedCase]:
    scale = _scale(size)
    rng = random.Random(seed)
    rows: list[ImportedCase] = []
    for year in range(until.year - YEARS + 1, until.year + 1):
        for case_type, (per_year, _, _) in SIZES.items():
            growth = 1 + 0.06 * (year - until.year) + rng.uniform(-0.15, 0.15)
            share = (until.timetuple().tm_yday / 366) if year == until.year else 1.0
            count = max(int(per_year * scale * growth * share), 1)
            rows.extend(_row(rng, case_type, year, n, until) for n in range(1, count + 1))
    return rows


def _scale(size: str) -> float:
    if size not in SIZES_OF_DEMO:
        raise InputError(
            "no demo size '%(size)s'; use one of %(sizes)s",
            field="size",
            size=size,
            sizes=", ".join(SIZES_OF_DEMO),
        )
    return SIZES_OF_DEMO[size]


def load_demo(
    session: Session, *, seed: int = 1, until: date, by: Actor, size: str = "national"
) -> DemoResult:
    """Fill an empty database with the demo data set of this size (SIZES_OF_DEMO). Raise
    InputError if it holds files, or for an unknown size."""
    _scale(size)
    existing = session.scalar(select(func.count(Case.id))) or 0
    if existing:
        raise InputError(
            "the database already holds %(count)s files; demo data goes only into an empty "
            "database (point VIGIL_HOME or VIGIL_DATABASE_URL elsewhere to try it)",
            count=existing,
        )
    rng = random.Random(seed + 1)
    workers = [User(username=u, display_name=n) for u, n in WORKERS]
    session.add_all(workers)
    session.flush()
    rows = demo_rows(seed, until, size=size)
    write_rows(session, rows, by=by, source="demo")
    _decorate(session, rng, [w.id for w in workers], until)
    return DemoResult(len(rows), until.year - YEARS + 1, until.year)


def _decorate(session: Session, rng: random.Random, workers: list[int], until: date) -> None:
    """Assign files and give them timelines, tasks and links, as case work leaves behind."""
    cases = session.execute(
        select(Case.id, Case.type, Case.opened_at, Case.closed_at, Case.outcome)
    ).all()
    assignments = [{"id": c.id, "assigned_to_id": rng.choice(workers)} for c in cases]
    session.execute(update(Case), assignments)
    session.execute(insert(Event), _events(rng, cases, workers, until))
    session.execute(insert(Task), _tasks(rng, cases, workers, until))
    session.execute(insert(CaseLink), _links(rng, cases))
    search.rebuild(session)  # the timelines just written are searchable too


def _noon(day: date) -> datetime:
    return clock.noon(day)


def _events(
    rng: random.Random, cases: Sequence[Any], workers: list[int], until: date
) -> list[dict[str, Any]]:
    events = []
    for c in cases:
        last = c.closed_at or until
        for _ in range(rng.randint(1, 3)):
            day = c.opened_at + timedelta(days=rng.randrange((last - c.opened_at).days + 1))
            kind = rng.choice((EventKind.NOTE, EventKind.CALL, EventKind.POLICE_CONTACT))
            events.append(
                {
                    "case_id": c.id,
                    "kind": kind,
                    "occurred_at": _noon(day),
                    "text": rng.choice(NOTES),
                    "by_id": rng.choice(workers),
                    "created_at": _noon(day),
                }
            )
        if c.closed_at:
            events.append(
                {
                    "case_id": c.id,
                    "kind": EventKind.OUTCOME,
                    "occurred_at": _noon(c.closed_at),
                    "text": "",
                    **timeline.closed(c.outcome),
                    "by_id": rng.choice(workers),
                    "created_at": _noon(c.closed_at),
                }
            )
    return events


def _tasks(
    rng: random.Random, cases: Sequence[Any], workers: list[int], until: date
) -> list[dict[str, Any]]:
    tasks = []
    for c in cases:
        if c.closed_at is None and rng.random() < 0.5:
            due = until + timedelta(days=rng.randint(-10, 20))
            tasks.append(
                {
                    "case_id": c.id,
                    "title": rng.choice(
                        (
                            "Call the family back",
                            "Update the police",
                            "Check the shelter's register",
                            "Send the file to the central authority",
                        )
                    ),
                    "due_on": max(due, c.opened_at),
                    "assigned_to_id": rng.choice(workers),
                    "created_at": _noon(c.opened_at),
                }
            )
    return tasks


def _links(rng: random.Random, cases: Sequence[Any]) -> list[dict[str, Any]]:
    runaways = [c.id for c in cases if c.type is CaseType.RUNAWAY]
    pairs = {tuple(sorted(rng.sample(runaways, 2))) for _ in range(len(runaways) // 20)}
    return [
        {"case_id": a, "other_id": b, "reason": "same child (repeat runaway)"} for a, b in pairs
    ]
