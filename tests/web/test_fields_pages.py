"""Issue 17, items 5 to 9 through the pages."""

from datetime import date

import pytest

from tests.builders import CLI, make_case
from vigil.cases import service
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.store import db

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_a_closed_files_task_shows_as_closed_with_it_not_overdue(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s, opened_at=date(2024, 1, 5)).reference
        service.add_task(s, reference, "Call the school", due_on=date(2024, 2, 1), by=CLI)
        service.close_case(s, reference, outcome=Outcome.RETURNED, by=CLI)
    page = browser_as("alice").get(f"/cases/{reference}")
    assert "closed with the file" in page.text and "overdue" not in page.text


def test_the_intake_refuses_an_adult_and_risk_questions_on_an_exploitation_file(browser_as):
    alice = browser_as("alice")
    adult = alice.post("/cases/new", {"type": "runaway", "child_birth_date": "1950-01-01"})
    assert adult.status_code == 422 and "the child is 74 at opening" in adult.text
    sexting = alice.post("/cases/new", {"type": "sexting", "child_age": "15", "risk": ["danger"]})
    assert sexting.status_code == 422 and "asked of a missing child" in sexting.text


def test_the_edit_page_of_an_exploitation_file_has_no_risk_questions(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s, CaseType.SEXTORTION).reference
    page = browser_as("alice").get(f"/cases/{reference}/edit")
    assert page.status_code == 200 and 'name="risk"' not in page.text


def test_the_intake_records_the_disappearance_and_the_file_shows_it(browser_as):
    alice = browser_as("alice")
    opened = alice.post(
        "/cases/new",
        {
            "type": "unaccompanied_minor",
            "child_age": "16",
            "disappeared_at": "2024-06-14T21:15",
            "last_seen_place": "Reception centre, dormitory B",
            "police_report_number": "BR.55.LL.1234/2024",
            "nationality": "ER",
            "aliases": "Yonas; Yohannes",
            "reception_centre": "Klein-Kasteeltje",
        },
    )
    assert opened.status_code == 200 and "The file is open." in opened.text
    assert "BR.55.LL.1234/2024" in opened.text and "Eritrea" in opened.text
    assert "Yonas; Yohannes" in opened.text and "Klein-Kasteeltje" in opened.text
    reference = opened.url.path.rsplit("/", 1)[1]
    edit = alice.get(f"/cases/{reference}/edit")
    assert 'value="2024-06-14T21:15"' in edit.text  # the time as it was typed, Brussels time


def test_the_edit_form_refuses_a_report_before_the_disappearance(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
    refused = browser_as("alice").post(
        f"/cases/{reference}/edit",
        {
            "first_name": "Lea",
            "disappeared_at": "2021-03-02T10:00",
            "reported_at": "2021-03-01T10:00",
        },
    )
    assert refused.status_code == 422 and "reported before it happened" in refused.text


def test_the_intake_shows_a_closed_file_of_the_same_child_under_another_spelling(
    browser_as, engine
):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(
            s, first_name="Léa", last_name="Dubois", closed_at=date(2021, 3, 2)
        ).reference
    warned = browser_as("alice").post(
        "/cases/new", {"type": "runaway", "child_first_name": "Lea", "child_last_name": "Dubois"}
    )
    assert warned.status_code == 409 and reference in warned.text
    assert "likely match" in warned.text
