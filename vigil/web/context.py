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

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from vigil.accounts import credentials, sessions, tokens
from vigil.accounts.actors import Actor, integration, person
from vigil.accounts.roles import Permission
from vigil.errors import N_, Forbidden, NotSignedIn
from vigil.settings import Settings

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
SIGN_IN_FIRST = N_("sign in first (or send an API token as 'Authorization: Bearer ...')")


def get_session(request: Request) -> Iterator[Session]:
    """The request's session: committed when the route returns, rolled back if it raises."""
    with request.app.state.factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


DbSession = Annotated[Session, Depends(get_session, scope="function")]
"""``scope="function"``: the commit runs before the answer is made, so a commit that fails
is answered as a failure (503 or 500), never as the success the route had prepared."""


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


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def find_actor(request: Request, session: Session) -> Actor | None:
    """The actor of this request, or None: an API token (on /api/v1 only), else the
    sign-in cookie of a person who has given the second factor."""
    secret = bearer(request)
    if secret is not None and is_api(request):
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
Analyst = Annotated[Actor, Depends(requires(Permission.HOTLINE_REVIEW))]
HotlineSupervisor = Annotated[Actor, Depends(requires(Permission.HOTLINE_SUPERVISE))]
