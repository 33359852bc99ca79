"""Rendering pages: Jinja2 with autoescaping, in the language of the person asking."""

from __future__ import annotations

import gettext
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from vigil.accounts.roles import Permission
from vigil.domain.ages import UNKNOWN_AGE
from vigil.web import i18n, labels
from vigil.web.actors import Actor

TEMPLATES = Path(__file__).parent / "templates"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals.update(P=Permission)


def locale_of(request: Request) -> str:
    actor: Actor | None = getattr(request.state, "actor", None)
    if actor is not None and actor.user_id is not None:
        return actor.locale
    return i18n.best_match(request.headers.get("accept-language", ""))


def _formatters(locale: str) -> dict[str, Any]:
    def day(value: date | None) -> str:
        return format_date(value, "medium", locale=locale) if value else ""

    def moment(value: datetime | None) -> str:
        return format_datetime(value, "short", locale=locale) if value else ""

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

    def label(value: StrEnum | str | None, kind: str = "") -> str:
        return "" if value is None else translations.gettext(labels.english(value, kind))

    def age_group(group: str) -> str:
        return translations.gettext(labels.UNKNOWN_AGE_LABEL) if group == UNKNOWN_AGE else group

    return {
        "gettext": translate,
        "ngettext": translate_plural,
        "label": label,
        "age_group": age_group,
    }


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    locale = locale_of(request)
    translations = i18n.translations(locale)
    actor: Actor | None = getattr(request.state, "actor", None)
    values = {
        "request": request,
        "actor": actor,
        "csrf": actor.csrf if actor else context.pop("csrf", ""),
        "locale": locale,
        **_gettext(translations),
        "errors": {},
        "failed": "",
        "form": {},
        **_formatters(locale),
        **context,
    }
    html = environment.get_template(name).render(values)
    return HTMLResponse(html, status_code=status)
