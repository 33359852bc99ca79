from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from tests.reports.fixture import YEAR, load_fixture
from vigil.reports import build_report
from vigil.reports.model import Report


@pytest.fixture
def fixture_session(session: Session, frozen_today: object) -> Session:
    """A database holding the hand-checked data set (tests/reports/fixture.py)."""
    load_fixture(session)
    return session


@pytest.fixture
def dutch_report(fixture_session: Session) -> Report:
    return build_report(fixture_session, YEAR, "nl", today=date(2024, 3, 12))
