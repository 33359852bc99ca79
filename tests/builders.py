"""Builders of real objects in a real database, with overrides for what a test cares about.

Personas: ``alice`` the case worker, ``bob`` the analyst, ``carol`` the statistician,
``dave`` with no rights (rights arrive with the web application).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor, ActorKind, command_line
from vigil.accounts.roles import permissions_of
from vigil.accounts.staff import add_worker
from vigil.cases import service
from vigil.cases.importing import write_rows
from vigil.cases.rows import ImportedCase
from vigil.domain.case_types import EXPLOITATION_TYPES, PREFIXES, CaseType, Scope
from vigil.domain.outcomes import Outcome
from vigil.domain.people import Gender
from vigil.domain.references import format_reference
from vigil.store.models import Case, ReferenceCounter, User

PERSONAS = {
    "alice": "Alice Verbeke",
    "bob": "Bob Claes",
    "carol": "Carol Dupont",
    "dave": "Dave Maes",
}


CLI = command_line("tests")
"""The command line's actor: every permission, no restricted file."""


def make_user(session: Session, username: str = "alice") -> User:
    return add_worker(session, username, PERSONAS.get(username, username))


def actor_of(user: User, *roles: str) -> Actor:
    """``user`` acting with these roles (a supervisor when none is given), as the pages'
    sign-in makes them."""
    held = roles or ("supervisor",)
    return Actor(
        kind=ActorKind.PERSON,
        name=user.username,
        display_name=user.display_name,
        permissions=permissions_of(frozenset(held)),
        user_id=user.id,
        roles=tuple(held),
    )


AT_THE_TIME = 100_000
"""The builders enter a file as if at the time of its dates: no date is "backdated"."""


def make_case(
    session: Session,
    type: CaseType = CaseType.RUNAWAY,
    *,
    opened_at: date = date(2021, 3, 1),
    closed_at: date | None = None,
    outcome: Outcome | None = None,
    birth_date: date | None = None,
    estimated_age: int | None = None,
    by: Actor = CLI,
    **overrides: Any,
) -> Case:
    """Open a file (closing it too when ``closed_at`` is given) through the use cases."""
    if type is CaseType.PARENTAL_ABDUCTION:
        overrides.setdefault("scope", Scope.INTERNATIONAL)
        overrides.setdefault("effective", True)
    child = service.ChildDetails(
        first_name=overrides.pop("first_name", "Lea"),
        last_name=overrides.pop("last_name", "Peeters"),
        birth_date=birth_date,
        estimated_age=estimated_age,
    )
    intake = service.Intake(type=type, child=child, opened_at=opened_at, **overrides)
    case = service.open_case(session, intake, by=by, backdate_days=AT_THE_TIME)
    if closed_at is not None:
        default = Outcome.RESOLVED if type in EXPLOITATION_TYPES else Outcome.FOUND
        service.close_case(
            session,
            case.reference,
            outcome=outcome or default,
            on=closed_at,
            by=by,
            backdate_days=AT_THE_TIME,
        )
    return case


def make_cases(
    session: Session, count: int, type: CaseType = CaseType.RUNAWAY, *, opened_at: date
) -> None:
    """Write ``count`` open files of one type, opened on one day, in one bulk insert as an
    import does: for a test that needs many files but not each one's timeline (make_case
    goes through the use cases, one file at a time, a hundred times slower). Their
    references follow those of the year, and the files opened after them follow them."""
    prefix, year = PREFIXES[type], opened_at.year
    counter = session.get(ReferenceCounter, (prefix, year))
    if counter is not None:
        first = counter.last + 1
    else:
        like = f"{prefix}-{year}-%"
        first = 1 + (session.scalar(select(func.count()).where(Case.reference.like(like))) or 0)
    abduction = type is CaseType.PARENTAL_ABDUCTION
    rows = [
        ImportedCase(
            reference=format_reference(type, year, first + n),
            type=type,
            scope=Scope.INTERNATIONAL if abduction else None,
            effective=True if abduction else None,
            opened_at=opened_at,
            closed_at=None,
            outcome=None,
            child_birth_date=None,
            child_age=None,
            child_gender=Gender.UNKNOWN,
            child_first_name="Lea",
            child_last_name="Peeters",
            worrying=None,
            risk_reasons=(),
            summary="",
        )
        for n in range(count)
    ]
    write_rows(session, rows, by=CLI, source="make_cases")
    if counter is not None:
        counter.last = first + count - 1
    session.flush()
