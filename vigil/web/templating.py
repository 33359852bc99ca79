"""Rendering pages: Jinja2 with autoescaping, in the language of the person asking."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from vigil import i18n
from vigil.accounts.roles import Permission
from vigil.domain.ages import UNKNOWN_AGE
from vigil.errors import N_
from vigil.web import labels
from vigil.web.actors import Actor
from vigil.web.fields import Fields

TEMPLATES = Path(__file__).parent / "templates"


class TranslateWhenCompiling(Extension):
    """Replace each ``_("a message")`` by its translation when a template is compiled.

    Every language has its own environment (and so its own compiled templates): a message
    without placeholders becomes a constant of the compiled page instead of a call per
    request. A page calls ``_`` some sixty times; through Jinja's call machinery that was a
    fifth of the file page's rendering time. Messages with placeholders (``_("... %(n)s",
    n=...)``) are left to ``gettext`` at run time. Extraction (`make messages`) reads the
    template sources, which this does not change.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.extend(compile_translations=None)

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translations: gettext.NullTranslations | None = getattr(
            self.environment, "compile_translations", None
        )
        tokens = list(stream)
        at = 0
        while at < len(tokens):
            window = tokens[at : at + 4]
            if translations is not None and _is_plain_message(window):
                yield Token(window[0].lineno, "string", translations.gettext(window[2].value))
                at += 4
            else:
                yield tokens[at]
                at += 1


def _is_plain_message(tokens: list[Token]) -> bool:
    """``_`` ``(`` a string ``)``: a message without placeholders to fill in."""
    return [t.type for t in tokens] == ["name", "lparen", "string", "rparen"] and (
        tokens[0].value == "_"
    )


_BASE = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    extensions=["jinja2.ext.i18n", TranslateWhenCompiling],
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,  # the templates ship with the package: no stat() of each per request
)
_BASE.globals.update(P=Permission)


@cache
def environment(locale: str, zone: str) -> Environment:
    """The templates of one language (compiled once each, with that language's messages),
    with the functions that translate and format in that language and time zone."""
    overlay = _BASE.overlay()
    translations = i18n.translations(locale)
    overlay.compile_translations = translations  # type: ignore[attr-defined]
    overlay.globals = {**_BASE.globals, **_gettext(translations), **_formatters(locale, zone)}
    return overlay


def locale_of(request: Request) -> str:
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is not None and actor.user_id is not None:
        return actor.locale
    return i18n.best_match(request.headers.get("accept-language", ""))


def _formatters(code: str, zone: str) -> dict[str, Any]:
    locale = Locale.parse(code)  # once: Babel parses a locale given by its code on every call
    shown_in = ZoneInfo(zone)

    @lru_cache(maxsize=4096)  # a list of 50 files shows about 75 dates, most of them seen before
    def day(value: date | None) -> str:
        return format_date(value, "medium", locale=locale) if value else ""

    def moment(value: datetime | None) -> str:
        """The time in VIGIL_TIMEZONE (SQLite hands back UTC times without their zone)."""
        if value is None:
            return ""
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return format_datetime(aware, "short", tzinfo=shown_in, locale=locale)

    def number(value: float | int) -> str:
        return format_decimal(value, locale=locale)

    return {"day": day, "moment": moment, "number": number}


def _gettext(translations: gettext.NullTranslations) -> dict[str, Any]:
    """``_("Hello %(name)s", name=...)``: translate, then fill in (escaped on output).
    ``label(case.type)``: what the page calls a code of the domain (see vigil.web.labels)."""

    def translate(message: str, **variables: Any) -> str:
        text = translations.gettext(message)
        return text % variables if variables else text

    def translate_plural(singular: str, plural: str, n: int, **variables: Any) -> str:
        text = translations.ngettext(singular, plural, n)
        return text % {"num": n, **variables}

    @cache
    def label(value: StrEnum | str | None, kind: str = "") -> str:
        return "" if value is None else translations.gettext(labels.english(value, kind))

    @cache
    def options(values: tuple[StrEnum, ...], kind: str = "") -> tuple[tuple[str, str], ...]:
        """The choices of a select: each code with what the page calls it."""
        return tuple((v.value, label(v, kind)) for v in values)

    def age_group(group: str) -> str:
        return translations.gettext(labels.UNKNOWN_AGE_LABEL) if group == UNKNOWN_AGE else group

    return {
        "gettext": translate,
        "ngettext": translate_plural,
        "label": label,
        "options": options,
        "age_group": age_group,
        "required_mark": translations.gettext(N_("(required)")),
    }


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    locale = locale_of(request)
    actor: Actor | None = getattr(request.state, "actor", None)
    given = context.pop("csrf", "")  # the sign-in pages' form token, before anyone is signed in
    csrf = actor.csrf if actor is not None and actor.csrf else given
    values = {
        "request": request,
        "actor": actor,
        "csrf": csrf,
        "csrf_input": Markup('<input type="hidden" name="csrf" value="%s">') % csrf,
        "locale": locale,
        "errors": {},
        "failed": "",
        "form": {},
        **context,
    }
    env = environment(locale, request.app.state.settings.timezone)
    values["f"] = Fields(values["errors"], values["form"], str(env.globals["required_mark"]))
    html = env.get_template(name).render(values)
    return HTMLResponse(html, status_code=status)
