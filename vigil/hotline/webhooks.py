"""Notices by webhook: a JSON document POSTed to a partner's URL, signed, retried.

Each request carries three headers::

    X-Vigil-Delivery:  3f1c...      the delivery's id, the same on every retry
    X-Vigil-Timestamp: 1764581400   when this attempt was signed (Unix seconds, UTC)
    X-Vigil-Signature: sha256=9a0b...

The signature is the hex HMAC-SHA256, keyed with the secret Vigil and the partner share, of
the timestamp, a full stop, and the body's bytes exactly as received (``b"1764581400." +
body``). A receiver checks it (:func:`verify_signature` does), refuses a timestamp more than a
few minutes away from its own clock (so a request caught on the way cannot be replayed
later), and may drop a delivery id it has already seen.

An attempt that meets a network error or a 5xx answer is tried again after a pause that
doubles each time; a 2xx answer is a delivery; a 3xx or 4xx is a refusal, not retried (a
redirect is not followed: the contact's URL should name the endpoint itself). The webhook is
a partner's configured endpoint, not a reported URL, so it goes through plain httpx.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from vigil import clock
from vigil.hotline.deliveries import Channel, Delivery, DeliveryResult

DELIVERY_HEADER = "X-Vigil-Delivery"
TIMESTAMP_HEADER = "X-Vigil-Timestamp"
SIGNATURE_HEADER = "X-Vigil-Signature"
TOLERANCE_SECONDS = 300
"""How far a receiver should accept a timestamp from its own clock."""


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` in all; the pause after the first failure is ``first_pause`` seconds,
    doubled after each one (2, 4, 8, 16 s by default: half a minute in all)."""

    attempts: int = 5
    first_pause: float = 2.0
    timeout: float = 10.0

    def pause(self, failed: int) -> float:
        """The pause after the ``failed``-th failed attempt (counted from 1)."""
        return self.first_pause * 2.0 ** (failed - 1)


DEFAULT_RETRY = RetryPolicy()


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The X-Vigil-Signature of ``body`` sent at ``timestamp``: ``sha256=<hex>``."""
    signed = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def verify_signature(
    secret: str,
    *,
    timestamp: str,
    body: bytes,
    signature_header: str,
    now: float,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """Whether a received request is genuine and fresh: the signature matches (compared in
    constant time) and the timestamp is within ``tolerance`` seconds of ``now``."""
    if not timestamp.isdigit() or abs(now - int(timestamp)) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), signature_header)


def send_webhook(
    url: str,
    secret: str,
    document: Mapping[str, Any],
    *,
    policy: RetryPolicy = DEFAULT_RETRY,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """POST ``document`` (with a new ``delivery_id``) to ``url``, signed with ``secret``,
    retrying as ``policy`` says; return what became of it (never raise for what the network
    or the partner did)."""
    delivery_id = str(uuid.uuid4())
    body = json.dumps({**document, "delivery_id": delivery_id}, ensure_ascii=False).encode()
    if client is None:
        with httpx.Client(timeout=policy.timeout) as own:
            return _attempts(own, url, secret, body, delivery_id, policy, sleep)
    return _attempts(client, url, secret, body, delivery_id, policy, sleep)


def _attempts(
    client: httpx.Client,
    url: str,
    secret: str,
    body: bytes,
    delivery_id: str,
    policy: RetryPolicy,
    sleep: Callable[[float], None],
) -> Delivery:
    reason = ""
    for attempt in range(1, policy.attempts + 1):
        try:
            response = _post(client, url, secret, body, delivery_id)
        except httpx.TransportError as exc:
            reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
        else:
            if response.is_success:
                return _record(delivery_id, DeliveryResult.SENT, None, attempt)
            reason = f"the webhook answered {response.status_code} {response.reason_phrase}"
            if response.status_code < 500:
                return _record(
                    delivery_id, DeliveryResult.REFUSED, _with_text(reason, response), attempt
                )
        if attempt < policy.attempts:
            sleep(policy.pause(attempt))
    return _record(
        delivery_id,
        DeliveryResult.FAILED,
        f"{reason} (after {policy.attempts} attempts)",
        policy.attempts,
    )


def _post(
    client: httpx.Client, url: str, secret: str, body: bytes, delivery_id: str
) -> httpx.Response:
    timestamp = int(clock.now().timestamp())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        DELIVERY_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }
    return client.post(url, content=body, headers=headers, follow_redirects=False)


def _with_text(reason: str, response: httpx.Response) -> str:
    """The refusal with the start of what the partner said about it."""
    text = " ".join(response.text.split())[:200]
    return f"{reason}: {text}" if text else reason


def _record(
    delivery_id: str, result: DeliveryResult, reason: str | None, attempts: int
) -> Delivery:
    return Delivery(Channel.WEBHOOK, delivery_id, clock.now(), result, reason, attempts)
