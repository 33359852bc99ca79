"""How a file ends, and which endings are news of a missing child."""

from __future__ import annotations

from enum import StrEnum

from vigil.domain.case_types import MISSING_TYPES, CaseType
from vigil.domain.codes import parse_code
from vigil.errors import N_


class Status(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Outcome(StrEnum):
    FOUND = "found"
    """The child was found alive."""
    FOUND_DECEASED = "found_deceased"
    """The child was found dead: sad news, but news."""
    RETURNED = "returned"
    """The child came back (home, to the shelter, to the parent with custody)."""
    LOCATED_ABROAD = "located_abroad"
    """The child was located in another country, e.g. by a foreign authority."""
    RESOLVED = "resolved"
    """The situation behind a file that is not about a missing child was dealt with."""
    UNFOUNDED = "unfounded"
    """The report turned out to be unfounded: nobody was missing, nothing happened."""
    TRANSFERRED = "transferred"
    """The file went to another organisation (police, a foreign hotline) that follows it up."""


LABELS: dict[Outcome, str] = {
    Outcome.FOUND: N_("Found"),
    Outcome.FOUND_DECEASED: N_("Found deceased"),
    Outcome.RETURNED: N_("Returned"),
    Outcome.LOCATED_ABROAD: N_("Located abroad"),
    Outcome.RESOLVED: N_("Resolved"),
    Outcome.UNFOUNDED: N_("Unfounded"),
    Outcome.TRANSFERRED: N_("Transferred"),
}
"""What an outcome is called, in English (every room translates it with vigil.i18n)."""

NEWS_OUTCOMES = frozenset(
    {Outcome.FOUND, Outcome.FOUND_DECEASED, Outcome.RETURNED, Outcome.LOCATED_ABROAD}
)
"""Outcomes that are news of the child: the only ones that close an unaccompanied-minor file."""

_MISSING_OUTCOMES = NEWS_OUTCOMES | {Outcome.UNFOUNDED, Outcome.TRANSFERRED}
_EXPLOITATION_OUTCOMES = frozenset({Outcome.RESOLVED, Outcome.UNFOUNDED, Outcome.TRANSFERRED})


def allowed_outcomes(case_type: CaseType) -> frozenset[Outcome]:
    """Return the outcomes a file of this type may close with."""
    if case_type is CaseType.UNACCOMPANIED_MINOR:
        return NEWS_OUTCOMES
    return _MISSING_OUTCOMES if case_type in MISSING_TYPES else _EXPLOITATION_OUTCOMES


def is_news(outcome: Outcome) -> bool:
    return outcome in NEWS_OUTCOMES


def parse_outcome(raw: str) -> Outcome:
    return parse_code(Outcome, raw, N_("outcome"))


def parse_status(raw: str) -> Status:
    return parse_code(Status, raw, N_("status"))
