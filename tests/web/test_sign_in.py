from datetime import timedelta

import pyotp
from sqlalchemy import select

from tests.builders import CLI
from tests.web.conftest import KEY, PASSWORD, form_token, fresh_code, sign_in
from vigil import clock
from vigil.store import db
from vigil.store.models import AuditEntry


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(new_client, secrets):
    client = new_client()
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"username": "alice", "password": "nope", "csrf": token})
    assert answer.status_code == 401
    assert "the username, password or code is wrong" in answer.text
    assert 'id="e-username"' in answer.text  # shown next to the field


def test_after_five_failures_the_next_try_from_there_waits_even_with_the_right_password(
    new_client, secrets
):
    client = new_client()
    for _ in range(5):
        token = form_token(client.get("/login").text)
        client.post("/login", data={"username": "alice", "password": "nope", "csrf": token})
    token = form_token(client.get("/login").text)
    answer = client.post("/login", data={"username": "alice", "password": PASSWORD, "csrf": token})
    assert answer.status_code == 401 and "try again in" in answer.text


def test_the_password_alone_does_not_open_the_application(new_client, secrets):
    client = new_client()
    token = form_token(client.get("/login").text)
    client.post("/login", data={"username": "alice", "password": PASSWORD, "csrf": token})
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"


def test_signing_in_issues_a_new_secure_httponly_strict_cookie(new_client, secrets):
    client = new_client()
    token = form_token(client.get("/login").text)
    first = client.post(
        "/login",
        data={"username": "alice", "password": PASSWORD, "csrf": token},
        follow_redirects=False,
    )
    half = first.cookies["__Host-vigil"]
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie
    code = form_token(client.get("/login/code").text)
    second = client.post(
        "/login/code",
        data={"code": fresh_code(secrets["alice"]), "csrf": code},
        follow_redirects=False,
    )
    assert second.cookies["__Host-vigil"] != half


def test_a_recovery_code_signs_in_once(new_client, engine, app):
    from vigil.accounts import service as accounts

    with db.session_scope(db.session_factory(engine)) as s:
        user, _ = accounts.add_account(
            s, "erin", "Erin", ["case_worker"], by=CLI, password=PASSWORD
        )
        secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        codes = accounts.enrol_second_factor(s, user, secret, pyotp.TOTP(secret).now(), KEY)
    client = new_client()
    sign_in_with = lambda code: (  # noqa: E731
        client.post(
            "/login",
            data={
                "username": "erin",
                "password": PASSWORD,
                "csrf": form_token(client.get("/login").text),
            },
        ),
        client.post(
            "/login/code", data={"code": code, "csrf": form_token(client.get("/login/code").text)}
        ),
    )[1]
    assert sign_in_with(codes[0]).url.path == "/"
    client.post("/logout", data={"csrf": form_token(client.get("/").text)})
    assert sign_in_with(codes[0]).status_code == 401


def test_a_new_account_enrols_its_second_factor_and_gets_recovery_codes(new_client, engine):
    from vigil.accounts import service as accounts

    with db.session_scope(db.session_factory(engine)) as s:
        accounts.add_account(s, "finn", "Finn", ["case_worker"], by=CLI, password=PASSWORD)
    client = new_client()
    token = form_token(client.get("/login").text)
    page = client.post("/login", data={"username": "finn", "password": PASSWORD, "csrf": token})
    assert page.url.path == "/login/enrol" and "data:image/svg+xml" in page.text
    secret = page.text.split('id="totp-secret">')[1].split("<")[0].replace(" ", "")
    done = client.post(
        "/login/enrol", data={"code": pyotp.TOTP(secret).now(), "csrf": form_token(page.text)}
    )
    assert done.status_code == 200 and done.text.count("<li><code>") == 10
    assert client.get("/").status_code == 200


def test_a_form_without_the_session_token_is_refused(browser_as):
    alice = browser_as("alice")
    answer = alice.client.post("/account/language", data={"locale": "nl"})
    assert answer.status_code == 403


def test_every_answer_has_a_strict_policy_and_no_caching(new_client):
    answer = new_client().get("/login")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script" not in policy
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    assert "<script" not in answer.text


def test_sign_ins_and_failures_are_audited(new_client, secrets, engine):
    client = new_client()
    token = form_token(client.get("/login").text)
    client.post("/login", data={"username": "alice", "password": "nope", "csrf": token})
    sign_in(client, "alice", secrets["alice"])
    with db.session_scope(db.session_factory(engine)) as s:
        signing_in = AuditEntry.action.startswith("login")
        actions = s.scalars(select(AuditEntry.action).where(signing_in).order_by(AuditEntry.id))
        assert list(actions)[:2] == ["login.failed", "login"]


def test_a_disabled_account_is_signed_out_at_once(browser_as, engine):
    from vigil.accounts import service as accounts

    alice = browser_as("alice")
    with db.session_scope(db.session_factory(engine)) as s:
        accounts.disable_account(s, "alice", by=CLI)
    assert alice.get("/", follow_redirects=False).status_code == 303


def test_pages_come_in_the_language_chosen(browser_as):
    alice = browser_as("alice")
    alice.post("/account/language", {"locale": "nl"})
    assert '<html lang="nl">' in alice.get("/").text


def test_a_page_that_reads_nothing_still_keeps_the_sign_in_alive(browser_as, frozen_today):
    alice = browser_as("alice")
    clock.freeze(frozen_today + timedelta(minutes=20))
    assert alice.get("/account", follow_redirects=False).status_code == 200
    clock.freeze(frozen_today + timedelta(minutes=45))  # 25 minutes idle: under 30
    assert alice.get("/account", follow_redirects=False).status_code == 200
    clock.freeze(frozen_today + timedelta(minutes=80))  # 35 minutes idle: signed out
    assert alice.get("/account", follow_redirects=False).status_code == 303
