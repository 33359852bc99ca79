from datetime import date

import pytest

from tests.builders import make_case
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.figures.closings import median
from vigil.figures.manual import set_figure
from vigil.figures.report_figures import flatten, has_files, report_figures
from vigil.figures.yearly import yearly_figures

pytestmark = pytest.mark.usefixtures("frozen_today")
RUN, UAM, GRM = CaseType.RUNAWAY, CaseType.UNACCOMPANIED_MINOR, CaseType.GROOMING


def figures(session, year=2022):
    session.flush()
    return report_figures(session, year)


def test_the_report_figures_hold_the_stats_figures_unchanged(session):
    make_case(session, opened_at=date(2022, 3, 1), closed_at=date(2022, 3, 4))
    make_case(session, UAM, opened_at=date(2021, 3, 1), estimated_age=16)
    session.flush()
    stats = yearly_figures(session, 2022)
    report = figures(session)
    assert {k: report[k] for k in stats} == stats


def test_outcomes_count_the_files_closed_in_the_year_by_how_they_ended(session):
    make_case(session, opened_at=date(2021, 12, 1), closed_at=date(2022, 1, 1))
    make_case(session, opened_at=date(2022, 2, 1), closed_at=date(2022, 2, 2))
    make_case(
        session, opened_at=date(2022, 2, 1), closed_at=date(2022, 2, 2), outcome=Outcome.RETURNED
    )
    make_case(session, opened_at=date(2022, 2, 1), closed_at=date(2023, 1, 1))  # closed after
    make_case(session, GRM, opened_at=date(2022, 2, 1), closed_at=date(2022, 5, 1))
    outcomes = figures(session)["closed_outcomes"]
    assert outcomes["runaway"]["found"] == 2
    assert outcomes["runaway"]["returned"] == 1
    assert outcomes["grooming"] == {"resolved": 1, "unfounded": 0, "transferred": 0}
    assert sum(outcomes["runaway"].values()) == figures(session)["cases"]["runaway"]["closed"]


def test_the_median_days_to_closing_is_over_missing_children_files_closed_in_the_year(session):
    for days in (1, 2, 10):
        make_case(session, opened_at=date(2022, 3, 1), closed_at=date(2022, 3, 1 + days))
    make_case(
        session, UAM, opened_at=date(2020, 2, 28), closed_at=date(2022, 2, 28), estimated_age=15
    )
    make_case(session, GRM, opened_at=date(2022, 1, 1), closed_at=date(2022, 12, 1))  # not missing
    medians = figures(session)["median_days_to_close"]
    assert medians["by_type"]["runaway"] == 2.0
    assert (
        medians["by_type"]["unaccompanied_minor"] == 731.0
    )  # 29 February 2020 included: 366 + 365
    assert medians["missing_children"] == 6.0  # 1, 2, 10, 730: mean of the middle two
    assert medians["by_type"]["lost_injured"] is None
    assert "grooming" not in medians["by_type"]


def test_the_median_of_a_histogram_takes_the_middle_value_or_the_mean_of_the_middle_two():
    assert median({}) is None
    assert median({5: 1}) == 5.0
    assert median({1: 2, 9: 1}) == 1.0
    assert median({1: 1, 2: 1, 3: 1, 100: 1}) == 2.5


def test_the_series_counts_new_files_in_each_of_the_five_years_up_to_the_year(session):
    for year in (2017, 2018, 2018, 2022, 2023):
        make_case(session, opened_at=date(year, 7, 1))
    series = figures(session)["series"]
    assert series["years"] == [2018, 2019, 2020, 2021, 2022]
    assert series["new"]["runaway"] == [2, 0, 0, 0, 1]
    assert series["new"]["grooming"] == [0, 0, 0, 0, 0]


def test_the_series_reaches_back_to_an_earlier_year_the_release_compares_with(session):
    make_case(session, opened_at=date(2015, 7, 1))
    session.flush()
    found = report_figures(session, 2022, compare_with=2015)
    assert found["compared_with"] == 2015
    assert found["series"]["years"] == list(range(2015, 2023))
    assert found["series"]["new"]["runaway"][0] == 1
    assert figures(session)["compared_with"] == 2021


def test_figures_recorded_by_hand_come_with_their_value_of_the_year_compared_with(session):
    set_figure(session, year=2022, key="calls_received", value=5210, label="Calls received")
    set_figure(session, year=2021, key="calls_received", value=4000, label="Calls received")
    set_figure(session, year=2022, key="videos", value=3, label="Videos")
    calls = {"key": "calls_received", "value": 5210, "label": "Calls received", "labels": {}}
    videos = {"key": "videos", "value": 3, "label": "Videos", "labels": {}}
    assert figures(session)["manual"] == [calls | {"base": 4000}, videos | {"base": None}]
    assert flatten(figures(session))["manual_base.calls_received"] == 4000
    assert "manual_base.videos" not in flatten(figures(session))


def test_a_year_without_files_has_no_report_figures_but_a_year_with_old_open_files_has(session):
    assert not has_files(figures(session))
    make_case(session, UAM, opened_at=date(2019, 3, 1), estimated_age=16)
    assert has_files(figures(session))
