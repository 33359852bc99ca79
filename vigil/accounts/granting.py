"""Who may give which rights: no one grants more than they may.

A program (an API token, ``user_id`` None) passes on only the permissions it holds: a token
with ``users.manage`` cannot make an administrator, nor a token that reads files. A person
who manages accounts may give any role (an administrator's job is to give case workers
rights the administrator does not use), but never to themselves: another administrator
must. The use cases check it (vigil.accounts.service, vigil.accounts.tokens), whatever the
door.
"""

from __future__ import annotations

from collections.abc import Collection

from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission, permissions_of
from vigil.errors import Forbidden


def check_can_grant(by: Actor, granted: Collection[Permission]) -> None:
    """Raise Forbidden if ``by`` is a program and ``granted`` holds a permission it lacks."""
    missing = sorted(p.value for p in set(granted) - by.permissions)
    if by.user_id is None and missing:
        raise Forbidden(
            "an API token cannot give a permission it does not hold (%(missing)s); ask an "
            "administrator to do it on the Users page",
            missing=", ".join(missing),
        )


def check_can_give_roles(
    by: Actor, user_id: int | None, had: Collection[str], roles: Collection[str]
) -> None:
    """Raise Forbidden if ``by`` adds a role to its own account (``user_id``; None for a
    new one), or, as a program, one with a permission it lacks. Taking roles away is not
    giving: anyone who manages accounts may."""
    added = sorted(set(roles) - set(had))
    if added and user_id is not None and by.user_id == user_id:
        raise Forbidden(
            "you cannot give yourself a role (%(roles)s); ask another administrator",
            roles=", ".join(added),
        )
    check_can_grant(by, permissions_of(frozenset(added)))
