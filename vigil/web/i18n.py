"""Translations of the pages: gettext catalogues read from the .po files at run time.

Babel reads each ``locale/<lang>/LC_MESSAGES/vigil.po`` and compiles it in memory, so no
build step is needed when installing. English is the source language.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from vigil.errors import VigilError

LOCALE_DIR = Path(__file__).parent / "locale"
LOCALES = ("en", "nl", "fr", "de")
NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}


@cache
def translations(locale: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / locale / "LC_MESSAGES" / "vigil.po"
    if locale == "en" or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def best_match(accept_language: str) -> str:
    """The first of our languages named in an Accept-Language header, else English."""
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LOCALES:
            return code
    return "en"


def error_message(error: VigilError, locale: str) -> str:
    """``error``'s message in ``locale``: its English template translated, then its values
    filled in (the English message where the catalogue has no translation). A date among
    the values is written as the pages write dates ("20 jun 2024", not "2024-06-20"); the
    CLI's message (``error.message``) keeps ISO dates."""
    text = translations(locale).gettext(error.template)
    if not error.values:
        return text
    return text % {name: _as_shown(value, locale) for name, value in error.values.items()}


def _as_shown(value: object, locale: str) -> object:
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value, "medium", locale=locale)
    return value
