"""The hotline supervisor's takedown pages in Chromium: the confirmed URLs, one's notices,
and a task marked done; each page looked at (conftest.Visit.look: unique ids, axe-core,
reflow at 320 px)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.browser.conftest import PASSWORD, Site, Visit
from tests.builders import CLI
from tests.figures.test_takedown import make_takedown
from tests.web.conftest import fresh_code
from vigil.accounts import credentials
from vigil.accounts import service as accounts
from vigil.hotline import tasks
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import load_secret_key

REPORTED = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def _hotline_supervisor_and_urls(site: Site, tmp_path: Path) -> None:
    """hana the hotline supervisor, a URL removed, one still online with a task."""
    url = f"sqlite:///{tmp_path / 'vigil.db'}"
    engine = db.make_engine(url)
    key = load_secret_key(Settings(home=tmp_path, database_url=url))
    with db.session_scope(db.session_factory(engine)) as s:
        user, _ = accounts.add_account(
            s, "hana", "Hana Wouters", ["hotline_supervisor"], by=CLI, password=PASSWORD
        )
        site.secrets["hana"] = credentials.new_totp_secret()
        code = fresh_code(site.secrets["hana"])
        accounts.enrol_second_factor(s, user, site.secrets["hana"], code, key)
        make_takedown(s, hours=30, reported=REPORTED)
        online = make_takedown(s, hours=None, country="NL", asn=64501, notices=2)
        tasks.open_task(s, online, "no_host_contact", "no abuse contact for AS64501")
    engine.dispose()


def test_a_hotline_supervisor_reads_the_takedowns_and_marks_a_task_done(
    visit: Visit, site: Site, tmp_path: Path
):
    _hotline_supervisor_and_urls(site, tmp_path)
    visit.sign_in("hana")
    page = visit.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Takedowns").click()
    page.get_by_role("heading", name="Takedowns", level=1).wait_for()
    assert page.locator("main img").count() == 0
    assert page.locator('main a[href^="https://h.example"]').count() == 0
    visit.look("50-takedowns")
    page.get_by_role("link", name="Show only the URLs still online").click()
    page.get_by_role("link", name="Show all confirmed URLs").wait_for()
    assert page.locator("tbody tr").count() == 1
    page.locator("tbody tr a").first.click()
    page.get_by_role("heading", name="Notices").wait_for()
    visit.look("51-takedown")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Hotline tasks").click()
    page.get_by_role("button", name="Mark task 1 done").click()
    assert page.get_by_role("status").inner_text() == "Task done."
    assert page.get_by_text("No open task.").is_visible()
    visit.look("52-hotline-tasks")
