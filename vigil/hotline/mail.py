"""Notices by e-mail, with the standard library's SMTP client.

Each notice is one plain-text message in UTF-8, with no attachment and no HTML (nothing that
could carry an image). Vigil switches to TLS with STARTTLS whenever the server offers it,
checking the server's certificate against the system's authorities or ``ca_file``, and logs
in only over TLS.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

from vigil import clock
from vigil.hotline.deliveries import Channel, Delivery, DeliveryResult
from vigil.settings import Settings

if TYPE_CHECKING:
    from vigil.hotline.notices import Notice, RenderedNotice, Sender


@dataclass(frozen=True)
class SmtpServer:
    """Where notices are sent from, and how to log in (no login without ``user``)."""

    host: str
    port: int = 587
    user: str = ""
    password: str = ""
    ca_file: Path | None = None
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpServer | None:
        """The configured server, or None when VIGIL_SMTP_HOST is empty."""
        if not settings.smtp_host:
            return None
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_user,
            settings.smtp_password,
            settings.smtp_ca_file,
        )


def compose(
    rendered: RenderedNotice, *, sender: Sender, recipient: str, notice: Notice
) -> EmailMessage:
    """The e-mail of a rendered notice: plain text, its language in Content-Language, the
    hotline's reference in X-Vigil-Reference, a fresh Message-ID on the sender's domain."""
    message = EmailMessage()
    message.set_content(rendered.body, charset="utf-8")  # first: it clears Content-* headers
    message["From"] = formataddr((sender.organisation, sender.address))
    message["To"] = recipient
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(domain=sender.address.rpartition("@")[2] or None)
    message["Content-Language"] = rendered.language
    message["X-Vigil-Reference"] = notice.reference
    return message


def send_email(message: EmailMessage, server: SmtpServer) -> Delivery:
    """Send ``message`` through ``server``; return what became of it (never raise for what
    the network or the server did)."""
    message_id = str(message["Message-ID"])
    try:
        with smtplib.SMTP(server.host, server.port, timeout=server.timeout) as smtp:
            problem = _secure(smtp, server)
            if problem:
                return _record(message_id, DeliveryResult.FAILED, problem)
            if server.user:
                smtp.login(server.user, server.password)
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        return _record(
            message_id,
            DeliveryResult.FAILED,
            f"the mail server refused the login ({_said(exc.smtp_code, exc.smtp_error)}); "
            "check VIGIL_SMTP_USER and VIGIL_SMTP_PASSWORD",
        )
    except smtplib.SMTPRecipientsRefused as exc:
        code, said = next(iter(exc.recipients.values()))
        return _answered(message_id, "the recipient", code, said)
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
        return _answered(message_id, "the message", exc.smtp_code, exc.smtp_error)
    except ssl.SSLError as exc:
        return _record(message_id, DeliveryResult.FAILED, f"TLS with the mail server: {exc}")
    except (smtplib.SMTPException, OSError) as exc:
        return _record(
            message_id, DeliveryResult.FAILED, f"{type(exc).__name__}: {exc}".rstrip(": ")
        )
    return _record(message_id, DeliveryResult.SENT, None)


def _secure(smtp: smtplib.SMTP, server: SmtpServer) -> str | None:
    """Switch to TLS if the server offers it; say why not to go on without it."""
    smtp.ehlo()
    if smtp.has_extn("starttls"):
        context = ssl.create_default_context(cafile=str(server.ca_file) if server.ca_file else None)
        smtp.starttls(context=context)
        smtp.ehlo()
        return None
    if server.user:
        return (
            "the mail server does not offer STARTTLS, and Vigil does not send a password "
            "over a plain connection; use a server that offers it, or unset VIGIL_SMTP_USER "
            "for a relay that needs no login"
        )
    return None


def _answered(message_id: str, what: str, code: int, said: bytes | str) -> Delivery:
    """A refusal by the server: for good (5xx) or for now (4xx)."""
    result = DeliveryResult.REFUSED if code >= 500 else DeliveryResult.FAILED
    return _record(message_id, result, f"the mail server refused {what}: {_said(code, said)}")


def _said(code: int, said: bytes | str) -> str:
    text = said.decode("utf-8", "replace") if isinstance(said, bytes) else said
    return f"{code} {text}".strip()


def _record(message_id: str, result: DeliveryResult, reason: str | None) -> Delivery:
    return Delivery(Channel.EMAIL, message_id, clock.now(), result, reason)


def not_sent(reason: str) -> Delivery:
    """A notice that could not even be tried, with what to set (no message, no id)."""
    return Delivery(Channel.EMAIL, "", clock.now(), DeliveryResult.FAILED, reason, attempts=0)
