"""The use cases of an account: add, sign in (password, then second factor), enrol the
second factor, change the password, disable, reset, unlock. They never commit: the door
owns the transaction. Each takes the acting ``by: Actor`` (signing in: the name typed) and
writes its own audit entry.

Signing in is braked by vigil.accounts.throttle: failed tries are counted per name typed,
client and known device, and make the next tries wait, growing; a device the owner signed
in on before is not held up by failures made elsewhere. An unknown name, a disabled account,
a wrong password and a waiting try answer alike: the first three check a password hash
(a dummy one when there is no account) and say "wrong", the last checks none and says how
long to wait, for a name with an account or without. So the answers and their time tell
nothing about which names exist.

The second factor's secret is kept sealed with the instance's secret key
(vigil.store.keys), bound to its account.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.accounts import credentials, devices, sessions
from vigil.accounts.actors import Actor
from vigil.accounts.granting import check_can_give_roles
from vigil.accounts.roles import Permission, Role, parse_role
from vigil.accounts.staff import add_worker
from vigil.accounts.throttle import Attempt, Throttle, forget
from vigil.audit import log as audit
from vigil.domain import limits
from vigil.errors import N_, Forbidden, InputError, LoginFailed, NotFound, SettingsError
from vigil.settings import Settings
from vigil.store.keys import CannotOpen, SecretKey
from vigil.store.models import User, WebSession

WRONG = N_("the username, password or code is wrong; try again")
OTHER_KEY = N_(
    "this second factor was sealed with another secret key; ask an administrator to set "
    "VIGIL_SECRET_KEY to the key of this database, or to reset your second factor"
)
LOCALES = ("en", "nl", "fr", "de")


@dataclass(frozen=True)
class Policy:
    """How signing in is guarded: the brakes, and the key that seals second factors and
    signs known devices' cookies."""

    throttle: Throttle
    key: SecretKey

    @classmethod
    def from_settings(cls, settings: Settings, key: SecretKey) -> Policy:
        return cls(Throttle.from_settings(settings), key)


@dataclass(frozen=True)
class Client:
    """Where a try to sign in comes from, as the door sees it: the client's address and
    the cookie of a known device ("" when the browser showed none)."""

    address: str
    device_cookie: str = ""


def _attempt(policy: Policy, username: str, client: Client) -> Attempt:
    device = devices.recognise(policy.key, username, client.device_cookie)
    return Attempt.of(username, client.address, device)


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
    by: Actor,
    password: str | None = None,
) -> tuple[User, str]:
    """Add an account and return it with its first password (generated when not given, to
    hand over once). The second factor is enrolled at the first sign-in. Raise Forbidden
    if ``by``, a program, gives a permission it lacks (see vigil.accounts.granting)."""
    by.require(Permission.USERS_MANAGE)
    parsed = _roles(roles)
    check_can_give_roles(by, None, [], parsed)
    password = password or credentials.new_password()
    password_hash = credentials.hash_password(password, names=(username, display_name))
    user = add_worker(session, username, display_name)
    user.password_hash, user.roles = password_hash, parsed
    session.flush()
    audit.record(session, by, "user.add", f"user:{user.username}", ",".join(user.roles))
    return user, password


def _roles(raw: Sequence[str]) -> list[str]:
    try:
        return sorted({parse_role(r).value for r in raw if r.strip()})
    except InputError as exc:
        exc.field = "roles"
        raise


def set_roles(session: Session, username: str, roles: Sequence[str], *, by: Actor) -> User:
    """Give the account these roles. Raise Forbidden if ``by`` adds one to its own account,
    or gives, as a program, a permission it lacks."""
    by.require(Permission.USERS_MANAGE)
    user = get_account(session, username)
    parsed = _roles(roles)
    check_can_give_roles(by, user.id, user.roles, parsed)
    user.roles = parsed
    session.flush()
    audit.record(session, by, "user.roles", f"user:{user.username}", ",".join(parsed))
    return user


def set_password(session: Session, user: User, password: str) -> User:
    """Set a new password (InputError if it is too weak). See change_password for a
    person changing their own."""
    user.password_hash = credentials.hash_password(
        password, names=(user.username, user.display_name)
    )
    session.flush()
    return user


def change_password(
    session: Session,
    current: str,
    new: str,
    client: Client,
    policy: Policy,
    *,
    by: Actor,
    keep: str | None = None,
) -> User:
    """A person changes their own password, giving the current one: a wrong one is a
    failed sign-in for the brakes (raise LoginFailed, field ``current``, which the door
    commits). Then every other sign-in of the account ends, all but the cookie token
    ``keep`` (the one asking), so that whoever knew the old password is out."""
    user = _own(session, by)
    attempt = _attempt(policy, user.username, client)
    try:
        policy.throttle.check(session, attempt, field="current")
        if not credentials.password_matches(user.password_hash, current):
            policy.throttle.failed(session, attempt)
            raise LoginFailed("that is not your current password", field="current")
    except LoginFailed:  # a wrong guess, or one made to wait: both are audited
        audit.record(session, by, "login.failed", f"user:{by.name}", "current password")
        raise
    set_password(session, user, new)
    sessions.end_all(session, user, keep=keep)
    audit.record(session, by, "account.password", f"user:{by.name}")
    return user


def _own(session: Session, by: Actor) -> User:
    """The acting person's own account. Raise Forbidden for an actor that is no person."""
    user = by.user(session)
    if user is None:
        raise Forbidden("only a person signed in to the pages has an account to change")
    return user


def check_password(
    session: Session, username: str, password: str, client: Client, policy: Policy
) -> User:
    """Return the active account if ``password`` is its password. Raise LoginFailed
    otherwise, the failure counted (the door commits it): WRONG, or how long to wait. A
    name that cannot be stored (a NUL, a lone surrogate, too long) names no account: it is
    counted as an unknown one, its unstorable characters replaced."""
    username = limits.scrubbed(username)
    attempt = _attempt(policy, username, client)
    _brake(session, policy, attempt, username, who=ANONYMOUS, detail="password")
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or not user.active:
        credentials.password_matches(_dummy_hash(), password)  # the same time either way
        _fail(session, policy, attempt, username, who=ANONYMOUS, detail="password")
    if not credentials.password_matches(user.password_hash, password):
        _fail(session, policy, attempt, username, who=ANONYMOUS, detail="password")
    return user


def check_second_factor(
    session: Session, user: User, code: str, client: Client, policy: Policy
) -> User:
    """Accept a TOTP code not used before, or use up one recovery code; then forget this
    device's (or client's) failed tries. Raise LoginFailed otherwise, counted: a code
    already accepted (its time step is not after the last one accepted) is refused like a
    wrong one, so a code seen over a shoulder or in a proxy's log is worthless."""
    attempt = _attempt(policy, user.username, client)
    _brake(session, policy, attempt, user.username, who=user.username, detail="code", field="code")
    secret = totp_secret(policy.key, user)
    step = credentials.totp_step(secret, code) if secret else None
    used = credentials.digest(code.lower())
    if step is not None and step > (user.totp_last_step or 0):
        user.totp_last_step = step
    elif used in user.recovery_codes:
        user.recovery_codes = [c for c in user.recovery_codes if c != used]
    else:
        _fail(
            session, policy, attempt, user.username, who=user.username, detail="code", field="code"
        )
    policy.throttle.succeeded(session, attempt)
    session.flush()
    return user


ANONYMOUS = "anonymous"
"""How the audit log names whoever tries a password: the name typed is no proof of who."""


def _brake(
    session: Session,
    policy: Policy,
    attempt: Attempt,
    username: str,
    *,
    who: str,
    detail: str,
    field: str = "username",
) -> None:
    """Make a try wait while the brakes say so: raise LoginFailed saying how long, audited
    like a wrong try (and checking no password: see the module's docstring)."""
    try:
        policy.throttle.check(session, attempt, field=field)
    except LoginFailed:
        audit.record(session, who, "login.failed", f"user:{username.strip()[:64]}", detail)
        raise


def _fail(
    session: Session,
    policy: Policy,
    attempt: Attempt,
    username: str,
    *,
    who: str,
    detail: str,
    field: str = "username",
) -> NoReturn:
    """Count the failure and audit it (the door keeps both: it answers with the form), then
    raise LoginFailed."""
    policy.throttle.failed(session, attempt)
    audit.record(session, who, "login.failed", f"user:{username.strip()[:64]}", detail)
    raise LoginFailed(WRONG, field=field)


def sign_in(session: Session, user: User, *, replaces: str | None = None) -> str:
    """Open a person's full sign-in once both factors are given (ending the half-open one,
    ``replaces``); audited as a sign-in. Return the cookie token."""
    token = sessions.begin(session, user, sessions.FULL, replaces=replaces)
    audit.record(session, user.username, "login", f"user:{user.username}")
    return token


def sign_out(session: Session, token: str, *, by: Actor) -> None:
    sessions.end(session, token)
    audit.record(session, by, "logout", f"user:{by.name}")


def totp_secret(key: SecretKey, user: User) -> str | None:
    """The account's TOTP secret in clear (None before enrolment). Raise SettingsError if
    this key did not seal it (the database came from another installation)."""
    if user.totp_secret is None:
        return None
    return _open(key, user.totp_secret, user.id)


def _open(key: SecretKey, sealed: str, user_id: int) -> str:
    try:
        return key.open(sealed, bound_to=_bound(user_id))
    except CannotOpen:
        raise SettingsError(OTHER_KEY) from None


def _bound(user_id: int) -> str:
    """What a second factor's sealed secret is bound to (as migration k1keys writes it)."""
    return f"totp:{user_id}"


def seal_second_factor(key: SecretKey, user: User, secret: str) -> None:
    """Keep ``secret`` as the account's TOTP secret, sealed, with no code used yet and no
    recovery codes."""
    user.totp_secret = key.seal(secret, bound_to=_bound(user.id))
    user.totp_last_step, user.recovery_codes = None, []


def pending_secret(key: SecretKey, row: WebSession) -> str:
    """The TOTP secret being enrolled in this half-open sign-in, in clear to show once;
    made (and kept sealed) on the first ask."""
    if row.pending_secret is None:
        secret = credentials.new_totp_secret()
        row.pending_secret = key.seal(secret, bound_to=_bound(row.user_id))
        return secret
    return _open(key, row.pending_secret, row.user_id)


def enrol_second_factor(
    session: Session, user: User, secret: str, code: str, key: SecretKey
) -> list[str]:
    """Keep ``secret`` (sealed) as the account's TOTP secret once ``code`` proves the
    phone has it. Return the new recovery codes, to be shown once."""
    step = credentials.totp_step(secret, code)
    if step is None:
        raise InputError(
            "that code does not match; check the phone's clock and type the 6 digits shown now",
            field="code",
        )
    codes = credentials.new_recovery_codes()
    seal_second_factor(key, user, secret)
    user.totp_last_step = step
    user.recovery_codes = [credentials.digest(c) for c in codes]
    session.flush()
    audit.record(session, user.username, "account.enrol", f"user:{user.username}")
    return codes


def _managing(session: Session, username: str, by: Actor) -> User:
    by.require(Permission.USERS_MANAGE)
    return get_account(session, username)


def unlock_account(session: Session, username: str, *, by: Actor) -> int:
    """Forget every failed sign-in with this account's name, wherever it was made, so that
    no try waits; return how many were forgotten."""
    user = _managing(session, username, by)
    forgotten = forget(session, user.username)
    audit.record(session, by, "user.unlock", f"user:{user.username}", str(forgotten))
    return forgotten


def disable_account(session: Session, username: str, *, by: Actor) -> User:
    """Disable an account: it can no longer sign in, and its sign-ins end now."""
    user = _managing(session, username, by)
    user.active = False
    sessions.end_all(session, user)
    session.flush()
    audit.record(session, by, "user.disable", f"user:{user.username}")
    return user


def enable_account(session: Session, username: str, *, by: Actor) -> User:
    user = _managing(session, username, by)
    user.active = True
    session.flush()
    audit.record(session, by, "user.enable", f"user:{user.username}")
    return user


def reset_second_factor(session: Session, username: str, *, by: Actor) -> User:
    """Forget the TOTP secret and recovery codes: the next sign-in enrols a new phone."""
    user = _managing(session, username, by)
    user.totp_secret, user.recovery_codes, user.totp_last_step = None, [], None
    sessions.end_all(session, user)
    session.flush()
    audit.record(session, by, "user.reset-2fa", f"user:{user.username}")
    return user


def set_locale(session: Session, locale: str, *, by: Actor) -> User:
    """The language a person reads the pages in."""
    user = _own(session, by)
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
    audit.record(session, by, "account.language", f"user:{by.name}", locale)
    return user


def list_accounts(session: Session, *, by: Actor) -> Sequence[User]:
    by.require(Permission.USERS_MANAGE)
    return list(session.scalars(select(User).order_by(User.username)))


def role_names(user: User) -> list[Role]:
    return [Role(r) for r in user.roles if r in {x.value for x in Role}]


@cache
def _dummy_hash() -> str:
    """A hash to check unknown usernames against, so they take as long as known ones."""
    return credentials.hash_password(credentials.new_password())
