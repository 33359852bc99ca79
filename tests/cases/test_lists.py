"""A list's rows: each file once, with its child's name and its worker, in the order and
with the filters the list promises."""

from datetime import date

import pytest

from tests.builders import CLI, actor_of, make_case, make_user
from vigil.cases import queries, service
from vigil.domain.people import Role

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_row_holds_the_child_and_the_worker_of_its_file(session):
    alice = make_user(session, "alice")
    older = make_case(session, first_name="Noor", last_name="Peeters", opened_at=date(2020, 1, 2))
    newer = make_case(session, first_name="", last_name="", opened_at=date(2022, 5, 6))
    service.assign_case(session, older.reference, "alice", by=actor_of(alice))
    service.add_person(session, older.reference, Role.PARENT, by=CLI, first_name="Els")
    session.flush()

    rows = queries.list_rows(session, queries.CaseFilter(), by=CLI)

    assert [r.reference for r in rows] == [newer.reference, older.reference]  # newest first
    assert [r.child_name for r in rows] == ["(no name)", "Noor Peeters"]
    assert rows[1].assigned_to is not None and rows[1].assigned_to.display_name == "Alice Verbeke"
    assert rows[0].assigned_to is None


def test_a_file_restricted_to_others_is_left_out_of_a_list(session):
    alice, bob = make_user(session, "alice"), make_user(session, "bob")
    kept = make_case(session)
    hidden = make_case(session)
    service.restrict_case(session, hidden.reference, ["alice"], by=actor_of(alice))
    session.flush()

    def shown(viewer) -> list[str]:
        rows = queries.list_rows(session, queries.CaseFilter(), by=viewer)
        return sorted(r.reference for r in rows)

    assert shown(actor_of(alice)) == sorted([kept.reference, hidden.reference])
    assert shown(actor_of(bob)) == [kept.reference]
    assert shown(CLI) == [kept.reference]


def test_a_search_pages_through_its_matches_newest_first(session):
    alice = make_user(session, "alice")
    days = [date(2021, 1, 5), date(2023, 7, 1), date(2022, 3, 9), date(2020, 2, 2)]
    found = [make_case(session, last_name="Wouters", opened_at=d) for d in days]
    make_case(session, last_name="Peeters", opened_at=date(2024, 1, 1))  # not a match
    service.restrict_case(session, found[3].reference, ["alice"], by=actor_of(alice))
    session.flush()
    f = queries.CaseFilter(text="wout")

    first = queries.list_rows(session, f, by=CLI, limit=2)
    rest = queries.list_rows(session, f, by=CLI, limit=2, offset=2)

    newest_first = [found[1], found[2], found[0]]  # found[3] is restricted to alice
    assert [r.reference for r in first + rest] == [c.reference for c in newest_first]
    assert all(r.child_name == "Lea Wouters" for r in first + rest)
