"""What each route needs, as plain FastAPI dependencies: a session, the actor, the checks.

- ``DbSession``: one session per request (a yield dependency): committed when the route
  returns, rolled back when it raises. A route that answers a refused form itself rolls
  back first (``session.rollback()``), so nothing of the refused change is kept.
- ``requires(permission)``: the signed-in actor, refused unless it holds ``permission``
  and, for a state-changing request made with the sign-in cookie, unless it sent the
  session's form token. The pages take only the cookie; /api/v1 takes an API token
  (``Authorization: Bearer ...``) or the cookie.

A route declares these as parameters (``actor: CaseWriter``); the use case it calls
checks again, with the same actor, whatever the door (see vigil.cases.service).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy.orm import Session

from vigil.accounts import credentials, sessions, tokens
from vigil.accounts.actors import Actor, integration, person
from vigil.accounts.roles import Permission
from vigil.errors import N_, Forbidden, NotSignedIn
from vigil.hotline.pipeline import Queue
from vigil.jobs.queue import make_jobs
from vigil.settings import Settings

log = logging.getLogger("vigil.web")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SIGN_IN_FIRST = N_("sign in first (or send an API token as 'Authorization: Bearer ...')")
NO_TOKEN_ON_PAGES = N_(
    "an API token works on /api/v1 only; the pages take a person's sign-in — send this "
    "request to /api/v1, or sign in and leave the Authorization header out"
)


ENDINGS = 40
"""Threads that end requests' transactions (commit, rollback), apart from the threads that
run routes: as many as the database pool's connections."""
BEFORE_COMMIT = "before_commit"
"""Where the request's state lists what to write just before the commit (see
vigil.web.idempotency), in the commit's thread."""


def _endings(request: Request) -> anyio.CapacityLimiter:
    state = request.app.state
    if getattr(state, "endings", None) is None:
        state.endings = anyio.CapacityLimiter(ENDINGS)
    limiter: anyio.CapacityLimiter = state.endings
    return limiter


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The request's session: committed when the route returns, rolled back if it raises.

    The commit and the rollback run in threads of their own (``ENDINGS``), never in the
    threads that run routes: on SQLite a route that wrote holds the one write lock until its
    commit, and when every route thread waited for that lock (50 clients adding notes), a
    commit that needed a route thread never came: nothing moved until SQLite's busy time-out
    answered 503."""
    session: Session = request.app.state.factory()
    endings = _endings(request)
    try:
        yield session

        def commit() -> None:
            for step in getattr(request.state, BEFORE_COMMIT, []):
                step(session)
            session.commit()

        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(commit, limiter=endings)
    except BaseException:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(session.rollback, limiter=endings)
        raise
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(session.close, limiter=endings)


DbSession = Annotated[Session, Depends(get_session, scope="function")]
"""``scope="function"``: the commit runs before the answer is made, so a commit that fails
is answered as a failure (503 or 500), never as the success the route had prepared."""


def settings(request: Request) -> Settings:
    result: Settings = request.app.state.settings
    return result


def job_queue(request: Request) -> Queue:
    """The queue the hotline's doors hand a committed report's URLs to: the one the settings
    name (Huey's SQLite file, or Redis), made on first use; a test may set its own as
    ``app.state.queue``."""
    state = request.app.state
    if getattr(state, "queue", None) is None:
        state.queue = make_jobs(state.settings, state.factory).queue
    queue: Queue = state.queue
    return queue


def queue_fetches(request: Request, url_ids: Sequence[int]) -> None:
    """Queue the fetching of a committed report's URLs. A queue out of reach loses nothing:
    the report is stored, and the sweep queues its URLs again once they have waited
    VIGIL_HOTLINE_STEP_SECONDS (vigil.hotline.pipeline)."""
    queue = job_queue(request)
    try:
        for url_id in url_ids:
            queue.fetch_url(url_id)
    except Exception:  # the broker's errors are many; the sweep repairs them all
        log.exception("could not queue %s URLs; the sweep will queue them again", len(url_ids))


def cookie_name(request: Request) -> str:
    """``__Host-`` makes browsers refuse the cookie unless it is Secure, for this host only."""
    return "__Host-vigil" if settings(request).cookie_secure else "vigil"


def bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def find_actor(request: Request, session: Session) -> Actor | None:
    """The actor of this request, or None: an API token (on /api/v1 only), else the
    sign-in cookie of a person who has given the second factor. A token sent to a page is
    refused (Forbidden), with or without a cookie: a page's changes need the form token of
    a person's sign-in, and a page's use cases act for a person."""
    secret = bearer(request)
    if secret is not None:
        if not is_api(request):
            raise Forbidden(NO_TOKEN_ON_PAGES)
        return integration(tokens.find_token(session, secret))
    cookie = request.cookies.get(cookie_name(request))
    who = sessions.identify(session, cookie, request.app.state.timeouts) if cookie else None
    if who is None or who.stage != sessions.FULL:
        return None
    return person(who)


def current_actor(request: Request, session: DbSession) -> Actor:
    """The signed-in actor. Raise NotSignedIn when there is none."""
    actor = find_actor(request, session)
    if actor is None:
        raise NotSignedIn(SIGN_IN_FIRST)
    request.state.actor = actor  # the pages are written in the actor's language
    return actor


async def sent_form_token(request: Request) -> str | None:
    """The form token a state-changing request sent: the ``X-CSRF-Token`` header or the
    form's ``csrf`` field."""
    if request.method not in UNSAFE:
        return None
    sent = request.headers.get("x-csrf-token")
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = str((await request.form()).get("csrf", ""))
    return sent


def check_form_token(request: Request, actor: Actor, sent: str | None) -> None:
    """Refuse a state-changing request made with the cookie but without the session's form
    token (an API token needs none: a browser never sends one by itself)."""
    if request.method not in UNSAFE or actor.csrf is None:
        return
    if not sent or not credentials.same(sent, actor.csrf):
        raise Forbidden(
            "this form is out of date or came from another site; reload the page and try again"
        )


@dataclass(frozen=True)
class requires:  # noqa: N801 - used as a function: Depends(requires(Permission.CASE_READ))
    """A dependency: the signed-in actor, if it holds ``permission`` (None: any signed-in
    actor) and sent the form token a change needs. ``permission`` stays readable for the
    role test and the docs."""

    permission: Permission | None

    def __call__(
        self,
        request: Request,
        actor: Annotated[Actor, Depends(current_actor)],
        sent: Annotated[str | None, Depends(sent_form_token)],
    ) -> Actor:
        if self.permission is not None:
            actor.require(self.permission)
        check_form_token(request, actor, sent)
        return actor


SignedIn = Annotated[Actor, Depends(requires(None))]
"""Any signed-in person or token, whatever their permissions."""
CaseReader = Annotated[Actor, Depends(requires(Permission.CASE_READ))]
CaseWriter = Annotated[Actor, Depends(requires(Permission.CASE_WRITE))]
CaseManager = Annotated[Actor, Depends(requires(Permission.CASE_MANAGE))]
Statistician = Annotated[Actor, Depends(requires(Permission.FIGURES_READ))]
Administrator = Annotated[Actor, Depends(requires(Permission.USERS_MANAGE))]
Auditor = Annotated[Actor, Depends(requires(Permission.AUDIT_READ))]
HotlineReporter = Annotated[Actor, Depends(requires(Permission.HOTLINE_REPORT))]
Analyst = Annotated[Actor, Depends(requires(Permission.HOTLINE_REVIEW))]
HotlineSupervisor = Annotated[Actor, Depends(requires(Permission.HOTLINE_SUPERVISE))]
