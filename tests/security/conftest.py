"""The probes of issue 11 ("hold under hostile use"), one module per finding, each on SQLite
and PostgreSQL where a database is involved. They use the web tests' application, personas
and sign-in (tests/web/conftest.py)."""

from tests.web.conftest import (  # noqa: F401 - fixtures, found by pytest by name
    app,
    browser_as,
    fast_password_hashing,
    new_client,
    secrets,
    settings,
)
