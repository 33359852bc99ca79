"""What became of one notice sent: the record the pipeline keeps for each send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class DeliveryResult(StrEnum):
    SENT = "sent"
    """The mail server or the webhook accepted the notice."""
    REFUSED = "refused"
    """The other side said no for good (a 5xx SMTP reply, a 3xx or 4xx HTTP answer): sending
    the same again will not help; a person must look at the contact."""
    FAILED = "failed"
    """It could not be delivered now (network, time-out, a temporary refusal, a server
    error after every retry, or Vigil's own configuration): it may pass later."""


class Channel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


@dataclass(frozen=True)
class Delivery:
    """One send. ``message_id`` is the e-mail's Message-ID or the webhook's delivery id (the
    same for every retry of one delivery); ``at`` is when the last attempt ended; ``reason``
    says why it was refused or failed, and is None when sent."""

    channel: Channel
    message_id: str
    at: datetime
    result: DeliveryResult
    reason: str | None = None
    attempts: int = 1

    def as_record(self) -> dict[str, Any]:
        return {
            "channel": self.channel.value,
            "message_id": self.message_id,
            "at": self.at.isoformat(),
            "result": self.result.value,
            "reason": self.reason,
            "attempts": self.attempts,
        }
