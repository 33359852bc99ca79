"""The demo account that `vigil start` prints: one person who can try every page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.accounts import credentials, service, sessions
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Role
from vigil.store.keys import SecretKey
from vigil.store.models import User

USERNAME = "demo"
ROLES = (Role.ADMIN.value, Role.SUPERVISOR.value)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    totp_secret: str
    """The second factor's secret, already set up: a person trying Vigil adds it to an
    authenticator app (or reads the codes with `pyotp`) instead of enrolling a phone first."""

    @property
    def totp_uri(self) -> str:
        return credentials.totp_uri(self.totp_secret, self.username)


def demo_account(session: Session, key: SecretKey, *, by: Actor) -> DemoAccount:
    """Create the demo account, or give it a new password and a new second factor (sealed
    with ``key``); end its earlier sign-ins and forget its failed ones. Each start prints
    new ones, so none printed before still opens it."""
    password, secret = credentials.new_password(), credentials.new_totp_secret()
    user = session.scalar(select(User).where(User.username == USERNAME))
    if user is None:
        user, _ = service.add_account(
            session, USERNAME, "Demo Supervisor", ROLES, by=by, password=password
        )
    else:
        service.set_password(session, user, password)
        service.enable_account(session, USERNAME, by=by)
        service.unlock_account(session, USERNAME, by=by)
        sessions.end_all(session, user)
    service.seal_second_factor(key, user, secret)
    session.flush()
    return DemoAccount(USERNAME, password, secret)
