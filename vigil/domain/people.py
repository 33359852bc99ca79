"""The people on a file and how they relate to it."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CHILD = "child"
    REPORTER = "reporter"
    PARENT = "parent"
    """A parent or legal guardian."""
    SUSPECT = "suspect"


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
    try:
        return Gender(raw.strip() or "unknown")
    except ValueError:
        raise ValueError(f"unknown gender {raw!r}; use female, male, other or unknown") from None


def parse_role(raw: str) -> Role:
    try:
        return Role(raw.strip())
    except ValueError:
        codes = ", ".join(r.value for r in Role)
        raise ValueError(f"unknown role {raw!r}; use one of {codes}") from None


def parse_risk_reason(raw: str) -> RiskReason:
    try:
        return RiskReason(raw.strip())
    except ValueError:
        codes = ", ".join(r.value for r in RiskReason)
        raise ValueError(f"unknown risk reason {raw!r}; use one of {codes}") from None
