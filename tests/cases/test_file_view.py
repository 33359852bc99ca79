"""A file as its page shows it, read with plain statements: the same facts the use cases
wrote, and the same refusals as for the mapped file."""

from datetime import date

import pytest

from tests.builders import make_case, make_user
from vigil.accounts.access import restrict_case
from vigil.cases import service
from vigil.cases.file_view import read_file
from vigil.domain.people import Role
from vigil.errors import Forbidden, NotFound

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_view_holds_what_the_use_cases_wrote(session):
    alice, bob = make_user(session, "alice"), make_user(session, "bob")
    case = make_case(session, first_name="Noor", last_name="Peeters", summary="Left school")
    other = make_case(session, opened_at=date(2020, 5, 1))
    service.assign_case(session, case, alice, by=bob)
    service.add_note(session, case, "School says she was there", by=alice)
    service.add_note(session, case, "Mother called back", by=bob)
    service.add_task(session, case, "Write to the police")
    service.add_task(session, case, "Call the school", due_on=date(2024, 6, 20), assigned_to=bob)
    service.add_person(session, case, Role.PARENT, first_name="Els", contact="0470 00 00 00")
    service.link_cases(session, case, other)
    session.flush()

    view = read_file(session.connection(), case.reference, alice.id)

    assert (view.reference, view.type, view.summary) == (case.reference, case.type, "Left school")
    assert view.child is not None and view.child.name == "Noor Peeters"
    assert view.assigned_to is not None and view.assigned_to.username == "alice"
    assert [p.name for p in view.people] == ["Els"]  # the child is apart, not among them
    texts = [e.text for e in view.events]  # newest first
    assert texts.index("Mother called back") < texts.index(
        "School says she was there"
    )  # newest first
    assert view.events[0].by == bob.display_name
    assert [(t.title, t.assigned_to) for t in view.tasks] == [
        ("Call the school", bob.display_name),  # by due date, those without one last
        ("Write to the police", alice.display_name),  # the file's worker, when not given
    ]
    assert [f.reference for f in view.linked] == [other.reference]
    assert view.allowed == ()


def test_the_view_offers_the_active_staff_by_username(session):
    make_user(session, "carol")
    make_user(session, "alice")
    make_user(session, "dave").active = False  # disabled: no longer offered
    case = make_case(session)
    session.flush()

    view = read_file(session.connection(), case.reference, None)

    assert [(w.username, w.display_name) for w in view.staff] == [
        ("alice", "Alice Verbeke"),
        ("carol", "Carol Dupont"),
    ]


def test_a_restricted_file_is_read_only_by_the_workers_named_on_it(session):
    alice, bob, carol = (make_user(session, n) for n in ("alice", "bob", "carol"))
    case = make_case(session)
    restrict_case(session, case, ["alice", "bob"], by=alice)

    seen = read_file(session.connection(), case.reference, bob.id)
    assert [w.username for w in seen.allowed] == ["alice", "bob"]
    with pytest.raises(Forbidden, match="restricted to named workers"):
        read_file(session.connection(), case.reference, carol.id)
    with pytest.raises(Forbidden):
        read_file(session.connection(), case.reference, None)  # a token sees no restricted file


def test_an_unknown_reference_is_not_found(session):
    with pytest.raises(NotFound, match="there is no file 'RUN-1999-00001'"):
        read_file(session.connection(), "RUN-1999-00001", None)
