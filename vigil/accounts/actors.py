"""Who acts: every use case takes one ``by: Actor`` and checks, applies and audits with it.

An actor is a person signed in to the pages, an API token, the command line (the operator
on the server, ``cli:<os user>``), a background job, or an import run by one of those. The
use cases never ask which door they were called from: they ask the actor what it may do
(``require``), whose restricted files it may see (``user_id``), and how the audit log names
it (``name``).
"""

from __future__ import annotations

import getpass
import hashlib
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy.orm import Session

from vigil.accounts.roles import Permission, permissions_of
from vigil.accounts.sessions import SignedIn
from vigil.errors import Forbidden, NotFound
from vigil.store.models import ApiToken, User


class ActorKind(StrEnum):
    PERSON = "person"
    TOKEN = "token"  # noqa: S105 - a kind of actor, not a secret
    CLI = "cli"
    JOB = "job"
    IMPORT = "import"
    PUBLIC = "public"


@dataclass(frozen=True)
class Actor:
    """Plain data, usable after the transaction that found it has ended.

    ``user_id`` is the person's account, None for a token, the command line or a job: only
    a person can be named on a restricted file, so only a person sees one. ``csrf`` is a
    signed-in person's form token (None for every other kind).
    """

    kind: ActorKind
    name: str
    """How the audit log names the actor: ``alice``, ``token:partner``, ``cli:root``,
    ``job:hotline``, ``import:files.csv by cli:root``."""
    display_name: str
    permissions: frozenset[Permission]
    user_id: int | None = None
    locale: str = "en"
    csrf: str | None = None
    roles: tuple[str, ...] = ()

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        """Raise Forbidden unless the actor holds ``permission``."""
        if permission not in self.permissions:
            raise Forbidden(
                "your role does not allow this (%(permission)s); "
                "ask an administrator if you need it",
                permission=permission.value,
            )

    def user(self, session: Session) -> User | None:
        """The acting person's row in ``session`` (None for any other kind of actor)."""
        if self.user_id is None:
            return None
        user = session.get(User, self.user_id)
        if user is None:
            raise NotFound("your account no longer exists")
        return user

    def importing(self, source: str) -> Actor:
        """The same actor running an import of ``source`` (a file's name)."""
        return replace(self, kind=ActorKind.IMPORT, name=f"import:{source} by {self.name}")


ALL = frozenset(Permission)


def person(who: SignedIn) -> Actor:
    return Actor(
        kind=ActorKind.PERSON,
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
        kind=ActorKind.TOKEN,
        name=f"token:{token.name}",
        display_name=token.name,
        permissions=frozenset(Permission(s) for s in token.scopes if s in set(Permission)),
    )


def command_line(os_user: str | None = None) -> Actor:
    """The operator at the server's command line: every permission (whoever can run
    `vigil` can read its database), but no restricted file, which only the workers named
    on it see."""
    who = os_user or _os_user()
    return Actor(kind=ActorKind.CLI, name=f"cli:{who}", display_name=who, permissions=ALL)


def job(name: str, permissions: frozenset[Permission] = ALL) -> Actor:
    """A background job of Vigil's own (``job:hotline.fetch``)."""
    return Actor(kind=ActorKind.JOB, name=f"job:{name}", display_name=name, permissions=permissions)


def public(client: str) -> Actor:
    """Someone without an account reporting through the public form: may report, nothing
    else. The audit log names them by a digest of their address, never the address."""
    digest = hashlib.sha256(client.encode()).hexdigest()[:12]
    return Actor(
        kind=ActorKind.PUBLIC,
        name=f"public:{digest}",
        display_name="public",
        permissions=frozenset({Permission.HOTLINE_REPORT}),
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no name for this uid (a container, say)
        return "unknown"
