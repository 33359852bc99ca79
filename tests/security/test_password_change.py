"""Finding 7: changing a password did not end the other sign-ins (the docstring said so),
and wrong "current password" guesses were not counted (12 of 12 went through). Both on
SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.web.conftest import PASSWORD
from vigil.store import db
from vigil.store.models import AuditEntry, SignInFailure

NEW = "boterham met kaas en thee"


def test_changing_the_password_ends_the_other_sign_ins_and_keeps_this_one(browser_as):
    desk, phone = browser_as("alice"), browser_as("alice")
    changed = desk.post("/account/password", {"current": PASSWORD, "new": NEW})
    assert changed.url.path == "/account" and "Password changed." in changed.text
    assert phone.get("/", follow_redirects=False).headers["location"] == "/login"
    assert desk.get("/").status_code == 200


def test_wrong_current_passwords_count_as_failed_sign_ins(browser_as, engine):
    alice = browser_as("alice")
    for _ in range(5):
        wrong = alice.post("/account/password", {"current": "a guess", "new": NEW})
        assert wrong.status_code == 422 and "not your current password" in wrong.text
    waits = alice.post("/account/password", {"current": PASSWORD, "new": NEW})
    assert waits.status_code == 422 and "try again in" in waits.text
    with db.session_scope(db.session_factory(engine)) as s:
        assert s.scalar(select(func.count()).select_from(SignInFailure)) == 5
        failed = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "login.failed"))
        assert list(failed) == ["current password"] * 6  # the waiting try is audited too


def test_a_wrong_current_password_changes_nothing(browser_as, new_client, secrets):
    from tests.web.conftest import sign_in

    alice = browser_as("alice")
    alice.post("/account/password", {"current": "a guess", "new": NEW})
    sign_in(new_client(), "alice", secrets["alice"], password=PASSWORD)
