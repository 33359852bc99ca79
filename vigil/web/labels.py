"""What the pages call each code of the domain: case types, outcomes, event kinds, people's
roles, genders, risk reasons, scopes, account roles. In English, marked with ``N_`` so that
`make messages` extracts them into the catalogues; the pages translate them with ``label``.

The English of case types and account roles is the domain's own (tests/web/test_i18n.py
checks that they agree), written out again here so the extractor sees it.
"""

from __future__ import annotations

from enum import StrEnum

from vigil.accounts.roles import Role as AccountRole
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.events import EventKind
from vigil.domain.outcomes import Outcome, Status
from vigil.domain.people import Gender, RiskReason, Role


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "mark, translate later"
    """Mark ``message`` for extraction without translating it (that happens on display)."""
    return message


LABELS: dict[type[StrEnum], dict[str, str]] = {
    CaseType: {
        CaseType.RUNAWAY: N_("Runaway"),
        CaseType.PARENTAL_ABDUCTION: N_("Parental abduction"),
        CaseType.CRIMINAL_ABDUCTION: N_("Criminal abduction"),
        CaseType.LOST_INJURED: N_("Lost, injured or otherwise missing"),
        CaseType.UNACCOMPANIED_MINOR: N_("Missing unaccompanied minor"),
        CaseType.SEXUAL_EXPLOITATION: N_("Sexual exploitation of minors"),
        CaseType.SEXTING: N_("Transgressive sexting"),
        CaseType.SEXTORTION: N_("Sextortion"),
        CaseType.GROOMING: N_("Grooming"),
    },
    Scope: {Scope.INTERNATIONAL: N_("international"), Scope.NATIONAL: N_("national")},
    Status: {Status.OPEN: N_("open"), Status.CLOSED: N_("closed")},
    Outcome: {
        Outcome.FOUND: N_("Found"),
        Outcome.FOUND_DECEASED: N_("Found deceased"),
        Outcome.RETURNED: N_("Returned"),
        Outcome.LOCATED_ABROAD: N_("Located abroad"),
        Outcome.RESOLVED: N_("Resolved"),
        Outcome.UNFOUNDED: N_("Unfounded"),
        Outcome.TRANSFERRED: N_("Transferred to another organisation"),
    },
    EventKind: {
        EventKind.NOTE: N_("Note"),
        EventKind.CALL: N_("Call"),
        EventKind.SIGHTING: N_("Sighting"),
        EventKind.POLICE_CONTACT: N_("Contact with the police"),
        EventKind.FOREIGN_AUTHORITY_CONTACT: N_("Contact with a foreign authority"),
        EventKind.STATUS_CHANGE: N_("Status change"),
        EventKind.OUTCOME: N_("Outcome"),
        EventKind.ASSIGNMENT: N_("Assignment"),
    },
    Role: {
        Role.CHILD: N_("Child"),
        Role.REPORTER: N_("Reporter"),
        Role.PARENT: N_("Parent or guardian"),
        Role.SUSPECT: N_("Suspect"),
    },
    Gender: {
        Gender.FEMALE: N_("Female"),
        Gender.MALE: N_("Male"),
        Gender.OTHER: N_("Other"),
        Gender.UNKNOWN: N_("Unknown"),
    },
    RiskReason: {
        RiskReason.UNDER_13: N_("Under 13"),
        RiskReason.DISABILITY: N_("Has a disability"),
        RiskReason.MEDICATION: N_("Needs medication"),
        RiskReason.DANGER: N_("In danger (a dangerous person or place, suicidal)"),
    },
    AccountRole: {
        AccountRole.ADMIN: N_("Administrator"),
        AccountRole.SUPERVISOR: N_("Supervisor"),
        AccountRole.CASE_WORKER: N_("Case worker"),
        AccountRole.ANALYST: N_("Hotline analyst"),
        AccountRole.HOTLINE_SUPERVISOR: N_("Hotline supervisor"),
        AccountRole.STATISTICIAN: N_("Statistician"),
    },
}
GENDER_CHOICES = (Gender.UNKNOWN, Gender.FEMALE, Gender.MALE, Gender.OTHER)
"""The order of a gender select: unknown first, so that nothing is assumed."""

BY_NAME: dict[str, type[StrEnum]] = {"risk": RiskReason, "gender": Gender, "type": CaseType}
"""For codes that reach the page as plain strings (a file's risk reasons are a JSON list)."""

UNKNOWN_AGE_LABEL = N_("age unknown")


def english(value: StrEnum | str, kind: str = "") -> str:
    """The English label of ``value`` (an enum member, or a code of the enum named ``kind``);
    the code itself if it has none."""
    enum = type(value) if isinstance(value, StrEnum) else BY_NAME.get(kind)
    return LABELS.get(enum, {}).get(str(value), str(value)) if enum else str(value)
