"""A list's rows: each file once, with its child's name and its worker, in the order and
with the filters the list promises."""

from datetime import date

import pytest

from tests.builders import make_case, make_user
from vigil.accounts.access import restrict_case
from vigil.cases import queries, service
from vigil.domain.people import Role

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_row_holds_the_child_and_the_worker_of_its_file(session):
    alice = make_user(session, "alice")
    older = make_case(session, first_name="Noor", last_name="Peeters", opened_at=date(2020, 1, 2))
    newer = make_case(session, first_name="", last_name="", opened_at=date(2022, 5, 6))
    service.assign_case(session, older, alice, by=alice)
    service.add_person(session, older, Role.PARENT, first_name="Els")  # not the child
    session.flush()

    rows = queries.list_rows(session, queries.CaseFilter())

    assert [r.reference for r in rows] == [newer.reference, older.reference]  # newest first
    assert [r.child_name for r in rows] == ["(no name)", "Noor Peeters"]
    assert rows[1].assigned_to is not None and rows[1].assigned_to.display_name == "Alice Verbeke"
    assert rows[0].assigned_to is None


def test_a_file_restricted_to_others_is_left_out_of_a_list(session):
    alice, bob = make_user(session, "alice"), make_user(session, "bob")
    kept = make_case(session)
    hidden = make_case(session)
    restrict_case(session, hidden, ["alice"], by=alice)
    session.flush()

    def shown(viewer: int | None) -> list[str]:
        f = queries.CaseFilter(hide_restricted=True, viewer_id=viewer)
        return sorted(r.reference for r in queries.list_rows(session, f))

    assert shown(alice.id) == sorted([kept.reference, hidden.reference])
    assert shown(bob.id) == [kept.reference]
    assert shown(None) == [kept.reference]
