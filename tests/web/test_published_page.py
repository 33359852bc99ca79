"""The figures page's "publish" button (issue 17): a supervisor's; the page then says the
figures are published and, once they change, how and by which files."""

from datetime import date

import pytest

from tests.builders import make_case
from vigil.store import db

pytestmark = pytest.mark.usefixtures("frozen_today")  # today: 2024-06-15


def test_a_supervisor_publishes_a_year_and_the_page_names_the_files_that_changed_it(
    engine, browser_as
):
    with db.session_scope(db.session_factory(engine)) as s:
        make_case(s, opened_at=date(2023, 3, 1))
    alice = browser_as("alice")
    assert "Publish the figures of 2023" not in alice.get("/figures?year=2023").text
    assert alice.post("/figures/publish", {"year": "2023"}).status_code == 403
    sam = browser_as("sam")
    page = sam.post("/figures/publish", {"year": "2023"})
    assert page.status_code == 200 and "were published on" in page.text
    assert "still the published ones" in page.text
    with db.session_scope(db.session_factory(engine)) as s:
        late = make_case(s, opened_at=date(2023, 4, 1)).reference
    page = sam.get("/figures?year=2023")
    assert "differ from the published ones" in page.text
    assert f'<a href="/cases/{late}">{late}</a>' in page.text
    refused = sam.post("/figures/publish", {"year": "2024"})
    assert refused.status_code == 422 and "is not over" in refused.text


def test_the_api_shows_a_files_history_with_who_when_why_and_what(engine, new_client):
    from tests.builders import CLI
    from vigil.accounts import tokens
    from vigil.cases import service

    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s, opened_at=date(2024, 5, 1), closed_at=date(2024, 5, 3)).reference
        service.reopen_case(s, reference, reason="closed by mistake", by=CLI)
        _, secret = tokens.create_token(s, "reader", ["case.read"], by=CLI)
    api = new_client()
    api.headers["authorization"] = f"Bearer {secret}"
    history = api.get(f"/api/v1/cases/{reference}").json()["history"]
    assert [h["kind"] for h in history] == ["opened", "closed", "reopened"]
    assert history[1]["after"] == {"status": "closed", "outcome": "found"}
    assert history[2]["reason"] == "closed by mistake" and history[2]["on"] == "2024-06-15"


def test_a_refused_reclassification_or_repeat_shows_the_page_again_with_the_reason(
    engine, browser_as
):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s, opened_at=date(2024, 6, 1)).reference
    sam = browser_as("sam")
    refused = sam.post(
        f"/cases/{reference}/reclassify", {"type": "parental_abduction", "reason": "why"}
    )
    assert refused.status_code == 422 and "needs its scope" in refused.text
    with db.session_scope(db.session_factory(engine)) as s:
        earlier = make_case(s, opened_at=date(2024, 1, 2)).reference
    late = sam.post(f"/cases/{earlier}/repeat", {"on": "2024-02-01"})
    assert late.status_code == 422 and "135 days back" in late.text
    given = sam.post(f"/cases/{earlier}/repeat", {"on": "2024-02-01", "late_reason": "paper"})
    assert given.url.path.startswith("/cases/RUN-2024-") and given.url.path != f"/cases/{earlier}"
