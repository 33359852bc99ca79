from pathlib import Path

import pytest

from vigil import settings
from vigil.errors import SettingsError

DOCS = Path(__file__).parent.parent / "docs" / "settings.md"


def test_every_setting_is_documented_with_its_default():
    text = DOCS.read_text(encoding="utf-8")
    for setting in settings.documented():
        assert f"`{setting.name}`" in text, f"{setting.name} is missing from docs/settings.md"
        assert setting.default in text, f"the default of {setting.name} is not in the docs"


def test_the_database_defaults_to_sqlite_under_the_home_directory(tmp_path):
    loaded = settings.load({"VIGIL_HOME": str(tmp_path)})
    assert loaded.home == tmp_path
    assert loaded.database_url == f"sqlite:///{tmp_path / 'vigil.db'}"
    assert loaded.import_batch_size == 5000


def test_a_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "url"
    secret.write_text("postgresql+psycopg://vigil@db/vigil\n", encoding="utf-8")
    loaded = settings.load({"VIGIL_HOME": str(tmp_path), "VIGIL_DATABASE_URL_FILE": str(secret)})
    assert loaded.database_url == "postgresql+psycopg://vigil@db/vigil"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"VIGIL_IMPORT_BATCH_SIZE": "many"},
            "VIGIL_IMPORT_BATCH_SIZE='many' is not a whole number",
        ),
        ({"VIGIL_IMPORT_BATCH_SIZE": "0"}, "must be greater than 0"),
        ({"VIGIL_DATABASE_URL": "vigil.db"}, "is not a database URL"),
        ({"VIGIL_DATABASE_URL_FILE": "/nonexistent/x"}, "cannot read it"),
        ({"VIGIL_HOME": " "}, "VIGIL_HOME is empty"),
    ],
)
def test_a_bad_value_fails_at_start_up_naming_the_variable(env, message):
    with pytest.raises(SettingsError, match=message):
        settings.load(env)


def test_an_unknown_time_zone_is_refused_with_what_to_write_instead(tmp_path):
    with pytest.raises(SettingsError, match="not a time zone; use an IANA name"):
        settings.load({"VIGIL_HOME": str(tmp_path), "VIGIL_TIMEZONE": "Europe/Brusels"})
    assert settings.load({"VIGIL_HOME": str(tmp_path)}).timezone == "Europe/Brussels"


def test_the_fetchers_allow_list_reads_comma_separated_networks(tmp_path):
    def allow(raw):
        return settings.load({"VIGIL_FETCH_ALLOW_NETWORKS": raw}).fetch_allow_networks

    assert allow("") == ()
    assert [str(n) for n in allow(" 127.0.0.1/32, ::1/128 ")] == ["127.0.0.1/32", "::1/128"]
    with pytest.raises(SettingsError, match="'localhost' is not a network"):
        allow("localhost")
    with pytest.raises(SettingsError, match="'127.0.0.1/8' is not a network"):
        allow("127.0.0.1/8")


def test_the_fetchers_limits_read_seconds_and_media_types():
    loaded = settings.load(
        {"VIGIL_FETCH_READ_TIMEOUT": "0.5", "VIGIL_FETCH_CONTENT_TYPES": "Image/*, text/html"}
    )
    assert loaded.fetch_read_timeout == 0.5
    assert loaded.fetch_content_types == ("image/*", "text/html")
    assert settings.Settings().fetch_content_types == ("image/*", "video/*", "text/html")
    with pytest.raises(SettingsError, match="must be more than 0"):
        settings.load({"VIGIL_FETCH_DEADLINE": "0"})
    with pytest.raises(SettingsError, match="'jpeg' is not a media type"):
        settings.load({"VIGIL_FETCH_CONTENT_TYPES": "image/*,jpeg"})
