"""The analysts' rules without a database: consensus, the seconds a look counts, the
stretch of review without a break, and what a reporter is told of reviewed items."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vigil.domain.hotline import MediaState, Progress, UrlState, progress
from vigil.domain.review import (
    BREAK_GAP,
    Outcome,
    Viewing,
    classify,
    consensus,
    review_run_start,
    seconds_of,
)

T0 = datetime(2024, 6, 15, 9, 0, tzinfo=UTC)
ILLEGAL = classify("baseline", age_group="pubescent", sex="male")
ALSO_ILLEGAL = classify("baseline", age_group="prepubescent", sex="female")
NATIONAL = classify("national", age_group="pubescent", sex="male")
NOT_ILLEGAL = classify("not_illegal", reason="adult")


def test_analysts_agree_on_the_verdict_not_on_the_description():
    assert consensus([ILLEGAL, ALSO_ILLEGAL], 2) is Outcome.CONFIRMED
    assert consensus([ILLEGAL], 2) is Outcome.PENDING
    assert consensus([ILLEGAL, NATIONAL], 2) is Outcome.DISPUTED
    assert consensus([NOT_ILLEGAL, NOT_ILLEGAL], 3) is Outcome.PENDING
    assert consensus([NOT_ILLEGAL], 1) is Outcome.CONFIRMED
    assert consensus([], 1) is Outcome.PENDING


@given(st.integers(-5, 10_000), st.integers(1, 3600))
def test_a_look_counts_at_least_a_second_and_never_more_than_its_cap(elapsed, cap):
    counted = seconds_of(Viewing(T0, T0 + timedelta(seconds=elapsed)), T0, cap)
    assert 1 <= counted <= cap
    if 1 <= elapsed <= cap:
        assert counted == elapsed


def test_a_pause_of_ten_minutes_starts_a_new_stretch():
    first = Viewing(T0, T0 + timedelta(minutes=30))
    after_pause = Viewing(T0 + timedelta(minutes=40), T0 + timedelta(minutes=45))
    short_pause = Viewing(T0 + timedelta(minutes=39), None)
    now = T0 + timedelta(minutes=50)
    assert review_run_start([first, after_pause], now) == after_pause.served_at
    assert review_run_start([first, short_pause], now) == T0
    assert review_run_start([first], T0 + timedelta(minutes=30) + BREAK_GAP) is None


def test_a_reporter_is_told_acted_on_once_analysts_confirm_an_item_illegal():
    done = [UrlState.FETCHED]
    assert progress(done, [MediaState.CONFIRMED_ILLEGAL]) is Progress.ACTED_ON
    assert progress(done, [MediaState.NOT_ILLEGAL]) is Progress.NO_ACTION
    assert progress(done, [MediaState.AWAITING_REVIEW]) is Progress.BEING_LOOKED_AT
