"""A small world for notice-and-takedown tests: a database with a hash list of one generated
picture, the networks database saying where 127.0.0.1 is hosted, the contacts, a local mail
server and webhook receiver, and a pipeline whose confirmations open takedowns at once."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from tests.builders import CLI
from tests.hashing.pictures import encode, scene
from tests.hotline.mail_servers import Hook, Mailbox, smtp_server, webhook_receiver
from tests.hotline.servers import Handler, make_settings
from vigil.domain.contacts import ContactKind
from vigil.hashing import service as lists
from vigil.hashing.signals import hash_bytes
from vigil.hotline import contacts, reports
from vigil.hotline.fetching import Fetcher, resolve
from vigil.hotline.mail import SmtpServer
from vigil.hotline.networks import address_key
from vigil.hotline.pipeline import Pipeline, Queue
from vigil.hotline.rechecks import Takedowns
from vigil.hotline.takedowns import Notifier
from vigil.hotline.webhooks import RetryPolicy
from vigil.settings import Settings
from vigil.store import db
from vigil.store.models import NetworkOperator, NetworkRange
from vigil.store.takedown import Takedown

KNOWN = encode(scene(320, 240, seed=7), "PNG")
OTHER = encode(scene(320, 240, seed=8), "PNG")
SECRET = "a shared secret of the partner hotline"


def picture_until(requests: int, then: int = 404, replacement: bytes | None = None) -> Callable:
    """An answer that serves the known picture ``requests`` times, then ``then`` (or the
    ``replacement`` picture): a page that disappears after N requests."""
    served = [0]

    def answer(h: Handler) -> None:
        served[0] += 1
        if served[0] <= requests:
            h.send(200, "image/png", KNOWN)
        elif replacement is not None:
            h.send(200, "image/png", replacement)
        else:
            h.send(then, "text/plain", b"gone")

    return answer


def void(_: object) -> None:
    """Drop what a step returns."""


@dataclass
class Names:
    """A resolver in which names can stop resolving (as a host that was taken down)."""

    gone: set[str] = field(default_factory=set)

    def __call__(self, host: str, port: int) -> list[str]:
        if host in self.gone:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if host.endswith(".test"):
            return ["127.0.0.1"]
        return resolve(host, port)


@dataclass
class World:
    settings: Settings
    pipeline: Pipeline
    takedowns: Takedowns
    mailbox: Mailbox
    hook: Hook
    names: Names

    @property
    def factory(self):  # type: ignore[no-untyped-def]
        return self.pipeline.factory

    def report(self, *urls: str) -> str:
        with db.session_scope(self.factory) as s:
            received = reports.receive_report(s, list(urls), by=CLI, settings=self.settings)
            reference, to_fetch = received.report.reference, received.to_fetch
        for url_id in to_fetch:
            self.pipeline.queue.fetch_url(url_id)
        return reference

    def only_takedown(self) -> Takedown:
        with db.session_scope(self.factory) as s:
            (row,) = s.scalars(select(Takedown)).all()
            row.notices  # noqa: B018 - loaded while the session is open
            return row


def place(factory, country: str, asn: int = 64500) -> None:  # type: ignore[no-untyped-def]
    """Say that 127.0.0.0/24 is delegated to ``country`` and announced by ``asn``."""
    first, last = address_key("127.0.0.0"), address_key("127.0.0.255")
    with db.session_scope(factory) as s:
        s.add(NetworkRange(first=first, last=last, country=country, rir="ripencc"))
        s.add(NetworkOperator(first=first, last=last, asn=asn, name="Example Hosting BV"))


def add_contacts(factory, hook_url: str) -> None:  # type: ignore[no-untyped-def]
    with db.session_scope(factory) as s:
        contacts.add_contact(
            s,
            kind=ContactKind.HOST_ABUSE,
            name="Example Hosting abuse desk",
            country="BE",
            language="fr",
            asn=64500,
            email="abuse@hosting.example",
            by=CLI,
        )
        contacts.add_contact(
            s,
            kind=ContactKind.POLICE,
            name="Federal Computer Crime Unit",
            country="BE",
            language="nl",
            email="fccu@police.example",
            by=CLI,
        )
        contacts.add_contact(
            s,
            kind=ContactKind.PARTNER_HOTLINE,
            name="Meldestelle Beispiel",
            country="DE",
            language="de",
            webhook_url=hook_url,
            webhook_secret=SECRET,
            by=CLI,
        )
        contacts.add_contact(
            s,
            kind=ContactKind.PARTNER_HOTLINE,
            name="Example Hotline",
            country="GB",
            language="en",
            email="reports@hotline.example",
            by=CLI,
        )


@contextmanager
def world(
    tmp_path: Path, database_url: str, engine: Engine, **overrides: object
) -> Iterator[World]:
    with smtp_server() as mailbox, webhook_receiver(Hook(SECRET)) as hook:
        values: dict[str, object] = {
            "home": tmp_path / "home",
            "database_url": database_url,
            "evidence_key": bytes(range(32)),
            "organisation": "Fondation Exemple",
            "notice_from": "hotline@foundation.example",
            "country": "BE",
        }
        settings = make_settings(**{**values, **overrides})
        factory = db.session_factory(engine)
        listed = tmp_path / "known.txt"
        listed.write_text(f"{hash_bytes(KNOWN).pdq}\n")
        with db.session_scope(factory) as s:
            lists.import_list(s, name="partners", path=listed)
        names = Names()
        fetcher = Fetcher(settings, resolver=names)
        pipeline = Pipeline(
            settings, factory, Queue(lambda _: None, lambda _: None), fetcher=fetcher
        )
        notifier = Notifier(
            settings,
            factory,
            smtp=SmtpServer("127.0.0.1", mailbox.port, timeout=5),
            retry=RetryPolicy(attempts=2, first_pause=0, timeout=5),
            reverse_dns=lambda address: "host-7.hosting.example",
        )
        takedowns = Takedowns(settings, factory, pipeline=pipeline, notifier=notifier)
        pipeline.queue = Queue(
            pipeline.fetch_url,
            lambda item_id: pipeline.process_media(item_id),
            lambda item_id: void(notifier.open(item_id)),
        )
        add_contacts(factory, hook.url)
        yield World(settings, pipeline, takedowns, mailbox, hook, names)
