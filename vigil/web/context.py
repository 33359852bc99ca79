"""What each route needs: a transaction, the actor making the request, and the checks
(signed in, permitted, form token) that come before any use case runs.

Every route is a plain function that FastAPI runs in a worker thread. Handing a request to a
thread costs more than most of what a page does (a futex wake and a switch of the GIL each
way), so the checks run in the route's own thread and in the route's own transaction,
instead of in a thread and a transaction of their own first:

- ``requires(permission)`` is an async dependency: on the event loop it refuses a request
  with no credentials at all, reads the form token the request sent, and leaves a
  ``_Pending`` check for the route;
- ``Route`` (every router's ``route_class``) wraps each route so that, in its worker thread,
  the pending check finds the actor in the database, checks the permission and the form
  token, and keeps that transaction open for the route's ``transaction(request)`` (an ORM
  session) or ``connection(request)`` (plain rows).

A request refused by parameter validation is still checked first, so that someone who may
not use a route learns that, not what the route expects (see ``Route.get_route_handler``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from vigil.accounts import credentials, sessions, tokens
from vigil.accounts.roles import Permission
from vigil.errors import N_, Forbidden, NotSignedIn
from vigil.settings import Settings
from vigil.store.db import session_scope
from vigil.web.actors import Actor, integration, person

T = TypeVar("T")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SIGN_IN_FIRST = N_("sign in first (or send an API token as 'Authorization: Bearer ...')")


@contextmanager
def transaction(request: Request) -> Iterator[Session]:
    """The route's transaction: committed when the block ends, rolled back if it raises.

    The first one a route opens is the one its sign-in was checked in (still open, see
    ``Route``); a second one is new."""
    opened = _take_connection(request)
    if opened is None:
        with session_scope(request.app.state.factory) as s:
            yield s
        return
    # The session joins the connection's open transaction: its commit only flushes, and
    # the connection's commit below ends the transaction.
    session: Session = request.app.state.factory(bind=opened)
    try:
        yield session
        session.commit()
        opened.commit()
    except BaseException:
        session.rollback()
        opened.rollback()
        raise
    finally:
        session.close()
        opened.close()


@contextmanager
def connection(request: Request) -> Iterator[Connection]:
    """The route's transaction as a Core connection, for a page read in plain rows (no
    mapped objects, no ORM session): committed when the block ends, rolled back if it
    raises. Like ``transaction``, the first one is the one the sign-in was checked in."""
    opened = _take_connection(request) or request.app.state.engine.connect()
    try:
        yield opened
        opened.commit()
    except BaseException:
        opened.rollback()
        raise
    finally:
        opened.close()


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


def find_actor(request: Request, opened: Connection) -> Actor | None:
    """The actor of this request from its API token or sign-in cookie, or None, read in the
    transaction open on ``opened``."""
    secret = bearer(request)
    if secret is not None:
        with request.app.state.factory(bind=opened) as s:  # joins, leaves it open
            return integration(tokens.find_token(s, secret))
    cookie = request.cookies.get(cookie_name(request))
    who = sessions.identify(opened, cookie, request.app.state.timeouts) if cookie else None
    if who is None or who.stage != sessions.FULL:
        return None
    return person(who)


def read_actor(request: Request) -> Actor | None:
    """The actor of this request, in a transaction of its own (for the sign-in pages)."""
    engine: Engine = request.app.state.engine
    with engine.begin() as opened:
        return find_actor(request, opened)


@dataclass(frozen=True)
class _Pending:
    """The checks a route's dependency leaves for the route's worker thread."""

    request: Request
    permission: Permission | None
    sent_form_token: str | None

    def resolve(self) -> Actor:
        """Find the actor and check it may do this; leave the transaction open for the
        route (``transaction(request)``) unless a check fails."""
        request = self.request
        engine: Engine = request.app.state.engine
        opened = engine.connect()
        opened.begin()
        try:
            actor = find_actor(request, opened)
            if actor is None:
                raise NotSignedIn(SIGN_IN_FIRST)
            if self.permission is not None:
                actor.require(self.permission)
            self._check_form_token(request, actor)
        except BaseException:
            try:
                opened.commit()  # a timed-out sign-in that was ended stays ended
            finally:
                opened.close()
            raise
        request.state.actor = actor
        request.state.connection = opened
        return actor

    def _check_form_token(self, request: Request, actor: Actor) -> None:
        """Refuse a state-changing request made with the cookie but without the session's
        form token (in the form's ``csrf`` field or the ``X-CSRF-Token`` header)."""
        if request.method not in UNSAFE or actor.csrf is None:
            return
        sent = self.sent_form_token
        if not sent or not credentials.same(sent, actor.csrf):
            raise Forbidden(
                "this form is out of date or came from another site; reload the page and try again"
            )


async def _sent_form_token(request: Request) -> str | None:
    if request.method not in UNSAFE:
        return None
    sent = request.headers.get("x-csrf-token")
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = str((await request.form()).get("csrf", ""))
    return sent


def requires(permission: Permission | None) -> Callable[[Request], Coroutine[Any, Any, Actor]]:
    """A dependency: the signed-in actor, if it holds ``permission`` (None: any signed-in
    actor). The permission is kept on the dependency for the route test and docs.

    What the route receives is checked by ``Route`` in the route's thread; a router whose
    routes use this dependency must be made with ``route_class=Route`` (``create_app``
    refuses one that is not)."""

    async def dependency(request: Request) -> Actor:
        if bearer(request) is None and not request.cookies.get(cookie_name(request)):
            raise NotSignedIn(SIGN_IN_FIRST)
        pending = _Pending(request, permission, await _sent_form_token(request))
        request.state.pending = pending
        return pending  # type: ignore[return-value]  # Route puts the Actor in its place

    dependency.permission = permission  # type: ignore[attr-defined]
    return dependency


def slow(endpoint: Callable[..., T]) -> Callable[..., T]:
    """Mark a route that takes seconds (the yearly figures, the annual report): ``Route``
    runs it in the VIGIL_WEB_SLOW_THREADS threads, so that it never holds up the thread of
    the pages of case work (VIGIL_WEB_THREADS)."""
    endpoint.slow = True  # type: ignore[attr-defined]
    return endpoint


class Route(APIRoute):
    """A route whose sign-in, permission and form-token checks run in its own thread."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        checked = _checked(endpoint)
        if getattr(endpoint, "slow", False):
            checked = _in_slow_threads(checked)
        super().__init__(path, checked, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await handle(request)
            except RequestValidationError:
                pending: _Pending | None = getattr(request.state, "pending", None)
                if pending is not None:  # not signed in or not allowed: say that instead
                    await run_in_threadpool(_check_only, pending)
                raise

        return handler


def _check_only(pending: _Pending) -> None:
    pending.resolve()
    _take_connection(pending.request).close()  # type: ignore[union-attr]


def _take_connection(request: Request) -> Connection | None:
    """The checks' transaction, still open, if no one has taken it yet."""
    opened: Connection | None = getattr(request.state, "connection", None)
    if opened is not None:
        del request.state.connection
    return opened


def _checked(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """The endpoint, with each pending check resolved to its actor before it runs (in the
    endpoint's worker thread). If the endpoint did not take the checks' transaction, it is
    ended here: committed when the endpoint succeeded (the sign-in's last-seen time is
    kept), rolled back when it failed."""

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        pending = [(name, v) for name, v in kwargs.items() if isinstance(v, _Pending)]
        for name, check in pending:
            kwargs[name] = check.resolve()
        try:
            answer = endpoint(*args, **kwargs)
        except BaseException:
            _end_untaken(pending, keep=False)
            raise
        _end_untaken(pending, keep=True)
        return answer

    return run


def _end_untaken(pending: list[tuple[str, _Pending]], *, keep: bool) -> None:
    for _name, check in pending:
        left = _take_connection(check.request)
        if left is None:
            continue
        try:
            if keep:
                left.commit()
        finally:
            left.close()


def _in_slow_threads(run: Callable[..., Any]) -> Callable[..., Any]:
    """``run`` in the application's slow threads (``app.state.slow_threads``) instead of
    FastAPI's thread pool."""

    @functools.wraps(run)
    async def in_slow_thread(*args: Any, **kwargs: Any) -> Any:
        request = next(v.request for v in kwargs.values() if isinstance(v, _Pending))
        state = request.app.state
        limiter = getattr(state, "slow_threads", None)
        if limiter is None:  # made in the event loop, on the first slow request
            limiter = state.slow_threads = CapacityLimiter(state.settings.web_slow_threads)
        return await to_thread.run_sync(functools.partial(run, *args, **kwargs), limiter=limiter)

    return in_slow_thread


def check_routes(app: FastAPI) -> None:
    """Refuse to start with a route that requires a sign-in but is not a ``Route``: it
    would be handed the pending check instead of the actor."""
    for route in _flat(app.routes):
        if not isinstance(route, APIRoute):
            continue
        guarded = any(hasattr(d.call, "permission") for d in route.dependant.dependencies)
        if getattr(inspect.unwrap(route.endpoint), "slow", False) and not guarded:
            raise TypeError(f"{route.path}: a slow route must require a sign-in")
        if guarded and not isinstance(route, Route):
            raise TypeError(f"{route.path}: make its router with route_class=Route")


def _flat(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        included = getattr(route, "original_router", None)
        yield from _flat(included.routes) if included is not None else (route,)


SignedIn = Annotated[Actor, Depends(requires(None))]
"""Any signed-in person or token, whatever their permissions."""
