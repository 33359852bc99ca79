"""The use cases of an account: add, sign in (password, then second factor), enrol the
second factor, disable, reset. They never commit: the door owns the transaction.

Sign-in failures are counted per account; after ``Policy.max_failures`` in a row the
account is locked for ``Policy.lockout``. Every failure says the same thing, so a guesser
learns nothing about which usernames exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts import credentials, sessions
from vigil.accounts.roles import Role, parse_role
from vigil.cases.workers import add_worker
from vigil.errors import N_, InputError, LoginFailed, NotFound
from vigil.settings import Settings
from vigil.store.models import User

WRONG = N_("the username, password or code is wrong; try again")
LOCALES = ("en", "nl", "fr", "de")


@dataclass(frozen=True)
class Policy:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        return cls(settings.login_max_failures, timedelta(minutes=settings.login_lockout_minutes))


def get_account(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip()))
    if user is None:
        raise NotFound(
            "there is no user '%(username)s'; `vigil users list` shows who there is",
            username=username,
        )
    return user


def add_account(
    session: Session,
    username: str,
    display_name: str,
    roles: Sequence[str],
    *,
    password: str | None = None,
) -> tuple[User, str]:
    """Add an account and return it with its first password (generated when not given, to
    hand over once). The second factor is enrolled at the first sign-in."""
    parsed = _roles(roles)
    password = password or credentials.new_password()
    password_hash = credentials.hash_password(password)
    user = add_worker(session, username, display_name)
    user.password_hash, user.roles = password_hash, parsed
    session.flush()
    return user, password


def _roles(raw: Sequence[str]) -> list[str]:
    try:
        return sorted({parse_role(r).value for r in raw if r.strip()})
    except InputError as exc:
        exc.field = "roles"
        raise


def set_roles(session: Session, user: User, roles: Sequence[str]) -> User:
    user.roles = _roles(roles)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> User:
    user.password_hash = credentials.hash_password(password)
    session.flush()
    return user


def check_password(session: Session, username: str, password: str, policy: Policy) -> User:
    """Return the active account if ``password`` is its password. Raise LoginFailed otherwise,
    counting the failure and locking the account after too many."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        credentials.password_matches(_dummy_hash(), password)  # the same time either way
        raise LoginFailed(WRONG, field="username")
    _refuse_if_locked(user)
    if not credentials.password_matches(user.password_hash, password):
        fail(session, user, policy)
    return user


def check_second_factor(session: Session, user: User, code: str, policy: Policy) -> User:
    """Accept a TOTP code not used before, or use up one recovery code. Raise LoginFailed
    otherwise: a code already accepted (its time step is not after the last one accepted) is
    refused like a wrong one, so a code seen over a shoulder or in a proxy's log is worthless."""
    _refuse_if_locked(user)
    step = credentials.totp_step(user.totp_secret, code) if user.totp_secret else None
    if step is not None and step > (user.totp_last_step or 0):
        user.totp_last_step = step
        return succeed(session, user)
    used = credentials.digest(code.lower())
    if used in user.recovery_codes:
        user.recovery_codes = [c for c in user.recovery_codes if c != used]
        return succeed(session, user)
    fail(session, user, policy, field="code")
    raise AssertionError("unreachable")  # pragma: no cover


def enrol_second_factor(session: Session, user: User, secret: str, code: str) -> list[str]:
    """Keep ``secret`` as the account's TOTP secret once ``code`` proves the phone has it.
    Return the new recovery codes, to be shown once."""
    step = credentials.totp_step(secret, code)
    if step is None:
        raise InputError(
            "that code does not match; check the phone's clock and type the 6 digits shown now",
            field="code",
        )
    codes = credentials.new_recovery_codes()
    user.totp_secret, user.totp_last_step = secret, step
    user.recovery_codes = [credentials.digest(c) for c in codes]
    succeed(session, user)
    return codes


def fail(session: Session, user: User, policy: Policy, *, field: str = "username") -> None:
    """Count a failed sign-in (locking the account at the limit) and raise LoginFailed."""
    user.failed_logins += 1
    if user.failed_logins >= policy.max_failures:
        user.locked_until = clock.now() + policy.lockout
        user.failed_logins = 0
    session.flush()
    raise LoginFailed(WRONG, field=field)


def succeed(session: Session, user: User) -> User:
    user.failed_logins, user.locked_until = 0, None
    session.flush()
    return user


def _refuse_if_locked(user: User) -> None:
    until = user.locked_until
    if until is None:
        return
    until = until if until.tzinfo else until.replace(tzinfo=UTC)
    if until > clock.now():
        at = f"{until:%H:%M}"
        raise LoginFailed(
            "too many failed sign-ins: this account is locked until %(until)s UTC; "
            "wait, or ask an administrator",
            field="username",
            until=at,
        )


def disable_account(session: Session, user: User) -> User:
    """Disable an account: it can no longer sign in, and its sign-ins end now."""
    user.active = False
    sessions.end_all(session, user)
    session.flush()
    return user


def enable_account(session: Session, user: User) -> User:
    user.active, user.failed_logins, user.locked_until = True, 0, None
    session.flush()
    return user


def reset_second_factor(session: Session, user: User) -> User:
    """Forget the TOTP secret and recovery codes: the next sign-in enrols a new phone."""
    user.totp_secret, user.recovery_codes, user.totp_last_step = None, [], None
    sessions.end_all(session, user)
    session.flush()
    return user


def set_locale(session: Session, user: User, locale: str) -> User:
    if locale not in LOCALES:
        known = ", ".join(LOCALES)
        raise InputError(
            "unknown language '%(locale)s'; use one of %(known)s",
            field="locale",
            locale=locale,
            known=known,
        )
    user.locale = locale
    session.flush()
    return user


def list_accounts(session: Session) -> Sequence[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def role_names(user: User) -> list[Role]:
    return [Role(r) for r in user.roles if r in {x.value for x in Role}]


@cache
def _dummy_hash() -> str:
    """A hash to check unknown usernames against, so they take as long as known ones."""
    return credentials.hash_password(credentials.new_password())
