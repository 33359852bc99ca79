import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from tests.web.conftest import sign_in
from vigil import settings
from vigil.store import db
from vigil.web.app import create_app

pytestmark = pytest.mark.usefixtures("frozen_today")


def test_users_are_added_with_roles_listed_disabled_and_reset(vigil):
    added = vigil("users", "add", "alice", "--name", "Alice Verbeke", "--role", "case_worker")
    assert added.exit_code == 0 and "First password:" in added.output
    listed = vigil("users", "list")
    assert "alice" in listed.output and "case_worker" in listed.output
    assert "no 2fa yet" in listed.output
    assert vigil("users", "reset-2fa", "alice").exit_code == 0
    assert vigil("users", "disable", "alice").exit_code == 0
    assert "disabled" in vigil("users", "list").output
    bad = vigil("users", "add", "bob", "--role", "wizard")
    assert bad.exit_code == 1 and "unknown role 'wizard'" in bad.stderr


def test_start_prints_a_demo_account_that_signs_in_with_its_printed_second_factor(
    vigil, database_url, tmp_path
):
    started = vigil("start", "--no-serve", "--demo-size", "small")
    password = re.search(r"Demo account: demo / (\S+)", started.output)
    secret = re.search(r"enter the key (\w+) in it", started.output)
    assert password and secret, started.output
    assert "▄" in started.output  # the key as a QR code, for a phone
    served = db.make_engine(database_url)
    app = create_app(settings.load(), served)  # the environment the command ran in
    overdue = re.search(r"(\d+) tasks are overdue", started.output)
    worker = re.search(r"alice / (\S+), key (\w+)", started.output)
    assert overdue and worker, started.output
    with TestClient(app, base_url="https://testserver") as client:
        sign_in(client, "demo", secret.group(1), password=password.group(1))
        dashboard = client.get("/").text
        assert "Demo Supervisor" in dashboard
        assert f"{overdue.group(1)} tasks of the team are overdue" in dashboard
    with TestClient(app, base_url="https://testserver") as client:  # a worker of the demo
        sign_in(client, "alice", worker.group(2), password=worker.group(1))
        assert "Alice Verbeke" in client.get("/").text and "/cases/new" in client.get("/").text
    served.dispose()
    # a new password and key at each start: the old ones are void
    again = vigil("start", "--no-serve", "--demo-size", "small")
    assert password.group(1) not in again.output and secret.group(1) not in again.output


def test_a_backup_restores_into_an_empty_database_on_either_backend(
    vigil, tmp_path, database_url, monkeypatch
):
    vigil("demo", "--seed", "3", "--size", "small")
    vigil("users", "add", "alice", "--role", "case_worker")
    backup = tmp_path / "vigil.backup.gz"
    made = vigil("backup", str(backup))
    assert made.exit_code == 0, made.output
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    monkeypatch.setenv("VIGIL_DATABASE_URL", target)
    restored = vigil("restore", str(backup))
    assert restored.exit_code == 0, restored.output
    assert vigil("audit", "verify").exit_code == 0
    source, copy = create_engine(database_url), db.make_engine(target)
    for table in ("cases", "people", "events", "users", "audit_entries"):
        query = text(f"SELECT count(*) FROM {table}")
        with source.connect() as a, copy.connect() as b:
            assert a.scalar(query) == b.scalar(query), table
    source.dispose()
    copy.dispose()
    again = vigil("restore", str(backup))
    assert again.exit_code == 1 and "already holds data" in again.stderr
    opened = vigil("cases", "open", "--type", "runaway", "--first-name", "Lea")
    assert opened.exit_code == 0, opened.output
