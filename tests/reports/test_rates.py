from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.reports.rates import Qualifier, Rate, Unit, days_in, exact_rate, rate_in_words


@pytest.mark.parametrize(
    ("count", "year", "expected"),
    [
        (867, 2021, Rate(Qualifier.MORE_THAN, 2, Unit.DAY)),  # 2.38 a day
        (1000, 2022, Rate(Qualifier.ALMOST, 3, Unit.DAY)),  # 2.74 a day
        (730, 2022, Rate(Qualifier.EXACTLY, 2, Unit.DAY)),
        (732, 2020, Rate(Qualifier.EXACTLY, 2, Unit.DAY)),  # a leap year has 366 days
        (913, 2022, Rate(Qualifier.ALMOST, 3, Unit.DAY)),  # 2.5014: a half and more is "almost"
        (98, 2022, Rate(Qualifier.ALMOST, 2, Unit.WEEK)),  # 1.88 a week
        (30, 2023, Rate(Qualifier.ALMOST, 3, Unit.MONTH)),  # 2.5 a month
        (12, 2023, Rate(Qualifier.EXACTLY, 1, Unit.MONTH)),
        (11, 2023, None),  # under one a month: no rate in words
        (0, 2023, None),
    ],
)
def test_a_yearly_count_is_said_as_a_rate_by_the_documented_rules(count, year, expected):
    assert rate_in_words(count, year) == expected


@given(count=st.integers(min_value=1, max_value=10_000_000), year=st.integers(1990, 2100))
def test_a_rate_in_words_is_always_literally_true_and_within_half_a_unit(count, year):
    found = exact_rate(count, year)
    words = rate_in_words(count, year)
    if found is None:
        assert words is None and count < 12
        return
    rate, unit = found
    assert words is not None and words.unit is unit
    if words.qualifier is Qualifier.ALMOST:
        assert words.whole - Fraction(1, 2) <= rate < words.whole
    elif words.qualifier is Qualifier.MORE_THAN:
        assert words.whole < rate < words.whole + Fraction(1, 2)
    else:
        assert rate == words.whole


def test_leap_years_have_366_days():
    assert (days_in(2020), days_in(2100), days_in(2000), days_in(2023)) == (366, 365, 366, 365)
