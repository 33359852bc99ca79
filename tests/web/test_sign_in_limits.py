"""A second-factor code works once, and the brake on guessing holds across worker processes."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.builders import CLI
from tests.web.conftest import KEY, PASSWORD, form_token, fresh_code, sign_in
from vigil import clock
from vigil.accounts import service as accounts
from vigil.accounts.throttle import Attempt, Throttle, Throttled
from vigil.errors import LoginFailed
from vigil.store import db
from vigil.store.models import SignInFailure
from vigil.web.app import create_app


def _password(client: TestClient, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    token = form_token(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf": token})


def _code(client: TestClient, code: str):  # type: ignore[no-untyped-def]
    token = form_token(client.get("/login/code").text)
    return client.post("/login/code", data={"code": code, "csrf": token})


def test_a_second_factor_code_is_not_accepted_twice_in_its_window(new_client, secrets):
    code = fresh_code(secrets["alice"])
    first = new_client()
    _password(first, "alice")
    assert _code(first, code).url.path == "/"
    second = new_client()
    _password(second, "alice")
    again = _code(second, code)
    assert again.status_code == 401 and "the username, password or code is wrong" in again.text


def test_a_code_older_than_the_last_one_accepted_is_refused(engine):
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    policy = accounts.Policy(Throttle(), KEY)
    here = accounts.Client("192.0.2.10")
    with db.session_scope(db.session_factory(engine)) as s:
        user, _ = accounts.add_account(
            s, "erin", "Erin", ["case_worker"], by=CLI, password=PASSWORD
        )
        accounts.enrol_second_factor(s, user, secret, fresh_code(secret), KEY)
        now = totp.timecode(time.time())
        accounts.check_second_factor(s, user, totp.generate_otp(now + 1), here, policy)
        assert user.totp_last_step == now + 1
    with db.session_scope(db.session_factory(engine)) as s:
        user = accounts.get_account(s, "erin")
        try:
            accounts.check_second_factor(s, user, totp.generate_otp(now), here, policy)
        except LoginFailed:
            refused = True
        else:
            refused = False
        failures = s.scalar(select(func.count()).select_from(SignInFailure))
    assert refused and failures == 1


def test_the_code_that_enrolled_the_phone_does_not_also_sign_in(new_client, engine):
    secret = pyotp.random_base32()
    code = fresh_code(secret)
    with db.session_scope(db.session_factory(engine)) as s:
        user, _ = accounts.add_account(
            s, "finn", "Finn", ["case_worker"], by=CLI, password=PASSWORD
        )
        accounts.enrol_second_factor(s, user, secret, code, KEY)
    client = new_client()
    _password(client, "finn")
    assert _code(client, code).status_code == 401
    assert _code(client, fresh_code(secret)).url.path == "/"


def test_failed_sign_ins_are_counted_across_worker_processes(settings, engine, secrets):
    """Two applications on one database stand for two worker processes: the failures made
    through one count in the other, so N processes do not allow N times the limit."""
    limited = replace(settings, login_attempts_per_minute=3)
    workers = [create_app(limited, engine), create_app(limited, engine)]
    with TestClient(workers[0], base_url="https://testserver") as one:
        for username in ("bob", "carol", "dave"):  # one try per account: no account locks
            assert _password(one, username, "wrong guess").status_code == 401
    with TestClient(workers[1], base_url="https://testserver") as two:
        answer = _password(two, "alice")
        assert answer.status_code == 401 and "too many failed sign-ins from here" in answer.text
    with db.session_scope(db.session_factory(engine)) as s:
        alice = Attempt.of("alice", "testclient")
        assert (
            s.scalar(select(func.count()).where(SignInFailure.account == alice.account)) == 0
        )  # the try refused before any check is not counted


def test_successful_sign_ins_do_not_count_against_the_limit(settings, engine, secrets):
    limited = replace(settings, login_attempts_per_minute=2)
    with TestClient(create_app(limited, engine), base_url="https://testserver") as client:
        for username in ("alice", "sam", "carol"):
            sign_in(client, username, secrets[username])
            client.post("/logout", data={"csrf": form_token(client.get("/").text)})


def test_failures_older_than_a_minute_no_longer_hold_a_client_up(session, frozen_today):
    throttle = Throttle(per_minute=2)
    for name in ("bob", "carol"):
        throttle.failed(session, Attempt.of(name, "192.0.2.7"))
    with pytest.raises(Throttled, match="from here"):
        throttle.check(session, Attempt.of("dave", "192.0.2.7"))
    throttle.check(session, Attempt.of("dave", "192.0.2.8"))
    clock.freeze(frozen_today + timedelta(seconds=61))
    throttle.check(session, Attempt.of("dave", "192.0.2.7"))


def test_failures_older_than_a_day_are_deleted(session, frozen_today):
    throttle = Throttle()
    throttle.failed(session, Attempt.of("bob", "192.0.2.7"))
    clock.freeze(frozen_today + timedelta(days=1, seconds=1))
    throttle.failed(session, Attempt.of("bob", "192.0.2.7"))  # the old row goes on the way
    assert session.scalar(select(func.count()).select_from(SignInFailure)) == 1
