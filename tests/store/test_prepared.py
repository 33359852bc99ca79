"""Statements run on the driver's cursor give what SQLAlchemy's own execution gives: the same
rows with the same Python values, in the same transaction, with the same errors."""

from datetime import UTC, date, datetime, timedelta
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, Table, bindparam, exc, insert, literal, select, text, update
from sqlalchemy.orm import Session

from tests.builders import make_case, make_user
from vigil.cases import service
from vigil.domain.outcomes import Outcome
from vigil.store.models import Case, Event, Person, User
from vigil.store.prepared import Prepared

CASES, PEOPLE = cast(Table, Case.__table__), cast(Table, Person.__table__)
EVENTS, USERS = cast(Table, Event.__table__), cast(Table, User.__table__)

EVERY_KIND = (
    select(
        CASES.c.reference,
        CASES.c.type,  # an enum stored as its value
        CASES.c.opened_at,  # a date
        CASES.c.closed_at,  # NULL or a date
        CASES.c.outcome,  # NULL or an enum
        CASES.c.worrying,  # a boolean
        CASES.c.risk_reasons,  # JSON
        PEOPLE.c.birth_date,
        EVENTS.c.occurred_at,  # a time with zone
        USERS.c.roles,
        literal(7).label("seven"),  # a value given in the statement itself
    )
    .join(PEOPLE, PEOPLE.c.case_id == CASES.c.id)
    .join(EVENTS, EVENTS.c.case_id == CASES.c.id)
    .outerjoin(USERS, USERS.c.id == EVENTS.c.by_id)
    .where((CASES.c.reference == bindparam("ref")) | (CASES.c.summary == bindparam("ref")))
    .order_by(EVENTS.c.id)
)


def test_rows_are_those_sqlalchemy_reads(session: Session, frozen_today):
    alice = make_user(session, "alice")
    case = make_case(session, birth_date=date(2010, 2, 3), summary="Left school")
    service.add_note(session, case, "Called the school", by=alice)
    service.add_note(session, case, "Imported")
    closed = make_case(session, closed_at=date(2021, 4, 1), outcome=Outcome.FOUND)
    session.flush()
    prepared, connection = Prepared(EVERY_KIND), session.connection()

    for reference in (case.reference, closed.reference, "Left school", "no such file"):
        expected = connection.execute(EVERY_KIND, {"ref": reference}).all()
        found = prepared.all(connection, {"ref": reference})
        assert [tuple(row) for row in found] == [tuple(row) for row in expected]
        assert all(
            row._fields == tuple(expected_row._fields)
            for row, expected_row in zip(found, expected, strict=True)
        )

    first = prepared.first(connection, {"ref": case.reference})
    assert (first.type, first.seven, first.roles) == (case.type, 7, [])  # alice: no roles
    assert prepared.first(connection, {"ref": "no such file"}) is None


def test_a_write_is_part_of_the_connections_transaction(engine: Engine):
    rename = Prepared(
        update(USERS)
        .where(USERS.c.username == bindparam("who"))
        .values(display_name=bindparam("name"))
    )
    with Session(engine) as s:
        make_user(s, "alice")
        s.commit()
    with engine.connect() as connection:
        rename.run(connection, {"who": "alice", "name": "Not kept"})
        connection.rollback()
        rename.run(connection, {"who": "alice", "name": "Alice V."})
        connection.commit()
    with engine.connect() as connection:
        names = connection.execute(select(USERS.c.display_name)).scalars().all()
    assert names == ["Alice V."]


def test_a_driver_error_is_sqlalchemys_error(session: Session):
    alice = make_user(session, "alice")
    session.flush()
    again = Prepared(insert(USERS).values(id=bindparam("id"), username=bindparam("username")))
    with pytest.raises(exc.IntegrityError):
        again.run(session.connection(), {"id": alice.id, "username": "alice2"})


def test_a_statement_that_returns_no_rows_says_so(session: Session):
    make_user(session, "alice")
    session.flush()
    touch = Prepared(update(USERS).values(display_name=bindparam("name")))
    with pytest.raises(TypeError, match="returns no rows"):
        touch.all(session.connection(), {"name": "x"})


# Text as it reaches Vigil (UTF-8): no lone surrogates; and PostgreSQL refuses NUL.
TEXT = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=300)
TIMES = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT, at=TIMES)
def test_values_written_and_read_back_are_the_same(engine: Engine, text: str, at: datetime):
    write = Prepared(
        insert(EVENTS).values(
            case_id=bindparam("case_id"),
            kind=bindparam("kind"),
            occurred_at=bindparam("at"),
            text=bindparam("text"),
            created_at=bindparam("at"),
        )
    )
    read = Prepared(
        select(EVENTS.c.text, EVENTS.c.occurred_at).where(
            (EVENTS.c.text == bindparam("text")) & (EVENTS.c.occurred_at == bindparam("at"))
        )
    )
    with Session(engine) as s:
        case = make_case(s)
        s.flush()
        connection = s.connection()
        write.run(connection, {"case_id": case.id, "kind": "note", "at": at, "text": text})
        (found,) = read.all(connection, {"text": text, "at": at})
        by_orm = s.scalars(select(Event).where(Event.occurred_at == at)).one()
        assert found.text == text == by_orm.text
        s.rollback()
    stored = (
        found.occurred_at if found.occurred_at.tzinfo else found.occurred_at.replace(tzinfo=UTC)
    )
    assert abs(stored - at) < timedelta(microseconds=1)


def test_an_error_names_the_statement_but_never_its_values(session: Session):
    """An error's text goes to the server's log: it must not list a child's name given to
    the statement (the driver's own text is kept out of the log by vigil.web.errors)."""
    broken = select(USERS.c.id).where(
        (USERS.c.username == bindparam("name")) & text("no_such_column = 1")
    )
    with pytest.raises(exc.DBAPIError) as by_prepared:
        Prepared(broken).all(session.connection(), {"name": "Noor Peeters"})
    session.rollback()
    with pytest.raises(exc.DBAPIError) as by_sqlalchemy:
        session.execute(broken, {"name": "Noor Peeters"})
    for caught in (by_prepared, by_sqlalchemy):
        said = str(caught.value)
        assert "Noor" not in said and "no_such_column" in said and "hidden" in said
