"""The kinds of file a foundation opens, and what each one records."""

from __future__ import annotations

from enum import StrEnum

from vigil.domain.codes import parse_code


class CaseType(StrEnum):
    RUNAWAY = "runaway"
    PARENTAL_ABDUCTION = "parental_abduction"
    CRIMINAL_ABDUCTION = "criminal_abduction"
    LOST_INJURED = "lost_injured"
    UNACCOMPANIED_MINOR = "unaccompanied_minor"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    SEXTING = "sexting"
    SEXTORTION = "sextortion"
    GROOMING = "grooming"


class Scope(StrEnum):
    """Where a parental abduction happens: across a border or within the country."""

    INTERNATIONAL = "international"
    NATIONAL = "national"


MISSING_TYPES = frozenset(
    {
        CaseType.RUNAWAY,
        CaseType.PARENTAL_ABDUCTION,
        CaseType.CRIMINAL_ABDUCTION,
        CaseType.LOST_INJURED,
        CaseType.UNACCOMPANIED_MINOR,
    }
)
"""Files about a missing child: they end with news of the child (or a transfer)."""

EXPLOITATION_TYPES = frozenset(CaseType) - MISSING_TYPES
"""Files about sexual exploitation, online or offline."""

PREFIXES: dict[CaseType, str] = {
    CaseType.RUNAWAY: "RUN",
    CaseType.PARENTAL_ABDUCTION: "PAR",
    CaseType.CRIMINAL_ABDUCTION: "CRA",
    CaseType.LOST_INJURED: "LOS",
    CaseType.UNACCOMPANIED_MINOR: "UAM",
    CaseType.SEXUAL_EXPLOITATION: "SEX",
    CaseType.SEXTING: "STG",
    CaseType.SEXTORTION: "STX",
    CaseType.GROOMING: "GRM",
}

LABELS: dict[CaseType, str] = {
    CaseType.RUNAWAY: "Runaway",
    CaseType.PARENTAL_ABDUCTION: "Parental abduction",
    CaseType.CRIMINAL_ABDUCTION: "Criminal abduction",
    CaseType.LOST_INJURED: "Lost, injured or otherwise missing",
    CaseType.UNACCOMPANIED_MINOR: "Missing unaccompanied minor",
    CaseType.SEXUAL_EXPLOITATION: "Sexual exploitation of minors",
    CaseType.SEXTING: "Transgressive sexting",
    CaseType.SEXTORTION: "Sextortion",
    CaseType.GROOMING: "Grooming",
}


def parse_case_type(raw: str) -> CaseType:
    return parse_code(CaseType, raw, "type")


def parse_scope(raw: str) -> Scope:
    return parse_code(Scope, raw, "scope")
