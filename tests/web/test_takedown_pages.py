"""The hotline supervisor's pages of notice-and-takedown: the confirmed URLs and one's
notices and re-checks, the tasks (closed by a form, audited), and the hosts ranked by
removal time. A reported URL is text on these pages: never a link, never an image."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.figures.test_takedown import make_takedown
from vigil.domain.takedown import CheckResult
from vigil.hotline import tasks
from vigil.store import db
from vigil.store.models import AuditEntry
from vigil.store.takedown import HotlineTask, Takedown

pytestmark = pytest.mark.usefixtures("frozen_today")
REPORTED = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
OTHERS = ("alice", "bob", "carol", "dave", "sam", "ada")


@pytest.fixture
def urls(engine) -> dict[str, Takedown]:
    """Two confirmed URLs: one removed 30 hours after its report, one still online in NL
    after three notices, the last re-check unreachable."""
    with db.session_scope(db.session_factory(engine)) as s:
        removed = make_takedown(s, hours=30, reported=REPORTED)
        online = make_takedown(s, hours=None, country="NL", asn=64501, notices=3, reported=REPORTED)
        online.checks, online.last_check = 2, CheckResult.UNREACHABLE
        online.checked_at, online.last_check_reason = REPORTED, "timed out after 10 s"
        s.flush()
        s.expunge_all()
    return {"removed": removed, "online": online}


@pytest.fixture
def task(engine, urls) -> int:
    with db.session_scope(db.session_factory(engine)) as s:
        takedown = s.get(Takedown, urls["online"].id)
        made = tasks.open_task(s, takedown, "no_host_contact", "no abuse contact for AS64501")
        return made.id


def _no_link_or_image_of(text: str, url: str) -> None:
    assert url in text
    assert "<img" not in text
    assert f'href="{url}' not in text and f'src="{url}' not in text


def test_the_list_shows_each_confirmed_url_as_text_with_its_host_notices_and_hours(
    browser_as, urls
):
    page = browser_as("hana").get("/hotline/takedowns")
    assert page.status_code == 200
    for t in urls.values():
        _no_link_or_image_of(page.text, t.url)
        assert f'href="/hotline/takedowns/{t.id}"' in page.text
    assert "AS64501 Host 64501" in page.text and "Netherlands" in page.text
    assert ">30<" in page.text.replace(" ", "")  # hours from the report to the removal
    assert page.text.count(">online<") == 1 and page.text.count(">removed<") == 1


def test_the_open_filter_shows_only_the_urls_still_online(browser_as, urls):
    page = browser_as("hana").get("/hotline/takedowns?open=1")
    assert page.status_code == 200
    assert urls["online"].url in page.text and urls["removed"].url not in page.text


def test_a_takedowns_page_shows_its_notices_rechecks_and_tasks(browser_as, engine, urls, task):
    online = urls["online"]
    with db.session_scope(db.session_factory(engine)) as s:
        takedown = s.get(Takedown, online.id)
        tasks.open_task(s, takedown, tasks.ESCALATION, "still online 3 days after the notice")
    page = browser_as("hana").get(f"/hotline/takedowns/{online.id}")
    assert page.status_code == 200
    _no_link_or_image_of(page.text, online.url)
    assert page.text.count("&lt;") >= 3  # the three message ids, <n.i@x>, as text
    assert "Police" in page.text and "e-mail" in page.text and ">sent<" in page.text
    assert "unreachable" in page.text and "timed out after 10 s" in page.text
    assert "no abuse contact for AS64501" in page.text
    assert '<span class="tag">open</span>' in page.text  # the task's state, not the URL's
    assert "Still online after the escalation" in page.text


def test_an_unknown_takedown_is_not_found_and_others_are_refused_whether_it_exists_or_not(
    browser_as, urls
):
    assert browser_as("hana").get("/hotline/takedowns/999999").status_code == 404
    for name in ("bob", "carol"):
        browser = browser_as(name)
        for path in (f"/hotline/takedowns/{urls['online'].id}", "/hotline/takedowns/999999"):
            assert browser.get(path).status_code == 403, (name, path)


def test_only_the_hotline_supervisor_has_the_pages_and_their_links(browser_as, urls):
    hana = browser_as("hana")
    menu = hana.get("/").text
    for path in ("/hotline/takedowns", "/hotline/tasks", "/hotline/hosts"):
        assert f'href="{path}"' in menu
    for name in OTHERS:
        browser = browser_as(name)
        menu = browser.get("/").text
        assert 'href="/hotline/takedowns"' not in menu and 'href="/hotline/tasks"' not in menu
        assert browser.get("/hotline/takedowns").status_code == 403, name
        assert browser.get("/hotline/tasks").status_code == 403, name


def test_closing_a_task_by_its_form_marks_it_done_and_writes_the_audit_log(
    browser_as, engine, task
):
    hana = browser_as("hana")
    listed = hana.get("/hotline/tasks")
    assert "no abuse contact for AS64501" in listed.text
    assert f'action="/hotline/tasks/{task}/done"' in listed.text
    answer = hana.post(f"/hotline/tasks/{task}/done", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/hotline/tasks?done=task_done"
    after = hana.get(answer.headers["location"])
    assert "Task done." in after.text and "no abuse contact for AS64501" not in after.text
    assert "no abuse contact for AS64501" in hana.get("/hotline/tasks?all=1").text
    with db.session_scope(db.session_factory(engine)) as s:
        closed = s.get(HotlineTask, task)
        assert closed is not None and closed.done_by == "hana"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "hotline.task_done"))
        assert entry is not None and (entry.actor, entry.target) == ("hana", f"task:{task}")


def test_a_task_closed_from_the_list_of_all_tasks_goes_back_to_that_list(browser_as, task):
    answer = browser_as("hana").post(
        f"/hotline/tasks/{task}/done", {"all": "1"}, follow_redirects=False
    )
    assert answer.headers["location"] == "/hotline/tasks?all=1&done=task_done"


def test_a_task_done_already_is_answered_with_the_list_and_the_message(browser_as, task):
    hana = browser_as("hana")
    hana.post(f"/hotline/tasks/{task}/done")
    again = hana.post(f"/hotline/tasks/{task}/done", {"all": "1"})
    assert again.status_code == 404 and f"there is no open task {task}" in again.text
    assert hana.post("/hotline/tasks/999999/done").status_code == 404


def test_a_task_is_not_closed_without_the_form_token_nor_by_another_role(browser_as, engine, task):
    hana = browser_as("hana")
    assert hana.client.post(f"/hotline/tasks/{task}/done").status_code == 403
    assert browser_as("bob").post(f"/hotline/tasks/{task}/done").status_code == 403
    with db.session_scope(db.session_factory(engine)) as s:
        still = s.get(HotlineTask, task)
        assert still is not None and still.done_at is None


def test_the_hosts_page_ranks_the_hosts_of_a_year_slowest_first(browser_as, urls):
    page = browser_as("carol").get("/hotline/hosts?year=2024")
    assert page.status_code == 200
    text = page.text
    assert text.index("AS64501 Host 64501") < text.index("AS64500 Host 64500")
    assert "No URL confirmed in 2023." in browser_as("hana").get("/hotline/hosts?year=2023").text


@pytest.mark.parametrize("year", ["2999", "abc", "0"])
def test_the_hosts_page_refuses_a_year_it_cannot_show_next_to_the_field(browser_as, year):
    page = browser_as("carol").get(f"/hotline/hosts?year={year}")
    assert page.status_code == 422
    assert 'id="e-year"' in page.text
