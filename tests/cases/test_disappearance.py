"""Issue 17, item 7: the disappearance itself, recorded through the use cases and the import,
shown by every door, carried by the export."""

import csv
from datetime import UTC, datetime

import pytest

from tests.builders import CLI, make_case
from tests.cases.test_importing import GOOD, write_csv
from vigil.cases import editing, queries, service
from vigil.cases.changes import Corrections
from vigil.cases.exporting import export_cases
from vigil.cases.importing import import_cases
from vigil.domain.case_types import CaseType
from vigil.domain.disappearance import Disappearance
from vigil.domain.people import Gender, Role
from vigil.errors import CaseRuleError, ImportFileError

pytestmark = pytest.mark.usefixtures("frozen_today")
UAM = CaseType.UNACCOMPANIED_MINOR
GONE = Disappearance(
    disappeared_at=datetime(2021, 2, 28, 17, 30, tzinfo=UTC),
    reported_at=datetime(2021, 3, 1, 8, 0, tzinfo=UTC),
    last_seen_place="Gent-Sint-Pieters station, platform 4",
    last_seen_municipality="Gent",
    description="1m60, short dark hair",
    clothing="red jacket, white trainers",
    police_report_number="GE.12.L1.004512/2021",
    police_zone="Gent",
    magistrate_office="Oost-Vlaanderen",
    nationality="AF",
    aliases="Mohammad; Muhamad",
    reception_centre="Fedasil Sint-Truiden",
)


def test_a_missing_unaccompanied_minors_disappearance_is_recorded_and_found_by_alias(session):
    case = make_case(session, UAM, estimated_age=16, disappearance=GONE)
    assert case.disappearance is not None
    assert case.disappearance.police_report_number == "GE.12.L1.004512/2021"
    assert case.disappearance.aliases == "Mohammad; Muhamad"
    found = queries.find_cases(session, queries.CaseFilter(text="muhamad"), by=CLI)
    assert [c.reference for c in found.rows] == [case.reference]


@pytest.mark.parametrize(
    ("case_type", "given", "field"),
    [
        (CaseType.SEXTING, Disappearance(last_seen_place="school"), "last_seen_place"),
        (CaseType.RUNAWAY, Disappearance(nationality="AF"), "nationality"),
        (CaseType.RUNAWAY, Disappearance(reception_centre="Fedasil"), "reception_centre"),
        (
            CaseType.RUNAWAY,
            Disappearance(disappeared_at=datetime(2024, 7, 1, tzinfo=UTC)),
            "disappeared_at",
        ),
        (
            CaseType.RUNAWAY,
            Disappearance(
                disappeared_at=datetime(2021, 3, 2, tzinfo=UTC),
                reported_at=datetime(2021, 3, 1, tzinfo=UTC),
            ),
            "reported_at",
        ),
    ],
)
def test_a_disappearance_that_does_not_fit_is_refused(session, case_type, given, field):
    intake = service.Intake(type=case_type, disappearance=given)
    with pytest.raises(CaseRuleError) as caught:
        service.open_case(session, intake, by=CLI)
    assert caught.value.field == field


def test_a_correction_records_the_disappearance_and_says_so_on_the_timeline(session):
    case = make_case(session)
    assert case.disappearance is None
    corrections = Corrections(
        summary="",
        risk_reasons=frozenset(),
        first_name="Lea",
        last_name="Peeters",
        birth_date=None,
        estimated_age=None,
        gender=Gender.UNKNOWN,
        disappearance=Disappearance(last_seen_place="the park", police_zone="Brussel-Noord"),
    )
    editing.edit_case(session, case.reference, corrections, by=CLI)
    assert case.disappearance is not None and case.disappearance.last_seen_place == "the park"
    editing.edit_case(session, case.reference, corrections, by=CLI)  # the same again: no entry
    said = [(e.what, e.facts) for e in case.events]
    assert said == [("edited", {"fields": ["disappearance"]})]


def test_the_new_roles_are_people_on_a_file(session):
    case = make_case(session, UAM, estimated_age=15)
    for role in (Role.GUARDIAN, Role.POLICE_OFFICER, Role.PARTNER_WORKER):
        service.add_person(session, case.reference, role, first_name="An", by=CLI)
    assert [p.role for p in case.people][1:] == [
        Role.GUARDIAN,
        Role.POLICE_OFFICER,
        Role.PARTNER_WORKER,
    ]


def test_the_import_reads_the_disappearance_and_the_export_writes_it_back(session, tmp_path):
    row = {**GOOD, "type": "unaccompanied_minor", "outcome": "found", "child_birth_date": ""}
    row |= {
        "child_age": "16",
        "disappeared_at": "2021-02-28T18:30",
        "reported_at": "2021-03-01",
        "last_seen_place": "=station",
        "nationality": "afg",
        "aliases": "Mohammad;Muhamad",
        "police_report_number": "GE/4512/2021",
    }
    source = write_csv(tmp_path / "in.csv", [row])
    import_cases(session, by=CLI, path=source)
    export_cases(session, tmp_path / "out.csv", by=CLI)
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        (out,) = list(csv.DictReader(handle))
    assert out["disappeared_at"] == "2021-02-28T18:30"  # Brussels time, as given
    assert out["reported_at"] == "2021-03-01T12:00"  # a day alone: noon
    assert (out["nationality"], out["aliases"]) == ("AF", "Mohammad; Muhamad")
    assert out["last_seen_place"] == "'=station"  # inert in a spreadsheet
    import_cases(session, by=CLI, path=tmp_path / "out.csv")  # and back, unchanged
    (case,) = queries.find_cases(session, queries.CaseFilter(), by=CLI).rows
    assert case.reference == "SRC-1"


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"disappeared_at": "28/02/2021"}, "disappeared_at"),
        ({"nationality": "Atlantis"}, "nationality"),
        ({"reception_centre": "Fedasil"}, "reception_centre"),
        ({"type": "sexting", "outcome": "resolved", "clothing": "a coat"}, "clothing"),
    ],
)
def test_the_import_names_the_column_of_a_bad_disappearance(session, tmp_path, change, column):
    with pytest.raises(ImportFileError) as caught:
        import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", [{**GOOD, **change}]))
    assert (caught.value.line, caught.value.column) == (2, column)
