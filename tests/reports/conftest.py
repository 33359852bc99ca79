from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from tests.conftest import seeded
from tests.reports.fixture import YEAR, load_fixture
from vigil.reports import build_report
from vigil.reports.model import Report


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that takes ``fixture_session`` starts on a copy of a database where the data
    set was written once (see ``seeded`` in tests/conftest.py)."""
    for item in items:
        if "fixture_session" in getattr(item, "fixturenames", ()):
            item.add_marker(seeded(load_fixture))


@pytest.fixture
def fixture_session(session: Session, frozen_today: object) -> Session:
    """A database holding the hand-checked data set (tests/reports/fixture.py)."""
    return session


@pytest.fixture
def dutch_report(fixture_session: Session) -> Report:
    return build_report(fixture_session, YEAR, "nl", today=date(2024, 3, 12))
