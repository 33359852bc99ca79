import pytest

from tests.builders import CLI, make_case
from vigil.accounts import tokens
from vigil.cases import queries
from vigil.store import db

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def three_files(engine, monkeypatch):
    """Three files, and lists that count only up to two past the page's start."""
    with db.session_scope(db.session_factory(engine)) as s:
        for first_name in ("Lea", "Lena", "Lina"):
            make_case(s, first_name=first_name)
    monkeypatch.setattr(queries, "COUNTED_UP_TO", 2)


def test_a_long_list_says_how_many_it_counted_and_that_there_are_more(three_files, browser_as):
    page = browser_as("alice").get("/cases")
    assert "More than 2 files" in page.text


def test_a_short_list_says_exactly_how_many(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        make_case(s)
    assert "1 file" in browser_as("alice").get("/cases").text


def test_the_api_says_there_are_more_files_than_it_counted(three_files, engine, new_client):
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "reader", ["case.read"], by=CLI)
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    listed = client.get("/api/v1/cases", params={"limit": 1}).json()
    assert (listed["total"], listed["more"], len(listed["items"])) == (2, True, 1)
    found = client.post("/api/v1/cases/search", json={"text": "lena"}).json()
    assert (found["total"], found["more"]) == (1, False)
