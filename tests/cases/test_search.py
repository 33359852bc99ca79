import csv
from datetime import date

import pytest
from sqlalchemy import delete, func, select

from tests.builders import CLI, actor_of, make_case, make_user
from vigil.cases import editing, queries, service
from vigil.cases.importing import import_cases
from vigil.cases.rows import COLUMNS
from vigil.domain import words
from vigil.domain.people import Gender, Role
from vigil.store import search
from vigil.store.models import SearchTerm

pytestmark = pytest.mark.usefixtures("frozen_today")


def found(session, text, by=CLI, **filters):
    f = queries.CaseFilter(text=text, **filters)
    cases = queries.list_rows(session, f, by=by)
    assert queries.count_cases(session, f, by=by) == len(cases)
    return sorted(c.reference for c in cases)


def test_words_are_lowercased_and_their_accents_folded():
    assert words.terms(["Émilie MÜLLER-Çelik"]) == {"emilie", "muller-celik", "muller", "celik"}
    assert words.query_words("  ÉMILIE, müller ") == ["emilie", "muller"]


def test_a_name_is_found_without_its_accents_and_with_them(session):
    case = make_case(session, first_name="Émilie", last_name="Müller")
    assert found(session, "emilie muller") == [case.reference]
    assert found(session, "ÉMILIE") == [case.reference]
    assert found(session, "Mül") == [case.reference]


def test_every_word_of_a_search_must_match(session):
    lea = make_case(session, first_name="Lea", last_name="Peeters")
    make_case(session, first_name="Lea", last_name="Janssens")
    assert found(session, "lea peeters") == [lea.reference]
    assert found(session, "peeters lea") == [lea.reference]
    assert found(session, "lea dubois") == []


def test_a_word_of_three_letters_or_more_finds_the_words_it_begins(session):
    case = make_case(session, first_name="Mila", last_name="Vandenberghe")
    assert found(session, "vandenb") == [case.reference]
    assert found(session, "mil") == [case.reference]
    assert found(session, "ande") == []  # the beginning of a word, not any part of it


def test_a_shorter_word_finds_only_the_same_whole_word(session):
    li = make_case(session, first_name="Mei", last_name="Li")
    make_case(session, first_name="Lisa", last_name="Claes")
    assert found(session, "li") == [li.reference]


def test_a_reference_is_found_by_its_beginning_or_its_number(session):
    first = make_case(session)
    second = make_case(session)
    assert first.reference.startswith("RUN-2021-")
    assert found(session, first.reference.lower()) == [first.reference]
    assert found(session, "RUN-2021") == sorted([first.reference, second.reference])
    assert found(session, first.reference.rsplit("-", 1)[1]) == [first.reference]


def test_a_note_added_later_is_found_and_the_summary_too(session):
    case = make_case(session, summary="Seen near the station in Oostende")
    assert found(session, "oostende") == [case.reference]
    assert found(session, "skatepark") == []
    service.add_note(session, case.reference, "Friends saw her at the skatepark.", by=CLI)
    assert found(session, "skatepark") == [case.reference]


def test_a_person_added_later_is_found(session):
    case = make_case(session)
    service.add_person(
        session, case.reference, Role.PARENT, by=CLI, first_name="Karim", last_name="Benali"
    )
    assert found(session, "benali karim") == [case.reference]


def test_an_edited_name_is_found_by_its_new_words_only(session):
    case = make_case(session, first_name="Lea", last_name="Peeters")
    changes = editing.Corrections(
        summary="",
        risk_reasons=frozenset(),
        first_name="Lena",
        last_name="Peeters",
        birth_date=None,
        estimated_age=None,
        gender=Gender.FEMALE,
    )
    editing.edit_case(session, case.reference, changes, by=CLI)
    assert found(session, "lena") == [case.reference]
    assert found(session, "lea") == []


def _import(session, path, **row):
    values = {"reference": "SRC-1", "type": "runaway", "opened_at": "2021-03-01", **row}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow({c: values.get(c, "") for c in COLUMNS})
    return import_cases(session, path, by=CLI)


def test_an_import_indexes_its_files_and_a_new_import_updates_them(session, tmp_path):
    _import(session, tmp_path / "a.csv", child_first_name="Noor", summary="left school")
    assert found(session, "noor school") == ["SRC-1"]
    service.add_note(session, "SRC-1", "Called the grandmother", by=CLI)
    _import(session, tmp_path / "b.csv", child_first_name="Nora", summary="left home")
    assert found(session, "noor") == []
    assert found(session, "school") == []
    assert found(session, "nora home grandmother") == ["SRC-1"]


def test_a_restricted_file_stays_hidden_from_a_search_by_others(session):
    alice, bob = make_user(session, "alice"), make_user(session, "bob")
    case = make_case(session, first_name="Sofia", last_name="Wouters")
    service.restrict_case(session, case.reference, ["alice"], by=actor_of(alice))
    assert found(session, "sofia", by=actor_of(alice)) == [case.reference]
    assert found(session, "sofia", by=actor_of(bob)) == []
    assert found(session, "sofia", by=CLI) == []


def test_the_search_combines_with_the_filters(session):
    old = make_case(session, first_name="Yara", opened_at=date(2020, 5, 1))
    new = make_case(session, first_name="Yara", opened_at=date(2022, 5, 1))
    assert found(session, "yara") == sorted([old.reference, new.reference])
    assert found(session, "yara", year=2022) == [new.reference]


def test_rebuilding_the_index_gives_the_same_words_and_files(session):
    case = make_case(session, first_name="Ines", last_name="Dubois", summary="Brussels")
    service.add_note(session, case.reference, "Bus to Antwerpen", by=CLI)
    before = set(session.scalars(select(SearchTerm.term)))
    session.execute(delete(SearchTerm))
    assert found(session, "ines") == []
    assert search.rebuild(session, batch=1) == 1
    assert set(session.scalars(select(SearchTerm.term))) == before
    assert found(session, "ines dubois brussels antwerpen") == [case.reference]
    assert session.scalar(select(func.count()).select_from(SearchTerm)) == len(before)


def test_the_intake_warning_finds_the_same_child_through_the_index(session):
    from vigil.cases.duplicates import possible_duplicates

    twin = make_case(session, first_name="Jean-Luc", last_name="Dupont")
    make_case(session, first_name="Jean", last_name="Dupont")
    child = service.ChildDetails(first_name=" jean-luc ", last_name="DUPONT")
    assert [c.reference for c in possible_duplicates(session, child, by=CLI)] == [twin.reference]
    nobody = service.ChildDetails(first_name="-", last_name="Dupont")
    assert possible_duplicates(session, nobody, by=CLI) == []


def test_the_migration_fills_the_index_from_the_files_already_there(engine, session):
    from alembic import command

    from vigil.store import db

    case = make_case(session, first_name="Inès", last_name="Dubois", summary="Brussels")
    service.add_note(session, case.reference, "Bus to Antwerpen", by=CLI)
    session.commit()
    config = db.alembic_config(engine)
    command.downgrade(config, "w2web")
    command.upgrade(config, "head")
    assert found(session, "ines dubois brussels antwerpen") == [case.reference]
    assert found(session, case.reference) == [case.reference]
