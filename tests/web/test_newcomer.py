"""The pages' answers to what a newcomer tripped on (issue 13), on both databases; the same
points tried in Chromium are in tests/browser/test_pages.py."""

from __future__ import annotations

from datetime import date

from tests.builders import CLI, make_case
from vigil.cases import service
from vigil.domain.outcomes import Outcome
from vigil.store import db


def _files(engine, count=1, **kw):
    with db.session_scope(db.session_factory(engine)) as s:
        return [make_case(s, **kw).reference for _ in range(count)]


def test_a_search_is_kept_for_its_person_and_its_address_holds_no_name(browser_as, engine):
    _files(engine, first_name="Lena", last_name="Peeters")
    alice = browser_as("alice")
    answer = alice.post("/cases", {"q": "peeters", "status": "open"}, follow_redirects=False)
    address = answer.headers["location"]
    assert answer.status_code == 303 and "peeters" not in address.lower()
    assert "search=" in address and "status=open" in address
    assert "Lena Peeters" in alice.get(address).text
    other = browser_as("sam").get(address)  # the id is alice's alone: her words stay hers
    assert "no longer kept" in other.text and 'value="peeters"' not in other.text


def test_the_list_sorts_by_reference_and_pages_by_the_address(browser_as, engine):
    refs = _files(engine, 3)
    page = browser_as("alice").get("/cases?sort=reference").text
    assert page.index(refs[0]) < page.index(refs[1]) < page.index(refs[2])
    assert browser_as("alice").get("/cases?sort=sideways").status_code == 422


def test_a_refused_intake_shows_every_error_at_once_in_the_screens_words(browser_as):
    alice = browser_as("alice")
    page = alice.post(
        "/cases/new",
        {"type": "runaway", "child_age": "ten", "opened_at": "soon", "scope": "national"},
    )
    assert page.status_code == 422
    for field in ("child_age", "opened_at", "scope"):
        assert f'href="#f-{field}"' in page.text and f'id="e-{field}"' in page.text
    summary = page.text.split('class="alert error-summary"')[1].split("</div>")[0]
    assert "whether the child has been taken" in summary and "effective" not in summary


def test_linking_to_a_missing_file_is_answered_by_the_field(browser_as, engine):
    (reference,) = _files(engine)
    page = browser_as("alice").post(f"/cases/{reference}/link", {"other": "RUN-1999-00001"})
    assert page.status_code == 422 and 'id="e-link-other"' in page.text
    assert "there is no file RUN-1999-00001" in page.text


def test_the_closing_on_the_timeline_is_said_in_the_readers_language(browser_as, engine):
    (reference,) = _files(engine)
    with db.session_scope(db.session_factory(engine)) as s:
        service.close_case(s, reference, outcome=Outcome.RETURNED, by=CLI, note="Back home.")
    alice = browser_as("alice")
    alice.post("/account/language", {"locale": "nl"})
    page = alice.get(f"/cases/{reference}").text
    assert "Gesloten: Teruggekeerd" in page and "Back home." in page
    assert "closed:" not in page


def test_a_change_in_percent_uses_the_languages_decimal_sign(browser_as, engine):
    for day, count in ((date(2020, 3, 1), 4), (date(2021, 3, 1), 3)):
        _files(engine, count, opened_at=day)
    carol = browser_as("carol")
    assert "-25.0%" in carol.get("/figures?year=2021").text
    carol.post("/account/language", {"locale": "fr"})
    assert "-25,0\u00a0%" in carol.get("/figures?year=2021").text


def test_a_supervisor_sees_each_workers_overdue_tasks(browser_as, engine, frozen_today):
    (reference,) = _files(engine, opened_at=date(2024, 6, 1))
    with db.session_scope(db.session_factory(engine)) as s:
        service.assign_case(s, reference, "alice", by=CLI)
        service.add_task(s, reference, "Call back", by=CLI, due_on=date(2024, 6, 2))
    sam = browser_as("sam")
    assert "1 task of the team is overdue" in sam.get("/").text
    team = sam.get("/team").text
    assert "Alice Verbeke" in team and "Call back" in team and "overdue since" in team
    assert browser_as("alice").get("/team").status_code == 403


def test_a_closed_file_offers_no_new_task_or_link(browser_as, engine):
    (reference,) = _files(engine, closed_at=date(2021, 3, 5), outcome=Outcome.RETURNED)
    page = browser_as("alice").get(f"/cases/{reference}").text
    assert f"/cases/{reference}/task" not in page and f"/cases/{reference}/link" not in page
