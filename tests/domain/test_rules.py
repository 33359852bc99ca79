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
            opened_at=date(2021, 1, 1), birth_date=date(2021, 2, 1), estimated_age=None
        )


def test_reopening_an_open_file_is_refused():
    with pytest.raises(CaseRuleError, match="already open"):
        rules.check_can_reopen(File())
