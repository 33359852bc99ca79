from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.domain.parsing import parse_age, parse_bool, parse_date, parse_risk_reasons
from vigil.domain.people import RiskReason


@given(st.dates(min_value=date(1000, 1, 1)), st.sampled_from(["", " ", "\t"]))
def test_a_date_written_yyyy_mm_dd_is_read_whatever_the_spaces_around_it(day, space):
    assert parse_date(f"{space}{day.isoformat()}{space}") == day


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_text_is_no_value(empty):
    assert parse_date(empty) is None
    assert parse_bool(empty) is None
    assert parse_age(empty) is None
    assert parse_risk_reasons(empty) == ()


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("15/06/2024", "is not a date written YYYY-MM-DD"),
        ("2024-6-15", "is not a date written YYYY-MM-DD"),
        ("2023-02-29", "is not a date that exists"),
    ],
)
def test_a_date_in_another_form_or_that_does_not_exist_is_refused_saying_why(raw, says):
    with pytest.raises(ValueError, match=says):
        parse_date(raw)


def test_yes_and_no_are_written_true_and_false_in_any_case():
    assert parse_bool(" TRUE ") is True
    assert parse_bool("false") is False
    with pytest.raises(ValueError, match="write true or false"):
        parse_bool("yes")


@given(st.integers(min_value=0, max_value=120))
def test_an_age_is_a_whole_number_of_years(age):
    assert parse_age(f" {age} ") == age


@pytest.mark.parametrize("raw", ["-1", "12.5", "twelve"])
def test_an_age_that_is_not_whole_years_is_refused(raw):
    with pytest.raises(ValueError, match="not an age in whole years"):
        parse_age(raw)


@given(st.lists(st.sampled_from(RiskReason), max_size=6), st.sampled_from([";", ",", " ; "]))
def test_risk_reasons_are_read_once_each_in_one_order_whatever_the_separator(reasons, sep):
    assert parse_risk_reasons(sep.join(reasons)) == tuple(sorted({r.value for r in reasons}))


def test_an_unknown_risk_reason_is_refused_with_the_codes_accepted():
    with pytest.raises(ValueError, match="under_13"):
        parse_risk_reasons("under_13;lost")
