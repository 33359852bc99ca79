"""The members of staff: a name to sign in with and a name to show."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.domain import limits
from vigil.errors import InputError
from vigil.store.models import User

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")


def add_worker(session: Session, username: str, display_name: str) -> User:
    """Add a member of staff (no role, no password yet: see vigil.accounts.service
    add_account). Raise InputError on a bad or taken username."""
    if not _USERNAME.match(username):
        raise InputError(
            "'%(username)s' is not a username: use 2-64 lowercase letters, digits, . _ -, "
            "starting with a letter",
            field="username",
            username=username,
        )
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise InputError(
            "the username '%(username)s' is taken; choose another",
            field="username",
            username=username,
        )
    limits.check_name(display_name, "display_name")
    user = User(username=username, display_name=display_name.strip() or username)
    session.add(user)
    session.flush()
    return user
