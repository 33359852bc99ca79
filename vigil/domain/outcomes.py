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
    # -- the endings of a parental abduction (issue 17) --
    RETURNED_VOLUNTARILY = "returned_voluntarily"
    """The abducting parent brought the child back of their own accord."""
    RETURNED_BY_ORDER = "returned_by_order"
    """A court ordered the child's return (Hague Convention, Brussels IIb), and it happened."""
    AGREEMENT = "agreement"
    """The parents reached an agreement, through mediation or otherwise."""
    NON_RETURN_DECIDED = "non_return_decided"
    """A court decided the child is not to be returned (e.g. Hague article 13)."""
    STAYS_ABROAD_LAWFULLY = "stays_abroad_lawfully"
    """The child now lives abroad lawfully (custody given to the parent abroad, a consent)."""
    ABDUCTION_PREVENTED = "abduction_prevented"
    """A threatened abduction did not happen: it was prevented."""


LABELS: dict[Outcome, str] = {
    Outcome.FOUND: N_("Found"),
    Outcome.FOUND_DECEASED: N_("Found deceased"),
    Outcome.RETURNED: N_("Returned"),
    Outcome.LOCATED_ABROAD: N_("Located abroad"),
    Outcome.RESOLVED: N_("Resolved"),
    Outcome.UNFOUNDED: N_("Unfounded"),
    Outcome.TRANSFERRED: N_("Transferred"),
    Outcome.RETURNED_VOLUNTARILY: N_("Returned voluntarily"),
    Outcome.RETURNED_BY_ORDER: N_("Returned by court order"),
    Outcome.AGREEMENT: N_("Agreement or mediation"),
    Outcome.NON_RETURN_DECIDED: N_("Non-return decided"),
    Outcome.STAYS_ABROAD_LAWFULLY: N_("Stays abroad lawfully"),
    Outcome.ABDUCTION_PREVENTED: N_("Abduction prevented"),
}
"""What an outcome is called, in English (every room translates it with vigil.i18n)."""

NEWS_OUTCOMES = frozenset(
    {Outcome.FOUND, Outcome.FOUND_DECEASED, Outcome.RETURNED, Outcome.LOCATED_ABROAD}
)
"""Outcomes that are news of the child: the only ones that close an unaccompanied-minor file."""

_MISSING_OUTCOMES = NEWS_OUTCOMES | {Outcome.UNFOUNDED, Outcome.TRANSFERRED}
_EXPLOITATION_OUTCOMES = frozenset({Outcome.RESOLVED, Outcome.UNFOUNDED, Outcome.TRANSFERRED})

ABDUCTION_OUTCOMES = frozenset(
    {
        Outcome.RETURNED_VOLUNTARILY,
        Outcome.RETURNED_BY_ORDER,
        Outcome.AGREEMENT,
        Outcome.NON_RETURN_DECIDED,
        Outcome.STAYS_ABROAD_LAWFULLY,
        Outcome.ABDUCTION_PREVENTED,
    }
)
"""The endings of parental abductions only."""

EFFECTIVE_ABDUCTION_OUTCOMES = (_MISSING_OUTCOMES | ABDUCTION_OUTCOMES) - {
    Outcome.ABDUCTION_PREVENTED
}
"""A child who was taken: found, brought back, or kept abroad by a decision or lawfully."""

THREATENED_ABDUCTION_OUTCOMES = frozenset(
    {Outcome.ABDUCTION_PREVENTED, Outcome.AGREEMENT, Outcome.UNFOUNDED, Outcome.TRANSFERRED}
)
"""A child who was not taken: never "found" nor "returned"; the threat was prevented,
settled by an agreement, unfounded, or followed up elsewhere. A threat that came true is a
reclassification to an effective abduction, not an outcome."""


def allowed_outcomes(case_type: CaseType, effective: bool | None = None) -> frozenset[Outcome]:
    """Return the outcomes a file of this type may close with; for a parental abduction,
    those of an effective or a threatened one (``effective`` None: either)."""
    if case_type is CaseType.UNACCOMPANIED_MINOR:
        return NEWS_OUTCOMES
    if case_type is CaseType.PARENTAL_ABDUCTION:
        if effective is None:
            return EFFECTIVE_ABDUCTION_OUTCOMES | THREATENED_ABDUCTION_OUTCOMES
        return EFFECTIVE_ABDUCTION_OUTCOMES if effective else THREATENED_ABDUCTION_OUTCOMES
    return _MISSING_OUTCOMES if case_type in MISSING_TYPES else _EXPLOITATION_OUTCOMES


def is_news(outcome: Outcome) -> bool:
    return outcome in NEWS_OUTCOMES


def parse_outcome(raw: str) -> Outcome:
    return parse_code(Outcome, raw, N_("outcome"))


def parse_status(raw: str) -> Status:
    return parse_code(Status, raw, N_("status"))
