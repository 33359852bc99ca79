"""Finding 12: retries duplicated. After `kill -9` mid-burst, 32 notes were stored with no
answer sent, and a client that sent them again stored them twice. The API honours an
``Idempotency-Key`` header on every POST: the key is kept with the change, in its
transaction, and with the answer; a retry gets the first answer and saves nothing twice;
on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from tests.builders import CLI, make_case
from vigil.accounts import tokens
from vigil.store import db
from vigil.store.models import ApiToken, AuditEntry, Case, Event, IdempotencyKey

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def api(new_client, engine):  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
        scopes = ["case.read", "case.write", "users.manage"]
        _, secret = tokens.create_token(s, "partner", scopes, by=CLI)
    client = new_client()
    client.headers["authorization"] = f"Bearer {secret}"
    client.reference = reference  # type: ignore[attr-defined]
    return client


def _count(engine, model, *where) -> int:  # type: ignore[no-untyped-def]
    with db.session_scope(db.session_factory(engine)) as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_a_note_sent_again_with_its_key_is_answered_once_and_stored_once(api, engine):
    url = f"/api/v1/cases/{api.reference}/notes"
    first = api.post(url, json={"text": "Called the school."}, headers={"Idempotency-Key": "k-1"})
    again = api.post(url, json={"text": "Called the school."}, headers={"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again.headers["idempotent-replayed"] == "true"
    assert _count(engine, Event, Event.text == "Called the school.") == 1
    assert _count(engine, AuditEntry, AuditEntry.action == "case.note") == 1
    other = api.post(url, json={"text": "Called the school."}, headers={"Idempotency-Key": "k-2"})
    assert other.status_code == 200 and "idempotent-replayed" not in other.headers
    assert _count(engine, Event, Event.text == "Called the school.") == 2


def test_every_post_of_the_api_honours_the_key(api, engine):
    opened = [
        api.post("/api/v1/cases", json={"type": "runaway"}, headers={"Idempotency-Key": "o"})
        for _ in range(3)
    ]
    assert {a.status_code for a in opened} == {201}
    assert len({a.json()["reference"] for a in opened}) == 1
    assert _count(engine, Case) == 2  # the fixture's file and this one
    made = [
        api.post(
            "/api/v1/tokens",
            json={"name": "n", "scopes": ["users.manage"]},
            headers={"Idempotency-Key": "t"},
        )
        for _ in range(2)
    ]
    assert made[0].status_code == made[1].status_code == 201
    assert made[0].json() == made[1].json()
    assert _count(engine, ApiToken, ApiToken.name == "n") == 1


def test_the_same_key_with_another_request_is_refused(api, engine):
    url = f"/api/v1/cases/{api.reference}/notes"
    api.post(url, json={"text": "one"}, headers={"Idempotency-Key": "same"})
    answer = api.post(url, json={"text": "two"}, headers={"Idempotency-Key": "same"})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "Idempotency-Key"
    assert _count(engine, Event, Event.text == "two") == 0


def test_a_refused_request_keeps_no_key_and_runs_again(api, engine):
    url = f"/api/v1/cases/{api.reference}/notes"
    refused = api.post(url, json={"text": "  "}, headers={"Idempotency-Key": "r"})
    assert refused.status_code == 422
    assert _count(engine, IdempotencyKey) == 0
    fixed = api.post(url, json={"text": "now"}, headers={"Idempotency-Key": "r2"})
    assert fixed.status_code == 200


def test_a_change_saved_whose_answer_was_lost_is_not_saved_again(api, engine):
    """The server stopped between the commit and storing the answer (`kill -9`)."""
    url = f"/api/v1/cases/{api.reference}/notes"
    api.post(url, json={"text": "lost"}, headers={"Idempotency-Key": "l"})
    with db.session_scope(db.session_factory(engine)) as s:
        s.execute(update(IdempotencyKey).values(status=None, body=None))
    again = api.post(url, json={"text": "lost"}, headers={"Idempotency-Key": "l"})
    assert again.status_code == 422 and "was saved" in again.json()["error"]["message"]
    assert _count(engine, Event, Event.text == "lost") == 1


def test_one_integrations_key_never_answers_another(api, new_client, engine):
    url = f"/api/v1/cases/{api.reference}/notes"
    api.post(url, json={"text": "mine"}, headers={"Idempotency-Key": "shared"})
    with db.session_scope(db.session_factory(engine)) as s:
        _, secret = tokens.create_token(s, "other", ["case.read", "case.write"], by=CLI)
    other = new_client()
    other.headers["authorization"] = f"Bearer {secret}"
    answer = other.post(url, json={"text": "mine"}, headers={"Idempotency-Key": "shared"})
    assert answer.status_code == 200 and "idempotent-replayed" not in answer.headers
    assert _count(engine, Event, Event.text == "mine") == 2


def test_a_key_that_is_not_printable_ascii_is_refused(api):
    url = f"/api/v1/cases/{api.reference}/notes"
    answer = api.post(url, json={"text": "x"}, headers={"Idempotency-Key": "é".encode()})
    assert answer.status_code == 422


def test_two_sends_of_one_key_at_the_same_moment_save_once(api, engine, monkeypatch):
    """Both pass the look-up before either commits: the second's claim meets the first's
    unique key at its commit, so its note is rolled back with it (503, try again), and the
    retry gets the first answer."""
    import threading

    from vigil.cases import service

    both_in = threading.Barrier(2, timeout=20)
    original = service.add_note

    def add_note_together(*args, **kwargs):  # type: ignore[no-untyped-def]
        both_in.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "add_note", add_note_together)
    url = f"/api/v1/cases/{api.reference}/notes"
    statuses: list[int] = []

    def send() -> None:
        answer = api.post(url, json={"text": "at once"}, headers={"Idempotency-Key": "race"})
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 503]
    assert _count(engine, Event, Event.text == "at once") == 1
    monkeypatch.setattr(service, "add_note", original)
    again = api.post(url, json={"text": "at once"}, headers={"Idempotency-Key": "race"})
    assert again.status_code == 200, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert _count(engine, Event, Event.text == "at once") == 1
