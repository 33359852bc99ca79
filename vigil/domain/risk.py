"""Whether a file is worrying: one rule for every door (pages, API, command line, import).

A *worrying disappearance* is a missing-child file: the risk questions are asked of a
missing child at intake, and any reason marks it. A child known to be under 13 at opening is
a reason by itself. Files of sexual exploitation are not disappearances: they carry no risk
reasons and are never "worrying".
"""

from __future__ import annotations

from collections.abc import Iterable

from vigil.domain.case_types import LABELS, MISSING_TYPES, CaseType
from vigil.domain.people import RiskReason
from vigil.errors import CaseRuleError

YOUNG = 13
"""Under this age at opening, a missing child's file is worrying by itself."""


def assess(
    case_type: CaseType, age: int | None, reasons: Iterable[RiskReason | str]
) -> tuple[list[str], bool]:
    """Return the risk reasons as stored (codes, sorted, ``under_13`` set by the age alone)
    and whether the file is worrying. Raise CaseRuleError for reasons given on a file that
    is not about a missing child."""
    chosen = {RiskReason(r) for r in reasons} - {RiskReason.UNDER_13}
    if case_type not in MISSING_TYPES:
        if chosen:
            raise CaseRuleError(
                "the risk questions are asked of a missing child, not of a %(type)s file; "
                "leave them unticked",
                field="risk_reasons",
                type=LABELS[case_type],
            )
        return [], False
    if age is not None and age < YOUNG:
        chosen.add(RiskReason.UNDER_13)
    return sorted(r.value for r in chosen), bool(chosen)


def check_stated(case_type: CaseType, age: int | None, reasons: Iterable[str], said: bool) -> None:
    """Refuse a ``worrying`` value given beside the risk reasons (an imported row) that the
    rule would not give them."""
    _, worrying = assess(case_type, age, reasons)
    if said != worrying:
        raise CaseRuleError(
            "worrying is %(said)s, but by the rule it is %(rule)s: a missing child's file is "
            "worrying when a risk reason is given or the child is under 13, and only then; "
            "correct risk_reasons, or leave worrying empty",
            field="worrying",
            said="true" if said else "false",
            rule="true" if worrying else "false",
        )
