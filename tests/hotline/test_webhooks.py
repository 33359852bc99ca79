"""Notices by webhook, received by a real HTTP server on 127.0.0.1 that checks the
signature: signed JSON, retried with growing pauses on network errors and 5xx, never on 4xx."""

from __future__ import annotations

import time
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from tests.hotline.mail_servers import Hook, free_port, webhook_receiver
from tests.hotline.test_notices import NOTICE, SENDER
from vigil.domain.contacts import ContactKind
from vigil.hotline.deliveries import Channel, DeliveryResult
from vigil.hotline.notices import render_notice
from vigil.hotline.sending import deliver
from vigil.hotline.webhooks import RetryPolicy, send_webhook, signature, verify_signature

SECRET = "a secret the partner and the foundation share"
QUICK = RetryPolicy(attempts=3, first_pause=0.01, timeout=5)


@dataclass(frozen=True)
class ByHook:
    webhook_url: str
    webhook_secret: str = SECRET
    kind: ContactKind = ContactKind.PARTNER_HOTLINE
    language: str = "nl"
    email: str | None = None


class Pauses:
    """A sleep that keeps the pauses asked for (and sleeps them: they are short)."""

    def __init__(self) -> None:
        self.asked: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        time.sleep(seconds)


def test_a_notice_arrives_signed_with_its_delivery_id_and_nothing_but_its_facts() -> None:
    with webhook_receiver(Hook(SECRET)) as hook:
        delivery = deliver(NOTICE, ByHook(hook.url), SENDER, smtp=None, retry=QUICK)
    assert delivery.result is DeliveryResult.SENT, delivery.reason
    assert (delivery.channel, delivery.attempts) == (Channel.WEBHOOK, 1)
    [request] = hook.requests
    assert request["genuine"] and request["fresh"]
    assert request["content_type"] == "application/json; charset=utf-8"
    document = request["document"]
    assert request["delivery"] == document["delivery_id"] == delivery.message_id
    rendered = render_notice(NOTICE, ContactKind.PARTNER_HOTLINE, "nl", SENDER)
    assert document["text"] == rendered.body and document["language"] == "nl"
    assert set(document) == {
        "delivery_id", "kind", "url", "classification", "jurisdiction", "reference",
        "reported_at", "assessed_at", "first_notice_at", "sender", "language", "subject", "text",
    }  # fmt: skip


def test_server_errors_are_retried_with_doubling_pauses_under_one_delivery_id() -> None:
    pauses = Pauses()
    with webhook_receiver(Hook(SECRET, fail_first=2)) as hook:
        delivery = deliver(NOTICE, ByHook(hook.url), SENDER, smtp=None, retry=QUICK, sleep=pauses)
    assert delivery.result is DeliveryResult.SENT and delivery.attempts == 3
    assert pauses.asked == [0.01, 0.02]
    assert len({r["delivery"] for r in hook.requests}) == 1
    assert all(r["genuine"] for r in hook.requests)


def test_a_partner_that_keeps_failing_ends_in_a_failed_delivery_saying_so() -> None:
    pauses = Pauses()
    with webhook_receiver(Hook(SECRET, fail_first=99, fail_status=502)) as hook:
        delivery = deliver(NOTICE, ByHook(hook.url), SENDER, smtp=None, retry=QUICK, sleep=pauses)
    assert delivery.result is DeliveryResult.FAILED and delivery.attempts == 3
    assert delivery.reason == "the webhook answered 502 Bad Gateway (after 3 attempts)"
    assert len(hook.requests) == 3 and len(pauses.asked) == 2


def test_a_4xx_answer_is_a_refusal_and_is_not_retried() -> None:
    pauses = Pauses()
    with webhook_receiver(Hook(SECRET, fail_first=99, fail_status=422)) as hook:
        delivery = deliver(NOTICE, ByHook(hook.url), SENDER, smtp=None, retry=QUICK, sleep=pauses)
    assert delivery.result is DeliveryResult.REFUSED and delivery.attempts == 1
    assert delivery.reason == "the webhook answered 422 Unprocessable Entity: ok"
    assert len(hook.requests) == 1 and pauses.asked == []


def test_a_wrong_secret_is_refused_by_the_receiver() -> None:
    with webhook_receiver(Hook("the partner's real secret")) as hook:
        delivery = deliver(NOTICE, ByHook(hook.url), SENDER, smtp=None, retry=QUICK)
    assert delivery.result is DeliveryResult.REFUSED
    assert delivery.reason == "the webhook answered 401 Unauthorized: signature refused"
    assert hook.requests[0]["genuine"] is False


def test_a_redirect_is_not_followed_but_refused() -> None:
    with webhook_receiver(Hook(SECRET, status=302)) as hook:
        delivery = send_webhook(hook.url, SECRET, {"url": NOTICE.url}, policy=QUICK)
    assert delivery.result is DeliveryResult.REFUSED and len(hook.requests) == 1


def test_network_errors_are_retried_then_fail() -> None:
    pauses = Pauses()
    url = f"http://127.0.0.1:{free_port()}/nobody-listens"
    delivery = send_webhook(url, SECRET, {"url": NOTICE.url}, policy=QUICK, sleep=pauses)
    assert delivery.result is DeliveryResult.FAILED and delivery.attempts == 3
    assert str(delivery.reason).startswith("ConnectError")
    assert pauses.asked == [0.01, 0.02]


def test_the_default_pauses_double_from_two_seconds() -> None:
    policy = RetryPolicy()
    assert [policy.pause(n) for n in range(1, policy.attempts)] == [2.0, 4.0, 8.0, 16.0]


@given(secret=st.text(min_size=16), body=st.binary(), timestamp=st.integers(0, 2**40))
def test_a_signature_verifies_and_any_change_breaks_it(
    secret: str, body: bytes, timestamp: int
) -> None:
    signed = signature(secret, timestamp, body)
    now = float(timestamp + 10)
    assert verify_signature(
        secret, timestamp=str(timestamp), body=body, signature_header=signed, now=now
    )
    assert not verify_signature(
        secret, timestamp=str(timestamp), body=body + b" ", signature_header=signed, now=now
    )
    assert not verify_signature(
        secret, timestamp=str(timestamp + 1), body=body, signature_header=signed, now=now
    )
    assert not verify_signature(
        secret + "x", timestamp=str(timestamp), body=body, signature_header=signed, now=now
    )


def test_an_old_timestamp_is_refused_so_a_caught_request_cannot_be_replayed() -> None:
    body = b'{"url": "https://x.example/"}'
    signed = signature(SECRET, 1_000_000, body)
    assert verify_signature(
        SECRET, timestamp="1000000", body=body, signature_header=signed, now=1_000_299
    )
    assert not verify_signature(
        SECRET, timestamp="1000000", body=body, signature_header=signed, now=1_000_301
    )
