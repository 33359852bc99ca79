"""Real servers on 127.0.0.1 for the notices' tests: an SMTP server (aiosmtpd), with
STARTTLS on a self-signed certificate made here, and a webhook receiver that checks
signatures and can fail its first requests."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# -- a certificate -----------------------------------------------------------------------------


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, signed by its own key; (cert, key) files.
    A client trusts it by taking the certificate file as its CA file."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "vigil test mail server")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- SMTP --------------------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    over_tls: bool
    logged_in_as: str | None


@dataclass
class Mailbox:
    """What the server received; ``refuse`` makes it refuse recipients with that code."""

    port: int
    messages: list[Received] = field(default_factory=list)
    refuse: int | None = None


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if self.mailbox.refuse:
            return f"{self.mailbox.refuse} 5.1.1 <{address}>: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        content = envelope.original_content or b""
        login = session.auth_data
        self.mailbox.messages.append(
            Received(
                mail_from=str(envelope.mail_from),
                rcpt_tos=list(envelope.rcpt_tos),
                content=content,
                over_tls=session.ssl is not None,
                logged_in_as=login.decode() if isinstance(login, bytes) else None,
            )
        )
        return "250 Message accepted for delivery"


def _authenticator(user: str, password: str) -> Any:
    def check(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            user.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, auth_data=data.login if ok else None, handled=False)

    return check


@contextmanager
def smtp_server(
    *, certificate: tuple[Path, Path] | None = None, login: tuple[str, str] | None = None
) -> Iterator[Mailbox]:
    """An SMTP server on 127.0.0.1; with ``certificate`` it offers STARTTLS, with ``login``
    it offers AUTH (only after STARTTLS) and checks the user and password."""
    mailbox = Mailbox(free_port())
    options: dict[str, Any] = {}
    if certificate is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*certificate)
        options["tls_context"] = context
    if login is not None:
        options["authenticator"] = _authenticator(*login)
        options["auth_require_tls"] = True
    controller = Controller(_Handler(mailbox), hostname="127.0.0.1", port=mailbox.port, **options)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()


# -- webhooks ----------------------------------------------------------------------------------


@dataclass
class Hook:
    """A webhook receiver's state: ``fail_first`` requests answer ``fail_status``; then
    ``status``. Each request is kept with whether its signature and timestamp checked out."""

    secret: str
    fail_first: int = 0
    fail_status: int = 503
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


def _hook_handler(hook: Hook) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            timestamp = self.headers.get("X-Vigil-Timestamp", "")
            signed = timestamp.encode() + b"." + body
            expected = (
                "sha256=" + hmac.new(hook.secret.encode(), signed, hashlib.sha256).hexdigest()
            )
            genuine = hmac.compare_digest(expected, self.headers.get("X-Vigil-Signature", ""))
            fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300
            hook.requests.append(
                {
                    "genuine": genuine,
                    "fresh": fresh,
                    "delivery": self.headers.get("X-Vigil-Delivery"),
                    "content_type": self.headers.get("Content-Type"),
                    "document": json.loads(body),
                }
            )
            status = hook.status
            if not genuine:
                status = 401
            elif len(hook.requests) <= hook.fail_first:
                status = hook.fail_status
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"signature refused" if status == 401 else b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def webhook_receiver(hook: Hook) -> Iterator[Hook]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _hook_handler(hook))
    hook.url = f"http://127.0.0.1:{server.server_address[1]}/vigil/notices"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
