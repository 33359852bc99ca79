"""A backup taken on one database restores into the other: SQLite to PostgreSQL (a trial
installation moving to production) and PostgreSQL to SQLite (a copy to look at offline)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from tests.builders import CLI, make_case
from tests.conftest import POSTGRES_URL
from vigil.accounts import service as accounts
from vigil.accounts.throttle import Attempt, Throttle
from vigil.audit import log as audit
from vigil.domain.case_types import CaseType
from vigil.domain.hotline import MediaState, Source, UrlState
from vigil.store import backup, db
from vigil.store.base import Base
from vigil.store.hotline import (
    Evidence,
    HotlineReport,
    MediaItem,
    ReportedUrl,
    ReportSubmission,
)


@pytest.fixture
def empty_postgres(postgres_template: str) -> Iterator[str]:
    """A new PostgreSQL database without a single table, as an operator creates one."""
    name = f"vigil_restore_{os.getpid()}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _fill(engine: Engine) -> None:
    with db.session_scope(db.session_factory(engine)) as s:
        make_case(s, opened_at=date(2022, 5, 1), first_name="Mila", last_name="Wouters")
        make_case(s, CaseType.PARENTAL_ABDUCTION, opened_at=date(2023, 1, 9))
        make_case(s, opened_at=date(2023, 2, 1), closed_at=date(2023, 2, 3))
        accounts.add_account(
            s,
            "alice",
            "Alice Verbeke",
            ["case_worker"],
            by=CLI,
            password="correct horse battery staple",
        )
        Throttle().failed(s, Attempt.of("alice", "192.0.2.1"))  # not backed up
        for action in ("login", "case.view", "report.export"):
            audit.record(s, "alice", action, "RUN-2022-00001")
        _sealed_copy(s)


SEALED = bytes(range(256)) * 3
"""Stands for a sealed evidence copy: bytes that are no text."""


def _sealed_copy(s) -> None:
    """A media item awaiting review with its sealed copy, and a public report's count (of
    this moment: not backed up)."""
    at = datetime(2023, 3, 1, tzinfo=UTC)
    report = HotlineReport(reference="HL-2023-000001", received_at=at, source=Source.PUBLIC)
    url = ReportedUrl(url="https://example.org/", received_at=at, state=UrlState.FETCHED)
    item = MediaItem(url="https://example.org/a.jpg", state=MediaState.AWAITING_REVIEW)
    report.urls.append(url)
    url.media.append(item)
    s.add_all([report, ReportSubmission(client="0" * 64, at=at)])
    s.flush()
    s.add(Evidence(item_id=item.id, sealed=SEALED, expires_at=at))


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as c:
        return {
            t.name: c.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
        }


@pytest.fixture
def engines() -> Iterator[list[Engine]]:
    """Engines a test makes, disposed of however the test ends."""
    made: list[Engine] = []
    yield made
    for engine in made:
        engine.dispose()


def test_a_backup_restores_into_the_other_database(database_url, tmp_path, request, engines):
    source = db.make_engine(database_url)
    engines.append(source)
    _fill(source)
    path = tmp_path / "vigil.backup.gz"
    made = backup.backup(source, path)
    if source.dialect.name == "sqlite":
        target_url = request.getfixturevalue("empty_postgres")
    else:
        target_url = f"sqlite:///{tmp_path / 'copy.db'}"
    target = db.make_engine(target_url)
    engines.append(target)
    restored = backup.restore(target, path)
    assert target.dialect.name != source.dialect.name
    assert restored.rows == {t: n for t, n in made.rows.items() if n} and made.rows["cases"] == 3
    assert _counts(target) == {**_counts(source), "sign_in_failures": 0, "hotline_submissions": 0}
    with db.session_scope(db.session_factory(target)) as s:
        assert s.scalar(select(Evidence.sealed)) == SEALED
        assert audit.verify(s).intact
        assert accounts.get_account(s, "alice").display_name == "Alice Verbeke"
        later = make_case(s, opened_at=date(2023, 3, 1))  # new ids follow the restored ones
        assert later.reference == "RUN-2023-00002"
        audit.record(s, "alice", "case.open", later.reference)
    with db.session_scope(db.session_factory(target)) as s:
        assert audit.verify(s).intact
