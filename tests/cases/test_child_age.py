"""Issue 17, item 5: a child's age at opening, an estimate dated when made, a birth date and
an age that must agree; through the use cases and the API."""

from datetime import date

import pytest

from tests.builders import CLI, make_case
from vigil.cases import editing, service
from vigil.cases.changes import Corrections
from vigil.domain.case_types import CaseType
from vigil.domain.people import Gender
from vigil.errors import CaseRuleError

pytestmark = pytest.mark.usefixtures("frozen_today")
UAM = CaseType.UNACCOMPANIED_MINOR


def open_child(session, case_type=CaseType.RUNAWAY, **child):
    intake = service.Intake(
        type=case_type,
        child=service.ChildDetails(**child),
        opened_at=date(2024, 1, 10),
        late_reason="entered from the paper file",
    )
    return service.open_case(session, intake, by=CLI)


def test_a_36_year_old_unaccompanied_minor_and_a_runaway_born_in_1950_are_refused(session):
    with pytest.raises(CaseRuleError, match="not between 0 and 30"):
        open_child(session, UAM, estimated_age=36)
    with pytest.raises(CaseRuleError, match="the child is 74 at opening"):
        open_child(session, birth_date=date(1950, 1, 1))
    with pytest.raises(CaseRuleError, match="the child is 30 at opening"):
        open_child(session, CaseType.GROOMING, estimated_age=30)


def test_a_disputed_age_lets_an_unaccompanied_minor_in_under_the_setting(session):
    case = open_child(session, UAM, estimated_age=19, age_disputed=True)
    assert case.child is not None and case.child.age_disputed
    assert case.child_age_at_opening == 19
    intake = service.Intake(
        type=UAM, child=service.ChildDetails(estimated_age=20, age_disputed=True)
    )
    with pytest.raises(CaseRuleError, match="under 20"):
        service.open_case(session, intake, by=CLI, disputed_age_limit=20)


def test_an_estimate_is_dated_on_the_day_it_is_made(session):
    case = open_child(session, UAM, estimated_age=17, estimated_on=date(2024, 5, 1))
    assert case.child is not None and case.child.estimated_on == date(2024, 5, 1)
    assert case.child_age_at_opening == 17
    later = make_case(session, UAM, opened_at=date(2022, 2, 1), estimated_age=15)
    assert later.child is not None and later.child.estimated_on == date(2022, 2, 1)
    # a new estimate given on the edit form is dated today (the frozen 2024-06-15)
    corrections = Corrections(
        summary="",
        risk_reasons=frozenset(),
        first_name="Lea",
        last_name="Peeters",
        birth_date=None,
        estimated_age=17,
        gender=Gender.UNKNOWN,
    )
    editing.edit_case(session, later.reference, corrections, by=CLI)
    assert later.child.estimated_on == date(2024, 6, 15)
    assert later.child_age_at_opening == 15  # 17 now, two years after the opening


def test_a_birth_date_and_an_age_that_disagree_are_refused_with_both_values(session):
    with pytest.raises(CaseRuleError) as caught:
        open_child(session, birth_date=date(2010, 1, 1), estimated_age=9)
    assert "2010-01-01" in str(caught.value) and "makes the child 14" in str(caught.value)
    assert "the estimated age is 9" in str(caught.value)
