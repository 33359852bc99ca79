"""What the pages call each code of the domain: case types, outcomes, event kinds, people's
roles, genders, risk reasons, scopes, account roles. In English, marked with ``N_`` so that
`make messages` extracts them into the catalogue; the pages translate them with ``label``.

Case types and outcomes are named where they are defined, once for every room
(vigil.i18n.LABELS); the English of account roles is the accounts' own (tests/web/test_i18n.py
checks that they agree), written out again here so the extractor sees it.
"""

from __future__ import annotations

from enum import StrEnum

from vigil import i18n
from vigil.accounts.roles import Role as AccountRole
from vigil.domain.case_types import CaseType, Scope
from vigil.domain.contacts import ContactKind
from vigil.domain.events import EventKind
from vigil.domain.hotline import Progress
from vigil.domain.outcomes import Status
from vigil.domain.people import Gender, RiskReason, Role
from vigil.domain.review import AgeGroup, DecisionKind, GroupState, Reason, Sex, Verdict
from vigil.domain.takedown import CheckResult, Removal, TakedownState, TaskState
from vigil.errors import N_
from vigil.hotline.deliveries import Channel, DeliveryResult
from vigil.hotline.routing import Gap

LABELS: dict[type[StrEnum], dict[str, str]] = {
    **i18n.LABELS,
    Scope: {Scope.INTERNATIONAL: N_("international"), Scope.NATIONAL: N_("national")},
    Status: {Status.OPEN: N_("open"), Status.CLOSED: N_("closed")},
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
        Role.PARENT: N_("Parent"),
        Role.SUSPECT: N_("Suspect"),
        Role.GUARDIAN: N_("Guardian"),
        Role.POLICE_OFFICER: N_("Police officer"),
        Role.PARTNER_WORKER: N_("Partner's worker"),
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
    Progress: {
        Progress.RECEIVED: N_("Received"),
        Progress.BEING_LOOKED_AT: N_("Being looked at"),
        Progress.ACTED_ON: N_("Acted on"),
        Progress.NO_ACTION: N_("No action"),
    },
    Verdict: {
        Verdict.BASELINE: N_("Illegal: baseline (in every member country)"),
        Verdict.NATIONAL: N_("Illegal: national (by our country's law)"),
        Verdict.NOT_ILLEGAL: N_("Not illegal"),
    },
    Reason: {
        Reason.ADULT: N_("Adult"),
        Reason.NOT_SEXUAL: N_("Not sexual"),
        Reason.AGE_NOT_DETERMINABLE: N_("Age not determinable"),
        Reason.OTHER: N_("Other"),
    },
    GroupState: {
        GroupState.WAITING: N_("waiting"),
        GroupState.DISPUTED: N_("disputed"),
        GroupState.CONFIRMED: N_("confirmed"),
    },
    DecisionKind: {
        DecisionKind.ANALYST: N_("analyst"),
        DecisionKind.SUPERVISOR: N_("supervisor"),
        DecisionKind.CORRECTION: N_("correction"),
        DecisionKind.SKIP: N_("skipped"),
    },
    AgeGroup: {
        AgeGroup.INFANT_TODDLER: N_("Infant or toddler"),
        AgeGroup.PREPUBESCENT: N_("Pre-pubescent"),
        AgeGroup.PUBESCENT: N_("Pubescent"),
    },
    Sex: {
        Sex.FEMALE: N_("Female"),
        Sex.MALE: N_("Male"),
        Sex.BOTH: N_("Both"),
        Sex.UNKNOWN: N_("Unknown"),
    },
    TakedownState: {TakedownState.OPEN: N_("online"), TakedownState.REMOVED: N_("removed")},
    Removal: {
        Removal.GONE: N_("gone (404 or 410)"),
        Removal.NAME_GONE: N_("the host's name no longer resolves"),
        Removal.CONTENT_CHANGED: N_("the content changed"),
    },
    CheckResult: {
        CheckResult.STILL_THERE: N_("still there"),
        CheckResult.UNREACHABLE: N_("unreachable"),
        CheckResult.REMOVED: N_("removed"),
    },
    DeliveryResult: {
        DeliveryResult.SENT: N_("sent"),
        DeliveryResult.REFUSED: N_("refused"),
        DeliveryResult.FAILED: N_("failed"),
    },
    Channel: {Channel.EMAIL: N_("e-mail"), Channel.WEBHOOK: N_("webhook")},
    ContactKind: {
        ContactKind.HOST_ABUSE: N_("host's abuse desk"),
        ContactKind.POLICE: N_("police"),
        ContactKind.PARTNER_HOTLINE: N_("partner hotline"),
    },
    TaskState: {TaskState.OPEN: N_("open"), TaskState.DONE: N_("done")},
    Gap: {
        Gap.UNKNOWN_COUNTRY: N_("Hosting country unknown"),
        Gap.NO_HOST_CONTACT: N_("No abuse contact for the host"),
        Gap.NO_POLICE_CONTACT: N_("No police contact"),
        Gap.NO_PARTNER_HOTLINE: N_("No partner hotline"),
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

BY_NAME: dict[str, type[StrEnum]] = {
    "risk": RiskReason,
    "gender": Gender,
    "type": CaseType,
    "result": DeliveryResult,
    "channel": Channel,
    "task": Gap,
}
"""For codes that reach the page as plain strings (a file's risk reasons are a JSON list, a
notice's result and channel are strings, a hotline task's reason is a routing gap or
``escalation``, which the pages name themselves)."""

UNKNOWN_AGE_LABEL = N_("age unknown")


def english(value: StrEnum | str, kind: str = "") -> str:
    """The English label of ``value`` (an enum member, or a code of the enum named ``kind``);
    the code itself if it has none."""
    enum = type(value) if isinstance(value, StrEnum) else BY_NAME.get(kind)
    return LABELS.get(enum, {}).get(str(value), str(value)) if enum else str(value)
