"""Browser sign-ins, kept in the database so they survive restarts and end everywhere at once.

The cookie carries a random token; the table keeps only its SHA-256. Each step of signing
in (password, then second factor) issues a new token, so a token seen before sign-in is
worthless after it. A sign-in ends after ``idle`` without a request, after ``absolute``
in any case, when its account is disabled, and at sign-out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session, joinedload

from vigil import clock
from vigil.accounts import credentials
from vigil.settings import Settings
from vigil.store.models import User, WebSession

PASSWORD, ENROL, FULL = "password", "enrol", "full"
TOUCH_EVERY = timedelta(seconds=60)
"""How stale ``last_seen_at`` may get before a request writes it: saves a write per request
at the cost of an idle time-out up to a minute late."""


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)

    @classmethod
    def from_settings(cls, settings: Settings) -> Timeouts:
        return cls(
            timedelta(minutes=settings.session_idle_minutes),
            timedelta(hours=settings.session_max_hours),
        )


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def begin(session: Session, user: User, stage: str, *, replaces: str | None = None) -> str:
    """Start (or move to the next stage of) a sign-in; return the new cookie token."""
    if replaces:
        end(session, replaces)
    token = credentials.new_token()
    row = WebSession(
        id=credentials.digest(token),
        user_id=user.id,
        stage=stage,
        csrf=credentials.new_token(),
        created_at=clock.now(),
        last_seen_at=clock.now(),
    )
    session.add(row)
    session.flush()
    return token


_FIND = (
    select(WebSession).where(WebSession.id == bindparam("id")).options(joinedload(WebSession.user))
)
"""Built once (every request runs it): the sign-in with its account, in one query."""


def find(session: Session, token: str, timeouts: Timeouts) -> WebSession | None:
    """Return the live sign-in of this cookie token, or None (ending it if it timed out).
    For the steps of signing in, which change the row; each request's check is `identify`."""
    row = session.scalar(_FIND, {"id": credentials.digest(token)})
    if row is None:
        return None
    now = clock.now()
    if _expired(now, row.created_at, row.last_seen_at, row.user.active, timeouts):
        session.delete(row)
        session.flush()
        return None
    if now - _aware(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
    return row


def _expired(
    now: datetime, created: datetime, last_seen: datetime, active: bool, timeouts: Timeouts
) -> bool:
    return (
        now - _aware(last_seen) > timeouts.idle
        or now - _aware(created) > timeouts.absolute
        or not active
    )


@dataclass(frozen=True)
class SignedIn:
    """Who a live sign-in belongs to, as plain data."""

    user_id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    locale: str
    stage: str
    csrf: str


def identify(session: Session, token: str, timeouts: Timeouts) -> SignedIn | None:
    """Who signed in with this cookie token, or None (ending the sign-in if it timed out).
    Writes ``last_seen_at`` only when it is older than TOUCH_EVERY."""
    row = find(session, token, timeouts)
    if row is None:
        return None
    user = row.user
    return SignedIn(
        user.id,
        user.username,
        user.display_name,
        tuple(user.roles or ()),
        user.locale,
        row.stage,
        row.csrf,
    )


def end(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id == credentials.digest(token)))


def end_all(session: Session, user: User, *, keep: str | None = None) -> None:
    """End every sign-in of this account (disabled, second factor reset, password changed),
    but the one of the cookie token ``keep`` when given (the person changing it)."""
    query = delete(WebSession).where(WebSession.user_id == user.id)
    if keep:
        query = query.where(WebSession.id != credentials.digest(keep))
    session.execute(query)


def count_live(session: Session, user: User) -> int:
    return len(session.scalars(select(WebSession.id).where(WebSession.user_id == user.id)).all())
