"""What can be written on a file's timeline."""

from __future__ import annotations

from enum import StrEnum

from vigil.domain.codes import parse_code
from vigil.errors import N_


class EventKind(StrEnum):
    NOTE = "note"
    CALL = "call"
    SIGHTING = "sighting"
    POLICE_CONTACT = "police_contact"
    FOREIGN_AUTHORITY_CONTACT = "foreign_authority_contact"
    STATUS_CHANGE = "status_change"
    OUTCOME = "outcome"
    ASSIGNMENT = "assignment"


RECORDABLE_KINDS = frozenset(
    {
        EventKind.NOTE,
        EventKind.CALL,
        EventKind.SIGHTING,
        EventKind.POLICE_CONTACT,
        EventKind.FOREIGN_AUTHORITY_CONTACT,
    }
)
"""Kinds a person writes by hand; the others are written by the use cases themselves."""


def parse_event_kind(raw: str) -> EventKind:
    return parse_code(EventKind, raw, N_("event kind"), among=sorted(RECORDABLE_KINDS))
