"""A child's age at the date of an event.

The age is always computed at a date, never stored as "the" age: a child of 16 at
intake can be 19 when news finally comes. It comes from the birth date when it is
known, else from an age estimated on a given day (typical for unaccompanied minors,
whose papers are often missing), which grows by the whole years since that day.
"""

from __future__ import annotations

from datetime import date


def years_between(start: date, end: date) -> int:
    """Return the whole years from ``start`` to ``end`` (negative if end is earlier).

    Someone born on 29 February becomes a year older on 1 March in common years,
    as the calendar comparison of (month, day) gives.
    """
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def age_on(
    on: date,
    *,
    birth_date: date | None = None,
    estimated_age: int | None = None,
    estimated_on: date | None = None,
) -> int | None:
    """Return the age on ``on``, or None when neither a birth date nor an estimate is known.

    The birth date wins over an estimate. An estimate without the day it was made is
    taken as made on ``on``; an estimate made after ``on`` counts the whole years back
    (17 estimated in May is still 17 in the January before).
    """
    if birth_date is not None:
        return max(years_between(birth_date, on), 0)
    if estimated_age is None:
        return None
    if estimated_on is None:
        return estimated_age
    if on < estimated_on:  # an estimate made later: the whole years back, no fewer
        return max(estimated_age - years_between(on, estimated_on), 0)
    return estimated_age + years_between(estimated_on, on)


AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-11", 0, 11),
    ("12-13", 12, 13),
    ("14-17", 14, 17),
    ("18+", 18, None),
)
"""The age groups of the yearly figures: label, first age, last age (None: no upper bound)."""

UNKNOWN_AGE = "unknown"


def age_group(age: int | None) -> str:
    """Return the label of the age group ``age`` falls in."""
    if age is None:
        return UNKNOWN_AGE
    for label, low, high in AGE_GROUPS:
        if age >= low and (high is None or age <= high):
            return label
    return UNKNOWN_AGE
