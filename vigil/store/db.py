"""Engine, sessions and migrations.

Services never commit: the door that calls them owns the transaction through
:func:`session_scope`, so a use case that fails half-way leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from vigil.errors import DatabaseNotReady
from vigil.store import files, search, turns
from vigil.store.keys import SecretKey

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_SECONDS = 10
"""How long a SQLite writer waits for its turn, then for the lock, before it gives up."""
POOL = {"pool_size": 20, "max_overflow": 20}
"""As many connections as the web server's threads (40) may ask for at once: with fewer,
every request beyond the pool's size opened and closed a connection of its own."""
PRIVATE = {"hide_parameters": True}
"""An error names the statement, never its values: they are names, notes and addresses,
and an error's text ends up in the server's log."""


def make_engine(url: str) -> Engine:
    """Return an engine for ``url``; a SQLite file gets its directory, WAL, foreign keys and
    writers that take turns (vigil.store.turns).
    A pooled PostgreSQL connection is checked before use (``pool_pre_ping``), so a restarted
    server costs a reconnect, not a failed request."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **POOL, **PRIVATE)
    if parsed.database and parsed.database != ":memory:":
        _private_database(Path(parsed.database))
        engine = create_engine(url, **POOL, **PRIVATE)
        turns.take_turns(engine, BUSY_SECONDS)
    else:
        engine = create_engine(url, **PRIVATE)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _private_database(path: Path) -> None:
    """Create the SQLite file 0600 in a 0700 directory before SQLite does (it would make
    it 0644); SQLite gives its -wal and -shm files the database file's mode. Files an
    earlier version left readable by all are made 0600."""
    files.create_private(path)
    for suffix in ("-wal", "-shm"):
        files.keep_private(path.with_name(path.name + suffix))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


KeySource = Callable[[], SecretKey]
"""Where a migration that seals data finds the secret key: called only when there is
something to seal, so that a new database needs none."""


def alembic_config(engine: Engine, secret_key: KeySource | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    config.attributes["secret_key"] = secret_key
    return config


def migrate(engine: Engine, *, secret_key: KeySource | None = None) -> None:
    """Bring the schema to the newest migration (creating it on an empty database). A
    migration that seals existing second-factor secrets (``k1keys``) asks ``secret_key``
    for the key, and refuses to run without it."""
    command.upgrade(alembic_config(engine, secret_key), "head")


def check_ready(engine: Engine) -> None:
    """Raise DatabaseNotReady unless the database is at the newest migration."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except Exception as exc:  # the driver's own error type varies by backend
        raise DatabaseNotReady(
            "cannot open the database %(url)s: %(why)s",
            url=engine.url.render_as_string(),
            why=str(exc),
        ) from exc
    if current is None:
        raise DatabaseNotReady("the database is empty; run `vigil init` to create it")
    if current != head:
        raise DatabaseNotReady(
            "the database is at migration %(current)s, this Vigil needs %(head)s; "
            "run `vigil init` to upgrade it (back it up first)",
            current=current,
            head=head,
        )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after the commit (a door shows what a use case
    returned), with the search index kept in step with every flush."""
    factory = sessionmaker(engine, expire_on_commit=False)
    search.keep_in_step(factory)
    return factory


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session; commit if the block succeeds, roll everything back if it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
