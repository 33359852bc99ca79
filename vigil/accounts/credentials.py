"""The secrets of signing in: argon2id passwords, TOTP codes, recovery codes, tokens.

Only hashes are stored: argon2id for passwords (slow on purpose), SHA-256 for recovery
codes, session and API tokens (random and long, so a fast hash is enough).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Sequence

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vigil.accounts import passwords

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str, *, names: Sequence[str] = ()) -> str:
    """Return the argon2id hash of ``password``. Raise InputError if it is too short or too
    easy to guess (see vigil.accounts.passwords; ``names`` are the account's names)."""
    passwords.check_strength(password, names=names)
    return _hasher.hash(password)


def password_matches(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash (False for an account without one)."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    """A random password to hand over once (5 groups of 4 letters and digits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(5))


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_step(secret: str, code: str, at: float | None = None) -> int | None:
    """Return the time step (30-second window) whose code of ``secret`` is ``code``: the
    current one, or the one before or after for a phone whose clock is a little off. Return
    None if ``code`` is none of them. The caller keeps the last step accepted, so that a code
    seen over someone's shoulder cannot be used again in its window."""
    code = code.replace(" ", "").strip()
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time() if at is None else at)
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(code, totp.generate_otp(step)):
            return step
    return None


def totp_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name="Vigil")


def new_recovery_codes(count: int = 10) -> list[str]:
    return [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _ in range(count)]


def digest(value: str) -> str:
    """The SHA-256 of a random token or code, as stored."""
    return hashlib.sha256(value.strip().encode()).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def new_token(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)
