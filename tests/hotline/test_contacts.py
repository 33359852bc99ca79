"""The contacts table: one contact per step of routing, checked values, audited changes,
removed contacts kept but no longer written to."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import CLI
from vigil.domain.contacts import ContactKind
from vigil.errors import InputError, NotFound
from vigil.hotline.contacts import add_contact, contacts_for, list_contacts, remove_contact
from vigil.hotline.routing import Send, SupervisorTask, route
from vigil.store.models import AuditEntry, Contact

SECRET = "0123456789abcdef0123"


def police(session: Session, **overrides: Any) -> Contact:
    values: dict[str, Any] = {
        "kind": ContactKind.POLICE,
        "name": "Federal Computer Crime Unit",
        "country": "BE",
        "language": "nl",
        "email": "fccu@police.example",
        "by": CLI,
    }
    return add_contact(session, **(values | overrides))


def test_contacts_are_stored_listed_and_routed_to(session: Session) -> None:
    police(session)
    host = add_contact(
        session,
        kind=ContactKind.HOST_ABUSE,
        name="Example Hosting",
        country="be",
        language="fr",
        asn=64500,
        email="abuse@hosting.example",
        by=CLI,
    )
    partner = add_contact(
        session,
        kind=ContactKind.PARTNER_HOTLINE,
        name="Meldpunt Voorbeeld",
        country="NL",
        language="en",
        webhook_url="https://meldpunt.example/notices",
        webhook_secret=SECRET,
        by=CLI,
    )
    session.commit()
    assert host.country == "BE" and host.webhook_secret is None
    assert [c.kind for c in list_contacts(session, by=CLI)] == [
        ContactKind.HOST_ABUSE,
        ContactKind.PARTNER_HOTLINE,
        ContactKind.POLICE,
    ]
    home = route("BE", 64500, contacts_for(session, "BE", 64500), home="BE")
    assert [s.contact.name for s in home if isinstance(s, Send)] == [
        "Example Hosting",
        "Federal Computer Crime Unit",
    ]
    assert route("NL", 64999, contacts_for(session, "NL", 64999), home="BE") == [Send(partner)]
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("hotline.contact_add") == 3


def test_a_second_contact_for_the_same_step_is_refused(session: Session) -> None:
    first = police(session)
    with pytest.raises(InputError, match=rf"contact {first.id} \(police BE Federal"):
        police(session, name="Local police", email="local@police.example")
    police(session, country="LU", name="Police grand-ducale")  # another country: fine


def test_a_removed_contact_stays_on_record_and_is_no_longer_written_to(
    session: Session,
) -> None:
    contact = police(session)
    remove_contact(session, contact.id, by=CLI)
    session.commit()
    assert session.get(Contact, contact.id) is not None
    assert list_contacts(session, by=CLI) == []
    [task] = route("BE", None, contacts_for(session, "BE", None), home="BE")[1:]
    assert isinstance(task, SupervisorTask)
    police(session, name="Its successor")  # the step is free again
    with pytest.raises(NotFound, match=f"there is no contact {contact.id}"):
        remove_contact(session, contact.id, by=CLI)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": " "}, "name", "needs a name"),
        ({"country": "BEL"}, "country", "'BEL' is not a country code"),
        ({"language": "it"}, "language", "nl, fr, de or en, not 'it'"),
        ({"email": "fccu at police"}, "email", "is not an e-mail address"),
        ({"email": None}, "email", "by e-mail or by webhook"),
        ({"webhook_url": "https://x.example/n", "webhook_secret": SECRET}, "email", "not both"),
        ({"asn": 64500}, "asn", "only a host's abuse contact has an AS number"),
        (
            {"kind": ContactKind.HOST_ABUSE, "asn": None},
            "asn",
            "found by its operator's AS number",
        ),
        (
            {"email": None, "webhook_url": "http://partner.example/n", "webhook_secret": SECRET},
            "webhook_url",
            "over https only",
        ),
        (
            {"email": None, "webhook_url": "https://u:p@partner.example/n"},
            "webhook_url",
            "without a user name or password",
        ),
        (
            {"email": None, "webhook_url": "https://partner.example/n", "webhook_secret": "short"},
            "webhook_secret",
            "at least 16 characters",
        ),
        ({"webhook_secret": SECRET}, "webhook_secret", "only for a webhook"),
    ],
)
def test_a_wrong_value_is_refused_naming_its_field(
    session: Session, overrides: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        police(session, **overrides)
    assert caught.value.field == field


def test_a_webhook_on_this_machine_may_use_plain_http(session: Session) -> None:
    contact = police(
        session, email=None, webhook_url="http://127.0.0.1:8080/n", webhook_secret=SECRET
    )
    assert contact.webhook_url == "http://127.0.0.1:8080/n"
