"""Fixtures shared by every room's tests: a real, migrated database on each backend.

Every test that takes ``database_url`` (or ``engine`` / ``session``) runs twice: on a
SQLite file and on PostgreSQL. Each run gets its own fresh database copied from a
template migrated once per test session (a file copy on SQLite, ``CREATE DATABASE
... TEMPLATE`` on PostgreSQL), so tests are isolated and the migrations are tested.

PostgreSQL is found at VIGIL_TEST_POSTGRES_URL (default: postgres@127.0.0.1:5432/test).
Where it cannot be reached its tests skip, saying why; with VIGIL_REQUIRE_POSTGRES=1
(as .ci/run sets) they fail instead.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from vigil import clock
from vigil.store import db

POSTGRES_URL = os.environ.get(
    "VIGIL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("VIGIL_REQUIRE_POSTGRES") == "1"
_counter = itertools.count()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "vigil.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.migrate(engine)
    engine.dispose()
    return path


def _admin_engine() -> Engine:
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """Create a migrated template database on PostgreSQL, or skip (fail in CI) saying why."""
    try:
        admin = _admin_engine()
        with admin.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception as exc:
        message = f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc.__class__.__name__}"
        if REQUIRE_POSTGRES:
            pytest.fail(message + " (VIGIL_REQUIRE_POSTGRES=1 makes it required)")
        pytest.skip(message)
    name = f"vigil_tpl_{os.getpid()}"
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = db.make_engine(url)
    db.migrate(engine)
    engine.dispose()
    yield name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated, empty database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "vigil.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"vigil_t{os.getpid()}_{next(_counter)}"
    admin = _admin_engine()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the fresh database; what a test commits stays until the test ends."""
    with db.session_factory(engine)() as s:
        yield s


@pytest.fixture
def frozen_today() -> Iterator[datetime]:
    """Freeze Vigil's clock at 2024-06-15 10:00 UTC, a day well after the fixtures' dates."""
    at = datetime(2024, 6, 15, 10, 0, tzinfo=UTC)
    clock.freeze(at)
    yield at
    clock.freeze(None)
