"""The demo accounts that `vigil start` prints: a supervisor who can try every page, and the
demo data's case workers, so that a team can be tried too (each signs in as a worker)."""

from __future__ import annotations

from collections.abc import Sequence
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
WORKER_ROLES = (Role.CASE_WORKER.value,)


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
    password = credentials.new_password()
    user = session.scalar(select(User).where(User.username == USERNAME))
    if user is None:
        user, _ = service.add_account(
            session, USERNAME, "Demo Supervisor", ROLES, by=by, password=password
        )
    return _renewed(session, user, key, password, by=by)


def demo_workers(
    session: Session, usernames: Sequence[str], key: SecretKey, *, by: Actor
) -> list[DemoAccount]:
    """The demo data's workers who exist (vigil.cases.demo.WORKERS), each made a case worker
    if it has no role, with a new password and second factor as :func:`demo_account`."""
    accounts = []
    for username in usernames:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            continue
        if not user.roles:
            service.set_roles(session, username, WORKER_ROLES, by=by)
        accounts.append(_renewed(session, user, key, credentials.new_password(), by=by))
    return accounts


def _renewed(
    session: Session, user: User, key: SecretKey, password: str, *, by: Actor
) -> DemoAccount:
    secret = credentials.new_totp_secret()
    service.set_password(session, user, password)
    service.enable_account(session, user.username, by=by)
    service.unlock_account(session, user.username, by=by)
    sessions.end_all(session, user)
    service.seal_second_factor(key, user, secret)
    session.flush()
    return DemoAccount(user.username, password, secret)
