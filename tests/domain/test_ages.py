from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vigil.domain.ages import age_group, age_on, years_between


def test_age_is_counted_at_the_event_date_from_the_birth_date():
    assert age_on(date(2021, 5, 9), birth_date=date(2005, 5, 10)) == 15
    assert age_on(date(2021, 5, 10), birth_date=date(2005, 5, 10)) == 16


def test_a_child_born_on_29_february_turns_a_year_older_on_1_march_in_common_years():
    born = date(2008, 2, 29)
    assert age_on(date(2026, 2, 28), birth_date=born) == 17
    assert age_on(date(2026, 3, 1), birth_date=born) == 18
    assert age_on(date(2028, 2, 29), birth_date=born) == 20


def test_an_estimated_age_grows_with_the_years_since_the_estimate():
    estimate = {"estimated_age": 16, "estimated_on": date(2019, 9, 1)}
    assert age_on(date(2020, 8, 31), **estimate) == 16
    assert age_on(date(2022, 9, 1), **estimate) == 19


def test_the_birth_date_wins_over_an_estimate():
    assert age_on(date(2021, 1, 1), birth_date=date(2010, 1, 1), estimated_age=5) == 11


def test_without_birth_date_or_estimate_the_age_is_unknown():
    assert age_on(date(2021, 1, 1)) is None
    assert age_group(None) == "unknown"


def test_age_groups_have_no_gaps_at_their_edges():
    groups = [age_group(a) for a in (0, 11, 12, 13, 14, 17, 18, 25)]
    assert groups == ["0-11", "0-11", "12-13", "12-13", "14-17", "14-17", "18+", "18+"]


@given(
    born=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1)),
    days=st.integers(min_value=0, max_value=40 * 366),
)
def test_age_never_decreases_and_grows_by_one_a_year(born, days):
    on = born + timedelta(days=days)
    age = age_on(on, birth_date=born)
    later = age_on(on + timedelta(days=1), birth_date=born)
    assert age is not None and later is not None
    assert later - age in (0, 1)
    assert age == years_between(born, on) >= 0
