"""The demo account that `vigil start` prints: one person who can try every page."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.accounts import credentials, service
from vigil.accounts.roles import Role
from vigil.store.models import User

USERNAME = "demo"
ROLES = (Role.ADMIN.value, Role.SUPERVISOR.value)


def demo_account(session: Session) -> tuple[str, str]:
    """Create the demo account, or give it a new password; return its name and password.
    Its second factor is enrolled at its first sign-in, like every account's."""
    password = credentials.new_password()
    user = session.scalar(select(User).where(User.username == USERNAME))
    if user is None:
        service.add_account(session, USERNAME, "Demo Supervisor", ROLES, password=password)
    else:
        service.set_password(session, user, password)
        service.enable_account(session, user)
    return USERNAME, password
