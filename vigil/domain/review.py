"""The analysts' words and rules: a classification as INHOPE's hotlines make it, when
analysts agree, and how a day's exposure is counted.

A group of media items (exact and near duplicates) is ``waiting`` until enough analysts
agree on its verdict (``confirmed``); when two disagree it is ``disputed`` and waits for a
supervisor, whose word decides. A confirmed group may be corrected by a supervisor.

Exposure is time: from a preview's serving to the decision on its group, each item's share
capped (VIGIL_REVIEW_ITEM_SECONDS), counted on the analyst's day in the foundation's time
zone. At the daily limit the queue refuses until the next day begins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from vigil.domain.codes import parse_code
from vigil.errors import N_, InputError


class GroupState(StrEnum):
    WAITING = "waiting"
    DISPUTED = "disputed"
    CONFIRMED = "confirmed"


class Verdict(StrEnum):
    """Illegal in every INHOPE member country (baseline), illegal by the law of the
    foundation's country (national, VIGIL_COUNTRY), or not illegal."""

    BASELINE = "baseline"
    NATIONAL = "national"
    NOT_ILLEGAL = "not_illegal"

    @property
    def illegal(self) -> bool:
        return self is not Verdict.NOT_ILLEGAL


class Reason(StrEnum):
    """Why material is not illegal."""

    ADULT = "adult"
    NOT_SEXUAL = "not_sexual"
    AGE_NOT_DETERMINABLE = "age_not_determinable"
    OTHER = "other"


class AgeGroup(StrEnum):
    INFANT_TODDLER = "infant_toddler"
    PREPUBESCENT = "prepubescent"
    PUBESCENT = "pubescent"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    BOTH = "both"
    UNKNOWN = "unknown"


class DecisionKind(StrEnum):
    """An analyst's decision counts toward consensus; a supervisor's decides a disputed
    group; a correction changes a confirmed one; a skip leaves the group to a colleague."""

    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    CORRECTION = "correction"
    SKIP = "skip"


MAX_NOTE = 5000


@dataclass(frozen=True)
class Classification:
    """What an analyst decided about a group. Build it with :func:`classify`, which checks
    that it is whole: an illegal verdict has an age group and a sex and no reason; a
    verdict of not illegal has a reason and neither."""

    verdict: Verdict
    reason: Reason | None = None
    age_group: AgeGroup | None = None
    sex: Sex | None = None
    note: str = ""

    def agrees_with(self, other: Classification) -> bool:
        """Analysts agree when they give the same verdict (age group and sex may differ:
        they describe, they do not decide)."""
        return self.verdict is other.verdict


def classify(
    verdict: str,
    *,
    reason: str | None = None,
    age_group: str | None = None,
    sex: str | None = None,
    note: str = "",
) -> Classification:
    """Read a classification from its codes. Raise InputError naming the field that is
    missing, unknown or out of place."""
    chosen = parse_code(Verdict, verdict, N_("verdict"))
    if len(note) > MAX_NOTE:
        raise InputError(
            "the note is longer than %(most)s characters; shorten it", field="note", most=MAX_NOTE
        )
    if chosen.illegal:
        if reason:
            raise InputError(
                "a reason is given only for material that is not illegal; leave it empty",
                field="reason",
            )
        if not age_group:
            raise InputError("choose the age group of the child (or children)", field="age_group")
        if not sex:
            raise InputError("choose the sex of the child (or children)", field="sex")
        return Classification(
            chosen,
            age_group=parse_code(AgeGroup, age_group, N_("age group")),
            sex=parse_code(Sex, sex, N_("sex")),
            note=note.strip(),
        )
    if age_group or sex:
        raise InputError(
            "an age group and a sex are given only for illegal material; leave them empty",
            field="age_group" if age_group else "sex",
        )
    if not reason:
        raise InputError("say why the material is not illegal", field="reason")
    return Classification(
        chosen, reason=parse_code(Reason, reason, N_("reason")), note=note.strip()
    )


class Outcome(StrEnum):
    """What the decisions so far make of a group."""

    PENDING = "pending"  # assessed, not confirmed: fewer agree than needed
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"


def consensus(decisions: Sequence[Classification], needed: int) -> Outcome:
    """Confirmed once ``needed`` analysts agree and none disagrees; disputed as soon as two
    disagree; else pending."""
    if not decisions:
        return Outcome.PENDING
    first = decisions[0]
    if any(not first.agrees_with(d) for d in decisions[1:]):
        return Outcome.DISPUTED
    return Outcome.CONFIRMED if len(decisions) >= needed else Outcome.PENDING


# -- exposure -------------------------------------------------------------------------------

BREAK_GAP = timedelta(minutes=10)
"""A pause at least this long between two previews is a break: continuous review starts
again after it."""


@dataclass(frozen=True)
class Viewing:
    """One preview shown: when it was served and when its group was decided, skipped or
    left (None while it is still on the analyst's screen)."""

    served_at: datetime
    ended_at: datetime | None = None
    clearer: bool = False


def seconds_of(viewing: Viewing, now: datetime, cap: int) -> int:
    """The seconds a viewing counts: from its serving to its end (to ``now`` while open),
    never more than ``cap``, never less than one (a look is a look)."""
    end = viewing.ended_at or now
    elapsed = int((end - viewing.served_at).total_seconds())
    return max(1, min(elapsed, cap))


def review_run_start(viewings: Sequence[Viewing], now: datetime) -> datetime | None:
    """When the current stretch of continuous review began: the first serving after the
    last pause of BREAK_GAP or more (None when the last viewing ended that long ago)."""
    ordered = sorted(viewings, key=lambda v: v.served_at)
    if not ordered:
        return None
    start = ordered[0].served_at
    latest_end = ordered[0].ended_at or now
    for viewing in ordered[1:]:
        if viewing.served_at - latest_end >= BREAK_GAP:
            start = viewing.served_at
        latest_end = max(latest_end, viewing.ended_at or now)
    return None if now - latest_end >= BREAK_GAP else start


def next_day_start(day: date) -> date:
    return day + timedelta(days=1)
