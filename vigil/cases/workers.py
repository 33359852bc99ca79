"""The staff a file or a task can be given to."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.domain import limits
from vigil.errors import NotFound
from vigil.store.models import User


def get_worker(session: Session, username: str, *, field: str | None = None) -> User:
    """The member of staff with this username. Raise NotFound (about ``field``) if none."""
    found = limits.lookup(username)
    user = session.scalar(select(User).where(User.username == username)) if found else None
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
