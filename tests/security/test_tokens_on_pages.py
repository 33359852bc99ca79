"""Finding 6 (the pages' part): page routes took API tokens, without a form token, and a
token posting to /account/language, /account/password or /cases/X/restrict got a 500 from
an ``assert``. The pages take no API token: one sent to a page is refused with a 403 that
says where tokens work, never a 500; on both databases."""

from __future__ import annotations

import pytest

from tests.builders import CLI, make_case
from vigil.accounts import service as accounts
from vigil.accounts import tokens
from vigil.accounts.actors import Actor, ActorKind
from vigil.accounts.roles import Permission
from vigil.accounts.service import Client, Policy
from vigil.cases import service
from vigil.errors import Forbidden
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import SecretKey

ALL_SCOPES = ["case.read", "case.write", "case.manage", "users.manage", "audit.read"]


@pytest.fixture
def token_client(new_client, engine):  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "partner", ALL_SCOPES, by=CLI)
        reference = make_case(s).reference
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    client.reference = reference  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("POST", "/account/language", {"locale": "nl"}),
        ("POST", "/account/password", {"current": "x", "new": "a long new passphrase"}),
        ("POST", "/cases/{ref}/restrict", {"workers": ["alice"]}),
        ("POST", "/cases/{ref}/note", {"text": "from a token"}),
        ("POST", "/users", {"username": "zed", "display_name": "Zed"}),
        ("GET", "/cases", None),
        ("GET", "/cases/{ref}", None),
        ("GET", "/account", None),
        ("GET", "/audit", None),
    ],
)
def test_an_api_token_sent_to_a_page_is_refused_with_a_403_that_says_why(
    token_client, method, url, data
):
    url = url.format(ref=token_client.reference)
    answer = token_client.request(method, url, data=data, follow_redirects=False)
    assert answer.status_code == 403, (answer.status_code, answer.text[:300])
    assert "/api/v1" in answer.text


def test_the_api_still_takes_the_token(token_client):
    assert token_client.get(f"/api/v1/cases/{token_client.reference}").status_code == 200


def test_a_token_next_to_a_sign_in_cookie_is_refused_on_a_page_too(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "partner", ["case.read"], by=CLI)
    alice = browser_as("alice")
    answer = alice.get("/", headers={"authorization": f"Bearer {secret}"})
    assert answer.status_code == 403 and "/api/v1" in answer.text
    assert alice.get("/").status_code == 200


def test_the_use_cases_of_a_persons_own_account_refuse_a_program_by_every_door(session):
    program = Actor(ActorKind.TOKEN, "token:partner", "partner", frozenset(Permission))
    reference = make_case(session).reference
    policy = Policy.from_settings(Settings(), SecretKey("a key for this test only"))
    with pytest.raises(Forbidden, match="only a person"):
        accounts.set_locale(session, "nl", by=program)
    with pytest.raises(Forbidden, match="only a person"):
        accounts.change_password(session, "x", "y", Client("127.0.0.1"), policy, by=program)
    with pytest.raises(Forbidden, match="only a person"):
        service.restrict_case(session, reference, ["alice"], by=program)
