"""Running `vigil ARGS...` in-process, as the `vigil` fixture of tests/conftest.py does."""

from __future__ import annotations

from collections.abc import Callable

from typer.testing import Result

from vigil.cli import context

Invoke = Callable[..., Result]


def reset_cli() -> None:
    """Forget the settings and dispose of the engine, as a new process would start."""
    if context.engine.cache_info().currsize:
        context.engine().dispose()
    context.current_settings.cache_clear()
    context.jobs.cache_clear()
    context.engine.cache_clear()
    context.secret_key.cache_clear()
