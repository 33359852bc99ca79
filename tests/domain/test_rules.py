from dataclasses import dataclass
from datetime import date

import pytest

from vigil.domain import rules
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.outcomes import NEWS_OUTCOMES, Outcome, Status, allowed_outcomes
from vigil.errors import CaseRuleError

TODAY = date(2024, 6, 15)


@dataclass
class File:
    type: CaseType = CaseType.RUNAWAY
    status: Status = Status.OPEN
    opened_at: date = date(2021, 3, 1)
    closed_at: date | None = None
    reference: str = "RUN-2021-00001"


def close(file: File, outcome: Outcome | None, on: date = date(2021, 3, 5)) -> None:
    rules.check_can_close(file, outcome, on=on, today=TODAY)


def test_closing_needs_an_outcome():
    with pytest.raises(CaseRuleError, match="needs an outcome") as caught:
        close(File(), None)
    assert caught.value.field == "outcome"


@pytest.mark.parametrize("outcome", [Outcome.UNFOUNDED, Outcome.TRANSFERRED, Outcome.RESOLVED])
def test_an_unaccompanied_minor_file_cannot_be_closed_without_news(outcome):
    with pytest.raises(CaseRuleError, match="stays open until there is news"):
        close(File(type=CaseType.UNACCOMPANIED_MINOR), outcome)


def test_an_unaccompanied_minor_file_stays_open_after_the_child_turns_18_without_news():
    # Opened at 17 in 2016, now an adult: still no closing without news.
    file = File(type=CaseType.UNACCOMPANIED_MINOR, opened_at=date(2016, 1, 1))
    with pytest.raises(CaseRuleError, match="also after the child turns 18"):
        close(file, Outcome.UNFOUNDED, on=TODAY)


@pytest.mark.parametrize("outcome", sorted(NEWS_OUTCOMES))
def test_an_unaccompanied_minor_file_closes_with_news_of_the_child(outcome):
    close(File(type=CaseType.UNACCOMPANIED_MINOR), outcome)


def test_closing_a_closed_file_says_to_reopen_it_first():
    file = File(status=Status.CLOSED, closed_at=date(2021, 3, 4))
    with pytest.raises(CaseRuleError, match="already closed .* reopen it first"):
        close(file, Outcome.FOUND)


def test_an_outcome_must_fit_the_type_of_file():
    with pytest.raises(CaseRuleError, match="does not fit a sextortion file"):
        close(File(type=CaseType.SEXTORTION), Outcome.FOUND)
    assert Outcome.RESOLVED in allowed_outcomes(CaseType.SEXTORTION)


def test_a_file_cannot_close_before_it_opened_or_in_the_future():
    with pytest.raises(CaseRuleError, match="before the opening date"):
        close(File(), Outcome.FOUND, on=date(2021, 2, 28))
    with pytest.raises(CaseRuleError, match="in the future"):
        close(File(), Outcome.FOUND, on=date(2024, 6, 16))


def test_an_event_cannot_be_dated_before_the_file_was_opened():
    with pytest.raises(CaseRuleError, match="before file RUN-2021-00001 was opened") as caught:
        rules.check_event_date(File(), date(2021, 2, 1), today=TODAY)
    assert caught.value.field == "occurred_at"


def test_a_parental_abduction_needs_its_scope_and_whether_it_is_effective():
    common = {"opened_at": date(2021, 1, 1), "today": TODAY}
    with pytest.raises(CaseRuleError, match="needs its scope"):
        rules.check_opening(CaseType.PARENTAL_ABDUCTION, scope=None, effective=True, **common)
    with pytest.raises(CaseRuleError, match="effective"):
        rules.check_opening(
            CaseType.PARENTAL_ABDUCTION, scope=Scope.NATIONAL, effective=None, **common
        )
    rules.check_opening(
        CaseType.PARENTAL_ABDUCTION, scope=Scope.NATIONAL, effective=False, **common
    )


def test_scope_on_another_type_of_file_is_refused():
    with pytest.raises(CaseRuleError, match="only apply to parental abductions"):
        rules.check_opening(
            CaseType.RUNAWAY, opened_at=TODAY, today=TODAY, scope=Scope.NATIONAL, effective=None
        )


def test_a_birth_date_after_the_opening_is_refused():
    with pytest.raises(CaseRuleError, match="after the opening date"):
        rules.check_child(
            case_type=CaseType.RUNAWAY,
            opened_at=date(2021, 1, 1),
            birth_date=date(2021, 2, 1),
            estimated_age=None,
        )


def test_reopening_an_open_file_is_refused():
    with pytest.raises(CaseRuleError, match="already open"):
        rules.check_can_reopen(File())


def child(case_type: CaseType = CaseType.RUNAWAY, **given: object) -> None:
    values: dict[str, object] = {
        "opened_at": date(2021, 6, 1),
        "birth_date": None,
        "estimated_age": None,
        "today": TODAY,
    }
    rules.check_child(case_type=case_type, **(values | given))  # type: ignore[arg-type]


@pytest.mark.parametrize("case_type", list(CaseType))
def test_a_child_of_18_or_more_at_opening_is_refused_whatever_the_type(case_type):
    with pytest.raises(CaseRuleError, match="is 18 at opening") as caught:
        child(case_type, birth_date=date(2003, 5, 31))
    assert caught.value.field == "child_birth_date"
    child(case_type, birth_date=date(2003, 6, 2))  # 17, turning 18 the next day
    with pytest.raises(CaseRuleError, match="is 36 at opening") as caught:
        child(case_type, estimated_age=36 - 6, estimated_on=date(2015, 6, 1))
    assert caught.value.field == "child_age"


def test_an_unaccompanied_minor_whose_age_is_disputed_is_taken_in_under_the_margin():
    uam = CaseType.UNACCOMPANIED_MINOR
    with pytest.raises(CaseRuleError, match="say that this unaccompanied minor's age is"):
        child(uam, estimated_age=19)
    child(uam, estimated_age=20, age_disputed=True)
    with pytest.raises(CaseRuleError, match="taken in under 21") as caught:
        child(uam, estimated_age=21, age_disputed=True)
    assert caught.value.field == "child_age"
    child(uam, estimated_age=21, age_disputed=True, disputed_age_limit=22)  # the setting


def test_a_disputed_age_belongs_to_unaccompanied_minors_only():
    with pytest.raises(CaseRuleError, match="only applies to a missing unaccompanied") as caught:
        child(CaseType.RUNAWAY, estimated_age=16, age_disputed=True)
    assert caught.value.field == "child_age_disputed"


def test_a_birth_date_and_an_age_that_disagree_are_refused_naming_both():
    with pytest.raises(CaseRuleError) as caught:
        child(birth_date=date(2007, 3, 1), estimated_age=12)
    message = str(caught.value)
    assert "2007-03-01" in message and "14" in message and "12" in message
    child(birth_date=date(2007, 3, 1), estimated_age=14)  # they agree: accepted
    # on the day of the estimate, not of the opening
    child(birth_date=date(2007, 3, 1), estimated_age=12, estimated_on=date(2019, 6, 1))


def test_an_estimate_is_dated_when_made_and_never_in_the_future():
    with pytest.raises(CaseRuleError, match="in the future") as caught:
        child(estimated_age=15, estimated_on=date(2024, 6, 16))
    assert caught.value.field == "child_age_estimated_on"
    # an estimate of 17 made two years after the opening: 15 at opening
    child(estimated_age=17, estimated_on=date(2023, 6, 1))
    with pytest.raises(CaseRuleError, match="is 18 at opening"):
        child(estimated_age=16, estimated_on=date(2019, 6, 1))  # 18 by the opening
