"""Notices sent from the pipeline: a URL confirmed from a list is routed by where it is
hosted and noticed, each notice recorded with its message id, time and result; a recipient
nobody knows is a supervisor's task. Every server listens on 127.0.0.1; the pictures are
generated."""

from __future__ import annotations

import email
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.builders import CLI
from tests.hotline.servers import Site, body
from tests.hotline.takedown_world import KNOWN, World, place, world
from vigil.domain.hotline import MediaState
from vigil.domain.takedown import CONFIRMED_MEDIA, TakedownState
from vigil.hotline import tasks
from vigil.hotline.takedowns import confirmed_without_takedown
from vigil.store import db
from vigil.store.hotline import MediaItem
from vigil.store.takedown import HotlineTask, SentNotice, Takedown

PAGE = b'<html><body><img src="/known.png"><img src="/nothing.png"></body></html>'


def _site() -> Site:
    return Site(
        {
            "/page.html": body("text/html; charset=utf-8", PAGE),
            "/known.png": body("image/png", KNOWN),
        }
    )


@pytest.fixture
def w(tmp_path: Path, database_url: str, engine: Engine):
    with world(tmp_path, database_url, engine) as made:
        yield made


def _mails(w: World) -> dict[str, EmailMessage]:
    parsed = [email.message_from_bytes(m.content, policy=default) for m in w.mailbox.messages]
    return {str(m["To"]): m for m in parsed}  # type: ignore[misc]


def test_a_url_confirmed_at_home_is_noticed_to_the_host_and_reported_to_the_police(w: World):
    place(w.factory, "BE")
    with _site() as site:
        reference = w.report(site.url("/page.html"))
    takedown = w.only_takedown()
    assert takedown.url.endswith("/known.png") and takedown.reference == reference
    assert (takedown.address, takedown.country, takedown.asn) == ("127.0.0.1", "BE", 64500)
    assert takedown.reverse_dns == "host-7.hosting.example"
    assert takedown.as_name == "Example Hosting BV" and takedown.rounds == 1
    mails = _mails(w)
    assert set(mails) == {"abuse@hosting.example", "fccu@police.example"}
    assert mails["abuse@hosting.example"]["Content-Language"] == "fr"
    assert mails["fccu@police.example"]["Content-Language"] == "nl"
    for recorded in takedown.notices:
        assert recorded.result == "sent" and recorded.round == 1 and recorded.channel == "email"
        assert recorded.message_id == str(mails[_address(recorded)]["Message-ID"])
        assert recorded.at is not None
    assert takedown.first_notice_at is not None


def _address(notice: SentNotice) -> str:
    return {"host_abuse": "abuse@hosting.example", "police": "fccu@police.example"}[notice.kind]


def test_a_notice_is_plain_text_and_never_carries_the_picture(w: World):
    place(w.factory, "BE")
    with _site() as site:
        w.report(site.url("/page.html"))
    for received in w.mailbox.messages:
        message = email.message_from_bytes(received.content, policy=default)
        assert not message.is_multipart()
        assert message.get_content_type() == "text/plain"
        assert KNOWN[:64] not in received.content
        assert b"image/" not in received.content and b"base64" not in received.content.lower()
        text = message.get_content()
        assert "/known.png" in text and "HL-" in text


def test_a_url_hosted_abroad_goes_to_that_countrys_partner_hotline_by_signed_webhook(w: World):
    place(w.factory, "DE", asn=64999)
    with _site() as site:
        reference = w.report(site.url("/page.html"))
    assert w.mailbox.messages == []
    (request,) = w.hook.requests
    assert request["genuine"]
    document = request["document"]
    assert document["kind"] == "partner_hotline" and document["language"] == "de"
    assert document["reference"] == reference and document["url"].endswith("/known.png")
    assert set(document) >= {"url", "classification", "reference", "reported_at", "assessed_at"}
    (recorded,) = w.only_takedown().notices
    assert recorded.channel == "webhook" and recorded.message_id == request["delivery"]


def test_an_unknown_host_becomes_a_supervisors_task_and_nothing_is_sent(w: World):
    with _site() as site:
        w.report(site.url("/page.html"))
    assert w.mailbox.messages == [] and w.hook.requests == []
    takedown = w.only_takedown()
    assert takedown.country is None and takedown.notices == []
    with db.session_scope(w.factory) as s:
        (task,) = tasks.list_tasks(s, by=CLI)
        assert task.reason == "unknown_country" and task.takedown_id == takedown.id
        tasks.close_task(s, task.id, by=CLI)
        assert tasks.list_tasks(s, by=CLI) == []


def test_a_missing_contact_is_a_task_while_the_other_recipients_are_written_to(w: World):
    place(w.factory, "BE", asn=65001)  # no abuse contact for this operator
    with _site() as site:
        w.report(site.url("/page.html"))
    assert set(_mails(w)) == {"fccu@police.example"}
    with db.session_scope(w.factory) as s:
        (task,) = s.scalars(select(HotlineTask)).all()
        assert task.reason == "no_host_contact" and "AS65001" in task.message


def test_a_confirmed_item_is_noticed_once_however_often_its_job_runs(w: World):
    place(w.factory, "BE")
    with _site() as site:
        w.report(site.url("/page.html"))
    takedown = w.only_takedown()
    assert w.takedowns.notifier.open(takedown.item_id) is None
    assert w.takedowns.run_due().opened == 0
    assert len(w.mailbox.messages) == 2


def test_a_confirmed_item_no_job_noticed_is_found_by_the_periodic_work(w: World):
    place(w.factory, "BE")
    w.pipeline.queue.open_takedown = lambda item_id: None  # the job was lost
    with _site() as site:
        w.report(site.url("/page.html"))
    with db.session_scope(w.factory) as s:
        assert len(confirmed_without_takedown(s)) == 1
    assert w.takedowns.run_due().opened == 1
    assert len(w.mailbox.messages) == 2


def test_what_counts_as_confirmed_is_one_set_of_media_states():
    assert MediaState.CONFIRMED_FROM_LIST in CONFIRMED_MEDIA
    assert MediaState.AWAITING_REVIEW not in CONFIRMED_MEDIA
    assert MediaState.FAILED not in CONFIRMED_MEDIA


def test_an_item_awaiting_review_is_not_noticed(w: World):
    place(w.factory, "BE")
    with _site() as site:
        w.report(site.url("/page.html"))
    with db.session_scope(w.factory) as s:
        states = {i.url.rsplit("/", 1)[1]: i.state for i in s.scalars(select(MediaItem))}
        assert states["known.png"] is MediaState.CONFIRMED_FROM_LIST
        assert s.scalar(select(Takedown.state)) is TakedownState.OPEN
        assert len(s.scalars(select(Takedown)).all()) == 1


@pytest.mark.parametrize(
    ("country", "to", "language"),
    [("GB", "reports@hotline.example", "en"), ("BE", "abuse@hosting.example", "fr")],
)
def test_each_recipient_reads_the_notice_in_its_own_language(
    w: World, country: str, to: str, language: str
):
    place(w.factory, country)
    with _site() as site:
        w.report(site.url("/page.html"))
    message = _mails(w)[to]
    assert message["Content-Language"] == language
    assert message["X-Vigil-Reference"].startswith("HL-")


def test_a_recipient_the_first_notice_did_not_reach_is_written_to_with_the_reminder(w: World):
    from vigil import clock

    place(w.factory, "BE")
    w.mailbox.refuse = 451  # the mail server refuses for now
    with _site() as site:
        w.report(site.url("/page.html"))
        takedown = w.only_takedown()
        assert {n.result for n in takedown.notices} == {"failed"}
        assert takedown.first_notice_at is None
        w.mailbox.refuse = None
        clock.freeze(clock.now() + timedelta(hours=25))
        try:
            w.takedowns.run_due()
        finally:
            clock.freeze(None)
    takedown = w.only_takedown()
    second = sorted(n.kind.value for n in takedown.notices if n.round == 2)
    assert second == ["host_abuse", "police"]
    assert takedown.first_notice_at is not None


def test_once_the_networks_database_knows_the_host_the_next_round_writes_to_it(w: World):
    from vigil import clock

    with _site() as site:
        w.report(site.url("/page.html"))
        assert w.mailbox.messages == []
        place(w.factory, "BE")  # the operator loads the database
        clock.freeze(clock.now() + timedelta(hours=25))
        try:
            w.takedowns.run_due()
        finally:
            clock.freeze(None)
    takedown = w.only_takedown()
    assert (takedown.country, takedown.asn) == ("BE", 64500)
    assert set(_mails(w)) == {"abuse@hosting.example", "fccu@police.example"}
