"""A yearly count said as a rate in words: "almost 3 a day", "more than 4 a week".

The rules (docs/reports.md shows them with examples) keep every phrase literally true and
never further from the figure than half a unit:

- the rate is the exact fraction ``count / days in the year`` (366 in leap years), never a
  rounded one, so rounding twice cannot tip a phrase over;
- the unit is a day when the rate is at least 1 a day, else a week (x 7) when at least 1 a
  week, else a month (count / 12) when at least 1 a month; under 1 a month no rate is said;
- a whole rate is said as it is ("2 a day");
- otherwise the rate is rounded to the nearest whole number N (halves up): if N is above the
  rate the phrase is "almost N", if below it is "more than N".

So "almost 3 a day" always means from 2.5 up to (not including) 3, and "more than 2 a day"
means above 2 and below 2.5.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Unit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Qualifier(StrEnum):
    EXACTLY = "exactly"
    ALMOST = "almost"
    MORE_THAN = "more_than"


@dataclass(frozen=True)
class Rate:
    """``qualifier`` ``whole`` per ``unit``: e.g. almost 3 per day."""

    qualifier: Qualifier
    whole: int
    unit: Unit


def days_in(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def exact_rate(count: int, year: int) -> tuple[Fraction, Unit] | None:
    """Return the rate of ``count`` in ``year`` in the largest unit it reaches 1 in, or None
    under 1 a month."""
    per_day = Fraction(count, days_in(year))
    for rate, unit in ((per_day, Unit.DAY), (per_day * 7, Unit.WEEK)):
        if rate >= 1:
            return rate, unit
    per_month = Fraction(count, 12)
    return (per_month, Unit.MONTH) if per_month >= 1 else None


def rate_in_words(count: int, year: int) -> Rate | None:
    """Return the phrase for ``count`` files in ``year`` by the module's rules, or None."""
    found = exact_rate(count, year)
    if found is None:
        return None
    rate, unit = found
    if rate.denominator == 1:
        return Rate(Qualifier.EXACTLY, int(rate), unit)
    nearest = int(rate + Fraction(1, 2))
    qualifier = Qualifier.ALMOST if nearest > rate else Qualifier.MORE_THAN
    return Rate(qualifier, nearest, unit)
