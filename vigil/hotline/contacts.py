"""The contacts notices go to: hosts' abuse desks, the police, partner hotlines.

One contact per step of routing (vigil.hotline.routing): one abuse contact per operator (AS
number), one police contact and one partner hotline per country. A second one for the same
step is refused, so routing never has to guess. A removed contact keeps its row (notices
once sent to it keep naming it) and is no longer written to.
"""

from __future__ import annotations

import re

import httpx
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.domain.contacts import NOTICE_LANGUAGES, ContactKind
from vigil.errors import InputError, NotFound
from vigil.store.models import Contact

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
MIN_SECRET = 16


def add_contact(
    session: Session,
    *,
    kind: ContactKind,
    name: str,
    country: str,
    language: str,
    by: Actor,
    email: str | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    asn: int | None = None,
) -> Contact:
    """Add a contact, written to by e-mail or by a webhook signed with ``webhook_secret``.
    A host's abuse contact is found by its operator's ``asn``; the police and a partner
    hotline by ``country``. Raise InputError for a value that is wrong or a step that
    already has its contact."""
    by.require(Permission.HOTLINE_SUPERVISE)
    contact = Contact(
        kind=ContactKind(kind),
        name=_name(name),
        country=_country(country),
        language=_language(language),
        asn=_asn(kind, asn),
        email=_email(email) if email else None,
        webhook_url=_webhook(webhook_url) if webhook_url else None,
        webhook_secret=webhook_secret or None,
    )
    _check_channel(contact)
    _check_unique(session, contact)
    session.add(contact)
    session.flush()
    audit.record(session, by, "hotline.contact_add", f"contact:{contact.id}", describe(contact))
    return contact


def list_contacts(session: Session, *, by: Actor) -> list[Contact]:
    """The contacts written to, by kind, country, AS number."""
    by.require(Permission.HOTLINE_SUPERVISE)
    query = select(Contact).where(Contact.removed_at.is_(None))
    return list(session.scalars(query.order_by(Contact.kind, Contact.country, Contact.asn)))


def contacts_for(session: Session, country: str | None, asn: int | None) -> list[Contact]:
    """The contacts that may route a URL hosted in ``country`` by ``asn`` (give them to
    vigil.hotline.routing.route)."""
    fits = [Contact.country == (country or "").upper()]
    if asn is not None:
        fits.append(Contact.asn == asn)
    query = select(Contact).where(Contact.removed_at.is_(None), or_(*fits))
    return list(session.scalars(query.order_by(Contact.id)))


def remove_contact(session: Session, contact_id: int, *, by: Actor) -> Contact:
    """Stop writing to a contact. Raise NotFound when there is no such contact."""
    by.require(Permission.HOTLINE_SUPERVISE)
    contact = session.get(Contact, contact_id)
    if contact is None or contact.removed_at is not None:
        raise NotFound(
            "there is no contact %(id)s; `vigil hotline contacts list` shows them",
            id=contact_id,
        )
    contact.removed_at = clock.now()
    audit.record(session, by, "hotline.contact_remove", f"contact:{contact.id}", describe(contact))
    return contact


def describe(contact: Contact) -> str:
    """One line naming a contact, without its secret."""
    operator = f" AS{contact.asn}" if contact.asn is not None else ""
    return f"{contact.kind.value} {contact.country}{operator} {contact.name}"


def _name(name: str) -> str:
    if not name.strip() or len(name.strip()) > 200:
        raise InputError("a contact needs a name of 1 to 200 characters", field="name")
    return name.strip()


def _country(country: str) -> str:
    code = country.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InputError(
            "'%(country)s' is not a country code; use two letters such as BE or NL",
            field="country",
            country=country,
        )
    return code


def _language(language: str) -> str:
    if language not in NOTICE_LANGUAGES:
        raise InputError(
            "notices are written in nl, fr, de or en, not '%(language)s'",
            field="language",
            language=language,
        )
    return language


def _asn(kind: ContactKind, asn: int | None) -> int | None:
    if kind == ContactKind.HOST_ABUSE:
        if asn is None or not 0 < asn < 2**32:
            raise InputError(
                "a host's abuse contact is found by its operator's AS number: give --asn, "
                "a number from 1 to 4294967295",
                field="asn",
            )
        return asn
    if asn is not None:
        raise InputError(
            "only a host's abuse contact has an AS number; the police and partner hotlines "
            "are found by their country",
            field="asn",
        )
    return None


def _email(email: str) -> str:
    if not _EMAIL.fullmatch(email.strip()) or len(email.strip()) > 320:
        raise InputError("'%(email)s' is not an e-mail address", field="email", email=email)
    return email.strip()


def _webhook(url: str) -> str:
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or not parsed.host or parsed.userinfo:
        raise InputError(
            "'%(url)s' is not a webhook URL; write it as https://host/path, without a "
            "user name or password",
            field="webhook_url",
            url=url,
        )
    if parsed.scheme != "https" and not (parsed.scheme == "http" and parsed.host in LOOPBACK_HOSTS):
        raise InputError(
            "a webhook receives notices over https only (http only on this machine, for "
            "trying it out): '%(url)s'",
            field="webhook_url",
            url=url,
        )
    return str(parsed)


def _check_channel(contact: Contact) -> None:
    if (contact.email is None) == (contact.webhook_url is None):
        raise InputError(
            "a contact is written to by e-mail or by webhook: give an e-mail address or a "
            "webhook URL, not both",
            field="email",
        )
    if contact.webhook_url and len(contact.webhook_secret or "") < MIN_SECRET:
        raise InputError(
            "a webhook needs a shared secret of at least %(least)s characters to sign its notices",
            field="webhook_secret",
            least=MIN_SECRET,
        )
    if contact.webhook_secret and not contact.webhook_url:
        raise InputError("a secret is only for a webhook", field="webhook_secret")


def _check_unique(session: Session, contact: Contact) -> None:
    same = select(Contact).where(Contact.removed_at.is_(None), Contact.kind == contact.kind)
    if contact.kind == ContactKind.HOST_ABUSE:
        same = same.where(Contact.asn == contact.asn)
    else:
        same = same.where(Contact.country == contact.country)
    existing = session.scalars(same.limit(1)).first()
    if existing is not None:
        raise InputError(
            "contact %(id)s (%(existing)s) already receives these notices; remove it first "
            "with `vigil hotline contacts remove %(id)s`",
            field="kind",
            id=existing.id,
            existing=describe(existing),
        )
