"""Fixtures shared by every room's tests: a real, migrated database on each backend.

Every test that takes ``database_url`` (or ``engine`` / ``session``) runs twice: on a
SQLite file and on PostgreSQL, each built by the migrations once per test session. On
SQLite each test gets its own copy of that file; on PostgreSQL the tests share one
database whose tables are emptied after each test (faster than a database per test).

PostgreSQL is found at VIGIL_TEST_POSTGRES_URL (default: postgres@127.0.0.1:5432/test).
Where it cannot be reached its tests skip, saying why; with VIGIL_REQUIRE_POSTGRES=1
(as .ci/run sets) they fail instead. VIGIL_SKIP_POSTGRES=1 (as `make quick` sets) leaves
PostgreSQL out: the tests run on SQLite alone (never in CI: the two variables refuse
each other).

A test marked ``seeded(loader)`` starts on a database that holds what ``loader`` wrote:
written once per database and process (the clock frozen at FROZEN_AT), then copied for
each test (SQLite: the file; PostgreSQL: the rows and the sequences).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy import Engine, MetaData, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from typer.testing import CliRunner, Result

from tests.cli_runner import Invoke, reset_cli
from vigil import clock
from vigil.cli import context as cli_context
from vigil.cli.main import app
from vigil.store import db

# No deadline per example: the suite shares two cores with PostgreSQL and the browser, and
# a slow example is not a failure (speed is measured in benchmarks/, never in tests).
settings.register_profile("vigil", deadline=None)
settings.load_profile("vigil")

POSTGRES_URL = os.environ.get(
    "VIGIL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("VIGIL_REQUIRE_POSTGRES") == "1"
SKIP_POSTGRES = os.environ.get("VIGIL_SKIP_POSTGRES") == "1"
BACKENDS = [
    pytest.param("sqlite"),
    *([] if SKIP_POSTGRES else [pytest.param("postgres", marks=pytest.mark.postgres)]),
]
FROZEN_AT = datetime(2024, 6, 15, 10, 0, tzinfo=UTC)
"""The moment `frozen_today` freezes the clock at, a day well after the fixtures' dates."""

Loader = Callable[[Session], None]


def pytest_configure(config: pytest.Config) -> None:
    if SKIP_POSTGRES and REQUIRE_POSTGRES:
        raise pytest.UsageError(
            "VIGIL_SKIP_POSTGRES=1 (make quick) and VIGIL_REQUIRE_POSTGRES=1 (CI) contradict "
            "each other: CI tests both databases; unset one of them"
        )


def seeded(loader: Loader) -> pytest.MarkDecorator:
    """Mark a test whose database starts with the rows ``loader`` writes (see above)."""
    return pytest.mark.seeded.with_args(loader)  # not (loader): that would decorate it


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
    if SKIP_POSTGRES:
        pytest.skip("VIGIL_SKIP_POSTGRES=1 leaves PostgreSQL out of this run (make quick)")
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
    _SEEDS[url] = _seeded_rows(engine)
    engine.dispose()
    yield name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a migrated database on each backend, holding no data (or what the test's
    ``seeded`` loader wrote)."""
    marker = request.node.get_closest_marker("seeded")
    loader: Loader | None = marker.args[0] if marker else None
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        if loader is not None:
            template = _sqlite_seeded(template, loader, request)
        path = tmp_path / "vigil.db"
        shutil.copy(template, path)
        yield f"sqlite:///{path}"
        return
    name = request.getfixturevalue("postgres_template")
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    if loader is not None:
        _postgres_seeded(url, loader)
    yield url
    _empty_tables(url)


def _load(url: str, loader: Loader) -> None:
    """Run ``loader`` on the database at ``url`` and commit, the clock at FROZEN_AT."""
    before = clock._frozen
    clock.freeze(FROZEN_AT)
    engine = db.make_engine(url)
    try:
        with db.session_scope(db.session_factory(engine)) as s:
            loader(s)
    finally:
        engine.dispose()
        clock.freeze(before)


_SQLITE_SEEDED: dict[Loader, Path] = {}


def _sqlite_seeded(template: Path, loader: Loader, request: pytest.FixtureRequest) -> Path:
    """A copy of the template holding what ``loader`` writes, made once per process."""
    if loader not in _SQLITE_SEEDED:
        factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
        path = factory.mktemp("seeded") / "vigil.db"
        shutil.copy(template, path)
        _load(f"sqlite:///{path}", loader)
        _SQLITE_SEEDED[loader] = path
    return _SQLITE_SEEDED[loader]


@dataclass(frozen=True)
class _Snapshot:
    metadata: MetaData
    rows: dict[str, list[dict[str, Any]]]
    sequences: dict[str, int]


_POSTGRES_SEEDED: dict[tuple[str, Loader], _Snapshot] = {}


def _postgres_seeded(url: str, loader: Loader) -> None:
    """Fill the shared, empty database with what ``loader`` writes: the first time by
    running it (and keeping every row and sequence), then by putting those back, which
    takes a fraction of the loader's time (a database per test would cost more)."""
    snapshot = _POSTGRES_SEEDED.get((url, loader))
    if snapshot is None:
        _load(url, loader)
        engine = create_engine(url)
        metadata = MetaData()
        metadata.reflect(engine)
        tables = [t for t in metadata.sorted_tables if t.name != "alembic_version"]
        with engine.connect() as c:
            rows = {t.name: [dict(r._mapping) for r in c.execute(t.select())] for t in tables}
            sequences = dict(
                c.execute(
                    text(
                        "SELECT sequencename, last_value FROM pg_sequences "
                        "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
                    )
                ).all()
            )
        engine.dispose()
        _POSTGRES_SEEDED[(url, loader)] = _Snapshot(metadata, rows, sequences)
        return
    engine = create_engine(url)
    with engine.begin() as c:
        tables = [t for t in snapshot.metadata.sorted_tables if t.name != "alembic_version"]
        names = ", ".join(f'"{t.name}"' for t in tables)
        c.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
        for table in tables:
            if snapshot.rows[table.name]:
                c.execute(table.insert(), snapshot.rows[table.name])
        for name, value in snapshot.sequences.items():
            c.execute(text("SELECT setval(:name, :value)"), {"name": name, "value": value})
    engine.dispose()


_SEEDS: dict[str, dict[str, list[dict[str, Any]]]] = {}
"""The rows the migrations themselves write (e.g. the audit chain's head), per database URL."""


def _seeded_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as c:
        rows = {
            t.name: [dict(r._mapping) for r in c.execute(t.select())]
            for t in metadata.sorted_tables
        }
    return {name: found for name, found in rows.items() if found and name != "alembic_version"}


def _empty_tables(url: str) -> None:
    """Bring the database back to what the migrations left: remove every row a test left and
    put back the rows the migrations write (and fail fast on a leaked lock)."""
    engine = create_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.begin() as c:
        c.execute(text("SET LOCAL lock_timeout = '10s'"))
        tables = [t for t in metadata.sorted_tables if t.name != "alembic_version"]
        if tables:
            names = ", ".join(f'"{t.name}"' for t in tables)
            c.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
        for table in tables:
            if _SEEDS.get(url, {}).get(table.name):
                c.execute(table.insert(), _SEEDS[url][table.name])
        if "audit_entries" in metadata.tables:
            # Tests that play an attacker disable the log's guard; the next test has it back.
            c.execute(text("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only"))
    engine.dispose()


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
    clock.freeze(FROZEN_AT)
    yield FROZEN_AT
    clock.freeze(None)


@pytest.fixture
def vigil(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Iterator[Invoke]:
    """Run `vigil ARGS...` in-process against the test's fresh database."""
    monkeypatch.setenv("VIGIL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VIGIL_DATABASE_URL", database_url)
    if not database_url.startswith("sqlite"):  # required there; SQLite makes one in VIGIL_HOME
        monkeypatch.setenv("VIGIL_SECRET_KEY", "a secret key for the tests, not for use anywhere")
    monkeypatch.setenv("COLUMNS", "200")
    # The consoles were made when vigil.cli was first imported, with the width of whatever
    # terminal (or none) the tests run in: tables would cut their columns in a narrow one.
    for console in (cli_context.console, cli_context.err_console):
        monkeypatch.setattr(console, "width", 200)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        reset_cli()
        return runner.invoke(app, list(args))

    yield invoke
    reset_cli()
