"""Finding 8: input that cannot be stored was taken by some doors and not others. NUL bytes
were saved by the forms and the import on SQLite and answered 500 on PostgreSQL; a lone
surrogate in the API's JSON gave 500, and a traceback in the import; the forms skipped the
API's limits (a 900 KB summary, a birth date in year 1); `/cases?year=0` answered 500.
Now one set of limits per field (vigil.domain.limits) is enforced by the use cases, with
the same message whatever the door; on both databases."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.builders import CLI, make_case
from vigil.accounts import tokens
from vigil.cases import service
from vigil.cases.importing import read_rows
from vigil.domain import limits
from vigil.errors import InputError
from vigil.store import db
from vigil.store.models import Event

pytestmark = pytest.mark.usefixtures("frozen_today")


def _case(engine) -> str:  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        return make_case(s).reference


def _api(new_client, engine, scopes=("case.read", "case.write")):  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "partner", list(scopes), by=CLI)
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    return client


def _notes(engine) -> int:  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        return s.scalar(select(func.count()).select_from(Event)) or 0


@pytest.mark.parametrize(
    "address",
    [
        "/cases?year=0",
        "/cases?year=10000",
        "/cases?year=1e20",
        "/cases?year=99999999999999999999",
        "/cases?page=1e20",
        "/cases?page=0",
        f"/audit?before={2**63}",
        "/audit?before=-1",
    ],
)
def test_an_impossible_filter_in_an_address_answers_422(browser_as, address):
    assert browser_as("sam").get(address).status_code == 422


def test_an_impossible_year_through_the_api_answers_422(new_client, engine):
    api = _api(new_client, engine)
    for year in (0, 10000, 10**20):
        assert api.post("/api/v1/cases/search", json={"year": year}).status_code == 422


@pytest.mark.parametrize(
    "text",
    ["a\x00b", "x" * (limits.TEXT + 1)],
    ids=["nul", "too long"],
)
def test_a_form_refuses_what_the_api_refuses(browser_as, engine, text):
    reference = _case(engine)
    before = _notes(engine)
    alice = browser_as("alice")
    answer = alice.post(f"/cases/{reference}/note", {"text": text})
    assert answer.status_code == 422 and 'id="e-note-text"' in answer.text
    assert _notes(engine) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", "x" * 900_000),
        ("summary", "left\x00home"),
        ("child_first_name", "N" * (limits.NAME + 1)),
        ("child_last_name", "Pee\x00ters"),
        ("reporter_contact", "\x00"),
        ("child_birth_date", "0001-01-01"),
        ("opened_at", "1899-12-31"),
    ],
)
def test_the_intake_form_obeys_the_limits_of_the_api(browser_as, engine, field, value):
    alice = browser_as("alice")
    form = {"type": "runaway", "child_first_name": "Mila", "confirm_new": "1", field: value}
    answer = alice.post("/cases/new", form)
    assert answer.status_code == 422 and f'id="e-{field}"' in answer.text


def test_a_lone_surrogate_in_the_apis_json_answers_422_naming_the_field(new_client, engine):
    reference = _case(engine)
    api = _api(new_client, engine)
    before = _notes(engine)
    body = '{"text": "a\\ud800b"}'  # JSON may escape a surrogate that UTF-8 cannot hold
    answer = api.post(
        f"/api/v1/cases/{reference}/notes",
        content=body,
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "text"
    intake = '{"type": "runaway", "child": {"first_name": "\\udfff"}}'
    answer = api.post("/api/v1/cases", content=intake, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert _notes(engine) == before


def test_nul_in_an_address_or_a_lookup_is_not_found_or_refused_never_500(browser_as, engine):
    sam = browser_as("sam")
    reference = _case(engine)
    assert sam.get("/cases/RUN%00-2021").status_code == 404
    assert sam.get("/audit?who=al%00ice").status_code in (200, 422)
    unknown = sam.post(f"/cases/{reference}/assign", {"to": "nobody"}).status_code
    assert sam.post(f"/cases/{reference}/assign", {"to": "al\x00ice"}).status_code == unknown
    assert sam.post(f"/cases/{reference}/link", {"other": "R\x00"}).status_code == 422
    assert sam.post("/cases", {"q": "mi\x00la"}).status_code == 422
    assert (
        sam.post("/cases/new", {"type": "runaway", "child_first_name": "a\x00"}).status_code == 422
    )


def test_a_nul_in_the_name_typed_at_sign_in_is_a_failed_sign_in(new_client, secrets):
    from tests.web.conftest import form_token

    client = new_client()
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"username": "al\x00ice", "password": "x", "csrf": token})
    assert answer.status_code == 401 and "/login/code" not in str(answer.url)


@pytest.mark.parametrize(
    "content",
    [
        '{"reference": "X-1", "type": "runaway", "opened_at": "2023-01-01", '
        '"child_first_name": "\\ud800"}\n',
        '{"reference": "X-1", "type": "runaway", "opened_at": "2023-01-01", '
        '"summary": "a\\u0000b"}\n',
    ],
    ids=["lone surrogate", "nul"],
)
def test_the_import_refuses_text_that_cannot_be_stored_naming_line_and_column(tmp_path, content):
    path = tmp_path / "cases.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_rows(path, today=date(2024, 6, 15))
    assert refused.value.field in ("child_first_name", "summary")
    assert "line 1" in str(refused.value) or refused.value.values.get("line") == 1


def test_a_csv_with_a_nul_or_a_birth_date_in_year_1_is_refused(tmp_path):
    for row in ("X-1,runaway,2023-01-01,Le\x00a,", "X-1,runaway,2023-01-01,Lea,0001-01-01"):
        path = tmp_path / "cases.csv"
        path.write_text(
            "reference,type,opened_at,child_first_name,child_birth_date\n" + row + "\n",
            encoding="utf-8",
        )
        with pytest.raises(InputError):
            read_rows(path, today=date(2024, 6, 15))


TEXTS = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.text(st.sampled_from(["a", " ", "\x00", "\ud800", "\udfff", "é"]), max_size=8),
    st.integers(limits.TEXT - 2, limits.TEXT + 2).map(lambda n: "n" * n),
)


def _takes(text: str) -> bool:
    try:
        limits.check_text(text, "text", limits.TEXT, required=True)
    except InputError:
        return False
    return True


@pytest.fixture
def doors(browser_as, new_client, engine):  # type: ignore[no-untyped-def]
    """A file, an API client and a signed-in page client, made once for all examples."""
    return _case(engine), _api(new_client, engine), browser_as("alice")


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=TEXTS)
def test_every_door_takes_or_refuses_a_note_alike(doors, engine, text):
    """The use case, the API (JSON) and the page (a form: UTF-8, so no surrogate travels)
    agree on each text: all take it or all refuse it, naming the field ``text``."""
    reference, api, browser = doors
    text = json.loads(json.dumps(text))  # JSON joins a high and a low surrogate into one
    verdict = _takes(text)
    answer = api.post(
        f"/api/v1/cases/{reference}/notes",
        content=json.dumps({"text": text}),
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == (200 if verdict else 422), repr(text)[:300]
    if not verdict:
        assert answer.json()["error"]["field"] == "text"
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        page = browser.post(f"/cases/{reference}/note", {"text": text}, follow_redirects=False)
        assert page.status_code == (303 if verdict else 422)
    with db.session_scope(db.session_factory(engine)) as s:
        if verdict:
            service.add_note(s, reference, text, by=CLI)
        else:
            with pytest.raises(InputError):
                service.add_note(s, reference, text, by=CLI)
