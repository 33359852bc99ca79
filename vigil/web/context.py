"""What each route needs: a transaction, the actor making the request, and the checks
(signed in, permitted, form token) that come before any use case runs."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from vigil.accounts import credentials, sessions, tokens
from vigil.accounts.roles import Permission
from vigil.errors import Forbidden, NotSignedIn
from vigil.settings import Settings
from vigil.store.db import session_scope
from vigil.web.actors import Actor, integration, person

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@contextmanager
def transaction(request: Request) -> Iterator[Session]:
    """The route's transaction: committed when the block ends, rolled back if it raises."""
    with session_scope(request.app.state.factory) as s:
        yield s


def settings(request: Request) -> Settings:
    result: Settings = request.app.state.settings
    return result


def cookie_name(request: Request) -> str:
    """``__Host-`` makes browsers refuse the cookie unless it is Secure, for this host only."""
    return "__Host-vigil" if settings(request).cookie_secure else "vigil"


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def read_actor(request: Request) -> Actor | None:
    """The actor of this request from its API token or sign-in cookie, or None."""
    secret = bearer(request)
    timeouts = request.app.state.timeouts
    with transaction(request) as s:
        if secret is not None:
            return integration(tokens.find_token(s, secret))
        cookie = request.cookies.get(cookie_name(request))
        row = sessions.find(s, cookie, timeouts) if cookie else None
        if row is None or row.stage != sessions.FULL:
            return None
        return person(row.user, row.csrf)


def signed_in(request: Request) -> Actor:
    actor = read_actor(request)
    if actor is None:
        raise NotSignedIn("sign in first (or send an API token as 'Authorization: Bearer ...')")
    request.state.actor = actor
    return actor


async def check_form_token(request: Request, actor: Actor) -> None:
    """Refuse a state-changing request made with the cookie but without the session's form
    token (in the form's ``csrf`` field or the ``X-CSRF-Token`` header): cross-site forgery."""
    if request.method not in UNSAFE or actor.csrf is None:
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = str((await request.form()).get("csrf", ""))
    if not sent or not credentials.same(sent, actor.csrf):
        raise Forbidden(
            "this form is out of date or came from another site; reload the page and try again"
        )


def requires(permission: Permission | None) -> Callable[[Request], Coroutine[Any, Any, Actor]]:
    """A dependency: the signed-in actor, if it holds ``permission`` (None: any signed-in
    actor). The permission is kept on the dependency for the route test and docs."""

    async def dependency(request: Request) -> Actor:
        actor = await run_in_threadpool(signed_in, request)
        if permission is not None:
            actor.require(permission)
        await check_form_token(request, actor)
        return actor

    dependency.permission = permission  # type: ignore[attr-defined]
    return dependency


SignedIn = Annotated[Actor, Depends(requires(None))]
"""Any signed-in person or token, whatever their permissions."""
