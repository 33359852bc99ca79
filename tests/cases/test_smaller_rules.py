"""Issue 17, item 9: a closed file's tasks close with it; "worrying" by one rule whatever
the door, the import too; "worrying" is a missing child's flag only."""

from datetime import date

import pytest

from tests.builders import CLI, make_case
from tests.cases.test_importing import GOOD, write_csv
from vigil.cases import queries, service
from vigil.cases.importing import import_cases
from vigil.cases.team import team_work
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.domain.people import RiskReason
from vigil.errors import CaseRuleError, ImportFileError

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_closed_files_tasks_are_never_overdue(session):
    case = make_case(session, opened_at=date(2024, 1, 5))
    service.add_task(session, case.reference, "Call the school", due_on=date(2024, 2, 1), by=CLI)
    assert [t.title for t in queries.overdue_tasks(session, by=CLI)] == ["Call the school"]
    service.close_case(session, case.reference, outcome=Outcome.RETURNED, by=CLI)
    assert queries.overdue_tasks(session, by=CLI) == []
    assert team_work(session, by=CLI).overdue_tasks == 0


@pytest.mark.parametrize("case_type", [CaseType.SEXTING, CaseType.GROOMING])
def test_an_exploitation_file_is_never_worrying(session, case_type):
    young = make_case(session, case_type, birth_date=date(2012, 1, 1))  # 9 at opening
    assert (young.worrying, young.risk_reasons) == (False, [])
    with pytest.raises(CaseRuleError, match="asked of a missing child") as caught:
        make_case(session, case_type, risk_reasons=frozenset({RiskReason.DANGER}))
    assert caught.value.field == "risk_reasons"


def test_the_import_marks_a_file_worrying_by_the_rule_of_the_pages(session, tmp_path):
    young = {**GOOD, "reference": "A", "child_birth_date": "2012-01-01"}  # 9: under 13
    danger = {**GOOD, "reference": "B", "risk_reasons": "danger"}
    plain = {**GOOD, "reference": "C", "worrying": "false"}
    import_cases(session, by=CLI, path=write_csv(tmp_path / "a.csv", [young, danger, plain]))
    by_page = make_case(session, birth_date=date(2012, 1, 1))
    found = {
        c.reference: c.worrying
        for c in queries.find_cases(session, queries.CaseFilter(), by=CLI).rows
    }
    assert found == {"A": True, "B": True, "C": False, by_page.reference: True}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"worrying": "true"}, "worrying is true, but by the rule it is false"),
        ({"worrying": "false", "risk_reasons": "danger"}, "worrying is false, but by the rule"),
        (
            {"type": "sexting", "outcome": "resolved", "risk_reasons": "danger"},
            "asked of a missing",
        ),
        ({"type": "grooming", "outcome": "resolved", "worrying": "true"}, "worrying is true"),
    ],
)
def test_the_import_refuses_a_worrying_value_the_rule_would_not_give(
    session, tmp_path, change, message
):
    path = write_csv(tmp_path / "bad.csv", [{**GOOD, **change}])
    with pytest.raises(ImportFileError, match=message) as caught:
        import_cases(session, by=CLI, path=path)
    assert caught.value.line == 2
    assert caught.value.column in ("worrying", "risk_reasons")
