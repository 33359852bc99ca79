"""Who is asking: a signed-in person or an API token, with the permissions they hold."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vigil.accounts.roles import Permission, permissions_of
from vigil.accounts.sessions import SignedIn
from vigil.errors import Forbidden, NotFound
from vigil.store.models import ApiToken, User


@dataclass(frozen=True)
class Actor:
    """Plain data, usable after the transaction that found it has ended.

    ``user_id`` is None for an API token: a token acts for an integration, not a person, and
    sees no restricted file. ``csrf`` is the session's form token (None for a token).
    """

    name: str
    display_name: str
    permissions: frozenset[Permission]
    user_id: int | None = None
    locale: str = "en"
    csrf: str | None = None
    roles: tuple[str, ...] = ()

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if permission not in self.permissions:
            raise Forbidden(
                "your role does not allow this (%(permission)s); "
                "ask an administrator if you need it",
                permission=permission.value,
            )

    def user(self, session: Session) -> User | None:
        """The acting person's row in ``session`` (None for an API token)."""
        if self.user_id is None:
            return None
        user = session.get(User, self.user_id)
        if user is None:
            raise NotFound("your account no longer exists")
        return user


def person(who: SignedIn) -> Actor:
    return Actor(
        name=who.username,
        display_name=who.display_name,
        permissions=permissions_of(frozenset(who.roles)),
        user_id=who.user_id,
        locale=who.locale,
        csrf=who.csrf,
        roles=who.roles,
    )


def integration(token: ApiToken) -> Actor:
    return Actor(
        name=f"token:{token.name}",
        display_name=token.name,
        permissions=frozenset(Permission(s) for s in token.scopes if s in set(Permission)),
    )
