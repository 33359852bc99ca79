"""An unexpected database error answers "something went wrong" and is logged without the
values it carried: no child's name reaches the server's log."""

import logging

import pytest
from sqlalchemy import insert, select

from tests.builders import make_case
from vigil.cases import service
from vigil.store import db
from vigil.store.models import Case, Person

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_database_error_is_logged_without_the_values_it_carried(
    browser_as, engine, monkeypatch, caplog
):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference

    def broken(session, reference, text, by=None):  # a bug: a person without a role
        case_id = session.scalar(select(Case.id).where(Case.reference == reference))
        row = {"case_id": case_id, "role": None, "first_name": text}
        session.execute(insert(Person), row)

    monkeypatch.setattr(service, "add_note", broken)
    alice = browser_as("alice")
    with caplog.at_level(logging.ERROR, logger="vigil.web"):
        answer = alice.post(f"/cases/{reference}/note", {"text": "Noor Peeters"})

    assert answer.status_code == 500 and "something went wrong" in answer.text
    logged = caplog.text
    assert "IntegrityError" in logged and "INSERT INTO people" in logged
    assert "Noor" not in logged
