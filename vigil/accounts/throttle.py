"""The brakes on guessing passwords and codes, which never lock the owner out.

Every failed sign-in is a row: a wrong password or code (also for a name that has no
account) and a wrong current password given to change it. A row holds the SHA-256 of the
name typed, of the client's address, and of the device when the browser showed the cookie
of an earlier sign-in as that name (vigil.accounts.devices). Three brakes read them:

1. per client: at most ``per_minute`` failures a minute from one address, whatever the
   names (one password tried on many accounts);
2. per name and client, or per name and known device: after ``free`` failures each try
   waits, the wait doubling from FIRST_WAIT up to ``longest``; the full sign-in (second
   factor included) forgets them;
3. per name, from all the devices it never signed in on together: after SHARED x ``free``
   failures those devices wait the same way (a guesser with many addresses).

A device the owner signed in on before is held up by none of the failures made elsewhere,
so no one can lock the owner out; `vigil users unlock NAME` forgets a name's failures. A
name without an account is braked exactly like one with: the answers tell nothing about
which names exist. The rows are in the database, so every worker process counts the same
ones; they are forgotten after REMEMBER.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts import credentials
from vigil.errors import N_, LoginFailed
from vigil.settings import Settings
from vigil.store.models import SignInFailure

WINDOW = timedelta(minutes=1)
REMEMBER = timedelta(days=1)
FIRST_WAIT = timedelta(seconds=1)
SHARED = 4
"""The budget of a name's unknown devices together, in multiples of ``free``."""

FROM_HERE = N_("too many failed sign-ins from here; wait a minute")
WAIT_SECONDS = N_(
    "too many failed sign-ins with this username here; try again in %(seconds)s seconds, or "
    "on a computer you signed in on before"
)
WAIT_MINUTES = N_(
    "too many failed sign-ins with this username here; try again in %(minutes)s minutes, or "
    "on a computer you signed in on before"
)


class Throttled(LoginFailed):
    """Refused before any check: not counted again as a failure."""


@dataclass(frozen=True)
class Attempt:
    """One try to sign in as the brakes count it: digests only. ``device`` is the digest
    of the id of a device that signed in as this name before, or "" for any other."""

    account: str
    client: str
    device: str = ""

    @classmethod
    def of(cls, username: str, address: str, device_id: str | None = None) -> Attempt:
        name = credentials.digest(username.strip().lower())
        device = credentials.digest(device_id) if device_id else ""
        return cls(name, credentials.digest(address), device)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Throttle:
    per_minute: int = 20
    free: int = 5
    longest: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings: Settings) -> Throttle:
        return cls(
            settings.login_attempts_per_minute,
            settings.login_max_failures,
            timedelta(minutes=settings.login_lockout_minutes),
        )

    def check(self, session: Session, attempt: Attempt, *, field: str = "username") -> None:
        """Raise Throttled if this try must wait; say for how long. Call it before any
        password or code is checked, so that a waiting try costs no hashing."""
        now = clock.now()
        recent = SignInFailure.at > now - WINDOW
        if self._count(session, SignInFailure.client == attempt.client, recent) >= self.per_minute:
            raise Throttled(FROM_HERE, field=field)
        wait = self.wait(session, attempt, now)
        if wait <= timedelta(0):
            return
        seconds = int(wait.total_seconds()) + 1
        if seconds < 120:
            raise Throttled(WAIT_SECONDS, field=field, seconds=seconds)
        raise Throttled(WAIT_MINUTES, field=field, minutes=(seconds + 59) // 60)

    def wait(self, session: Session, attempt: Attempt, now: datetime) -> timedelta:
        """How long this try must still wait (zero or less: not at all)."""
        name = SignInFailure.account == attempt.account
        if attempt.device:
            mine = self._last(session, name, SignInFailure.device == attempt.device)
            return self._left(mine, self.free, now)
        unknown = SignInFailure.device == ""
        here = self._last(session, name, unknown, SignInFailure.client == attempt.client)
        anywhere = self._last(session, name, unknown)
        return max(self._left(here, self.free, now), self._left(anywhere, SHARED * self.free, now))

    def _left(self, found: tuple[int, datetime | None], free: int, now: datetime) -> timedelta:
        count, last = found
        if count < free or last is None:
            return timedelta(0)
        wait = min(FIRST_WAIT * (1 << min(count - free, 30)), self.longest)
        return _aware(last) + wait - now

    def _count(self, session: Session, *where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(SignInFailure).where(*where)
        return session.scalar(query) or 0

    def _last(self, session: Session, *where: ColumnElement[bool]) -> tuple[int, datetime | None]:
        """How many failures match (in REMEMBER), and when the last one was."""
        since = SignInFailure.at > clock.now() - REMEMBER
        query = select(func.count(), func.max(SignInFailure.at)).where(since, *where)
        count, last = session.execute(query).one()
        return int(count), last

    def failed(self, session: Session, attempt: Attempt) -> None:
        """Count a failed try, and forget every failure older than REMEMBER. The door
        commits it, also when the sign-in itself is refused."""
        now = clock.now()
        session.execute(delete(SignInFailure).where(SignInFailure.at <= now - REMEMBER))
        session.add(
            SignInFailure(
                account=attempt.account, client=attempt.client, device=attempt.device, at=now
            )
        )
        session.flush()

    def succeeded(self, session: Session, attempt: Attempt) -> None:
        """Forget the failures of this name from where it has just signed in: that client
        (for an unknown device) or that device. Those made elsewhere still count."""
        if attempt.device:
            where = SignInFailure.device == attempt.device
        else:
            where = and_(SignInFailure.device == "", SignInFailure.client == attempt.client)
        session.execute(
            delete(SignInFailure).where(SignInFailure.account == attempt.account, where)
        )


def forget(session: Session, username: str) -> int:
    """Forget every failed sign-in with this name (`vigil users unlock`); return how many."""
    account = Attempt.of(username, "").account
    result = session.execute(delete(SignInFailure).where(SignInFailure.account == account))
    return int(result.rowcount)  # type: ignore[attr-defined]
