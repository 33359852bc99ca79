"""The cookie that tells a device the owner signed in on before.

After a full sign-in the browser gets a long-lived cookie: a random id and the secret key's
signature of that id with the username. Shown again with the same username, it makes the
sign-in brakes (vigil.accounts.throttle) count that device's failures on their own, so that
a guesser elsewhere cannot lock the owner out. It opens nothing by itself: the password and
the code are asked as always. It names no one: the username is only in the signature.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from vigil.store.keys import SecretKey

LIFETIME = timedelta(days=180)


def _signed_text(device_id: str, username: str) -> str:
    return f"device:{device_id}:{username.strip().lower()}"


def issue(key: SecretKey, username: str) -> str:
    """A new cookie value for a device on which ``username`` has just signed in."""
    device_id = secrets.token_urlsafe(16)
    return f"{device_id}.{key.sign(_signed_text(device_id, username))}"


def recognise(key: SecretKey, username: str, cookie: str) -> str | None:
    """The device's id if ``cookie`` was issued for ``username``; None otherwise."""
    device_id, _, signature = cookie.partition(".")
    if device_id and signature and key.signed(_signed_text(device_id, username), signature):
        return device_id
    return None
