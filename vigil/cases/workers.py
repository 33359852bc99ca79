"""The staff a file or a task can be given to."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.errors import InputError, NotFound
from vigil.store.models import User

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


def get_worker(session: Session, username: str, *, field: str | None = None) -> User:
    """The member of staff with this username. Raise NotFound (about ``field``) if none."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(
            "there is no user '%(username)s'; `vigil users list` shows who there is",
            field=field,
            username=username,
        )
    return user


_ALL = select(User).order_by(User.username)
_ACTIVE = select(User).where(User.active.is_(True)).order_by(User.username)


def list_workers(session: Session, *, active_only: bool = False) -> Sequence[User]:
    return list(session.scalars(_ACTIVE if active_only else _ALL))
