"""The takedown's jobs wired on the queue (Huey in immediate mode: each task runs when it is
queued): a report's confirmed picture is noticed to the host and the police, and the crawl
of its page's site runs, finding the site's other known picture as a report of source
crawler, noticed in turn; the periodic task re-checks what is due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from tests.builders import CLI
from tests.hotline.mail_servers import Hook, smtp_server, webhook_receiver
from tests.hotline.servers import Site, body, make_settings
from tests.hotline.takedown_world import KNOWN, add_contacts, place
from vigil import clock
from vigil.domain.hotline import Source
from vigil.domain.takedown import CrawlState, TakedownState
from vigil.hashing import service as lists
from vigil.hashing.signals import hash_bytes
from vigil.hotline import reports
from vigil.jobs.queue import make_jobs
from vigil.store import db
from vigil.store.hotline import HotlineReport
from vigil.store.takedown import Crawl, Takedown


def _site() -> Site:
    page = '<html><body><img src="/a.png"><a href="/more">more</a></body></html>'
    more = '<html><body><img src="/b.png"></body></html>'
    return Site(
        {
            "/page": body("text/html", page.encode()),
            "/more": body("text/html", more.encode()),
            "/a.png": body("image/png", KNOWN),
            "/b.png": body("image/png", KNOWN + b"\0"),  # the same picture, other bytes
        }
    )


def test_a_confirmed_picture_is_noticed_and_its_site_crawled_by_the_jobs(
    tmp_path: Path, database_url: str, engine: Engine
) -> None:
    with smtp_server() as mailbox, webhook_receiver(Hook("x" * 20)) as hook, _site() as site:
        settings = make_settings(
            home=tmp_path / "home",
            database_url=database_url,
            evidence_key=bytes(range(32)),
            organisation="Fondation Exemple",
            notice_from="hotline@foundation.example",
            smtp_host="127.0.0.1",
            smtp_port=mailbox.port,
            fetch_link_depth=0,
            crawl_delay=0.0,
        )
        factory = db.session_factory(engine)
        listed = tmp_path / "known.txt"
        listed.write_text(f"{hash_bytes(KNOWN).pdq}\n")
        with db.session_scope(factory) as s:
            lists.import_list(s, name="partners", path=listed)
        place(factory, "BE")
        add_contacts(factory, hook.url)
        jobs = make_jobs(settings, factory)
        jobs.huey.immediate = True
        jobs.takedowns.notifier.reverse_dns = lambda address: None
        with db.session_scope(factory) as s:
            received = reports.receive_report(s, [site.url("/page")], by=CLI, settings=settings)
            to_fetch = received.to_fetch
        for url_id in to_fetch:
            jobs.queue.fetch_url(url_id)

        with db.session_scope(factory) as s:
            urls = sorted(t.url.rsplit("/", 1)[1] for t in s.scalars(select(Takedown)))
            assert urls == ["a.png", "b.png"]
            (crawl,) = s.scalars(select(Crawl)).all()
            assert crawl.state is CrawlState.DONE and crawl.matches == 1
            sources = sorted(r.source for r in s.scalars(select(HotlineReport)))
            assert sources == [Source.CLI, Source.CRAWLER]
        assert len(mailbox.messages) == 4  # host and police, for each picture

        site.routes["/a.png"] = body("text/plain", b"gone", status=404)
        clock.freeze(datetime.now(UTC) + timedelta(hours=25))
        try:
            jobs.takedowns_task.call_local()
        finally:
            clock.freeze(None)
        with db.session_scope(factory) as s:
            states = {t.url.rsplit("/", 1)[1]: t.state for t in s.scalars(select(Takedown))}
        assert states == {"a.png": TakedownState.REMOVED, "b.png": TakedownState.OPEN}
