"""Issue 17, items 5 to 9 through the API door: ages, abductions, the disappearance,
duplicates and worrying files."""

import pytest

from tests.builders import CLI
from vigil.accounts import tokens
from vigil.store import db

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def api(engine, new_client):
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "intake", ["case.read", "case.write"], by=CLI)
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    return client


def test_the_api_refuses_an_adult_and_names_the_field(api):
    child = {"birth_date": "2001-01-01", "first_name": "Sam"}
    refused = api.post("/api/v1/cases", json={"type": "runaway", "child": child})
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "child_birth_date"
    assert "is 23 at opening" in refused.json()["error"]["message"]
    child = {"estimated_age": 19, "age_disputed": True, "estimated_on": "2024-06-01"}
    opened = api.post("/api/v1/cases", json={"type": "unaccompanied_minor", "child": child})
    assert opened.status_code == 201
    (person,) = opened.json()["people"]
    assert (person["estimated_on"], person["age_disputed"]) == ("2024-06-01", True)


def test_the_api_records_the_country_and_refuses_found_for_a_threatened_abduction(api):
    body = {
        "type": "parental_abduction",
        "scope": "international",
        "effective": False,
        "country": "ma",
        "authority_reference": "CA-17",
    }
    opened = api.post("/api/v1/cases", json=body)
    assert opened.status_code == 201
    case = opened.json()
    assert (case["country"], case["direction"], case["framework"]) == (
        "MA",
        "outgoing",
        "hague_1980",
    )
    refused = api.post(f"/api/v1/cases/{case['reference']}/close", json={"outcome": "found"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "outcome"
    closed = api.post(
        f"/api/v1/cases/{case['reference']}/close", json={"outcome": "abduction_prevented"}
    )
    assert closed.json()["outcome"] == "abduction_prevented"


def test_the_api_takes_and_gives_the_disappearance(api):
    gone = {
        "disappeared_at": "2024-06-14T21:15:00",
        "reported_at": "2024-06-15T08:00:00+02:00",
        "last_seen_place": "Brussels-North station",
        "clothing": "grey hoodie",
        "nationality": "af",
    }
    body = {"type": "unaccompanied_minor", "child": {"estimated_age": 15}, "disappearance": gone}
    opened = api.post("/api/v1/cases", json=body)
    assert opened.status_code == 201, opened.text
    out = opened.json()["disappearance"]
    assert out["disappeared_at"] == "2024-06-14T19:15:00Z"  # 21:15 in Brussels
    assert out["reported_at"] == "2024-06-15T06:00:00Z"
    assert (out["nationality"], out["clothing"]) == ("AF", "grey hoodie")
    gone["reception_centre"] = "Fedasil"
    refused = api.post("/api/v1/cases", json={"type": "runaway", "disappearance": gone})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "nationality"


def test_the_api_shows_earlier_files_of_the_same_child(api):
    child = {"first_name": "Mohammed", "last_name": "Benali", "birth_date": "2010-05-01"}
    first = api.post("/api/v1/cases", json={"type": "runaway", "child": child})
    assert first.json()["possible_duplicates"] == []
    api.post(f"/api/v1/cases/{first.json()['reference']}/close", json={"outcome": "returned"})
    again = {**child, "first_name": "Mohamed"}
    found = api.post("/api/v1/cases/duplicates", json=again).json()
    assert [(d["reference"], d["strength"], d["status"]) for d in found] == [
        (first.json()["reference"], "strong", "closed")
    ]
    second = api.post("/api/v1/cases", json={"type": "runaway", "child": again})
    assert second.json()["possible_duplicates"][0]["reference"] == first.json()["reference"]
