"""Rendering pages: Jinja2 with autoescaping, in the language of the person asking."""

from __future__ import annotations

import gettext
from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache, partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from vigil import clock, i18n
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.cases import timeline
from vigil.domain.ages import UNKNOWN_AGE
from vigil.domain.countries import all_countries, country_name, framework
from vigil.errors import N_
from vigil.store.models import Event
from vigil.web import labels

TEMPLATES = Path(__file__).parent / "templates"


@cache
def country_choices(locale: str) -> list[tuple[str, str]]:
    """Every country as (code, name in ``locale``), by name: a select's options."""
    names = [(code, country_name(code, locale)) for code in all_countries()]
    return sorted(names, key=lambda pair: pair[1].casefold())


@cache  # one per language and zone: a new one compiles every template again (20x a page's time)
def environment(locale: str, zone: str, formats: str) -> Environment:
    """The templates in one language: Jinja's i18n extension with that language's
    catalogue (``_("Figures of %(year)s", year=year)``, ``ngettext``), and the functions
    that format dates and numbers in the Babel locale ``formats`` (the language's, or
    VIGIL_ENGLISH_LOCALE's for English) and the time zone."""
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
    env.globals.update(P=Permission, today=clock.today)
    env.globals.update(
        country=partial(country_name, language=locale),
        countries=partial(country_choices, locale),
        framework=framework,
    )
    env.globals.update(**_labels(translations), **_formatters(formats, zone))
    return env


def locale_of(request: Request) -> str:
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is not None and actor.user_id is not None:
        return actor.locale
    return i18n.best_match(request.headers.get("accept-language", ""))


def formats_of(request: Request) -> str:
    """The Babel locale the page writes its dates and numbers in: its language's, except
    English, which follows VIGIL_ENGLISH_LOCALE (day first, unless it is set otherwise)."""
    locale = locale_of(request)
    return request.app.state.settings.english_locale if locale == "en" else locale


def _formatters(code: str, zone: str) -> dict[str, Any]:
    """``day``, ``moment``, ``number`` and ``percent``: one date style on every page (the
    medium date, "1 Mar 2021", with the short time where there is one)."""
    locale = Locale.parse(code)
    shown_in = ZoneInfo(zone)
    plain = locale.percent_formats[None].pattern.replace("#,##0", "#,##0.0")
    signed = f"+{plain};-{plain}"

    def day(value: date | None) -> str:
        return format_date(value, "medium", locale=locale) if value else ""

    def moment(value: datetime | None) -> str:
        """The time in VIGIL_TIMEZONE (SQLite hands back UTC times without their zone)."""
        if value is None:
            return ""
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        local = aware.astimezone(shown_in)
        time = format_time(local, "short", locale=locale)
        return str(locale.datetime_formats["medium"]).format(time, day(local.date()))

    def number(value: float | int) -> str:
        return format_decimal(value, locale=locale)

    def percent(value: float) -> str:
        """A change in percent, with its sign: "+2.5%", "-2,6%", "-2,6 %"."""
        return format_percent(value / 100, signed, locale=locale)

    return {"day": day, "moment": moment, "number": number, "percent": percent}


def _labels(translations: gettext.NullTranslations) -> dict[str, Any]:
    """``label(case.type)``: what the page calls a code of the domain (vigil.web.labels);
    ``options(values)``: the choices of a select, each code with its label."""

    @cache
    def named(enum: type, value: StrEnum | str, kind: str) -> str:
        return translations.gettext(labels.english(value, kind))

    def label(value: StrEnum | str | None, kind: str = "") -> str:
        """Cached by the value's type too: codes of two enums may be equal strings
        (TaskState.OPEN == TakedownState.OPEN == "open") and named otherwise."""
        return "" if value is None else named(type(value), value, kind)

    @cache
    def options(values: tuple[StrEnum, ...], kind: str = "") -> tuple[tuple[str, str], ...]:
        return tuple((v.value, label(v, kind)) for v in values)

    def age_group(group: str) -> str:
        return translations.gettext(labels.UNKNOWN_AGE_LABEL) if group == UNKNOWN_AGE else group

    def said(event: Event) -> str:
        """What Vigil wrote on the timeline, in words (vigil.cases.timeline)."""
        return timeline.describe(event, translations.gettext)

    return {
        "label": label,
        "said": said,
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
    env = environment(locale, request.app.state.settings.timezone, formats_of(request))
    html = env.get_template(name).render(values)
    return HTMLResponse(html, status_code=status)
