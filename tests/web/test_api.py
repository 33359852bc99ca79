import pytest

from tests.builders import CLI, make_case
from vigil.accounts import tokens
from vigil.domain.case_types import CaseType
from vigil.store import db

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def api(engine, new_client):
    """A client with a token holding case.read, case.write and figures.read."""
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(
            s, "intake-form", ["case.read", "case.write", "figures.read"], by=CLI
        )
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    return client


def test_a_program_opens_works_and_closes_a_file(api):
    opened = api.post("/api/v1/cases", json={"type": "runaway", "child": {"first_name": "Lea"}})
    assert opened.status_code == 201
    reference = opened.json()["reference"]
    api.post(f"/api/v1/cases/{reference}/notes", json={"text": "Seen at the station."})
    closed = api.post(f"/api/v1/cases/{reference}/close", json={"outcome": "found"})
    assert closed.json()["status"] == "closed"
    assert [e["kind"] for e in closed.json()["events"]] == ["note", "outcome"]
    found = api.post("/api/v1/cases/search", json={"text": "station"})
    assert found.json()["total"] == 1


def test_every_error_has_the_one_body(api, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s, CaseType.UNACCOMPANIED_MINOR).reference
    refused = api.post(f"/api/v1/cases/{reference}/close", json={"outcome": "transferred"})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "case_rule"
    assert refused.json()["error"]["field"] == "outcome"
    for answer, code in [
        (api.get("/api/v1/cases/RUN-1999-00001"), "not_found"),
        (api.post("/api/v1/cases", json={"type": "nonsense"}), "invalid"),
        (api.get("/api/v1/nowhere"), "not_found"),
        (api.post(f"/api/v1/cases/{reference}/reopen", json={"reason": "x"}), "forbidden"),
    ]:
        assert set(answer.json()) == {"error"}
        assert set(answer.json()["error"]) == {"code", "message", "field"}
        assert answer.json()["error"]["code"] == code


def test_a_revoked_token_opens_nothing(api, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        tokens.revoke_token(s, tokens.list_tokens(s, by=CLI)[0].id, by=CLI)
    answer = api.get("/api/v1/cases")
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthenticated"


def test_the_openapi_document_is_published(new_client):
    document = new_client().get("/api/v1/openapi.json").json()
    assert "/api/v1/cases/{reference}/close" in document["paths"]
    assert not any(path.startswith("/cases") for path in document["paths"])


def test_tokens_are_stored_hashed(engine, api):
    from sqlalchemy import select

    from vigil.store.models import ApiToken

    secret = api.headers["authorization"].split()[1]
    with db.session_scope(db.session_factory(engine)) as s:
        stored = s.scalars(select(ApiToken.token_hash)).all()
    assert secret not in stored and len(stored[0]) == 64


@pytest.mark.parametrize("year", [2025, 9999])  # frozen today: 2024-06-15
def test_the_figures_of_a_year_not_begun_are_refused_with_the_latest_year(api, year):
    answer = api.get(f"/api/v1/figures/{year}")
    assert answer.status_code == 422
    assert "2024 and the years before" in answer.text
    assert api.get("/api/v1/figures/2024").json()["hotline"]["reports"] == 0
