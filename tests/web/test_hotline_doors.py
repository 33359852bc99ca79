"""The hotline's doors on the web: the public report form and its follow-up page, and the
partner API. Both call vigil.hotline.reports.receive_report; the URLs they queue are
recorded by a queue of the test's own (nothing is fetched here)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.builders import CLI
from tests.web.conftest import form_token
from vigil import clock
from vigil.accounts import tokens
from vigil.domain.hotline import MediaState, UrlState
from vigil.hotline.pipeline import Queue
from vigil.settings import Settings
from vigil.store import db
from vigil.store.hotline import HotlineReport, MediaItem, ReportedUrl
from vigil.store.models import AuditEntry

REFERENCE = re.compile(r'id="reference">(HL-\d{4}-\d{6})<')
CODE = re.compile(r'id="followup-code">([^<]+)<')


@pytest.fixture
def queued(app) -> list[int]:
    """The ids of the URLs the doors hand to the queue."""
    ids: list[int] = []
    app.state.queue = Queue(ids.append, lambda _: None)
    return ids


@pytest.fixture
def settings(database_url, tmp_path) -> Settings:
    from tests.web.conftest import TEST_KEY

    return Settings(
        home=tmp_path / "home",
        database_url=database_url,
        secret_key=TEST_KEY,
        report_form_per_hour=3,
    )


def _count(engine, table) -> int:
    with db.session_scope(db.session_factory(engine)) as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def _send(client, urls: str, **fields: str):
    token = form_token(client.get("/report").text)
    return client.post("/report", data={"urls": urls, "csrf": token, **fields})


def test_anyone_reports_urls_and_reads_the_reference_and_follow_up_code(new_client, engine, queued):
    client = new_client()
    answer = _send(
        client,
        "https://Example.org/a#top\n\nhttp://example.net/b.jpg",
        description="pictures of children",
        email="",
    )
    assert answer.status_code == 200, answer.text
    reference = REFERENCE.search(answer.text).group(1)
    assert CODE.search(answer.text)
    with db.session_scope(db.session_factory(engine)) as s:
        report = s.scalar(select(HotlineReport).where(HotlineReport.reference == reference))
        assert report is not None and report.source.value == "public"
        assert [u.url for u in report.urls] == ["https://example.org/a", "http://example.net/b.jpg"]
        assert report.description == "pictures of children" and report.reporter_email == ""
        assert sorted(queued) == sorted(u.id for u in report.urls)
        actions = s.scalars(select(AuditEntry.action)).all()
    assert "hotline.report" in actions


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "has no scheme"),
        ("ftp://example.org/file", "only http:// and https://"),
        ("javascript:alert(1)", "only http:// and https://"),
        ("https://user:secret@example.org/", "user name or password"),
    ],
)
def test_a_url_that_cannot_be_reported_refuses_the_form_and_stores_nothing(
    new_client, engine, queued, url, says
):
    answer = _send(new_client(), f"https://example.org/fine\n{url}", description="seen")
    assert answer.status_code == 422
    assert says in answer.text
    assert 'id="e-urls"' in answer.text  # next to the field
    assert "seen</textarea>" in answer.text  # what was typed stays
    assert _count(engine, HotlineReport) == 0 and queued == []


def test_a_report_without_a_url_says_to_give_one(new_client, engine):
    answer = _send(new_client(), "  \n", description="seen")
    assert answer.status_code == 422 and "at least one URL" in answer.text
    assert _count(engine, HotlineReport) == 0


def test_a_wrong_email_address_is_refused_next_to_its_field(new_client, engine):
    answer = _send(new_client(), "https://example.org/", email="not an address")
    assert answer.status_code == 422 and 'id="e-email"' in answer.text
    assert _count(engine, HotlineReport) == 0


def test_a_post_without_the_form_token_of_its_cookie_is_refused(new_client, engine):
    client = new_client()
    client.get("/report")
    forged = client.post("/report", data={"urls": "https://example.org/", "csrf": "guess"})
    assert forged.status_code == 403
    stranger = new_client().post("/report", data={"urls": "https://example.org/", "csrf": "x"})
    assert stranger.status_code == 403
    assert _count(engine, HotlineReport) == 0


def test_one_address_sends_at_most_the_hours_reports(new_client, engine, queued):
    for n in range(3):
        assert _send(new_client(), f"https://example.org/{n}").status_code == 200
    refused = _send(new_client(), "https://example.org/more")
    assert refused.status_code == 429
    assert "3 reports in the last hour" in refused.text
    assert _count(engine, HotlineReport) == 3


def test_the_form_speaks_the_readers_language(new_client):
    client = new_client()
    for lang, word in [
        ("nl", "Waar u het zag"),
        ("fr", "Envoyer le signalement"),
        ("de", "Wo Sie es gesehen haben"),
        ("en", "Where you saw it"),
    ]:
        page = client.get("/report", headers={"accept-language": lang})
        assert f'lang="{lang}"' in page.text and word in page.text


def _status(client, reference: str, code: str):
    return client.post("/report/status", data={"reference": reference, "code": code})


def test_the_follow_up_code_shows_what_became_of_the_report_and_nothing_else(
    new_client, engine, queued
):
    client = new_client()
    sent = _send(client, "https://example.org/page", description="secret words")
    reference = REFERENCE.search(sent.text).group(1)
    code = CODE.search(sent.text).group(1)
    shown = _status(client, reference.lower(), code)
    assert shown.status_code == 200 and 'id="progress"><strong>Received<' in shown.text
    assert "example.org" not in shown.text and "secret words" not in shown.text
    with db.session_scope(db.session_factory(engine)) as s:
        url = s.scalar(select(ReportedUrl))
        url.state = UrlState.FETCHED
        s.add(MediaItem(reported=url, url="https://example.org/a.jpg", state=MediaState.PENDING))
    looked_at = _status(client, reference, code)
    assert "Being looked at" in looked_at.text
    with db.session_scope(db.session_factory(engine)) as s:
        s.scalar(select(MediaItem)).state = MediaState.CONFIRMED_FROM_LIST
    assert "Acted on" in _status(client, reference, code).text


def test_a_wrong_code_or_reference_tells_nothing(new_client, queued):
    client = new_client()
    sent = _send(client, "https://example.org/page")
    reference = REFERENCE.search(sent.text).group(1)
    wrong_code = _status(client, reference, "not-the-code")
    wrong_reference = _status(client, "HL-1999-000001", CODE.search(sent.text).group(1))
    assert wrong_code.status_code == wrong_reference.status_code == 404
    assert "no report with this reference and follow-up code" in wrong_code.text
    assert 'id="progress"' not in wrong_code.text


@pytest.fixture
def partner(engine, new_client):
    """A client with a token holding hotline.report only."""
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "inhope", ["hotline.report"], by=CLI)
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    return client


def test_a_partner_reports_urls_once_however_often_it_sends_them(partner, engine, queued):
    body = {
        "urls": ["https://example.org/a", "https://example.org/b.png"],
        "description": "forwarded",
        "source": "ICCAM",
        "external_id": "iccam-42",
    }
    first = partner.post("/api/v1/hotline/reports", json=body)
    assert first.status_code == 201, first.text
    assert first.json()["repeated"] is False and first.json()["urls"] == 2
    again = partner.post("/api/v1/hotline/reports", json=body)
    assert again.status_code == 200
    assert again.json()["reference"] == first.json()["reference"] and again.json()["repeated"]
    other_source = partner.post("/api/v1/hotline/reports", json={**body, "source": "other"})
    assert other_source.status_code == 201
    assert other_source.json()["reference"] != first.json()["reference"]
    assert _count(engine, HotlineReport) == 2
    assert len(queued) == 2  # the second report's URLs are within the window: linked, not fetched
    with db.session_scope(db.session_factory(engine)) as s:
        names = set(s.scalars(select(HotlineReport.source_name)))
    assert names == {"token:inhope / ICCAM", "token:inhope / other"}


def test_the_api_refuses_a_bad_url_with_the_one_error_body_and_stores_nothing(
    partner, engine, queued
):
    answer = partner.post(
        "/api/v1/hotline/reports", json={"urls": ["https://example.org/", "file:///etc/passwd"]}
    )
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "invalid" and error["field"] == "url"
    assert "file:///etc/passwd" in error["message"]
    assert partner.post("/api/v1/hotline/reports", json={"urls": []}).status_code == 422
    assert _count(engine, HotlineReport) == 0 and queued == []


def test_a_token_without_hotline_report_may_not_report(engine, new_client):
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "cases", ["case.read"], by=CLI)
    client = new_client()
    answer = client.post(
        "/api/v1/hotline/reports",
        json={"urls": ["https://example.org/"]},
        headers={"authorization": f"Bearer {secret}"},
    )
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"


def test_the_partner_api_is_in_the_openapi_document(new_client):
    document = new_client().get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/hotline/reports"]["post"]
    assert {"201", "200", "422", "403"} <= set(operation["responses"])
    body = document["components"]["schemas"]["HotlineReportIn"]
    assert set(body["properties"]) == {"urls", "description", "source", "external_id"}


def test_the_figures_page_counts_the_reports_of_the_year(new_client, browser_as, queued):
    _send(new_client(), "https://example.org/a\nhttps://example.org/b")
    page = browser_as("carol").get(f"/figures?year={clock.today().year}").text
    row = re.search(r"Reports received</th><td class=\"num\">(\d+)<", page)
    assert row and row.group(1) == "1"
    assert re.search(r"URLs reported</th><td class=\"num\">2<", page)


def test_a_queue_out_of_reach_loses_no_report(app, new_client, engine, caplog):
    def broken(_: int) -> None:
        raise ConnectionError("the broker is down")

    app.state.queue = Queue(broken, broken)
    sent = _send(new_client(), "https://example.org/a")
    assert sent.status_code == 200 and REFERENCE.search(sent.text)
    assert _count(engine, ReportedUrl) == 1  # stored: the sweep will queue it again
    assert "the sweep will queue them again" in caplog.text


@examples(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    urls=st.text(max_size=200),
    description=st.text(max_size=200),
    email=st.text(max_size=40),
)
def test_whatever_is_typed_the_form_answers_with_a_page_and_never_fails(
    new_client, engine, queued, urls, description, email
):
    before = _count(engine, HotlineReport)
    answer = _send(new_client(), urls, description=description, email=email)
    assert answer.status_code in (200, 422, 429), answer.text
    stored = _count(engine, HotlineReport) - before
    assert stored == (1 if answer.status_code == 200 else 0)
