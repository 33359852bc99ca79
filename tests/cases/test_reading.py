"""A file as every door shows it (vigil.cases.reading): the facts the use cases wrote, the
restricted-file rule, and an audit entry for every view."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import CLI, actor_of, make_case, make_user
from vigil.cases import service
from vigil.cases.reading import view_case
from vigil.domain.people import Role
from vigil.errors import NotFound
from vigil.store.models import AuditEntry

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_the_view_holds_what_the_use_cases_wrote(session):
    alice, bob = make_user(session, "alice"), make_user(session, "bob")
    as_alice, as_bob = actor_of(alice), actor_of(bob)
    case = make_case(session, first_name="Noor", last_name="Peeters", summary="Left school")
    other = make_case(session, opened_at=date(2020, 5, 1))
    ref = case.reference
    service.assign_case(session, ref, "alice", by=as_bob)
    service.add_note(session, ref, "School says she was there", by=as_alice)
    service.add_note(session, ref, "Mother called back", by=as_bob)
    service.add_task(session, ref, "Write to the police", by=as_alice)
    service.add_task(
        session, ref, "Call the school", by=as_alice, due_on=date(2024, 6, 20), worker="bob"
    )
    service.add_person(session, ref, Role.PARENT, by=as_alice, first_name="Els", contact="0470")
    service.link_cases(session, ref, other.reference, by=as_alice)
    session.commit()

    view = view_case(session, ref, by=as_alice)

    assert (view.case.reference, view.case.summary) == (ref, "Left school")
    assert view.child is not None and view.child.name == "Noor Peeters"
    assert view.case.assigned_to is not None and view.case.assigned_to.username == "alice"
    assert [p.name for p in view.others] == ["Els"]  # the child is apart, not among them
    texts = [e.text for e in view.timeline]  # newest first
    assert texts.index("Mother called back") < texts.index("School says she was there")
    assert [(t.title, t.assigned_to.username) for t in view.tasks] == [
        ("Call the school", "bob"),  # by due date, those without one last
        ("Write to the police", "alice"),  # the file's worker, when not given
    ]
    assert [f.reference for f in view.linked] == [other.reference]
    assert view.named == []


def test_every_view_is_an_audit_entry_naming_who_and_which_file(session):
    alice = make_user(session, "alice")
    case = make_case(session)
    view_case(session, case.reference, by=actor_of(alice), detail="close form")
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.actor, entry.action, entry.target, entry.detail) == (
        "alice",
        "case.view",
        case.reference,
        "close form",
    )


def test_a_restricted_file_is_read_only_by_the_workers_named_on_it(session):
    alice, bob, carol = (make_user(session, n) for n in ("alice", "bob", "carol"))
    case = make_case(session)
    service.restrict_case(session, case.reference, ["alice", "bob"], by=actor_of(alice))

    seen = view_case(session, case.reference, by=actor_of(bob))
    assert [w.username for w in seen.named] == ["alice", "bob"]
    for outsider in (actor_of(carol), CLI):  # the command line sees no restricted file
        with pytest.raises(NotFound, match="there is no file"):
            view_case(session, case.reference, by=outsider)


def test_a_restricted_linked_file_is_left_out_of_the_links_of_those_not_named(session):
    alice, bob = make_user(session, "alice"), make_user(session, "bob")
    public, hidden = make_case(session), make_case(session, opened_at=date(2021, 4, 1))
    service.link_cases(session, public.reference, hidden.reference, by=CLI)
    service.restrict_case(session, hidden.reference, ["alice"], by=actor_of(alice))

    assert [
        c.reference for c in view_case(session, public.reference, by=actor_of(alice)).linked
    ] == [hidden.reference]
    assert view_case(session, public.reference, by=actor_of(bob)).linked == []


def test_an_unknown_reference_is_not_found(session):
    with pytest.raises(NotFound, match="there is no file 'RUN-1999-00001'"):
        view_case(session, "RUN-1999-00001", by=CLI)
