"""A file's history: the closings, reopenings and reclassifications written as entries, and
the stretches of its life they make, which the yearly figures count.

A file is opened once. From then on its life is a row of *stretches*: each begins at the
opening, a reopening or a reclassification, and ends at a closing, at the next
reclassification, or not yet. A stretch carries the type, scope and effective of its time.
The figures count every event under the type the file had on that event's day:

- a *new* file is counted in the year of its opening, under its type at opening;
- a *closed* file in the year of a closing, under its type then, once a year (at its last
  closing of that year);
- a *handled* file once a year, under its type at the last moment of that year it was open;
- *open at the end of the year* under its type on 31 December.

Pure: :func:`stretches` replays entries; nothing here reads or writes a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from vigil.domain.case_types import CaseType, Scope
from vigil.domain.outcomes import Outcome
from vigil.errors import CaseRuleError


class ChangeKind(StrEnum):
    OPENED = "opened"
    CLOSED = "closed"
    REOPENED = "reopened"
    RECLASSIFIED = "reclassified"


@dataclass(frozen=True)
class Classification:
    """What the figures count a file under: its type, and for a parental abduction its
    scope and whether it is effective."""

    type: CaseType
    scope: Scope | None = None
    effective: bool | None = None

    def as_facts(self) -> dict[str, object]:
        return {
            "type": self.type.value,
            "scope": self.scope.value if self.scope else None,
            "effective": self.effective,
        }

    def changed(
        self,
        type: CaseType | None = None,
        scope: Scope | None = None,
        effective: bool | None = None,
    ) -> Classification:
        """This classification with what is given changed: a parental abduction keeps the
        scope and effective not given (when it was one already); any other type has
        neither."""
        to = type or self.type
        if to is not CaseType.PARENTAL_ABDUCTION:
            return Classification(to, scope, effective)
        kept = self.type is CaseType.PARENTAL_ABDUCTION
        return Classification(
            to,
            scope if scope is not None else (self.scope if kept else None),
            effective if effective is not None else (self.effective if kept else None),
        )

    @classmethod
    def of_facts(cls, facts: dict[str, object]) -> Classification:
        scope = facts.get("scope")
        effective = facts.get("effective")
        return cls(
            CaseType(str(facts["type"])),
            Scope(str(scope)) if scope else None,
            bool(effective) if effective is not None else None,
        )


@dataclass(frozen=True)
class Change:
    """One entry of the history, as the replay needs it (in the order it was written)."""

    kind: ChangeKind
    on: date
    outcome: Outcome | None = None
    to: Classification | None = None


@dataclass(frozen=True)
class Stretch:
    """A part of a file's life with one classification (see the module doc)."""

    classification: Classification
    start: date
    since: date
    """The day the file was last opened or reopened: a closing's days open count from it."""
    first: bool
    """Whether ``start`` is the file's opening."""
    end: date | None = None
    closed: bool = False
    """Whether the stretch ends with a closing (else with a reclassification, or not yet)."""
    outcome: Outcome | None = None
    next_start: date | None = None
    last_in_year: bool = False
    """For a closing: whether it is the file's last closing of its year."""


def stretches(
    opened_on: date, at_opening: Classification, changes: Iterable[Change]
) -> list[Stretch]:
    """Replay the entries after the opening (in the order written) into stretches."""
    done: list[Stretch] = []
    current: Stretch | None = Stretch(at_opening, opened_on, opened_on, True)
    classification = at_opening
    for change in changes:
        if change.kind is ChangeKind.CLOSED and current is not None:
            done.append(replace(current, end=change.on, closed=True, outcome=change.outcome))
            current = None
        elif change.kind is ChangeKind.REOPENED and current is None:
            current = Stretch(classification, change.on, change.on, False)
        elif change.kind is ChangeKind.RECLASSIFIED and change.to is not None:
            classification = change.to
            if current is not None and current.start == change.on:
                current = replace(current, classification=classification)
            elif current is not None:
                done.append(replace(current, end=change.on))
                current = Stretch(classification, change.on, current.since, False)
    if current is not None:
        done.append(current)
    return _linked(done)


def _linked(done: list[Stretch]) -> list[Stretch]:
    closing_years = [s.end.year if s.closed and s.end else None for s in done]
    linked = []
    for i, stretch in enumerate(done):
        following = done[i + 1] if i + 1 < len(done) else None
        year = closing_years[i]
        last = year is not None and year not in closing_years[i + 1 :]
        linked.append(
            replace(stretch, next_start=following.start if following else None, last_in_year=last)
        )
    return linked


BACKDATE_DAYS = 30
"""VIGIL_BACKDATE_DAYS's default: an opening or closing dated further back needs a reason."""


def backdated(on: date, today: date, limit: int) -> int | None:
    """How many days back ``on`` is, when that is more than ``limit``; else None."""
    days = (today - on).days
    return days if days > limit else None


def check_backdate_reason(days: int | None, reason: str, *, limit: int, field: str) -> None:
    """Refuse a date more than ``limit`` days back without a reason: the years it changes
    may already be published."""
    if days is not None and not reason.strip():
        raise CaseRuleError(
            "the date is %(days)s days back, more than %(limit)s: say why it is entered so "
            "late (the figures of that year may already be published)",
            field=field,
            days=days,
            limit=limit,
        )


def check_after_latest(on: date, latest: date | None, *, field: str) -> None:
    """Refuse a closing (or reclassification, ``field`` "on") dated before the file's
    latest entry: it would rewrite what the file already says happened after it."""
    if latest is None or on >= latest:
        return
    if field == "closed_at":
        raise CaseRuleError(
            "the closing date %(on)s is before the file's latest entry (%(latest)s); "
            "date it on or after %(latest)s",
            field=field,
            on=on,
            latest=latest,
        )
    raise CaseRuleError(
        "the reclassification date %(on)s is before the file's latest entry (%(latest)s); "
        "date it on or after %(latest)s",
        field=field,
        on=on,
        latest=latest,
    )


def check_reclassification(
    now: Classification, to: Classification, *, closed: bool, reason: str
) -> None:
    """Refuse a reclassification that changes nothing, has no reason, or is of a closed
    file (reopen it first: the rules of the new type apply from the change on)."""
    if not reason.strip():
        raise CaseRuleError("say why the file is reclassified", field="reason")
    if to == now:
        raise CaseRuleError(
            "the file is already a %(type)s with this scope and effective; change one of them",
            field="type",
            type=to.type.value,
        )
    if closed:
        raise CaseRuleError(
            "a closed file is not reclassified; reopen it first, or open a new linked file",
            field="type",
        )
