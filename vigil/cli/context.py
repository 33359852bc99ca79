"""What every command needs: the settings, the database, the words of its language
(VIGIL_LANGUAGE) and one way to report errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, wraps
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from vigil import clock
from vigil import settings as settings_module
from vigil.accounts.actors import Actor, command_line
from vigil.errors import VigilError
from vigil.i18n import SOURCE, Words, error_message
from vigil.jobs.queue import Jobs, make_jobs
from vigil.settings import Settings
from vigil.store import db
from vigil.store.keys import SecretKey, load_secret_key

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


@cache
def current_settings() -> Settings:
    loaded = settings_module.load()
    clock.use_zone(loaded.timezone)
    return loaded


def words() -> Words:
    """The catalogue of the command line's language (VIGIL_LANGUAGE, English by default)."""
    return Words(current_settings().language)


@cache
def engine() -> Engine:
    return db.make_engine(current_settings().database_url)


@cache
def secret_key() -> SecretKey:
    """VIGIL_SECRET_KEY, or on SQLite the key made under VIGIL_HOME (see vigil.store.keys)."""
    return load_secret_key(current_settings())


@contextmanager
def session(*, check: bool = True) -> Iterator[Session]:
    """A transaction on a migrated database; committed when the block succeeds."""
    if check:
        db.check_ready(engine())
    with db.session_scope(db.session_factory(engine())) as s:
        yield s


@cache
def jobs() -> Jobs:
    """The job queue the settings name, its tasks working on this database."""
    return make_jobs(current_settings(), db.session_factory(engine()))


@cache
def actor() -> Actor:
    """Who acts at the command line: ``cli:<os user>``, holding every permission but
    seeing no restricted file (vigil.accounts.actors.command_line)."""
    return command_line()


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a VigilError into its message on stderr and exit status 1."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except VigilError as exc:
            raise fail(_message(exc)) from None
        except KeyboardInterrupt:
            print("interrupted; nothing of the unfinished step was saved", file=sys.stderr)
            raise typer.Exit(130) from None

    return wrapper


def _message(error: VigilError) -> str:
    """The error in the command line's language; in English as the logs keep it (ISO dates).
    A bad setting is said in English: the language is a setting too."""
    try:
        lang = current_settings().language
    except VigilError:
        return error.message
    return error.message if lang == SOURCE else error_message(error, lang)
