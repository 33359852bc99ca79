"""The rules of case work. Each check raises CaseRuleError with what to do instead.

The checks read plain attributes through :class:`CaseFacts`, so the store's Case,
an import row and a test's dataclass all satisfy them.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from vigil.domain import limits
from vigil.domain.ages import age_on, years_between
from vigil.domain.case_types import LABELS, CaseType
from vigil.domain.countries import Abroad
from vigil.domain.outcomes import NEWS_OUTCOMES, Outcome, Status, allowed_outcomes
from vigil.errors import CaseRuleError

MAX_ESTIMATED_AGE = 30
"""An estimated age above this is a typing error, not a child (files may outlive the
18th birthday, so the bound is not 17)."""


class CaseFacts(Protocol):
    @property
    def reference(self) -> str: ...
    @property
    def type(self) -> CaseType: ...
    @property
    def status(self) -> Status: ...
    @property
    def opened_at(self) -> date: ...
    @property
    def closed_at(self) -> date | None: ...


def check_opening(
    case_type: CaseType,
    *,
    opened_at: date,
    today: date,
    scope: object | None,
    effective: bool | None,
) -> None:
    """Refuse a file opened in the future or before 1900 (limits.EARLIEST), or with
    abduction details on the wrong type."""
    limits.check_day(opened_at, "opened_at")
    if opened_at > today:
        raise CaseRuleError(
            "the opening date %(opened_at)s is in the future; use today (%(today)s) or earlier",
            field="opened_at",
            opened_at=opened_at,
            today=today,
        )
    if case_type is CaseType.PARENTAL_ABDUCTION:
        if scope is None:
            raise CaseRuleError(
                "a parental abduction needs its scope: international or national", field="scope"
            )
        if effective is None:
            raise CaseRuleError(
                "a parental abduction needs to say whether it is effective (true) "
                "or threatened/prevented (false)",
                field="effective",
            )
    elif scope is not None or effective is not None:
        raise CaseRuleError(
            "the scope and whether the child has been taken only apply to parental "
            "abductions, not to %(type)s; leave them empty",
            field="scope" if scope is not None else "effective",
            type=LABELS[case_type],
        )


ADULT_AGE = 18
"""A file is about a child: under this age at opening."""

DISPUTED_AGE_LIMIT = 21
"""The default of the setting VIGIL_DISPUTED_AGE_LIMIT: the age at opening under which an
unaccompanied minor whose age is disputed is still taken in (a young person without papers
whom the authorities estimate older than they say)."""


def check_abroad(case_type: CaseType, *, scope: object | None, abroad: Abroad) -> None:
    """Refuse a country, a direction or a central authority's reference on a file that is
    not an international parental abduction."""
    country, direction = abroad.country, abroad.direction
    given = {
        "country": country is not None,
        "direction": direction is not None,
        "authority_reference": bool(abroad.authority_reference.strip()),
    }
    if len(abroad.authority_reference.strip()) > 64:
        raise CaseRuleError(
            "the central authority's reference is longer than 64 characters",
            field="authority_reference",
        )
    wrong = next((name for name, there in given.items() if there), None)
    if wrong is None:
        return
    if case_type is not CaseType.PARENTAL_ABDUCTION or scope != "international":
        raise CaseRuleError(
            "the country, the direction and the central authority's reference belong to an "
            "international parental abduction; leave them empty for this file",
            field=wrong,
        )
    if direction is not None and country is None:
        raise CaseRuleError(
            "the direction is given without a country; give the country the child was taken "
            "to (or brought from)",
            field="country",
        )


def check_child(
    *,
    case_type: CaseType,
    opened_at: date,
    birth_date: date | None,
    estimated_age: int | None,
    estimated_on: date | None = None,
    age_disputed: bool = False,
    disputed_age_limit: int = DISPUTED_AGE_LIMIT,
    today: date | None = None,
) -> None:
    """Refuse a child that is no child at opening, or details that contradict each other.

    The age at opening is under 18, or under ``disputed_age_limit`` for an unaccompanied
    minor whose age is disputed. An estimate is dated when it is made (``estimated_on``,
    the opening day when not given), never in the future; a birth date and an estimate
    that give different ages on that day are refused, naming both.
    """
    limits.check_day(birth_date, "child_birth_date")
    on = estimated_on or opened_at
    if birth_date is not None and birth_date > opened_at:
        raise CaseRuleError(
            "the birth date %(birth_date)s is after the opening date %(opened_at)s",
            field="child_birth_date",
            birth_date=birth_date,
            opened_at=opened_at,
        )
    if estimated_age is not None and not 0 <= estimated_age <= MAX_ESTIMATED_AGE:
        raise CaseRuleError(
            "the estimated age %(age)s is not between 0 and %(most)s",
            field="child_age",
            age=estimated_age,
            most=MAX_ESTIMATED_AGE,
        )
    if estimated_on is not None and today is not None and estimated_on > today:
        raise CaseRuleError(
            "the age was estimated on %(on)s, which is in the future; give the day the "
            "estimate was made",
            field="child_age_estimated_on",
            on=estimated_on,
        )
    if birth_date is not None and estimated_age is not None:
        from_birth = years_between(birth_date, on)
        if from_birth != estimated_age:
            raise CaseRuleError(
                "the birth date %(birth_date)s makes the child %(years)s on %(on)s, but the "
                "estimated age is %(age)s; correct one of them, or leave the estimated age "
                "empty when the birth date is known",
                field="child_age",
                birth_date=birth_date,
                years=from_birth,
                on=on,
                age=estimated_age,
            )
    if age_disputed and case_type is not CaseType.UNACCOMPANIED_MINOR:
        raise CaseRuleError(
            "a disputed age only applies to a missing unaccompanied minor, not to %(type)s; "
            "leave it unticked",
            field="child_age_disputed",
            type=LABELS[case_type],
        )
    age = age_on(opened_at, birth_date=birth_date, estimated_age=estimated_age, estimated_on=on)
    if age is None:
        return
    if age_disputed and age >= disputed_age_limit:
        raise CaseRuleError(
            "the child is %(age)s at opening (%(opened_at)s); an unaccompanied minor whose "
            "age is disputed is taken in under %(limit)s; check the birth date or the "
            "estimated age",
            field="child_age" if birth_date is None else "child_birth_date",
            age=age,
            opened_at=opened_at,
            limit=disputed_age_limit,
        )
    if not age_disputed and age >= ADULT_AGE:
        field = "child_age" if birth_date is None else "child_birth_date"
        if case_type is CaseType.UNACCOMPANIED_MINOR:
            raise CaseRuleError(
                "the child is %(age)s at opening (%(opened_at)s); a file is about a child "
                "under 18: check the birth date or the estimated age, or say that this "
                "unaccompanied minor's age is disputed",
                field=field,
                age=age,
                opened_at=opened_at,
            )
        raise CaseRuleError(
            "the child is %(age)s at opening (%(opened_at)s); a file is about a child under "
            "18: check the birth date or the estimated age",
            field=field,
            age=age,
            opened_at=opened_at,
        )


def check_can_close(case: CaseFacts, outcome: Outcome | None, *, on: date, today: date) -> None:
    """Refuse to close unless the file is open, the outcome fits its type and the date is sane.

    A missing unaccompanied minor's file closes only with news of the child, whatever
    the child's age: turning 18 is not news.
    """
    if case.status is Status.CLOSED:
        raise CaseRuleError(
            "file %(reference)s is already closed (on %(closed_at)s); reopen it first",
            field="outcome",
            reference=case.reference,
            closed_at=case.closed_at,
        )
    check_closing_values(
        case.type,
        outcome,
        opened_at=case.opened_at,
        on=on,
        today=today,
        effective=getattr(case, "effective", None),
    )


def check_closing_values(
    case_type: CaseType,
    outcome: Outcome | None,
    *,
    opened_at: date,
    on: date,
    today: date,
    effective: bool | None = None,
) -> None:
    """The part of :func:`check_can_close` that an imported row must pass too."""
    if outcome is None:
        raise CaseRuleError("closing a file needs an outcome; choose one", field="outcome")
    if case_type is CaseType.UNACCOMPANIED_MINOR and outcome not in NEWS_OUTCOMES:
        news = ", ".join(sorted(o.value for o in NEWS_OUTCOMES))
        raise CaseRuleError(
            "a missing unaccompanied minor's file stays open until there is news of the child, "
            "also after the child turns 18; close it with one of %(news)s, or add a note and "
            "keep it open",
            field="outcome",
            news=news,
        )
    if case_type is CaseType.PARENTAL_ABDUCTION and effective is False:
        allowed = allowed_outcomes(case_type, effective)
        if outcome not in allowed:
            codes = ", ".join(sorted(o.value for o in allowed))
            raise CaseRuleError(
                "outcome %(outcome)s does not fit a threatened abduction: the child was not "
                "taken; use one of %(codes)s (if the child was taken after all, reclassify "
                "the file as an effective abduction first)",
                field="outcome",
                outcome=outcome.value,
                codes=codes,
            )
    allowed = allowed_outcomes(case_type, effective)
    if outcome not in allowed:
        codes = ", ".join(sorted(o.value for o in allowed))
        raise CaseRuleError(
            "outcome %(outcome)s does not fit a %(type)s file; use one of %(codes)s",
            field="outcome",
            outcome=outcome.value,
            type=case_type.value,
            codes=codes,
        )
    if on < opened_at:
        raise CaseRuleError(
            "the closing date %(on)s is before the opening date %(opened_at)s",
            field="closed_at",
            on=on,
            opened_at=opened_at,
        )
    if on > today:
        raise CaseRuleError(
            "the closing date %(on)s is in the future; use today (%(today)s) or an earlier date",
            field="closed_at",
            on=on,
            today=today,
        )


def check_can_reopen(case: CaseFacts) -> None:
    if case.status is Status.OPEN:
        raise CaseRuleError(
            "file %(reference)s is already open", field="status", reference=case.reference
        )


def check_event_date(case: CaseFacts, occurred_on: date, *, today: date) -> None:
    """Refuse an event dated before the file was opened or in the future."""
    if occurred_on < case.opened_at:
        raise CaseRuleError(
            "the event date %(on)s is before file %(reference)s was opened (%(opened_at)s); "
            "correct the date, or correct the opening date first",
            field="occurred_at",
            on=occurred_on,
            reference=case.reference,
            opened_at=case.opened_at,
        )
    if occurred_on > today:
        raise CaseRuleError(
            "the event date %(on)s is in the future; use today (%(today)s) or earlier",
            field="occurred_at",
            on=occurred_on,
            today=today,
        )


def check_link(case: CaseFacts, other: CaseFacts) -> None:
    if case.reference == other.reference:
        raise CaseRuleError("a file cannot be linked to itself", field="other")
