"""A real application on each backend's fresh database, and the personas signed in.

Personas: alice the case worker, bob the analyst, carol the statistician, dave with no
role, sam the supervisor, ada the administrator, hana the hotline supervisor. Each signs in
as a person does: the password, then a TOTP code from the secret enrolled for them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.builders import CLI, PERSONAS
from vigil.accounts import credentials
from vigil.accounts import service as accounts
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import SecretKey
from vigil.web.app import create_app

PASSWORD = "correct horse battery staple"
ROLES = {
    "alice": ["case_worker"],
    "bob": ["analyst"],
    "carol": ["statistician"],
    "dave": [],
    "sam": ["supervisor"],
    "ada": ["admin"],
    "hana": ["hotline_supervisor"],
}
NAMES = {**PERSONAS, "sam": "Sam Janssens", "ada": "Ada Lambert", "hana": "Hana Wouters"}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TEST_KEY = "a secret key for the tests, not for use anywhere"
KEY = SecretKey(TEST_KEY)
"""The key the tests' applications seal second factors with (VIGIL_SECRET_KEY)."""


_last_step: dict[str, int] = {}


def fresh_code(secret: str) -> str:
    """A TOTP code of ``secret`` not given before: Vigil accepts each time step's code once,
    and the step before and after the current one. So the first code is the previous step's,
    then the current one, then the next: three sign-ins of one account per 30 seconds."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time())
    step = max(now - 1, _last_step.get(secret, now - 2) + 1)
    assert step <= now + 1, "every code of this 90-second window is used; sign in less often"
    _last_step[secret] = step
    return totp.generate_otp(step)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with the cheapest parameters: the same code path, milliseconds per hash."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(credentials, "_hasher", cheap)
    accounts._dummy_hash.cache_clear()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url, secret_key=TEST_KEY)


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine)


@pytest.fixture
def secrets(engine: Engine) -> dict[str, str]:
    """Create the personas' accounts with their second factor; return their TOTP secrets."""
    found: dict[str, str] = {}
    with db.session_scope(db.session_factory(engine)) as s:
        for username, roles in ROLES.items():
            user, _ = accounts.add_account(
                s, username, NAMES[username], roles, by=CLI, password=PASSWORD
            )
            secret = credentials.new_totp_secret()
            accounts.enrol_second_factor(s, user, secret, fresh_code(secret), KEY)
            found[username] = secret
    return found


@dataclass
class Browser:
    """A TestClient signed in as one persona, with the session's form token."""

    client: TestClient
    csrf: str

    def post(self, url: str, data: dict[str, object] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.post(url, data={"csrf": self.csrf, **(data or {})}, **kwargs)

    def get(self, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.get(url, **kwargs)


def form_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no form token"
    return match.group(1)


def sign_in(client: TestClient, username: str, secret: str, password: str = PASSWORD) -> str:
    """Sign in through the pages; return the session's form token."""
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"username": username, "password": password, "csrf": token})
    assert answer.status_code == 200 and answer.url.path == "/login/code", answer.text
    token = form_token(answer.text)
    answer = client.post("/login/code", data={"code": fresh_code(secret), "csrf": token})
    assert answer.url.path == "/", answer.text
    return form_token(answer.text)


@pytest.fixture
def new_client(app: FastAPI) -> Iterator[Callable[[], TestClient]]:
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app, base_url="https://testserver")
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def browser_as(
    new_client: Callable[[], TestClient], secrets: dict[str, str]
) -> Callable[[str], Browser]:
    """``browser_as("alice")``: a client signed in as alice."""

    def make(username: str) -> Browser:
        client = new_client()
        return Browser(client, sign_in(client, username, secrets[username]))

    return make
