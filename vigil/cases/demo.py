"""A deterministic, realistic synthetic data set for trying Vigil out.

The sizes follow those a national missing-children hotline publishes (hundreds of
runaways a year, a few hundred parental abductions handled, tens of exploitation
files, unaccompanied-minor files that stay open for years). Every name is made up
from short lists; the same seed and the same ``until`` day give the same data.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.cases import timeline
from vigil.cases.importing import write_rows
from vigil.cases.rows import ImportedCase
from vigil.domain.ages import years_between
from vigil.domain.case_types import MISSING_TYPES, CaseType, Scope
from vigil.domain.countries import Direction
from vigil.domain.disappearance import Disappearance
from vigil.domain.events import EventKind
from vigil.domain.outcomes import Outcome
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


OUTCOME_SHARES: dict[CaseType, dict[Outcome, float]] = {
    CaseType.RUNAWAY: {
        Outcome.RETURNED: 70,
        Outcome.FOUND: 22,
        Outcome.UNFOUNDED: 4,
        Outcome.TRANSFERRED: 3,
        Outcome.LOCATED_ABROAD: 0.8,
        Outcome.FOUND_DECEASED: 0.1,
    },
    CaseType.CRIMINAL_ABDUCTION: {
        Outcome.FOUND: 55,
        Outcome.RETURNED: 15,
        Outcome.UNFOUNDED: 18,
        Outcome.TRANSFERRED: 10,
        Outcome.FOUND_DECEASED: 1,
    },
    CaseType.LOST_INJURED: {
        Outcome.FOUND: 75,
        Outcome.RETURNED: 15,
        Outcome.UNFOUNDED: 9,
        Outcome.FOUND_DECEASED: 0.5,
    },
    CaseType.UNACCOMPANIED_MINOR: {
        Outcome.LOCATED_ABROAD: 45,
        Outcome.FOUND: 30,
        Outcome.RETURNED: 25,
        Outcome.FOUND_DECEASED: 0.3,
    },
}
"""How the files of each missing-child type end, in shares: most runaways come back, a
death is a rare event (a few in a national hotline's year, not 7% of runaways)."""

EFFECTIVE_ABDUCTION_SHARES: dict[Outcome, float] = {
    Outcome.RETURNED_VOLUNTARILY: 22,
    Outcome.AGREEMENT: 20,
    Outcome.RETURNED_BY_ORDER: 14,
    Outcome.STAYS_ABROAD_LAWFULLY: 12,
    Outcome.LOCATED_ABROAD: 8,
    Outcome.NON_RETURN_DECIDED: 6,
    Outcome.RETURNED: 6,
    Outcome.TRANSFERRED: 6,
    Outcome.FOUND: 4,
    Outcome.UNFOUNDED: 2,
}
THREATENED_ABDUCTION_SHARES: dict[Outcome, float] = {
    Outcome.ABDUCTION_PREVENTED: 55,
    Outcome.AGREEMENT: 28,
    Outcome.UNFOUNDED: 11,
    Outcome.TRANSFERRED: 6,
}
EXPLOITATION_SHARES: dict[Outcome, float] = {
    Outcome.RESOLVED: 70,
    Outcome.TRANSFERRED: 20,
    Outcome.UNFOUNDED: 10,
}


def outcome_shares(case_type: CaseType, effective: bool | None) -> dict[Outcome, float]:
    """The demo's shares of outcomes for a file of this type (each one that fits it)."""
    if case_type is CaseType.PARENTAL_ABDUCTION:
        return EFFECTIVE_ABDUCTION_SHARES if effective else THREATENED_ABDUCTION_SHARES
    return OUTCOME_SHARES.get(case_type, EXPLOITATION_SHARES)


def _closing(
    rng: random.Random, case_type: CaseType, opened: date, until: date, effective: bool | None
) -> tuple[date | None, Outcome | None]:
    typical, still_open = DURATIONS[case_type]
    if rng.random() < still_open:
        return None, None
    closed = opened + timedelta(days=int(rng.expovariate(1 / typical)))
    if closed > until:
        return None, None
    shares = outcome_shares(case_type, effective)
    outcomes = sorted(shares)
    return closed, rng.choices(outcomes, [shares[o] for o in outcomes])[0]


UAM_ORIGINS: dict[str, tuple[float, tuple[str, ...], tuple[str, ...]]] = {
    # nationality: (share, first names, last names), as written on the papers they carry
    "AF": (
        40,
        ("Ahmad", "Mohammad", "Ali", "Hamid", "Mustafa", "Javad", "Samiullah", "Zahra"),
        ("Ahmadi", "Rahimi", "Hussaini", "Sultani", "Noori", "Karimi", "Sadat"),
    ),
    "ER": (
        14,
        ("Yonas", "Filmon", "Merhawi", "Tesfay", "Semhar", "Dawit", "Senait"),
        ("Tesfamariam", "Gebremedhin", "Haile", "Berhane", "Kidane", "Weldemichael"),
    ),
    "MA": (
        12,
        ("Youssef", "Ayoub", "Hamza", "Anas", "Bilal", "Mohamed", "Zakaria"),
        ("El Amrani", "Benali", "Bouzid", "El Idrissi", "Chakir", "Ouali"),
    ),
    "SY": (
        9,
        ("Omar", "Khaled", "Ahmad", "Yazan", "Rami", "Lina", "Hassan"),
        ("Al-Hassan", "Khalil", "Haddad", "Al-Ali", "Darwish", "Mansour"),
    ),
    "SO": (
        8,
        ("Abdirahman", "Abdullahi", "Hodan", "Mohamed", "Farah", "Ayaan"),
        ("Abdi", "Warsame", "Hassan", "Farah", "Jama", "Ismail"),
    ),
    "DZ": (6, ("Karim", "Walid", "Sofiane", "Nassim", "Amine"), ("Belkacem", "Mansouri", "Saidi")),
    "GN": (5, ("Mamadou", "Ibrahima", "Alpha", "Mariama", "Ousmane"), ("Diallo", "Barry", "Bah")),
    "PK": (3, ("Usman", "Bilal", "Hamza", "Ayesha"), ("Khan", "Hussain", "Malik", "Iqbal")),
    "VN": (3, ("Minh", "Duc", "Anh", "Thanh", "Linh"), ("Nguyễn", "Trần", "Lê", "Phạm")),
}
"""Where the missing unaccompanied minors of a Belgian hotline come from, roughly, with
names of their countries (the demo's own, made up from common names)."""

RECEPTION_CENTRES = (
    "Klein Kasteeltje",
    "Fedasil Sint-Truiden",
    "Fedasil Jabbeke",
    "Croix-Rouge Uccle",
    "Rode Kruis Lint",
    "Caritas Brussel",
)

ABDUCTION_COUNTRIES = {
    "MA": 18,
    "TR": 10,
    "DZ": 6,
    "FR": 8,
    "NL": 7,
    "ES": 4,
    "PL": 5,
    "RO": 5,
    "TN": 4,
    "IT": 3,
    "DE": 3,
    "GB": 3,
    "US": 2,
    "CD": 3,
    "RU": 2,
    "BR": 2,
    "IN": 1,
    "EG": 2,
    "LB": 2,
}
"""Where international parental abductions lead, in shares (Morocco and Turkey first, then
the neighbours and the EU), for the demo."""

TASKS: dict[CaseType, tuple[str, ...]] = {
    CaseType.RUNAWAY: (
        "Call the family back",
        "Ask the school about classmates",
        "Check with the youth care institution",
    ),
    CaseType.PARENTAL_ABDUCTION: (
        "Send the file to the central authority",
        "Ask the parent for the custody judgment",
        "Call the lawyer about the return request",
    ),
    CaseType.CRIMINAL_ABDUCTION: ("Update the police", "Prepare the missing poster"),
    CaseType.LOST_INJURED: ("Call the hospitals", "Update the police"),
    CaseType.UNACCOMPANIED_MINOR: (
        "Check the reception centre's register",
        "Call the guardian",
        "Ask the foreign partner hotline",
    ),
    CaseType.SEXUAL_EXPLOITATION: ("Call the youth care worker", "Report to the police"),
    CaseType.SEXTING: ("Ask the platform to take the images down", "Call the child back"),
    CaseType.SEXTORTION: ("Report the account to the platform", "Call the child back"),
    CaseType.GROOMING: ("Report the profile to the police", "Call the parents back"),
}
"""What a case worker has to do next on an open file, by type."""

REPEAT_REASON = "same child (repeat runaway)"
REPEAT_SHARE = 0.12
"""The share of runaway files that are a repeat disappearance of a child already known."""


@dataclass
class _Child:
    first_name: str
    last_name: str
    gender: Gender
    birth: date | None
    last_file: ImportedCase


def _child_age(rng: random.Random, case_type: CaseType) -> int:
    _, low, high = SIZES[case_type]
    return rng.randint(low, high)


def _row(
    rng: random.Random,
    case_type: CaseType,
    year: int,
    number: int,
    until: date,
    known: list[_Child],
) -> tuple[ImportedCase, ImportedCase | None]:
    """A new file, and the earlier file of the same child when it is a repeat runaway."""
    opened = _opened(rng, year, until)
    abduction = case_type is CaseType.PARENTAL_ABDUCTION
    effective = rng.random() < 0.75 if abduction else None
    closed, outcome = _closing(rng, case_type, opened, until, effective)
    reference = format_reference(case_type, year, number)
    if case_type is CaseType.RUNAWAY:
        again = _repeat(rng, known, opened)
        if again is not None:
            row = _again(again, reference, opened, closed, outcome, rng)
            earlier, again.last_file = again.last_file, row
            return row, earlier
    age = _child_age(rng, case_type)
    if case_type is CaseType.UNACCOMPANIED_MINOR:
        row = _unaccompanied(rng, reference, opened, closed, outcome, age)
    else:
        estimated = rng.random() < 0.05
        birth = None if estimated else opened - timedelta(days=365 * age + rng.randrange(365))
        reasons = _risk_reasons(rng, age) if case_type in MISSING_TYPES else ()
        row = ImportedCase(
            reference=reference,
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
            disappearance=_disappearance(rng, case_type, opened),
        )
        if row.scope is Scope.INTERNATIONAL:
            row = replace(row, **_abroad(rng, number))
    if case_type is CaseType.RUNAWAY and row.child_birth_date is not None:
        known.append(
            _Child(
                row.child_first_name,
                row.child_last_name,
                row.child_gender,
                row.child_birth_date,
                row,
            )
        )
    return row, None


def _repeat(rng: random.Random, known: list[_Child], opened: date) -> _Child | None:
    """A known runaway, still a child, whose last file closed before ``opened``: the child
    runs away again (a new file, linked to the earlier one)."""
    if not known or rng.random() >= REPEAT_SHARE:
        return None
    for child in rng.sample(known, min(len(known), 5)):
        last = child.last_file
        done = last.closed_at is not None and last.closed_at < opened
        young = child.birth is not None and years_between(child.birth, opened) < 18
        if done and young:
            return child
    return None


def _again(
    child: _Child,
    reference: str,
    opened: date,
    closed: date | None,
    outcome: Outcome | None,
    rng: random.Random,
) -> ImportedCase:
    assert child.birth is not None  # only children with a birth date are taken again
    age = years_between(child.birth, opened)
    return ImportedCase(
        reference=reference,
        type=CaseType.RUNAWAY,
        scope=None,
        effective=None,
        opened_at=opened,
        closed_at=closed,
        outcome=outcome,
        child_birth_date=child.birth,
        child_age=None,
        child_gender=child.gender,
        child_first_name=child.first_name,
        child_last_name=child.last_name,
        worrying=None,
        risk_reasons=_risk_reasons(rng, age),
        summary="Ran away again.",
        disappearance=_disappearance(rng, CaseType.RUNAWAY, opened),
    )


def _unaccompanied(
    rng: random.Random,
    reference: str,
    opened: date,
    closed: date | None,
    outcome: Outcome | None,
    age: int,
) -> ImportedCase:
    """A missing unaccompanied minor: a name and a nationality of their country, an age
    often only estimated (unknown for some, disputed for a few), other spellings."""
    codes = sorted(UAM_ORIGINS)
    nationality = rng.choices(codes, [UAM_ORIGINS[c][0] for c in codes])[0]
    _, firsts, lasts = UAM_ORIGINS[nationality]
    first, last = rng.choice(firsts), rng.choice(lasts)
    known_age: int | None = age
    disputed = False
    draw = rng.random()
    if draw < 0.12:
        known_age = None  # no papers, no estimate yet
    elif draw < 0.2:
        known_age, disputed = rng.randint(18, 20), True  # says 16, estimated older
    aliases = f"{first} {last}" if rng.random() < 0.3 else ""
    gone = Disappearance(
        disappeared_at=clock.noon(opened - timedelta(days=rng.randint(0, 3))),
        reported_at=clock.noon(opened),
        last_seen_place="the reception centre",
        nationality=nationality,
        aliases=_spelling(aliases),
        reception_centre=rng.choice(RECEPTION_CENTRES),
    )
    return ImportedCase(
        reference=reference,
        type=CaseType.UNACCOMPANIED_MINOR,
        scope=None,
        effective=None,
        opened_at=opened,
        closed_at=closed,
        outcome=outcome,
        child_birth_date=None,
        child_age=known_age,
        child_gender=rng.choice((Gender.MALE,) * 8 + (Gender.FEMALE,) * 2),
        child_first_name=first,
        child_last_name=last,
        worrying=None,
        risk_reasons=_risk_reasons(rng, known_age if known_age is not None else 16),
        summary="",
        child_age_disputed=disputed,
        disappearance=gone,
    )


def _spelling(name: str) -> str:
    """Another way the name is written on other papers ("" for none)."""
    swaps = (("Mohammad", "Muhammad"), ("Youssef", "Yusuf"), ("ou", "u"), ("i", "y"))
    for old, new in swaps:
        if old in name:
            return name.replace(old, new, 1)
    return ""


def _abroad(rng: random.Random, number: int) -> dict[str, Any]:
    codes = sorted(ABDUCTION_COUNTRIES)
    country = rng.choices(codes, [ABDUCTION_COUNTRIES[c] for c in codes])[0]
    direction = Direction.INCOMING if rng.random() < 0.15 else Direction.OUTGOING
    reference = f"CA/{number:05d}" if rng.random() < 0.6 else ""
    return {"country": country, "direction": direction, "authority_reference": reference}


def _disappearance(rng: random.Random, case_type: CaseType, opened: date) -> Disappearance:
    if case_type not in MISSING_TYPES or rng.random() < 0.3:
        return Disappearance()
    gone = clock.noon(opened - timedelta(days=rng.randint(0, 2)))
    return Disappearance(
        disappeared_at=gone,
        reported_at=max(gone, clock.noon(opened)),
        last_seen_municipality=rng.choice(("Antwerpen", "Gent", "Brussel", "Liège", "Charleroi")),
        police_zone=rng.choice(("Antwerpen", "Gent", "Brussel-Hoofdstad/Elsene", "Liège")),
    )


def _risk_reasons(rng: random.Random, age: int) -> tuple[str, ...]:
    reasons = {"under_13"} if age < 13 else set()
    for reason, share in (("disability", 0.04), ("medication", 0.03), ("danger", 0.06)):
        if rng.random() < share:
            reasons.add(reason)
    return tuple(sorted(reasons))


def demo_rows(seed: int, until: date, *, size: str = "national") -> list[ImportedCase]:
    """The demo's files (see :func:`demo_files`)."""
    return demo_files(seed, until, size=size)[0]


def demo_files(
    seed: int, until: date, *, size: str = "national"
) -> tuple[list[ImportedCase], list[tuple[str, str]]]:
    """The demo's files, and the pairs of references of files about the same child (a
    repeat runaway's earlier file, then the new one)."""
    scale = _scale(size)
    rng = random.Random(seed)
    rows: list[ImportedCase] = []
    links: list[tuple[str, str]] = []
    known: list[_Child] = []
    for year in range(until.year - YEARS + 1, until.year + 1):
        for case_type, (per_year, _, _) in SIZES.items():
            growth = 1 + 0.06 * (year - until.year) + rng.uniform(-0.15, 0.15)
            share = (until.timetuple().tm_yday / 366) if year == until.year else 1.0
            count = max(int(per_year * scale * growth * share), 1)
            made = [_row(rng, case_type, year, n, until, known) for n in range(1, count + 1)]
            for row, earlier in made:
                rows.append(row)
                if earlier is not None:
                    links.append((earlier.reference, row.reference))
    return rows, links


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
    rows, links = demo_files(seed, until, size=size)
    write_rows(session, rows, by=by, source="demo")
    _decorate(session, rng, [w.id for w in workers], until, links)
    return DemoResult(len(rows), until.year - YEARS + 1, until.year)


def _decorate(
    session: Session,
    rng: random.Random,
    workers: list[int],
    until: date,
    links: list[tuple[str, str]],
) -> None:
    """Assign files and give them timelines, tasks and links, as case work leaves behind."""
    cases = session.execute(
        select(Case.id, Case.reference, Case.type, Case.opened_at, Case.closed_at, Case.outcome)
    ).all()
    assignments = [{"id": c.id, "assigned_to_id": rng.choice(workers)} for c in cases]
    session.execute(update(Case), assignments)
    session.execute(insert(Event), _events(rng, cases, workers, until))
    session.execute(insert(Task), _tasks(rng, cases, workers, until))
    ids = {c.reference: c.id for c in cases}
    pairs = [tuple(sorted((ids[a], ids[b]))) for a, b in links]
    if pairs:
        rows = [{"case_id": a, "other_id": b, "reason": REPEAT_REASON} for a, b in pairs]
        session.execute(insert(CaseLink), rows)
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
                    "title": rng.choice(TASKS[c.type]),
                    "due_on": max(due, c.opened_at),
                    "assigned_to_id": rng.choice(workers),
                    "created_at": _noon(c.opened_at),
                }
            )
    return tasks
