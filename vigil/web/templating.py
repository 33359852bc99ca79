"""Rendering pages: Jinja2 with autoescaping, in the language of the person asking."""

from __future__ import annotations

import gettext
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from vigil import i18n
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.domain.ages import UNKNOWN_AGE
from vigil.errors import N_
from vigil.web import labels

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment(locale: str, zone: str) -> Environment:
    """The templates in one language: Jinja's i18n extension with that language's
    catalogue (``_("Figures of %(year)s", year=year)``, ``ngettext``), and the functions
    that format dates and numbers in that language and time zone."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    translations = i18n.translations(locale)
    installer: Any = env  # the i18n extension adds this method to the environment
    installer.install_gettext_translations(translations, newstyle=True)
    env.globals.update(P=Permission, **_labels(translations), **_formatters(locale, zone))
    return env


def locale_of(request: Request) -> str:
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is not None and actor.user_id is not None:
        return actor.locale
    return i18n.best_match(request.headers.get("accept-language", ""))


def _formatters(code: str, zone: str) -> dict[str, Any]:
    locale = Locale.parse(code)
    shown_in = ZoneInfo(zone)

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


def _labels(translations: gettext.NullTranslations) -> dict[str, Any]:
    """``label(case.type)``: what the page calls a code of the domain (vigil.web.labels);
    ``options(values)``: the choices of a select, each code with its label."""

    @cache
    def label(value: StrEnum | str | None, kind: str = "") -> str:
        return "" if value is None else translations.gettext(labels.english(value, kind))

    @cache
    def options(values: tuple[StrEnum, ...], kind: str = "") -> tuple[tuple[str, str], ...]:
        return tuple((v.value, label(v, kind)) for v in values)

    def age_group(group: str) -> str:
        return translations.gettext(labels.UNKNOWN_AGE_LABEL) if group == UNKNOWN_AGE else group

    return {
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
    html = env.get_template(name).render(values)
    return HTMLResponse(html, status_code=status)
