"""A small data set whose report of 2023 was checked by hand (see test_narrative.py).

2023 in figures: runaways 30 new (24 in 2022, 40 in 2021), 32 handled; parental abductions
7 new (5 international of which 4 effective, 2 national of which 1 effective; 7 in 2022);
unaccompanied minors 2 new (3 in 2022, still open), 5 handled, 4 open at year end; sexting
4 new (5 in 2022); no other type has a file. 29 missing-child files closed in 2023: 28
runaways after 4 days and 1 unaccompanied minor after 244 days. Calls received, recorded by
hand: 5,210 in 2023, 4,800 in 2022.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tests.builders import make_case
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.outcomes import Outcome
from vigil.figures.manual import set_figure

YEAR = 2023
RUN, PA = CaseType.RUNAWAY, CaseType.PARENTAL_ABDUCTION
UAM, STG = CaseType.UNACCOMPANIED_MINOR, CaseType.SEXTING


def _runaways(session: Session) -> None:
    for _ in range(40):
        make_case(session, opened_at=date(2021, 3, 1), closed_at=date(2021, 3, 4))
    for i in range(24):
        closed = date(2022, 6, 5) if i >= 2 else None
        make_case(session, opened_at=date(2022, 6, 1), closed_at=closed)
    for i in range(30):
        born = date(2011, 1, 1) if i < 10 else date(2008, 1, 1) if i < 25 else None
        closed = date(2023, 4, 5) if i >= 2 else None
        outcome = Outcome.RETURNED if i >= 10 else Outcome.FOUND
        opened = date(2023, 4, 1)
        make_case(session, opened_at=opened, closed_at=closed, outcome=outcome, birth_date=born)


def _abductions(session: Session) -> None:
    for _ in range(7):
        make_case(session, PA, opened_at=date(2022, 2, 1), closed_at=date(2022, 10, 1))
    for scope, effective in [(Scope.INTERNATIONAL, True)] * 4 + [
        (Scope.INTERNATIONAL, False),
        (Scope.NATIONAL, True),
        (Scope.NATIONAL, False),
    ]:
        make_case(
            session,
            PA,
            opened_at=date(2023, 2, 1),
            scope=scope,
            effective=effective,
            estimated_age=6,
        )


def _unaccompanied_and_sexting(session: Session) -> None:
    for _ in range(3):
        make_case(session, UAM, opened_at=date(2022, 9, 1), estimated_age=16)
    make_case(session, UAM, opened_at=date(2023, 5, 1), estimated_age=17)
    make_case(
        session, UAM, opened_at=date(2023, 5, 1), closed_at=date(2023, 12, 31), estimated_age=17
    )
    for _ in range(5):
        make_case(session, STG, opened_at=date(2022, 3, 1), closed_at=date(2022, 12, 1))
    for _ in range(4):
        make_case(session, STG, opened_at=date(2023, 10, 10), estimated_age=14)


def load_fixture(session: Session) -> None:
    """Write the data set and commit it (the CLI reads it through its own connection)."""
    _runaways(session)
    _abductions(session)
    _unaccompanied_and_sexting(session)
    set_figure(session, year=YEAR - 1, key="calls_received", value=4800, label="Calls received")
    set_figure(
        session,
        year=YEAR,
        key="calls_received",
        value=5210,
        label="Calls received",
        labels={"nl": "Ontvangen oproepen", "fr": "Appels reçus"},
    )
    session.commit()
