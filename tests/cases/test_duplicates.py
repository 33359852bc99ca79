"""Issue 17, item 8: at intake, the earlier files (open and closed) of the same child, names
folded for accents and transliterations, with the birth date; a file its reader may not see
is shown by reference and strength only."""

from datetime import date

import pytest

from tests.builders import CLI, actor_of, make_case, make_user
from vigil.cases import service
from vigil.cases.duplicates import Strength, possible_duplicates
from vigil.domain.names import name_key

pytestmark = pytest.mark.usefixtures("frozen_today")
BORN = date(2009, 4, 2)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Mohammed", "Mohamed"),
        ("Muhammad", "Mohamed"),
        ("Léa", "Lea"),
        ("Youssef", "Yusuf"),
        ("El Amrani", "Elamrani"),
        ("Дмитрий", "Dmitri"),
        ("Nguyễn", "Nguyen"),
    ],
)
def test_spellings_of_one_name_have_one_key(one, other):
    assert name_key(one) == name_key(other) != ""


def child(first, last="", born=None):
    return service.ChildDetails(first_name=first, last_name=last, birth_date=born)


def test_earlier_files_open_and_closed_are_found_under_another_spelling(session):
    closed = make_case(
        session,
        first_name="Mohammed",
        last_name="El Amrani",
        birth_date=BORN,
        closed_at=date(2021, 3, 4),
    )
    still_open = make_case(session, first_name="Mohamed", last_name="Elamrani")
    found = possible_duplicates(session, child("Muhammad", "El-Amrani", BORN), by=CLI)
    assert [(m.reference, m.strength) for m in found] == [
        (closed.reference, Strength.STRONG),
        (still_open.reference, Strength.LIKELY),
    ]


def test_a_different_birth_date_is_another_child_and_the_first_name_alone_is_not_enough(
    session,
):
    make_case(session, first_name="Lea", last_name="Peeters", birth_date=BORN)
    assert possible_duplicates(session, child("Léa", "Peeters", date(2010, 1, 1)), by=CLI) == []
    assert possible_duplicates(session, child("Léa"), by=CLI) == []
    (only,) = possible_duplicates(session, child("Léa", "Janssens", BORN), by=CLI)
    assert only.strength is Strength.POSSIBLE


def test_a_file_the_reader_may_not_see_is_shown_by_reference_and_strength_only(session):
    alice, bob = make_user(session, "alice"), make_user(session, "bob")
    as_alice = actor_of(alice, "case_worker")
    hidden = make_case(session, first_name="Sara", last_name="Benali", by=as_alice)
    service.restrict_case(session, hidden.reference, ["alice"], by=actor_of(alice))
    (seen,) = possible_duplicates(
        session, child("Sarah", "Benali"), by=actor_of(bob, "case_worker")
    )
    assert (seen.reference, seen.strength, seen.case) == (hidden.reference, Strength.LIKELY, None)
    (own,) = possible_duplicates(session, child("Sarah", "Benali"), by=as_alice)
    assert own.case is not None


def test_a_correction_of_the_name_keeps_its_sound_in_step(session):
    case = make_case(session, first_name="Jana", last_name="Maes")
    case.people[0].first_name = "Yasmine"
    session.flush()
    assert case.people[0].first_key == name_key("Yasmine")
    assert [
        m.reference for m in possible_duplicates(session, child("Yasmine", "Maes"), by=CLI)
    ] == [case.reference]


def test_the_import_names_the_new_files_of_a_child_with_an_earlier_file(session, tmp_path):
    from tests.cases.test_importing import GOOD, write_csv
    from vigil.cases.importing import import_cases

    earlier = make_case(
        session,
        first_name="Mohammed",
        last_name="Benali",
        birth_date=BORN,
        closed_at=date(2021, 3, 2),
    )
    rows = [
        {
            **GOOD,
            "reference": "SRC-1",
            "child_first_name": "Mohamed",
            "child_last_name": "Benali",
            "child_birth_date": BORN.isoformat(),
        },
        {
            **GOOD,
            "reference": "SRC-2",
            "child_first_name": "Muhammad",
            "child_last_name": "Peeters",
            "child_birth_date": BORN.isoformat(),
        },
        {**GOOD, "reference": "SRC-3", "child_first_name": "Lea"},
    ]
    result = import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", rows))
    found = {(r.reference, r.earlier, r.strength) for r in result.repeats}
    assert found == {
        ("SRC-1", earlier.reference, Strength.STRONG),
        ("SRC-2", earlier.reference, Strength.POSSIBLE),
        ("SRC-2", "SRC-1", Strength.POSSIBLE),
    }
    assert result.repeat_count == 3
