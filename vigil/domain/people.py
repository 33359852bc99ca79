"""The people on a file and how they relate to it."""

from __future__ import annotations

from enum import StrEnum

from vigil.domain.codes import parse_code
from vigil.errors import N_


class Role(StrEnum):
    CHILD = "child"
    REPORTER = "reporter"
    PARENT = "parent"
    SUSPECT = "suspect"
    GUARDIAN = "guardian"
    """An unaccompanied minor's guardian (voogd, tuteur), or another legal guardian."""
    POLICE_OFFICER = "police_officer"
    """The officer following the disappearance."""
    PARTNER_WORKER = "partner_worker"
    """A worker of a partner: a reception centre, a shelter, youth care, a foreign hotline."""


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class RiskReason(StrEnum):
    """Why a disappearance is worrying, asked at intake."""

    UNDER_13 = "under_13"
    DISABILITY = "disability"
    MEDICATION = "medication"
    DANGER = "danger"
    """The child is in danger: with a dangerous person, suicidal, in a dangerous place."""


def parse_gender(raw: str) -> Gender:
    """An empty gender is ``unknown``."""
    return parse_code(Gender, raw if raw.strip() else "unknown", N_("gender"))


def parse_role(raw: str) -> Role:
    return parse_code(Role, raw, N_("role"))


def parse_risk_reason(raw: str) -> RiskReason:
    return parse_code(RiskReason, raw, N_("risk reason"))
