"""API tokens: one per integration, scoped to some permissions, revocable.

The token is shown once, when it is made; only its SHA-256 is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts import credentials
from vigil.accounts.actors import Actor
from vigil.accounts.granting import check_can_grant
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.domain import limits
from vigil.errors import InputError, NotFound, NotSignedIn
from vigil.store.models import ApiToken

PREFIX = "vgl_"


def create_token(
    session: Session, name: str, scopes: Sequence[str], *, by: Actor
) -> tuple[ApiToken, str]:
    """Make a token for the integration ``name`` with these permissions; return it and the
    secret to hand over once. Raise InputError on an unknown scope or a taken name, and
    Forbidden if ``by`` is a token that lacks one of them (see vigil.accounts.granting)."""
    by.require(Permission.USERS_MANAGE)
    name = limits.check_name(name, "name").strip()
    if not name:
        raise InputError("give the token the name of the integration that uses it", field="name")
    if session.scalar(select(ApiToken.id).where(ApiToken.name == name)) is not None:
        raise InputError("there is already a token named '%(name)s'", field="name", name=name)
    parsed = sorted({_scope(s).value for s in scopes if s.strip()})
    if not parsed:
        raise InputError("choose at least one permission for the token", field="scopes")
    check_can_grant(by, [Permission(p) for p in parsed])
    secret = credentials.new_token(PREFIX)
    token = ApiToken(name=name, token_hash=credentials.digest(secret), scopes=parsed)
    session.add(token)
    session.flush()
    audit.record(session, by, "token.add", f"token:{token.name}", ",".join(token.scopes))
    return token, secret


def _scope(raw: str) -> Permission:
    try:
        return Permission(raw.strip())
    except ValueError:
        codes = ", ".join(p.value for p in Permission)
        raise InputError(
            "unknown permission '%(scope)s'; use one of %(codes)s",
            field="scopes",
            scope=raw,
            codes=codes,
        ) from None


def find_token(session: Session, secret: str) -> ApiToken:
    """Return the live token with this secret. Raise NotSignedIn if it is unknown or revoked."""
    token = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == credentials.digest(secret))
    )
    if token is None or token.revoked_at is not None:
        raise NotSignedIn("the API token is unknown or revoked; ask an administrator for one")
    return token


def revoke_token(session: Session, token_id: int, *, by: Actor) -> ApiToken:
    by.require(Permission.USERS_MANAGE)
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("there is no API token %(token)s", token=token_id)
    token.revoked_at = token.revoked_at or clock.now()
    session.flush()
    audit.record(session, by, "token.revoke", f"token:{token.name}")
    return token


def list_tokens(session: Session, *, by: Actor) -> Sequence[ApiToken]:
    by.require(Permission.USERS_MANAGE)
    return list(session.scalars(select(ApiToken).order_by(ApiToken.name)))
