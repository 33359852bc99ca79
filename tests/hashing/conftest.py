"""`vigil` run in-process against the test's fresh, migrated database (see tests/conftest.py
for `database_url` and `session`, on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from vigil.cli import context
from vigil.cli.main import app

Invoke = Callable[..., Result]


@pytest.fixture
def vigil(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Iterator[Invoke]:
    monkeypatch.setenv("VIGIL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("VIGIL_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        _reset()
        return runner.invoke(app, list(args))

    yield invoke
    _reset()


def _reset() -> None:
    """Forget the settings and dispose of the engine, as a new process would start."""
    if context.engine.cache_info().currsize:
        context.engine().dispose()
    context.current_settings.cache_clear()
    context.engine.cache_clear()
