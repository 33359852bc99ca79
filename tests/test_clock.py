"""Days are the foundation's (VIGIL_TIMEZONE), times are kept in UTC."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil import clock


@pytest.fixture(autouse=True)
def brussels() -> Iterator[None]:
    clock.use_zone("Europe/Brussels")
    yield
    clock.use_zone(clock.DEFAULT_ZONE)
    clock.freeze(None)


def test_just_after_midnight_in_brussels_it_is_already_tomorrow():
    clock.freeze(datetime(2024, 6, 14, 22, 30, tzinfo=UTC))  # 00:30 on the 15th in Brussels
    assert clock.today() == date(2024, 6, 15)
    clock.use_zone("UTC")
    assert clock.today() == date(2024, 6, 14)


def test_noon_of_a_day_follows_summer_and_winter_time():
    assert clock.noon(date(2024, 6, 10)) == datetime(2024, 6, 10, 10, 0, tzinfo=UTC)
    assert clock.noon(date(2024, 1, 10)) == datetime(2024, 1, 10, 11, 0, tzinfo=UTC)


def test_a_time_without_zone_is_utc():
    assert clock.day_of(datetime(2024, 6, 14, 22, 30)) == date(2024, 6, 15)


ZONES = sorted(z for z in available_timezones() if z.startswith("Europe/"))
"""Where the foundations of the Missing Children Europe network are. (A zone that skipped a
whole day, as Samoa did on 30 December 2011, has no noon on that day.)"""


@given(day=st.dates(date(1950, 1, 1), date(2100, 12, 31)), zone=st.sampled_from(ZONES))
def test_noon_of_a_day_is_on_that_day_in_every_european_zone(day: date, zone: str):
    clock.use_zone(zone)
    assert clock.day_of(clock.noon(day)) == day
