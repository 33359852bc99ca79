from datetime import date

import pytest

from tests.builders import make_case, make_cases
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.outcomes import Outcome
from vigil.figures.yearly import yearly_figures

pytestmark = pytest.mark.usefixtures("frozen_today")
RUN, PA, UAM = CaseType.RUNAWAY, CaseType.PARENTAL_ABDUCTION, CaseType.UNACCOMPANIED_MINOR


def figures(session, year=2022):
    session.flush()
    return yearly_figures(session, year)["cases"]


def test_new_files_are_those_opened_in_the_year_including_its_first_and_last_day(session):
    make_case(session, opened_at=date(2022, 1, 1))
    make_case(session, opened_at=date(2022, 12, 31))
    make_case(session, opened_at=date(2021, 12, 31))
    make_case(session, opened_at=date(2023, 1, 1))
    assert figures(session)["runaway"]["new"] == 2


def test_handled_files_are_those_open_at_any_moment_of_the_year(session):
    make_case(session, opened_at=date(2020, 5, 1))  # still open
    make_case(session, opened_at=date(2021, 5, 1), closed_at=date(2022, 1, 1))  # closed on 1 Jan
    make_case(session, opened_at=date(2021, 5, 1), closed_at=date(2021, 12, 31))  # closed before
    make_case(session, opened_at=date(2022, 12, 31))  # opened on the last day
    make_case(session, opened_at=date(2023, 1, 1))  # after the year
    run = figures(session)["runaway"]
    assert (run["handled"], run["new"], run["closed"]) == (3, 1, 1)


def test_change_is_against_one_and_two_years_before_and_null_without_a_base(session):
    for _ in range(4):
        make_case(session, opened_at=date(2020, 6, 1))
    for _ in range(2):
        make_case(session, opened_at=date(2021, 6, 1))
    for _ in range(3):
        make_case(session, opened_at=date(2022, 6, 1))
    run = figures(session)["runaway"]
    assert (run["new_change_pct"], run["new_change_pct_2y"]) == (50.0, -25.0)
    assert figures(session)["grooming"]["new_change_pct"] is None


def test_the_daily_rate_divides_by_366_in_leap_years(session):
    for _ in range(3):
        make_case(session, opened_at=date(2020, 6, 1))
    assert figures(session, 2020)["runaway"]["new_per_day"] == 0.01  # 3/366 = 0.0082
    make_cases(session, 900, opened_at=date(2022, 6, 1))
    assert figures(session, 2022)["runaway"]["new_per_day"] == 2.47  # 900/365 = 2.4658


def test_age_groups_count_new_files_by_the_childs_age_at_opening(session):
    opened = date(2022, 3, 1)
    make_case(session, opened_at=opened, birth_date=date(2010, 3, 2))  # 11
    make_case(session, opened_at=opened, birth_date=date(2010, 3, 1))  # 12
    make_case(session, opened_at=opened, estimated_age=17)
    make_case(session, opened_at=opened)  # unknown
    make_case(session, opened_at=date(2021, 3, 1), estimated_age=14)  # not new in 2022
    ages = figures(session)["runaway"]["age_groups"]
    assert ages == {"0-11": 1, "12-13": 1, "14-17": 1, "18+": 0, "unknown": 1}


def test_parental_abductions_are_split_by_scope_and_effective(session):
    make_case(session, PA, opened_at=date(2022, 2, 1), scope=Scope.INTERNATIONAL, effective=True)
    make_case(session, PA, opened_at=date(2022, 2, 1), scope=Scope.INTERNATIONAL, effective=False)
    make_case(session, PA, opened_at=date(2021, 2, 1), scope=Scope.NATIONAL, effective=True)
    pa = figures(session)["parental_abduction"]
    assert (pa["new"], pa["handled"], pa["new_effective"], pa["handled_effective"]) == (2, 3, 1, 2)
    assert pa["international"] == {
        "new": 2,
        "handled": 2,
        "new_effective": 1,
        "handled_effective": 1,
    }
    assert pa["national"] == {"new": 0, "handled": 1, "new_effective": 0, "handled_effective": 1}


def test_unaccompanied_minor_files_still_open_at_year_end_are_counted(session):
    make_case(session, UAM, opened_at=date(2019, 1, 1), estimated_age=16)
    make_case(
        session,
        UAM,
        opened_at=date(2022, 1, 1),
        closed_at=date(2022, 12, 31),
        outcome=Outcome.LOCATED_ABROAD,
    )
    make_case(session, UAM, opened_at=date(2022, 1, 1), closed_at=date(2023, 1, 1))
    uam = figures(session)["unaccompanied_minor"]
    assert (uam["handled"], uam["new"], uam["open_at_year_end"]) == (3, 2, 2)


def test_every_type_is_present_even_without_files(session):
    result = yearly_figures(session, 2022)
    assert set(result["cases"]) == {t.value for t in CaseType}
    assert result["year"] == 2022
    assert result["cases"]["sexting"]["new"] == 0
