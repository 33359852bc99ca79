"""The disappearance itself: when the child went missing and when it was reported, where
the child was last seen and what they wore, the police's and the magistrate's references,
and for a missing unaccompanied minor their nationality, other names and reception centre.

Only missing-child files record a disappearance; the nationality, aliases and reception
centre belong to unaccompanied minors. Times are aware (UTC), read and written in the
foundation's time zone by the doors; a time given as a day alone is noon of that day.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from vigil.domain.case_types import LABELS, MISSING_TYPES, CaseType
from vigil.errors import CaseRuleError

LONGEST = {
    "last_seen_place": 500,
    "last_seen_municipality": 100,
    "description": 2000,
    "clothing": 1000,
    "police_report_number": 64,
    "police_zone": 100,
    "magistrate_office": 100,
    "aliases": 500,
    "reception_centre": 200,
}
"""The most characters each text holds (the columns' sizes)."""

UNACCOMPANIED_ONLY = ("nationality", "aliases", "reception_centre")


@dataclass(frozen=True)
class Disappearance:
    disappeared_at: datetime | None = None
    """When the child went missing (aware)."""
    reported_at: datetime | None = None
    """When the disappearance was reported to the foundation (aware)."""
    last_seen_place: str = ""
    """Where the child was last seen, in words."""
    last_seen_municipality: str = ""
    """The municipality of that place, when known."""
    description: str = ""
    """What the child looks like: height, build, hair, marks."""
    clothing: str = ""
    police_report_number: str = ""
    """The number of the police report (the PV / proces-verbaal)."""
    police_zone: str = ""
    magistrate_office: str = ""
    """The public prosecutor's office (parquet) following the case."""
    nationality: str | None = None
    """An unaccompanied minor's nationality, ISO 3166-1 alpha-2."""
    aliases: str = ""
    """An unaccompanied minor's other names and spellings, separated by ``;``."""
    reception_centre: str = ""
    """The reception centre an unaccompanied minor went missing from."""

    def values(self) -> dict[str, Any]:
        """The columns: times in UTC (a database may keep only the wall time), texts stripped
        (aliases each stripped, empty ones dropped)."""
        values: dict[str, Any] = {name: getattr(self, name) for name in NAMES}
        for name in ("disappeared_at", "reported_at"):
            moment = values[name]
            if moment is not None and moment.tzinfo is not None:
                values[name] = moment.astimezone(UTC)
        for name in LONGEST:
            values[name] = values[name].strip()
        values["aliases"] = "; ".join(a.strip() for a in self.aliases.split(";") if a.strip())
        return values

    def is_empty(self) -> bool:
        """Nothing recorded (cheap: an import asks it of every row)."""
        for name in NAMES:
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or value.strip()):
                return False
        return True


NAMES = tuple(f.name for f in fields(Disappearance))
"""The parts of a disappearance, as the import's columns and the API's keys name them."""


def check_disappearance(case_type: CaseType, given: Disappearance, *, now: datetime) -> None:
    """Refuse a disappearance on a file that is not about a missing child, an unaccompanied
    minor's details on another, a time in the future, a report before the disappearance,
    or a text too long for its column."""
    if given.is_empty():
        return
    values = given.values()
    filled = [name for name in NAMES if values[name]]
    if filled and case_type not in MISSING_TYPES:
        raise CaseRuleError(
            "a disappearance is recorded on a missing child's file, not on a %(type)s file; "
            "leave %(part)s empty",
            field=filled[0],
            part=filled[0],
            type=LABELS[case_type],
        )
    wrong = [name for name in UNACCOMPANIED_ONLY if values[name]]
    if wrong and case_type is not CaseType.UNACCOMPANIED_MINOR:
        raise CaseRuleError(
            "the nationality, other names and reception centre are recorded for a missing "
            "unaccompanied minor; leave %(part)s empty for this file",
            field=wrong[0],
            part=wrong[0],
        )
    for name in ("disappeared_at", "reported_at"):
        moment = values[name]
        if moment is not None and moment > now:
            raise CaseRuleError("%(part)s is in the future; give the time it happened", field=name)
    if (
        given.disappeared_at is not None
        and given.reported_at is not None
        and given.reported_at < given.disappeared_at
    ):
        raise CaseRuleError(
            "the disappearance was reported before it happened; check both times",
            field="reported_at",
        )
    for name, most in LONGEST.items():
        if len(values[name]) > most:
            raise CaseRuleError(
                "%(part)s is longer than %(most)s characters; shorten it",
                field=name,
                part=name,
                most=most,
            )
