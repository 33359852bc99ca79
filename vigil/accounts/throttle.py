"""The brake on guessing: at most so many failed sign-ins from one client in a minute.

The failures are rows in the database, so every worker process (and every machine behind
the same proxy) counts the same ones; an in-memory count would let N processes allow N
times the limit. The per-account lockout (vigil.accounts.service) is the other brake: this
one stops a guesser who tries one password on many accounts.

Only the SHA-256 of the client's address is stored, and only for the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts import credentials
from vigil.store.models import SignInFailure

WINDOW = timedelta(minutes=1)


@dataclass(frozen=True)
class Throttle:
    per_minute: int

    def allows(self, session: Session, client: str) -> bool:
        """Whether ``client`` (its address) may try to sign in now: fewer than
        ``per_minute`` failures from it in the last minute."""
        since = clock.now() - WINDOW
        count = session.scalar(
            select(func.count())
            .select_from(SignInFailure)
            .where(SignInFailure.client == credentials.digest(client), SignInFailure.at > since)
        )
        return (count or 0) < self.per_minute

    def failed(self, session: Session, client: str) -> None:
        """Count a failed sign-in from ``client``, and forget every failure older than the
        window. The door commits it, also when the sign-in itself is refused."""
        now = clock.now()
        session.execute(delete(SignInFailure).where(SignInFailure.at <= now - WINDOW))
        session.add(SignInFailure(client=credentials.digest(client), at=now))
        session.flush()
