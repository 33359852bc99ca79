"""Engine, sessions and migrations.

Services never commit: the door that calls them owns the transaction through
:func:`session_scope`, so a use case that fails half-way leaves nothing behind.
"""

from __future__ import annotations

import select
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from vigil.errors import DatabaseNotReady

MIGRATIONS = Path(__file__).parent / "migrations"
POOL = {"pool_size": 20, "max_overflow": 20}
"""As many connections as the web server's threads (40) may ask for at once: with fewer,
every request beyond the pool's size opened and closed a connection of its own."""
PRIVATE = {"hide_parameters": True}
"""An error names the statement, never its values: they are names, notes and addresses,
and an error's text ends up in the server's log."""


Executor = Session | Connection
"""Where a statement can run: a door's ORM session, or a Core connection (the pages read in
plain rows, see vigil.web.context.connection)."""


def connection_of(db: Executor) -> Connection:
    """The Core connection under ``db``, in the same transaction."""
    return db if isinstance(db, Connection) else db.connection()


def make_engine(url: str) -> Engine:
    """Return an engine for ``url``; a SQLite file gets its directory, WAL and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        watched = parsed.get_dialect().driver == "psycopg"  # its socket can be looked at
        engine = create_engine(url, pool_pre_ping=not watched, **POOL, **PRIVATE)
        if watched:
            event.listen(engine, "checkout", _closed_by_server)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **POOL, **PRIVATE)
    else:
        engine = create_engine(url, **PRIVATE)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Replace a pooled connection that the server has closed (restarted, or ended its
    backend) before anyone uses it, without a round trip: an idle connection has nothing to
    read unless the server said goodbye. (``pool_pre_ping`` sent a query on every checkout:
    one round trip in ten of a file's page.) Raising DisconnectionError makes the pool
    discard the connection and hand out a new one."""
    if dbapi_connection.closed or dbapi_connection.broken:
        raise DisconnectionError("the connection is closed")
    waiting = select.poll()  # not select.select: it fails on descriptors above 1023
    waiting.register(dbapi_connection.fileno(), select.POLLIN)
    if waiting.poll(0):
        raise DisconnectionError("the database server closed the connection")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creating it on an empty database)."""
    command.upgrade(alembic_config(engine), "head")


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
    return sessionmaker(engine, expire_on_commit=False)


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
