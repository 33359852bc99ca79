"""When the database keeps a request waiting too long (another program holds its lock), the
person is told so and to try again, and nothing of that request is half-saved."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from tests.builders import make_case
from tests.web.conftest import sign_in
from vigil.audit import log
from vigil.store import db
from vigil.web.app import create_app

pytestmark = pytest.mark.usefixtures("frozen_today")


def impatient(url: str) -> Engine:
    """An engine of Vigil's whose statements give up on a lock after 0.2 s (instead of 10 s
    on SQLite, or waiting forever on PostgreSQL)."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = db.make_engine(url)
        event.listen(engine, "connect", lambda c, _: c.execute("PRAGMA busy_timeout=200"))
        return engine
    return db.make_engine(make_url(url).update_query_dict({"options": "-c lock_timeout=200"}))


@contextmanager
def locked(url: str, engine: Engine) -> Iterator[None]:
    """Another program holds the lock every audited request needs."""
    if engine.dialect.name == "sqlite":
        other = sqlite3.connect(make_url(url).database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.rollback()
            other.close()
        return
    with engine.connect() as other:
        other.execute(text("SELECT * FROM audit_head FOR UPDATE"))
        yield
        other.rollback()


def test_a_busy_database_is_said_and_nothing_is_half_saved(settings, engine, database_url, secrets):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
    waiting = impatient(database_url)
    with TestClient(create_app(settings, waiting), base_url="https://testserver") as alice:
        csrf = sign_in(alice, "alice", secrets["alice"])
        with locked(database_url, engine):
            page = alice.get(f"/cases/{reference}")
            note = alice.post(f"/cases/{reference}/note", data={"csrf": csrf, "text": "Seen."})
            api = alice.get("/api/v1/cases")
        after = alice.get(f"/cases/{reference}")
    waiting.dispose()

    assert page.status_code == note.status_code == api.status_code == 503
    assert "did not answer in time" in page.text and "nothing of this was saved" in page.text
    assert page.headers["retry-after"] == "5"
    assert api.json()["error"]["code"] == "database_unavailable"
    assert after.status_code == 200 and "Seen." not in after.text  # the refused note is not there
    with db.session_scope(db.session_factory(engine)) as s:
        assert log.verify(s).intact


def test_a_commit_that_fails_is_never_answered_as_a_success(browser_as, engine, monkeypatch):
    """The request's commit runs before its answer is made (vigil.web.context.DbSession):
    a commit the database refuses is a 503, not the redirect the page had prepared."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from tests.builders import make_case
    from vigil.store import db

    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
    alice = browser_as("alice")

    def refused(self: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("the disk is full"))

    monkeypatch.setattr(Session, "commit", refused)  # the one edge a test cannot make fail
    answer = alice.post(f"/cases/{reference}/note", {"text": "Called the school"})
    assert answer.status_code == 503 and "nothing of this was saved" in answer.text
