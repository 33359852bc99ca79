"""The secrets of signing in: argon2id passwords, TOTP codes, recovery codes, tokens.

Only hashes are stored: argon2id for passwords (slow on purpose), SHA-256 for recovery
codes, session and API tokens (random and long, so a fast hash is enough).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vigil.errors import InputError

MIN_PASSWORD_LENGTH = 12
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``. Raise InputError if it is too weak."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"the password is {len(password)} characters; use at least {MIN_PASSWORD_LENGTH} "
            "(a few words make a good one)",
            field="password",
        )
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


def totp_matches(secret: str, code: str) -> bool:
    """Whether ``code`` is the current code of ``secret`` (or the one before or after, for
    a phone whose clock is a little off)."""
    code = code.replace(" ", "").strip()
    return code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


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
