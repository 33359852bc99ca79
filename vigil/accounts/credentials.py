"""The secrets of signing in: argon2id passwords, TOTP codes, recovery codes, tokens.

Only hashes are stored: argon2id for passwords (slow on purpose), SHA-256 for recovery
codes, session and API tokens (random and long, so a fast hash is enough).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from vigil.accounts import passwords
from vigil.errors import Busy

T = TypeVar("T")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


class HashingPool:
    """Password hashing's own bounded pool: at most ``threads`` hashes at once, and at most
    ``queue`` more waiting; one more is refused at once (Busy, answered 503 with
    Retry-After). So sign-in tries, wherever they come from, take at most ``threads`` cores
    and never a thread of the web server's for longer than their own hash: the pages of
    people signed in (which hash nothing) are not held up behind them. On Linux its threads
    also run at the lowest priority (nice 19, which argon2's own threads inherit): a hash
    takes the cores the pages leave, so that six sign-in loops no longer raise a file page's
    p95 fivefold (benchmarks/bench_web.py --attackers)."""

    def __init__(self, threads: int, queue: int) -> None:
        self.threads, self.queue = threads, queue
        self._executor = ThreadPoolExecutor(
            threads, thread_name_prefix="vigil-hash", initializer=_yield_to_pages
        )
        self._room = threading.BoundedSemaphore(threads + queue)

    def run(self, work: Callable[[], T]) -> T:
        if not self._room.acquire(blocking=False):
            raise Busy(
                "the server is busy checking passwords; nothing was done — try again in a "
                "few seconds"
            )
        try:
            return self._executor.submit(work).result()
        finally:
            self._room.release()


def _yield_to_pages() -> None:
    """Lower the calling thread's priority (Linux keeps a nice value per thread; elsewhere
    the call would lower the whole process, so it is not made)."""
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


_pool = HashingPool(1, 8)


def use_pool(threads: int, queue: int) -> None:
    """Size password hashing's pool (the web application does at start, from the settings
    VIGIL_PASSWORD_HASHING_THREADS and VIGIL_PASSWORD_HASHING_QUEUE)."""
    global _pool
    if (threads, queue) != (_pool.threads, _pool.queue):
        _pool = HashingPool(threads, queue)


def hash_password(password: str, *, names: Sequence[str] = ()) -> str:
    """Return the argon2id hash of ``password``. Raise InputError if it is too short or too
    easy to guess (see vigil.accounts.passwords; ``names`` are the account's names), Busy
    if the hashing pool is full."""
    passwords.check_strength(password, names=names)
    return _pool.run(lambda: _hasher.hash(password))


def password_matches(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash (False for an account without one).
    Raise Busy if the hashing pool is full."""
    return _pool.run(lambda: _verify(stored, password))


def _verify(stored: str, password: str) -> bool:
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
