"""Whom to write to about a confirmed URL, from where it is hosted: a pure rule.

- Hosted in the foundation's own country (VIGIL_COUNTRY): a notice to the host's abuse
  contact (found by the operator's AS number) and a report to the police contact.
- Hosted abroad: a report to that country's partner hotline, which handles it there.
- Hosting country unknown, or no contact for a step: a supervisor's task for that step.

``route`` returns one step per recipient it should have: a :class:`Send` when the contact is
known, a :class:`SupervisorTask` saying what is missing when it is not. The caller sends and
makes the tasks; nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from vigil.domain.contacts import ContactKind


class Addressee(Protocol):
    """What routing needs of a contact (vigil.store.models.Contact is one)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> ContactKind: ...
    @property
    def country(self) -> str: ...
    @property
    def asn(self) -> int | None: ...


C = TypeVar("C", bound=Addressee)


class Gap(StrEnum):
    """Why a step has no contact."""

    UNKNOWN_COUNTRY = "unknown_country"
    NO_HOST_CONTACT = "no_host_contact"
    NO_POLICE_CONTACT = "no_police_contact"
    NO_PARTNER_HOTLINE = "no_partner_hotline"


@dataclass(frozen=True)
class Send(Generic[C]):
    """Write to ``contact`` (the notice's register is its ``kind``)."""

    contact: C


@dataclass(frozen=True)
class SupervisorTask:
    """A person must find the recipient of this step (or decide there is none)."""

    gap: Gap
    kind: ContactKind | None
    """The recipient that is missing; None when the hosting country itself is unknown."""
    country: str | None
    asn: int | None

    @property
    def message(self) -> str:
        """What the task says, in English."""
        where = self.country or "an unknown country"
        return {
            Gap.UNKNOWN_COUNTRY: "the networks database does not say where the URL is "
            "hosted; find the host and its country",
            Gap.NO_HOST_CONTACT: (
                f"no abuse contact is known for AS{self.asn}; add one with "
                "`vigil hotline contacts add`"
                if self.asn is not None
                else "the host's operator (AS number) is unknown; find its abuse contact"
            ),
            Gap.NO_POLICE_CONTACT: f"no police contact is known for {where}; add one with "
            "`vigil hotline contacts add --kind police`",
            Gap.NO_PARTNER_HOTLINE: f"no partner hotline is known for {where}; add one with "
            "`vigil hotline contacts add --kind partner_hotline`, or notify the host",
        }[self.gap]


Step = Send[C] | SupervisorTask


def route(
    country: str | None, asn: int | None, contacts: Iterable[C], *, home: str
) -> list[Step[C]]:
    """The steps for a URL hosted in ``country`` (ISO alpha-2; None: unknown) by the
    operator ``asn`` (None: unknown), for a foundation in ``home``. Where two contacts fit
    one step, the one with the smallest id is written to, so the answer does not depend on
    the order of ``contacts``."""
    if country is None:
        return [SupervisorTask(Gap.UNKNOWN_COUNTRY, None, None, asn)]
    country, home = country.upper(), home.upper()
    candidates = sorted(contacts, key=lambda c: c.id)
    if country != home:
        partner = _first(candidates, ContactKind.PARTNER_HOTLINE, country=country)
        missing = SupervisorTask(Gap.NO_PARTNER_HOTLINE, ContactKind.PARTNER_HOTLINE, country, asn)
        return [partner or missing]
    host = _first(candidates, ContactKind.HOST_ABUSE, asn=asn) if asn is not None else None
    police = _first(candidates, ContactKind.POLICE, country=home)
    return [
        host or SupervisorTask(Gap.NO_HOST_CONTACT, ContactKind.HOST_ABUSE, country, asn),
        police or SupervisorTask(Gap.NO_POLICE_CONTACT, ContactKind.POLICE, country, asn),
    ]


def _first(
    contacts: list[C], kind: ContactKind, *, country: str | None = None, asn: int | None = None
) -> Send[C] | None:
    for contact in contacts:
        if contact.kind != kind:
            continue
        if country is not None and contact.country.upper() != country:
            continue
        if asn is not None and contact.asn != asn:
            continue
        return Send(contact)
    return None
