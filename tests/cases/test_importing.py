import csv
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.builders import CLI, make_case, make_cases
from vigil.cases.exporting import export_cases
from vigil.cases.importing import import_cases
from vigil.cases.rows import COLUMNS
from vigil.domain import cells
from vigil.domain.case_types import CaseType
from vigil.errors import ImportFileError, InputError
from vigil.store.models import AuditEntry, Case, Person

pytestmark = pytest.mark.usefixtures("frozen_today")

GOOD = {
    "reference": "SRC-1",
    "type": "runaway",
    "opened_at": "2021-03-01",
    "closed_at": "2021-03-04",
    "outcome": "returned",
    "child_birth_date": "2006-05-10",
    "child_gender": "female",
}


def write_csv(path: Path, rows: list[dict[str, str]], columns=COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def count(session) -> int:
    return session.scalar(select(func.count(Case.id)))


def test_a_csv_file_is_imported_with_its_children(session, tmp_path):
    rows = [GOOD, {**GOOD, "reference": "SRC-2", "closed_at": "", "outcome": ""}]
    result = import_cases(session, by=CLI, path=write_csv(tmp_path / "f.csv", rows))
    assert (result.created, result.updated) == (2, 0)
    case = session.scalar(select(Case).where(Case.reference == "SRC-1"))
    assert case.child_age_at_opening == 14
    assert session.scalar(select(func.count(Person.id))) == 2


def test_reimporting_updates_by_reference_and_never_duplicates(session, tmp_path):
    import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", [GOOD]))
    changed = {**GOOD, "child_birth_date": "2008-01-01", "summary": "Back home"}
    result = import_cases(session, by=CLI, path=write_csv(tmp_path / "b.csv", [changed]))
    assert (result.created, result.updated) == (0, 1)
    assert count(session) == 1
    case = session.scalar(select(Case).where(Case.reference == "SRC-1"))
    session.refresh(case)
    assert case.child_age_at_opening == 13 and case.summary == "Back home"
    assert session.scalar(select(func.count(Person.id))) == 1
    said = [(e.what, e.facts) for e in case.events]
    assert ("closed", {"outcome": "returned"}) in said  # the closing of the first import
    assert ("edited", {"fields": ["summary", "birth"]}) in said  # what the second changed


def test_an_import_writes_one_audit_entry_naming_its_file_and_counts(session, tmp_path):
    import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", [GOOD]))
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.actor, entry.action, entry.detail) == (
        "import:a.csv by cli:tests",
        "cases.import",
        "1 new, 0 updated",
    )


@pytest.mark.parametrize(
    ("first", "then", "column", "message"),
    [
        (GOOD, {**GOOD, "closed_at": "", "outcome": ""}, "closed_at", "does not reopen"),
        (GOOD, {**GOOD, "outcome": "found"}, "closed_at", "does not change a closing"),
        (GOOD, {**GOOD, "type": "grooming", "outcome": "resolved"}, "type", "type"),
        (GOOD, {**GOOD, "opened_at": "2021-02-01"}, "opened_at", "opening date"),
        (
            {**GOOD, "type": "unaccompanied_minor", "closed_at": "", "outcome": ""},
            {**GOOD, "type": "unaccompanied_minor", "outcome": "unfounded"},
            "outcome",
            "news of the child",
        ),
    ],
)
def test_an_import_cannot_do_what_the_rules_refuse_a_person(
    session, tmp_path, first, then, column, message
):
    import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", [first]))
    session.commit()
    with pytest.raises(ImportFileError) as refused:
        import_cases(session, by=CLI, path=write_csv(tmp_path / "b.csv", [then]))
    assert (refused.value.line, refused.value.column) == (2, column)
    assert message in str(refused.value) and "b.csv" in str(refused.value)


BAD_ROWS = [
    ({"type": "runaways"}, "type", "unknown type 'runaways'"),
    ({"opened_at": "2021-02-30"}, "opened_at", "2021-02-30 is not a date that exists"),
    ({"opened_at": "01/03/2021"}, "opened_at", "not a date written YYYY-MM-DD"),
    ({"closed_at": "2021-02-01"}, "closed_at", "before the opening date 2021-03-01"),
    ({"child_gender": "f"}, "child_gender", "unknown gender 'f'"),
    ({"outcome": ""}, "outcome", "needs an outcome"),
    ({"closed_at": "", "outcome": "found"}, "closed_at", "closed_at is empty"),
    ({"type": "unaccompanied_minor", "outcome": "unfounded"}, "outcome", "news of the child"),
    ({"type": "parental_abduction"}, "scope", "needs its scope"),
    ({"effective": "yes"}, "effective", "write true or false"),
    ({"child_age": "twelve"}, "child_age", "not an age"),
    ({"opened_at": "2030-01-01", "closed_at": ""}, "opened_at", "in the future"),
    ({"reference": ""}, "reference", "empty"),
    ({"child_birth_date": "1950-01-01"}, "child_birth_date", "the child is 71 at opening"),
    (
        {"type": "unaccompanied_minor", "child_birth_date": "", "child_age": "36"},
        "child_age",
        "not between 0 and 30",
    ),
    (
        {"child_birth_date": "", "child_age": "19", "child_age_estimated_on": "2021-03-01"},
        "child_age",
        "the child is 19 at opening",
    ),
    (
        {
            "type": "unaccompanied_minor",
            "child_age_disputed": "true",
            "child_birth_date": "",
            "child_age": "21",
            "outcome": "found",
        },
        "child_age",
        "taken in under 21",
    ),
    ({"child_age_disputed": "true"}, "child_age_disputed", "only applies to a missing"),
    (
        {"child_age": "11"},
        "child_age",
        "makes the child 14 on 2021-03-01, but the estimated age is 11",
    ),
    ({"child_age_estimated_on": "2021-03-02"}, "child_age_estimated_on", "without child_age"),
]


@pytest.mark.parametrize(("change", "column", "message"), BAD_ROWS)
def test_a_bad_row_refuses_the_whole_file_naming_line_and_column(
    session, tmp_path, change, column, message
):
    rows = [{**GOOD, "reference": f"OK-{i}"} for i in range(3)] + [{**GOOD, **change}]
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(ImportFileError) as caught:
        import_cases(session, by=CLI, path=path)
    error = caught.value
    assert (error.line, error.column) == (5, column)
    assert message in error.message and str(path) in error.message
    assert count(session) == 0


def test_a_duplicate_reference_in_one_file_names_both_lines(session, tmp_path):
    path = write_csv(tmp_path / "dup.csv", [GOOD, GOOD])
    with pytest.raises(ImportFileError, match="line 3, column reference: SRC-1 appears again"):
        import_cases(session, by=CLI, path=path)


def test_an_unknown_or_missing_column_is_refused_at_the_header(session, tmp_path):
    path = write_csv(tmp_path / "h.csv", [GOOD], columns=[*COLUMNS, "colour"])
    with pytest.raises(ImportFileError, match="line 1, column colour: unknown column"):
        import_cases(session, by=CLI, path=path)
    path = write_csv(tmp_path / "m.csv", [GOOD], columns=["reference", "type"])
    with pytest.raises(ImportFileError, match="lacks the column.*opened_at"):
        import_cases(session, by=CLI, path=path)


def test_a_row_with_too_many_cells_is_refused(session, tmp_path):
    path = tmp_path / "cells.csv"
    path.write_text("reference,type,opened_at\nA,runaway,2021-01-01,extra\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="line 2: the row has more cells"):
        import_cases(session, by=CLI, path=path)


def test_an_empty_file_and_a_wrong_extension_are_refused_clearly(session, tmp_path):
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(ImportFileError, match="empty"):
        import_cases(session, by=CLI, path=tmp_path / "empty.csv")
    with pytest.raises(InputError, match=r"name the file \.csv or \.jsonl"):
        import_cases(session, by=CLI, path=tmp_path / "cases.xlsx")


def test_a_file_that_is_not_utf8_is_refused(session, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("reference,type,opened_at\nÉ,runaway,2021-01-01\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        import_cases(session, by=CLI, path=path)


def test_json_lines_are_imported_with_json_types(session, tmp_path):
    path = tmp_path / "f.jsonl"
    lines = [
        {
            "reference": "J-1",
            "type": "parental_abduction",
            "scope": "national",
            "effective": False,
            "opened_at": "2021-01-01",
            "child_age": 7,
        },
        {},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines[:1]) + "\n\n", encoding="utf-8")
    assert import_cases(session, by=CLI, path=path).created == 1
    case = session.scalar(select(Case))
    assert (case.effective, case.child_age_at_opening) == (False, 7)


def test_a_bad_json_line_is_named(session, tmp_path):
    path = tmp_path / "f.jsonl"
    path.write_text('{"reference": "A", "type": "runaway", "opened_at": "2021-01-01"}\n{oops\n')
    with pytest.raises(ImportFileError, match="line 2: not valid JSON"):
        import_cases(session, by=CLI, path=path)
    assert count(session) == 0


row_strategy = st.fixed_dictionaries(
    {
        "type": st.sampled_from([t for t in CaseType if t is not CaseType.PARENTAL_ABDUCTION]),
        "opened": st.dates(min_value=date(2000, 1, 1), max_value=date(2024, 1, 1)),
        "days_open": st.one_of(st.none(), st.integers(min_value=0, max_value=150)),
        "age": st.one_of(st.none(), st.integers(min_value=0, max_value=17)),
        "born_days": st.one_of(st.none(), st.integers(min_value=0, max_value=6000)),
        "name": st.text(
            alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12
        ),
    }
)


def to_row(i: int, r: dict) -> dict[str, str]:
    from datetime import timedelta

    from vigil.domain.outcomes import NEWS_OUTCOMES, allowed_outcomes

    closed = r["opened"] + timedelta(days=r["days_open"]) if r["days_open"] is not None else None
    outcomes = sorted(allowed_outcomes(r["type"]) & NEWS_OUTCOMES) or sorted(
        allowed_outcomes(r["type"])
    )
    born = r["opened"] - timedelta(days=r["born_days"]) if r["born_days"] is not None else None
    return {
        "reference": f"R-{i}",
        "type": r["type"].value,
        "opened_at": r["opened"].isoformat(),
        "closed_at": closed.isoformat() if closed else "",
        "outcome": outcomes[0].value if closed else "",
        "child_birth_date": born.isoformat() if born else "",
        "child_age": "" if born or r["age"] is None else str(r["age"]),
        "child_first_name": r["name"].strip(),
    }


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row_strategy, min_size=1, max_size=8))
def test_export_then_import_round_trips(session, tmp_path, suffix, rows):
    session.rollback()
    session.execute(Person.__table__.delete())
    session.execute(Case.__table__.delete())
    source = write_csv(tmp_path / "in.csv", [to_row(i, r) for i, r in enumerate(rows)])
    import_cases(session, by=CLI, path=source)
    first = tmp_path / f"out{suffix}"
    export_cases(session, by=CLI, path=first)
    result = import_cases(session, by=CLI, path=first)
    assert (result.created, result.updated) == (0, len(rows))
    second = tmp_path / f"again{suffix}"
    export_cases(session, by=CLI, path=second)
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    if suffix == ".csv":
        with first.open(encoding="utf-8") as handle:
            exported = list(csv.DictReader(handle))
        originals = {r["reference"]: r for r in (to_row(i, x) for i, x in enumerate(rows))}
        for row in exported:
            for column, value in originals[row["reference"]].items():
                assert cells.restore(row[column]) == value, column


def test_files_opened_after_a_bulk_of_files_follow_their_references(session):
    make_case(session, opened_at=date(2022, 6, 1))
    make_cases(session, 50, opened_at=date(2022, 6, 1))
    assert make_case(session, opened_at=date(2022, 7, 1)).reference == "RUN-2022-00052"
    make_cases(session, 3, opened_at=date(2023, 1, 2))
    assert make_case(session, opened_at=date(2023, 1, 3)).reference == "RUN-2023-00004"


def test_an_estimate_made_after_the_opening_is_kept_with_its_day_and_exported_so(session, tmp_path):
    row = {**GOOD, "type": "unaccompanied_minor", "child_birth_date": "", "outcome": "found"}
    row |= {"child_age": "19", "child_age_estimated_on": "2022-03-01", "child_age_disputed": "true"}
    import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", [row]))
    case = session.scalars(select(Case)).one()
    assert case.child is not None
    assert (case.child.estimated_age, case.child.estimated_on) == (19, date(2022, 3, 1))
    assert case.child.age_disputed and case.child_age_at_opening == 18
    export_cases(session, tmp_path / "out.csv", by=CLI)
    with (tmp_path / "out.csv").open(encoding="utf-8") as handle:
        (out,) = list(csv.DictReader(handle))
    assert (out["child_age"], out["child_age_estimated_on"]) == ("19", "2022-03-01")
    assert out["child_age_disputed"] == "true"
