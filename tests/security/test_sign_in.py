"""Finding 4: a locked account answered "locked until ..." at once while an unknown name took
a hash's time and never said locked (names could be found), and anyone could lock anyone
out with 5 requests. Now unknown, disabled, wrong and waiting answer alike for a name with
an account or without; failures slow the guesser down where the guessing happens, and the
owner signs in from a computer used before whatever others tried; `vigil users unlock`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.builders import CLI
from tests.web.conftest import PASSWORD, form_token, fresh_code, sign_in
from vigil import clock
from vigil.accounts import credentials
from vigil.accounts import service as accounts
from vigil.accounts.throttle import Attempt, Throttle, Throttled
from vigil.store import db
from vigil.store.models import AuditEntry, SignInFailure


def _client(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, base_url="https://testserver", client=(address, 50000))


def _password(client: TestClient, username: str, password: str):  # type: ignore[no-untyped-def]
    token = form_token(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf": token})


def _shown(answer) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """The status and the message next to the field, the username aside."""
    message = answer.text.split('id="e-username"')[1].split("</")[0]
    return answer.status_code, message


@pytest.fixture
def hashes_checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hash verified, in order: the work that takes a sign-in's time."""
    checked: list[str] = []
    matches = credentials.password_matches

    def counted(stored: str, password: str) -> bool:
        checked.append(stored)
        return matches(stored, password)

    monkeypatch.setattr(credentials, "password_matches", counted)
    return checked


def test_unknown_disabled_and_wrong_answer_alike_with_one_hash_each(
    app, secrets, engine, hashes_checked
):
    with db.session_scope(db.session_factory(engine)) as s:
        accounts.disable_account(s, "dave", by=CLI)
    answers = []
    for username in ("alice", "nobody", "dave"):
        with _client(app, f"192.0.2.{len(answers) + 1}") as client:
            answers.append(_shown(_password(client, username, "not the password")))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 401 and "wrong" in answers[0][1]
    assert len(hashes_checked) == 3  # the unknown and the disabled name check a dummy hash


def test_a_name_with_an_account_and_one_without_wait_alike_after_failures(
    app, secrets, hashes_checked
):
    answers = {}
    for username in ("alice", "nobody"):
        with _client(app, "192.0.2.20") as client:
            for _ in range(5):
                _password(client, username, "not the password")
            hashes_checked.clear()
            answers[username] = _shown(_password(client, username, PASSWORD))
            assert hashes_checked == []  # a waiting try checks no hash, with an account or not
    assert answers["alice"] == answers["nobody"]
    assert "try again in" in answers["alice"][1] and "locked" not in answers["alice"][1]


def test_failures_from_elsewhere_never_keep_the_owner_out_of_a_known_computer(app, secrets):
    with _client(app, "198.51.100.7") as office:
        sign_in(office, "alice", secrets["alice"])
        office.post("/logout", data={"csrf": form_token(office.get("/").text)})
        for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"):
            with _client(app, address) as guesser:  # many addresses, as a botnet has
                for _ in range(6):
                    _password(guesser, "alice", "a guess")
        with _client(app, "203.0.113.5") as guesser:
            assert "try again in" in _password(guesser, "alice", PASSWORD).text
        sign_in(office, "alice", secrets["alice"])  # the office computer: not held up
        assert "Alice Verbeke" in office.get("/").text


def test_the_owner_on_another_computer_is_held_up_only_by_failures_made_there(app, secrets):
    with _client(app, "203.0.113.9") as guesser:
        for _ in range(5):
            _password(guesser, "alice", "a guess")
        assert "try again in" in _password(guesser, "alice", PASSWORD).text
    with _client(app, "198.51.100.8") as new_laptop:
        sign_in(new_laptop, "alice", secrets["alice"])


def test_wrong_codes_count_like_wrong_passwords(app, secrets):
    with _client(app, "203.0.113.30") as client:
        for _ in range(5):
            _password(client, "alice", PASSWORD)
            token = form_token(client.get("/login/code").text)
            client.post("/login/code", data={"code": "000000", "csrf": token})
        answer = _password(client, "alice", PASSWORD)
    assert answer.status_code == 401 and "try again in" in answer.text


def test_the_wait_doubles_with_each_failure_up_to_the_longest(session, frozen_today):
    throttle = Throttle(per_minute=1000, free=3, longest=timedelta(seconds=10))
    attempt = Attempt.of("alice", "192.0.2.40")
    waits = []
    for _ in range(8):
        throttle.failed(session, attempt)
        waits.append(throttle.wait(session, attempt, clock.now()))
    seconds = [w.total_seconds() for w in waits]
    assert seconds == [0, 0, 1, 2, 4, 8, 10, 10]
    clock.freeze(frozen_today + timedelta(seconds=11))
    throttle.check(session, attempt)  # the wait is over: a try again


def test_a_full_sign_in_forgets_only_the_failures_made_where_it_happened(session, frozen_today):
    throttle = Throttle(free=2)
    here, there = Attempt.of("alice", "192.0.2.50"), Attempt.of("alice", "192.0.2.51")
    for attempt in (here, here, there, there):
        throttle.failed(session, attempt)
    throttle.succeeded(session, here)
    throttle.check(session, here)
    with pytest.raises(Throttled):
        throttle.check(session, there)


def test_vigil_users_unlock_lets_the_name_try_again_at_once(vigil, engine):
    assert vigil("users", "add", "alice", "--role", "case_worker").exit_code == 0
    with db.session_scope(db.session_factory(engine)) as s:
        for _ in range(9):
            Throttle().failed(s, Attempt.of("Alice", "203.0.113.60"))
    unlocked = vigil("users", "unlock", "alice")
    assert unlocked.exit_code == 0 and "9 failed sign-ins forgotten" in unlocked.output
    with db.session_scope(db.session_factory(engine)) as s:
        assert s.scalar(select(func.count()).select_from(SignInFailure)) == 0
        Throttle().check(s, Attempt.of("alice", "203.0.113.60"))
        actions = s.scalars(select(AuditEntry.action)).all()
    assert "user.unlock" in actions
    unknown = vigil("users", "unlock", "nobody")
    assert unknown.exit_code == 1 and "there is no user 'nobody'" in unknown.stderr


def test_every_failure_is_kept_though_the_answer_is_a_refusal(app, secrets, engine):
    with _client(app, "203.0.113.70") as client:
        _password(client, "nobody", "a guess")
        _password(client, "alice", "a guess")
        fresh_code(secrets["alice"])
    with db.session_scope(db.session_factory(engine)) as s:
        assert s.scalar(select(func.count()).select_from(SignInFailure)) == 2
