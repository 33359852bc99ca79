"""The staff a file can be assigned to. Sign-in details arrive with the web application."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from sqlalchemy import Connection, Table, select
from sqlalchemy.orm import Session

from vigil.errors import InputError
from vigil.store.models import User
from vigil.store.prepared import Prepared

_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")


def add_worker(session: Session, username: str, display_name: str) -> User:
    """Add a member of staff. Raise InputError on a bad or taken username."""
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
    user = User(username=username, display_name=display_name.strip() or username)
    session.add(user)
    session.flush()
    return user


_ALL = select(User).order_by(User.username)


def list_workers(session: Session) -> Sequence[User]:
    return list(session.scalars(_ALL))


_USERS = cast(Table, User.__table__)
_ACTIVE = Prepared(
    select(_USERS.c.username, _USERS.c.display_name)
    .where(_USERS.c.active.is_(True))
    .order_by(_USERS.c.username)
)


def active_workers(connection: Connection) -> tuple[tuple[str, str], ...]:
    """(username, display name) of each active member of staff: the choices of the forms
    that assign a file or a task. Plain rows, read on every visit of a file's page."""
    return tuple((row.username, row.display_name) for row in _ACTIVE.all(connection, {}))
