"""Sound comparisons: a percentage only on a base of at least the threshold, the counts
under it, and never a change said of nothing."""

from hypothesis import given
from hypothesis import strategies as st

from vigil.reports.comparisons import Comparison
from vigil.reports.texts import Texts

EN = Texts("en")
counts = st.integers(min_value=0, max_value=100_000)


@given(value=counts, base=counts, min_base=st.integers(min_value=1, max_value=1000))
def test_a_percentage_is_said_only_on_a_base_of_the_threshold_or_more(value, base, min_base):
    phrase = Comparison(value, base, 2023, min_base).phrase(EN)
    assert phrase is not None and phrase.endswith(" 2023")
    if "%" in phrase or phrase.startswith("about as many"):
        assert base >= min_base and value > 0  # a change in percent, however small
    elif value != base:
        assert phrase == ("against none in 2023" if base == 0 else f"against {base:,} in 2023")


def test_the_seeds_comparisons_read_as_the_seed_wrote_them():
    assert Comparison(2147, 1412, 2019).phrase(Texts("nl")) == "52% meer dan in 2019"
    assert Comparison(8, 6, 2023).phrase(EN) == "against 6 in 2023"
    assert Comparison(0, 40, 2023).phrase(EN) == "against 40 in 2023"  # not "100% fewer"
    assert Comparison(101, 100, 2023).phrase(EN) == "about as many as in 2023"
    assert Comparison(7, 7, 2023).phrase(EN) == "as many as in 2023"
    assert Comparison(5, None, 2023).phrase(EN) is None


def test_a_change_is_notable_from_ten_percent_on_a_large_base():
    assert Comparison(44, 40, 2023).notable and not Comparison(43, 40, 2023).notable
    assert not Comparison(20, 10, 2023).notable  # +100%, on a base of 10
