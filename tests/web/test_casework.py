import pytest

from tests.builders import make_case
from vigil.domain.case_types import CaseType
from vigil.store import db

pytestmark = pytest.mark.usefixtures("frozen_today")


def _case(engine, type=CaseType.RUNAWAY, **kw):
    with db.session_scope(db.session_factory(engine)) as s:
        return make_case(s, type, **kw).reference


def test_a_call_opens_a_file_that_the_search_finds_by_the_childs_name(browser_as):
    alice = browser_as("alice")
    opened = alice.post(
        "/cases/new",
        {
            "type": "runaway",
            "child_first_name": "Mila",
            "child_last_name": "Wouters",
            "child_age": "15",
            "risk": ["danger"],
        },
    )
    assert opened.status_code == 200 and "The file is open." in opened.text
    reference = opened.url.path.rsplit("/", 1)[1]
    found = alice.post("/cases", {"q": "wouters"})
    assert reference in found.text and "1 file" in found.text


def test_the_intake_warns_when_the_same_child_has_an_open_file(browser_as, engine):
    reference = _case(engine, first_name="Mila", last_name="Wouters")
    alice = browser_as("alice")
    data = {"type": "runaway", "child_first_name": "mila", "child_last_name": "Wouters"}
    warned = alice.post("/cases/new", data)
    assert warned.status_code == 409 and reference in warned.text
    assert "Wouters" not in warned.text.split('id="h-dup"')[1].split("</section>")[0]
    opened = alice.post("/cases/new", {**data, "confirm_new": "1"})
    assert opened.url.path != "/cases/new"


def test_closing_an_unaccompanied_minor_file_without_news_shows_the_rule_next_to_the_field(
    browser_as, engine
):
    reference = _case(engine, CaseType.UNACCOMPANIED_MINOR)
    alice = browser_as("alice")
    refused = alice.post(f"/cases/{reference}/close", {"outcome": "transferred"})
    assert refused.status_code == 422
    field = refused.text.split('id="e-outcome"')[1][:400]
    assert "stays open until there is news of the child" in field


def test_a_runaway_file_closes_with_an_outcome(browser_as, engine):
    reference = _case(engine)
    alice = browser_as("alice")
    closed = alice.post(f"/cases/{reference}/close", {"outcome": "found"})
    assert "The file is closed." in closed.text


def test_a_note_and_a_task_appear_on_the_file(browser_as, engine):
    reference = _case(engine)
    alice = browser_as("alice")
    alice.post(f"/cases/{reference}/note", {"text": "Called the school."})
    page = alice.post(
        f"/cases/{reference}/task", {"title": "Call the mother", "due_on": "2024-06-20"}
    )
    assert "Called the school." in page.text and "Call the mother" in page.text
    empty = alice.post(f"/cases/{reference}/note", {"text": "  "})
    assert empty.status_code == 422 and 'id="e-note-text"' in empty.text


def test_a_restricted_file_is_hidden_from_everyone_not_named(browser_as, engine):
    reference = _case(engine, first_name="Staff", last_name="Child")
    sam = browser_as("sam")
    sam.post(f"/cases/{reference}/restrict", {"workers": ["sam"]})
    alice = browser_as("alice")
    assert alice.get(f"/cases/{reference}").status_code == 404  # as if there were none
    assert reference not in alice.post("/cases", {"q": "child"}).text
    assert sam.get(f"/cases/{reference}").status_code == 200


def test_the_statistician_sees_figures_and_never_a_name(browser_as, engine):
    _case(engine, first_name="Noor", last_name="Janssens")
    carol = browser_as("carol")
    figures = carol.get("/figures?year=2021")
    assert figures.status_code == 200 and "Runaway" in figures.text
    assert "Noor" not in figures.text and "Janssens" not in figures.text
    assert "Noor" not in carol.get("/").text
    assert carol.get("/cases").status_code == 403


def test_an_editor_corrects_the_childs_details(browser_as, engine):
    reference = _case(engine)
    alice = browser_as("alice")
    page = alice.post(
        f"/cases/{reference}/edit",
        {"first_name": "Lena", "last_name": "Peeters", "age": "12", "summary": "Left home."},
    )
    assert "Lena Peeters" in page.text and "worrying" in page.text
    bad = alice.post(f"/cases/{reference}/edit", {"first_name": "Lena", "age": "45"})
    assert bad.status_code == 422 and 'id="e-age"' in bad.text


def test_the_timeline_shows_times_in_the_foundations_time_zone(browser_as, engine):
    reference = _case(engine)  # the clock stands at 2024-06-15 10:00 UTC: 12:00 in Brussels
    alice = browser_as("alice")
    page = alice.post(f"/cases/{reference}/note", {"text": "Called the school."})
    assert "15 Jun 2024, 12:00" in page.text and "10:00" not in page.text


def test_an_event_recorded_on_an_earlier_day_shows_that_day_at_noon(browser_as, engine):
    reference = _case(engine)
    alice = browser_as("alice")
    page = alice.post(
        f"/cases/{reference}/event",
        {"kind": "sighting", "text": "Seen at the station.", "occurred_at": "2024-06-10"},
    )
    assert "10 Jun 2024, 12:00" in page.text  # noon in Brussels, not noon UTC (14:00 there)
