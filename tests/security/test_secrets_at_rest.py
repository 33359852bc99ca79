"""Finding 10: the SQLite database and backups were readable by every local user (0644) and
held the TOTP secrets in clear and the live sign-ins. Now: files 0600 in a 0700 directory;
second factors sealed with a key from the settings (made under VIGIL_HOME on SQLite), also
those of an older database (migration k1keys); a backup without sign-ins."""

from __future__ import annotations

import gzip
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from alembic import command
from sqlalchemy import Engine, select, text, update

from tests.builders import CLI
from tests.web.conftest import KEY, PASSWORD, TEST_KEY
from vigil import settings as settings_module
from vigil.accounts import service as accounts
from vigil.errors import DatabaseNotReady, SettingsError
from vigil.settings import Settings
from vigil.store import backup, db
from vigil.store.keys import CannotOpen, SecretKey, is_sealed, load_secret_key
from vigil.store.models import User

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most systems give (022): files 0644 unless made otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.usefixtures("usual_umask")
def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    home = tmp_path / "vigil-home"
    engine = db.make_engine(f"sqlite:///{home / 'vigil.db'}")
    db.migrate(engine)
    with engine.begin() as c:
        c.execute(text("INSERT INTO reference_counters VALUES ('RUN', 2024, 1)"))
    engine.dispose()
    assert _mode(home) == 0o700
    made = [p for p in home.iterdir() if p.name.startswith("vigil.db")]
    assert made and {_mode(p) for p in made} == {0o600}


@pytest.mark.usefixtures("usual_umask")
def test_a_database_an_earlier_version_left_readable_by_all_is_made_private(tmp_path):
    path = tmp_path / "vigil.db"
    path.touch()
    path.chmod(0o644)
    db.make_engine(f"sqlite:///{path}").dispose()
    assert _mode(path) == 0o600


def _sign_in_alice(browser_as) -> None:  # type: ignore[no-untyped-def]
    assert browser_as("alice").get("/").status_code == 200


@pytest.mark.usefixtures("usual_umask")
def test_a_backup_is_private_and_opens_no_session(browser_as, engine, tmp_path, secrets):
    _sign_in_alice(browser_as)
    path = tmp_path / "vigil.backup.gz"
    made = backup.backup(engine, path)
    assert _mode(path) == 0o600
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        tables = {json.loads(line).get("t") for line in handle}
    assert "users" in tables and "web_sessions" not in tables
    assert "web_sessions" not in made.rows and "sign_in_failures" not in made.rows
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        text_of_backup = handle.read()
    assert not any(secret in text_of_backup for secret in secrets.values())


def test_second_factors_are_sealed_in_the_database(engine, secrets):
    with engine.connect() as c:
        stored = dict(c.execute(select(User.username, User.totp_secret)).all())
    for username, secret in secrets.items():
        assert is_sealed(stored[username]) and secret not in stored[username]
        assert KEY.open(stored[username], bound_to=f"totp:{_id(engine, username)}") == secret


def _id(engine: Engine, username: str) -> int:
    with engine.connect() as c:
        return int(c.scalar(select(User.id).where(User.username == username)))


def test_a_sealed_secret_opens_only_with_its_key_and_on_its_account(engine, secrets):
    with engine.begin() as c:
        alices = c.scalar(select(User.totp_secret).where(User.username == "alice"))
        c.execute(update(User).where(User.username == "bob").values(totp_secret=alices))
    with pytest.raises(CannotOpen):
        SecretKey("another key of at least thirty-two characters").open(
            alices, bound_to=f"totp:{_id(engine, 'alice')}"
        )
    with (
        db.session_scope(db.session_factory(engine)) as s,
        pytest.raises(SettingsError, match="sealed with another secret key"),
    ):
        accounts.totp_secret(KEY, accounts.get_account(s, "bob"))


@pytest.fixture
def downgraded(engine: Engine) -> Iterator[Engine]:
    """The database as the version before sealing left it; brought back to the newest
    migration whatever the test does (PostgreSQL's test database is shared)."""
    command.downgrade(db.alembic_config(engine), "a2audit")
    yield engine
    command.upgrade(db.alembic_config(engine, lambda: KEY), "head")


def _clear_secret_account(engine: Engine) -> int:
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO users (id, username, display_name, active, created_at, "
                "password_hash, totp_secret, recovery_codes, roles, locale, failed_logins) "
                "VALUES (7, 'erin', 'Erin', :yes, CURRENT_TIMESTAMP, '', :secret, '[]', "
                "'[]', 'en', 0)"
            ),
            {"yes": True, "secret": SECRET},
        )
    return 7


def test_the_upgrade_seals_the_secrets_an_older_version_kept_in_clear(downgraded):
    user_id = _clear_secret_account(downgraded)
    with pytest.raises(DatabaseNotReady, match="secrets to seal"):
        db.migrate(downgraded)  # no key given: nothing half done
    db.migrate(downgraded, secret_key=lambda: KEY)
    with downgraded.connect() as c:
        sealed = c.scalar(select(User.totp_secret).where(User.id == user_id))
    assert is_sealed(sealed) and KEY.open(sealed, bound_to=f"totp:{user_id}") == SECRET
    with db.session_scope(db.session_factory(downgraded)) as s:
        erin = accounts.get_account(s, "erin")
        assert accounts.totp_secret(KEY, erin) == SECRET
        policy = accounts.Policy.from_settings(Settings(secret_key=TEST_KEY), KEY)
        code = pyotp.TOTP(SECRET).now()
        accounts.check_second_factor(s, erin, code, accounts.Client("192.0.2.1"), policy)
    command.downgrade(db.alembic_config(downgraded, lambda: KEY), "a2audit")
    with downgraded.connect() as c:
        assert c.scalar(text("SELECT totp_secret FROM users WHERE id = 7")) == SECRET


def test_a_new_database_needs_no_key_to_be_made(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    db.migrate(engine)  # nothing to seal: no key asked for
    engine.dispose()


@pytest.mark.usefixtures("usual_umask")
def test_on_sqlite_a_key_is_made_once_into_the_home_directory(tmp_path):
    home = tmp_path / "vigil-home"
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'vigil.db'}")
    first, again = load_secret_key(settings), load_secret_key(settings)
    assert first == again and len(first.text) >= 32
    assert _mode(home) == 0o700 and _mode(home / "secret.key") == 0o600


def test_on_postgresql_the_key_must_be_set(tmp_path):
    settings = Settings(home=tmp_path, database_url="postgresql+psycopg://vigil@db/vigil")
    with pytest.raises(SettingsError, match="VIGIL_SECRET_KEY is not set"):
        load_secret_key(settings)
    assert not (tmp_path / "secret.key").exists()


def test_the_key_comes_from_the_setting_or_its_file_and_never_shows(tmp_path):
    path = tmp_path / "key"
    path.write_text(TEST_KEY + "\n", encoding="utf-8")
    loaded = settings_module.load({"VIGIL_HOME": str(tmp_path), "VIGIL_SECRET_KEY_FILE": str(path)})
    assert load_secret_key(loaded) == KEY
    assert TEST_KEY not in repr(loaded) and TEST_KEY not in repr(KEY)
    with pytest.raises(SettingsError, match="use at least 32"):
        settings_module.load({"VIGIL_SECRET_KEY": "short"})


def test_a_new_account_is_sealed_from_the_start(session):
    user, _ = accounts.add_account(
        session, "erin", "Erin", ["case_worker"], by=CLI, password=PASSWORD
    )
    accounts.enrol_second_factor(session, user, SECRET, pyotp.TOTP(SECRET).now(), KEY)
    assert user.totp_secret and is_sealed(user.totp_secret)
