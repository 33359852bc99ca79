"""Sending a notice: by the recipient's webhook, or else by e-mail (vigil.hotline.mail,
vigil.hotline.webhooks), in the recipient's language (vigil.hotline.notices)."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from vigil.hotline import mail, webhooks
from vigil.hotline.deliveries import Delivery
from vigil.hotline.notices import Notice, Recipient, Sender, notice_document, render_notice


def deliver(
    notice: Notice,
    recipient: Recipient,
    sender: Sender,
    *,
    smtp: mail.SmtpServer | None,
    retry: webhooks.RetryPolicy = webhooks.DEFAULT_RETRY,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Delivery:
    """Write the notice for ``recipient`` in its language and send it by its webhook, or
    else by e-mail through ``smtp``; return what became of it. A recipient without either,
    or e-mail without a mail server or a From address, is a failed delivery that says what
    to set. Raise InputError only for what no retry can mend (see :func:`render_notice`)."""
    rendered = render_notice(notice, recipient.kind, recipient.language, sender)
    if recipient.webhook_url and recipient.webhook_secret:
        document = notice_document(notice, recipient.kind, rendered, sender)
        return webhooks.send_webhook(
            recipient.webhook_url,
            recipient.webhook_secret,
            document,
            policy=retry,
            client=client,
            sleep=sleep,
        )
    if not recipient.email:
        return mail.not_sent("the contact has neither an e-mail address nor a webhook")
    if smtp is None or not sender.address:
        return mail.not_sent(
            "no mail server is configured: set VIGIL_SMTP_HOST and VIGIL_NOTICE_FROM"
        )
    message = mail.compose(rendered, sender=sender, recipient=recipient.email, notice=notice)
    return mail.send_email(message, smtp)
