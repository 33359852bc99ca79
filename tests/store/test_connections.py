"""Pooled PostgreSQL connections that the server ended (a restart, an administrator) are
replaced before a request uses them, so that request does not fail."""

import time

from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL, _admin_engine
from vigil.store import db


def test_a_connection_the_server_ended_is_replaced_before_use(postgres_template: str):
    url = make_url(POSTGRES_URL).set(database=postgres_template)
    engine = db.make_engine(url.render_as_string(hide_password=False))
    with engine.connect() as c:
        ended = c.execute(text("SELECT pg_backend_pid()")).scalar_one()
    admin = _admin_engine()
    with admin.connect() as c:  # the pooled connection's backend goes away
        c.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": ended})
        for _ in range(100):  # the backend takes a moment to exit: wait for it, 5 s at most
            gone = not c.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": ended}
            ).scalar_one()
            if gone:
                break
            time.sleep(0.05)
    admin.dispose()

    with engine.connect() as c:  # would raise OperationalError with the ended connection
        assert c.execute(text("SELECT pg_backend_pid()")).scalar_one() != ended
    engine.dispose()
