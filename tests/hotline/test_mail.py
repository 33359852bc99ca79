"""Notices by e-mail, received by a real SMTP server on 127.0.0.1 (aiosmtpd): one plain
text in the recipient's language, no image, no attachment; STARTTLS when offered, a login
only over it; each send recorded with its Message-ID and result."""

from __future__ import annotations

import email
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from tests.hotline.mail_servers import free_port, self_signed_certificate, smtp_server
from tests.hotline.test_notices import NOTICE, SENDER
from vigil.domain.contacts import NOTICE_LANGUAGES, ContactKind
from vigil.hotline.deliveries import Channel, DeliveryResult
from vigil.hotline.mail import SmtpServer
from vigil.hotline.notices import render_notice
from vigil.hotline.sending import deliver
from vigil.settings import Settings


@dataclass(frozen=True)
class ByMail:
    kind: ContactKind
    language: str
    email: str | None = "abuse@hosting.example"
    webhook_url: str | None = None
    webhook_secret: str | None = None


def parsed(content: bytes) -> EmailMessage:
    message = email.message_from_bytes(content, policy=default)
    assert isinstance(message, EmailMessage)
    return message


@pytest.mark.parametrize("language", NOTICE_LANGUAGES)
def test_a_notice_arrives_as_one_plain_text_in_the_recipients_language(language: str) -> None:
    with smtp_server() as mailbox:
        server = SmtpServer("127.0.0.1", mailbox.port)
        delivery = deliver(NOTICE, ByMail(ContactKind.HOST_ABUSE, language), SENDER, smtp=server)
    assert delivery.result is DeliveryResult.SENT, delivery.reason
    assert (delivery.channel, delivery.attempts, delivery.reason) == (Channel.EMAIL, 1, None)
    [received] = mailbox.messages
    assert received.mail_from == "meldpunt@voorbeeld.example"
    assert received.rcpt_tos == ["abuse@hosting.example"]
    message = parsed(received.content)
    expected = render_notice(NOTICE, ContactKind.HOST_ABUSE, language, SENDER)
    assert message["Subject"] == expected.subject
    assert message["From"] == "Stichting Voorbeeld <meldpunt@voorbeeld.example>"
    assert message["To"] == "abuse@hosting.example"
    assert message["Content-Language"] == language
    assert message["X-Vigil-Reference"] == "HL-2026-000123"
    assert message["Message-ID"] == delivery.message_id
    assert delivery.message_id.endswith("@voorbeeld.example>")
    assert message["Date"] is not None
    assert not message.is_multipart() and message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n") == expected.body
    assert list(message.iter_attachments()) == []
    assert b"image/" not in received.content and b"<img" not in received.content.lower()


def test_starttls_is_used_when_offered_and_the_login_goes_over_it(tmp_path: Path) -> None:
    certificate = self_signed_certificate(tmp_path)
    with smtp_server(certificate=certificate, login=("vigil", "s3cret pass")) as mailbox:
        server = SmtpServer(
            "127.0.0.1", mailbox.port, "vigil", "s3cret pass", ca_file=certificate[0]
        )
        delivery = deliver(NOTICE, ByMail(ContactKind.POLICE, "fr"), SENDER, smtp=server)
    assert delivery.result is DeliveryResult.SENT, delivery.reason
    [received] = mailbox.messages
    assert received.over_tls and received.logged_in_as == "vigil"
    assert parsed(received.content)["Subject"].startswith("Signalement HL-2026-000123")


def test_a_certificate_the_client_does_not_trust_fails_the_delivery(tmp_path: Path) -> None:
    with smtp_server(certificate=self_signed_certificate(tmp_path)) as mailbox:
        server = SmtpServer("127.0.0.1", mailbox.port)  # the system's authorities only
        delivery = deliver(NOTICE, ByMail(ContactKind.POLICE, "nl"), SENDER, smtp=server)
    assert delivery.result is DeliveryResult.FAILED
    assert "TLS with the mail server" in str(delivery.reason)
    assert "CERTIFICATE_VERIFY_FAILED" in str(delivery.reason)
    assert mailbox.messages == []


def test_no_password_goes_over_a_server_without_starttls() -> None:
    with smtp_server() as mailbox:
        server = SmtpServer("127.0.0.1", mailbox.port, "vigil", "s3cret")
        delivery = deliver(NOTICE, ByMail(ContactKind.POLICE, "en"), SENDER, smtp=server)
    assert delivery.result is DeliveryResult.FAILED
    assert "does not send a password over a plain connection" in str(delivery.reason)
    assert mailbox.messages == []


def test_a_wrong_password_fails_saying_which_settings_to_check(tmp_path: Path) -> None:
    certificate = self_signed_certificate(tmp_path)
    with smtp_server(certificate=certificate, login=("vigil", "right")) as mailbox:
        server = SmtpServer("127.0.0.1", mailbox.port, "vigil", "wrong", ca_file=certificate[0])
        delivery = deliver(NOTICE, ByMail(ContactKind.POLICE, "de"), SENDER, smtp=server)
    assert delivery.result is DeliveryResult.FAILED
    assert "refused the login (535" in str(delivery.reason)
    assert "VIGIL_SMTP_PASSWORD" in str(delivery.reason)


@pytest.mark.parametrize(
    ("code", "result"), [(550, DeliveryResult.REFUSED), (450, DeliveryResult.FAILED)]
)
def test_a_refused_recipient_is_refused_for_good_or_for_now_by_its_code(
    code: int, result: DeliveryResult
) -> None:
    with smtp_server() as mailbox:
        mailbox.refuse = code
        server = SmtpServer("127.0.0.1", mailbox.port)
        delivery = deliver(NOTICE, ByMail(ContactKind.HOST_ABUSE, "en"), SENDER, smtp=server)
    assert delivery.result is result
    assert f"the mail server refused the recipient: {code} 5.1.1" in str(delivery.reason)
    assert delivery.message_id.startswith("<")


def test_a_server_that_cannot_be_reached_fails_the_delivery() -> None:
    server = SmtpServer("127.0.0.1", free_port(), timeout=5)
    delivery = deliver(NOTICE, ByMail(ContactKind.HOST_ABUSE, "en"), SENDER, smtp=server)
    assert delivery.result is DeliveryResult.FAILED
    assert "ConnectionRefusedError" in str(delivery.reason)


def test_without_a_mail_server_the_delivery_fails_saying_what_to_set() -> None:
    delivery = deliver(NOTICE, ByMail(ContactKind.HOST_ABUSE, "en"), SENDER, smtp=None)
    assert delivery.result is DeliveryResult.FAILED and delivery.attempts == 0
    assert "set VIGIL_SMTP_HOST and VIGIL_NOTICE_FROM" in str(delivery.reason)
    nobody = ByMail(ContactKind.HOST_ABUSE, "en", email=None)
    assert "neither an e-mail address nor a webhook" in str(
        deliver(NOTICE, nobody, SENDER, smtp=SmtpServer("127.0.0.1")).reason
    )


def test_the_mail_server_comes_from_the_settings(tmp_path: Path) -> None:
    assert SmtpServer.from_settings(Settings(home=tmp_path)) is None
    configured = Settings(
        home=tmp_path,
        smtp_host="mail.example.org",
        smtp_user="vigil",
        smtp_password="pw",
        smtp_ca_file=tmp_path / "ca.pem",
    )
    assert SmtpServer.from_settings(configured) == SmtpServer(
        "mail.example.org", 587, "vigil", "pw", tmp_path / "ca.pem"
    )
