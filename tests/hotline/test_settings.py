"""The settings of routing and notices: read from the environment, refused when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil import settings
from vigil.errors import SettingsError


def test_the_defaults_send_no_mail_and_route_from_belgium(tmp_path: Path) -> None:
    loaded = settings.load({"VIGIL_HOME": str(tmp_path)})
    assert (loaded.country, loaded.smtp_host, loaded.smtp_port) == ("BE", "", 587)
    assert (loaded.smtp_user, loaded.smtp_password, loaded.notice_from) == ("", "", "")
    assert loaded.smtp_ca_file is None


def test_the_mail_settings_are_read_and_the_password_may_come_from_a_file(
    tmp_path: Path,
) -> None:
    password = tmp_path / "smtp-password"
    password.write_text("pass word\n", encoding="utf-8")
    loaded = settings.load(
        {
            "VIGIL_HOME": str(tmp_path),
            "VIGIL_COUNTRY": "nl",
            "VIGIL_SMTP_HOST": "mail.example.org",
            "VIGIL_SMTP_PORT": "25",
            "VIGIL_SMTP_USER": "vigil",
            "VIGIL_SMTP_PASSWORD_FILE": str(password),
            "VIGIL_SMTP_CA_FILE": str(tmp_path / "ca.pem"),
            "VIGIL_NOTICE_FROM": "hotline@example.org",
        }
    )
    assert (loaded.country, loaded.smtp_port, loaded.smtp_password) == ("NL", 25, "pass word")
    assert loaded.smtp_ca_file == tmp_path / "ca.pem"
    assert loaded.notice_from == "hotline@example.org"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VIGIL_COUNTRY": "Belgium"}, "VIGIL_COUNTRY='Belgium' is not a country code"),
        ({"VIGIL_SMTP_PORT": "70000"}, "must be from 1 to 65535"),
        ({"VIGIL_NOTICE_FROM": "hotline"}, "is not an e-mail address"),
        ({"VIGIL_NOTICE_FROM": "hot line@example.org"}, "is not an e-mail address"),
    ],
)
def test_a_wrong_value_fails_at_start_up(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        settings.load(env)
