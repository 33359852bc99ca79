"""Finding 6 (the accounts' part): a `users.manage` token created an administrator and
supervisor and received its first password. A token gives no permission it lacks, to an
account or a token; an administrator gives no role to themselves. The use cases refuse it,
whatever the door; on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.builders import CLI
from vigil.accounts import service as accounts
from vigil.accounts import tokens
from vigil.accounts.actors import Actor, ActorKind
from vigil.accounts.roles import Permission
from vigil.errors import Forbidden
from vigil.store import db
from vigil.store.models import ApiToken, User

MANAGER = Actor(ActorKind.TOKEN, "token:hr-sync", "hr-sync", frozenset({Permission.USERS_MANAGE}))


def _bearer(new_client, engine, scopes: list[str]):  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "hr-sync", scopes, by=CLI)
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    return client


def test_a_users_manage_token_cannot_make_a_token_that_reads_files(new_client, engine):
    client = _bearer(new_client, engine, ["users.manage"])
    answer = client.post("/api/v1/tokens", json={"name": "reader", "scopes": ["case.read"]})
    assert answer.status_code == 403 and "case.read" in answer.json()["error"]["message"]
    kept = client.post("/api/v1/tokens", json={"name": "hr-2", "scopes": ["users.manage"]})
    assert kept.status_code == 201
    with db.session_scope(db.session_factory(engine)) as s:
        names = set(s.scalars(select(ApiToken.name)))
    assert names == {"hr-sync", "hr-2"}


def test_a_users_manage_token_cannot_make_an_administrator_by_any_door(new_client, engine):
    client = _bearer(new_client, engine, ["users.manage"])
    answer = client.post(
        "/users", data={"username": "zed", "display_name": "Zed", "roles": ["admin", "supervisor"]}
    )
    assert answer.status_code != 201 and "First password" not in answer.text
    with db.session_scope(db.session_factory(engine)) as s:
        assert s.scalar(select(User).where(User.username == "zed")) is None
        with pytest.raises(Forbidden, match="cannot give a permission it does not hold"):
            accounts.add_account(s, "zed", "Zed", ["admin"], by=MANAGER)


def test_a_program_passes_on_only_what_it_holds(session):
    erin, _ = accounts.add_account(session, "erin", "Erin", [], by=MANAGER)  # no role: fine
    with pytest.raises(Forbidden, match="case.read"):
        accounts.set_roles(session, erin.username, ["case_worker"], by=MANAGER)
    with pytest.raises(Forbidden):
        tokens.create_token(session, "audit-export", ["audit.read"], by=MANAGER)
    accounts.set_roles(session, erin.username, ["case_worker"], by=CLI)
    accounts.set_roles(session, erin.username, [], by=MANAGER)  # taking roles away is not giving


def test_an_administrator_cannot_give_themselves_a_role(browser_as, engine):
    ada = browser_as("ada")
    answer = ada.post("/users/ada/roles", {"roles": ["admin", "supervisor"]})
    assert answer.status_code == 403 and "another administrator" in answer.text
    with db.session_scope(db.session_factory(engine)) as s:
        assert accounts.get_account(s, "ada").roles == ["admin"]


def test_another_administrator_can_give_it(browser_as, engine, secrets):
    ada = browser_as("ada")
    answer = ada.post("/users/sam/roles", {"roles": ["supervisor", "admin"]})
    assert answer.status_code == 200
    with db.session_scope(db.session_factory(engine)) as s:
        assert accounts.get_account(s, "sam").roles == ["admin", "supervisor"]
