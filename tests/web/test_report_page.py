"""The annual report from the figures page: shown or downloaded, audited, never a name."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import make_case
from tests.web.conftest import TEST_KEY
from vigil.domain.case_types import CaseType
from vigil.store import db
from vigil.store.models import AuditEntry

pytestmark = pytest.mark.usefixtures("frozen_today")  # 2024-06-15: 2023 is over


def _files_of_2023(engine) -> None:  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        make_case(s, opened_at=date(2023, 2, 1), first_name="Noor", last_name="Janssens")
        make_case(s, CaseType.GROOMING, opened_at=date(2023, 9, 9))


def _exports(engine) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        rows = s.execute(
            select(AuditEntry.actor, AuditEntry.target, AuditEntry.detail).where(
                AuditEntry.action == "report.export"
            )
        )
        return [tuple(r) for r in rows]


def test_the_figures_page_offers_the_report_of_the_years_that_are_over(browser_as, engine):
    _files_of_2023(engine)
    page = browser_as("carol").get("/figures")
    assert 'action="/figures/report"' in page.text
    assert '<option value="2023" selected>' in page.text
    choices = page.text.split('id="f-report_year"')[1].split("</select>")[0]
    assert '<option value="2024"' not in choices


def test_the_statistician_downloads_the_csv_and_the_export_is_audited(browser_as, engine):
    _files_of_2023(engine)
    carol = browser_as("carol")
    answer = carol.get("/figures/report?year=2023&lang=fr&format=csv&action=download")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    disposition = answer.headers["content-disposition"]
    assert disposition == 'attachment; filename="vigil-report-2023-fr.csv"'
    assert "Noor" not in answer.text and "Janssens" not in answer.text
    assert _exports(engine) == [("carol", "report:2023", "fr csv downloaded")]


def test_the_web_page_is_shown_sandboxed_without_script(browser_as, engine):
    _files_of_2023(engine)
    answer = browser_as("alice").get("/figures/report?year=2023&lang=nl&format=html&action=show")
    assert answer.status_code == 200 and "content-disposition" not in answer.headers
    policy = answer.headers["content-security-policy"]
    assert policy.startswith("sandbox;") and "script" not in policy
    assert answer.headers["cache-control"] == "no-store"
    assert '<html lang="nl">' in answer.text
    assert re.search(r"\bNoor\b", answer.text) is None  # the child's name ("Noord-Afrika" is not)


@pytest.mark.pdf
def test_a_pdf_is_downloaded(browser_as, engine):
    _files_of_2023(engine)
    answer = browser_as("carol").get("/figures/report?year=2023&lang=de&format=pdf&action=show")
    assert answer.content.startswith(b"%PDF")
    assert answer.headers["content-disposition"].startswith("attachment;")


def test_a_year_not_over_is_refused_next_to_the_field_and_nothing_is_audited(browser_as, engine):
    _files_of_2023(engine)
    page = browser_as("carol").get("/figures/report?year=2024&lang=en&format=md")
    assert page.status_code == 422
    assert 'id="e-report_year"' in page.text and "is not over yet" in page.text
    assert _exports(engine) == []


def test_a_year_without_files_says_which_years_have_them(browser_as, engine):
    _files_of_2023(engine)
    page = browser_as("carol").get("/figures/report?year=2019&format=json")
    assert page.status_code == 404 and "files were opened from 2023 to 2023" in page.text


@pytest.fixture
def settings(database_url, tmp_path):  # type: ignore[no-untyped-def]
    """The web app's settings, with the foundation's name set as an operator would."""
    from vigil.settings import Settings

    return Settings(
        home=tmp_path / "home",
        database_url=database_url,
        organisation="Child Focus",
        secret_key=TEST_KEY,
    )


def test_the_report_names_the_foundation_from_the_settings(browser_as, engine):
    _files_of_2023(engine)
    answer = browser_as("carol").get("/figures/report?year=2023&lang=en&format=json")
    assert answer.status_code == 200
    assert answer.json()["organisation"] == "Child Focus"


def test_the_figures_page_says_one_file_in_the_singular(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        make_case(s, CaseType.UNACCOMPANIED_MINOR, opened_at=date(2023, 2, 1), estimated_age=16)
    page = browser_as("carol").get("/figures?year=2023")
    assert "Missing unaccompanied minors: 1 file still open at the end of the year." in page.text


WORDS = {
    "year": "2023",
    "lang": "nl",
    "published_on": "2024-03-12",
    "compare_with": "",
    "order": "quote",
    "quote_by": "An Peeters",
    "quote_role": "directeur",
    "quote": "Elk kind telt.",
    "context": "",
    "prevention": "",
    "contacts": "Persdienst\n02 475 44 11",
    "boilerplate": "Child Focus beheert 116 000, het Europese nummer voor vermiste kinderen.",
    "sentences": "",
}


def test_a_supervisor_gives_the_press_release_its_words_and_the_change_is_audited(
    browser_as, engine
):
    _files_of_2023(engine)
    sam = browser_as("sam")
    page = sam.get("/figures?year=2023&words=nl")
    assert 'action="/figures/report/words"' in page.text
    saved = sam.post("/figures/report/words", WORDS, follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == "/figures?year=2023&words=nl#report-words"
    assert "Elk kind telt." in sam.get("/figures?year=2023&words=nl").text
    report = sam.get("/figures/report?year=2023&lang=nl&format=json").json()
    quote = report["narrative"]["paragraphs"][0]
    assert quote == {
        "subject": "quote",
        "text": "Elk kind telt.",
        "source": "An Peeters, directeur",
    }
    assert report["narrative"]["contacts"] == ["Persdienst\n02 475 44 11"]
    assert report["published"] == "2024-03-12"
    with db.session_scope(db.session_factory(engine)) as s:
        edits = s.execute(
            select(AuditEntry.actor, AuditEntry.target, AuditEntry.detail).where(
                AuditEntry.action == "report.edit"
            )
        )
        assert [tuple(e) for e in edits] == [("sam", "report:2023", "nl")]


def test_words_that_cannot_be_saved_come_back_with_the_message_next_to_the_field(
    browser_as, engine
):
    _files_of_2023(engine)
    sam = browser_as("sam")
    refused = sam.post("/figures/report/words", WORDS | {"compare_with": "2030"})
    assert refused.status_code == 422
    assert 'id="e-compare_with"' in refused.text and "2030" in refused.text
    assert "Elk kind telt." in refused.text  # what was typed is kept


def test_a_statistician_reads_the_figures_but_does_not_edit_the_words(browser_as, engine):
    _files_of_2023(engine)
    carol = browser_as("carol")
    assert 'action="/figures/report/words"' not in carol.get("/figures").text
    assert carol.post("/figures/report/words", WORDS).status_code == 403
