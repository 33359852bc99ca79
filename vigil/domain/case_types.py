"""The kinds of file a foundation opens, and what each one records."""

from __future__ import annotations

from enum import StrEnum

from vigil.domain.codes import parse_code
from vigil.errors import N_


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
    CaseType.RUNAWAY: N_("Runaway"),
    CaseType.PARENTAL_ABDUCTION: N_("Parental abduction"),
    CaseType.CRIMINAL_ABDUCTION: N_("Criminal abduction"),
    CaseType.LOST_INJURED: N_("Lost, injured or otherwise missing"),
    CaseType.UNACCOMPANIED_MINOR: N_("Missing unaccompanied minor"),
    CaseType.SEXUAL_EXPLOITATION: N_("Sexual exploitation of minors"),
    CaseType.SEXTING: N_("Non-consensual sexting"),
    CaseType.SEXTORTION: N_("Sextortion"),
    CaseType.GROOMING: N_("Grooming"),
}
"""What a file's type is called, in English (every room translates it with vigil.i18n)."""

GROUP_LABELS: dict[CaseType, str] = {
    CaseType.RUNAWAY: N_("Runaways"),
    CaseType.PARENTAL_ABDUCTION: N_("Parental abductions"),
    CaseType.CRIMINAL_ABDUCTION: N_("Criminal abductions"),
    CaseType.LOST_INJURED: N_("Lost, injured or otherwise missing children"),
    CaseType.UNACCOMPANIED_MINOR: N_("Missing unaccompanied minors"),
    CaseType.SEXUAL_EXPLOITATION: N_("Sexual exploitation of minors"),
    CaseType.SEXTING: N_("Non-consensual sexting"),
    CaseType.SEXTORTION: N_("Sextortion"),
    CaseType.GROOMING: N_("Grooming"),
}
"""What the figures call the files of a type together: a row of the report's tables."""


def parse_case_type(raw: str) -> CaseType:
    return parse_code(CaseType, raw, N_("type"))


def parse_scope(raw: str) -> Scope:
    return parse_code(Scope, raw, N_("scope"))
