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
    """Return the live sign-in of this cookie token, or None (ending it if it timed out)."""
    row = session.scalar(_FIND, {"id": credentials.digest(token)})
    if row is None:
        return None
    now = clock.now()
    expired = (
        now - _aware(row.last_seen_at) > timeouts.idle
        or now - _aware(row.created_at) > timeouts.absolute
        or not row.user.active
    )
    if expired:
        session.delete(row)
        session.flush()
        return None
    if now - _aware(row.last_seen_at) > TOUCH_EVERY:
        row.last_seen_at = now
    return row


def end(session: Session, token: str) -> None:
    session.execute(delete(WebSession).where(WebSession.id == credentials.digest(token)))


def end_all(session: Session, user: User) -> None:
    """End every sign-in of this account (disabled, second factor reset, password changed)."""
    session.execute(delete(WebSession).where(WebSession.user_id == user.id))


def count_live(session: Session, user: User) -> int:
    return len(session.scalars(select(WebSession.id).where(WebSession.user_id == user.id)).all())
