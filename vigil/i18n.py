"""One catalogue of words per language, for every room: the pages, the annual report, the
errors and the command line.

Words are written in English in the code and marked for extraction: ``_("...")`` and
``ngettext(singular, plural, n)`` where they are said, ``N_("...")`` (and ``Nn_`` for a
plural pair) where they are kept in a constant, and the first argument of every VigilError
(babel.cfg). `make messages` extracts them into ``vigil/locale/vigil.pot`` and merges them
into each language's ``vigil/locale/<lang>/LC_MESSAGES/vigil.po``; Babel reads and compiles
a catalogue in memory at its first use, so there is nothing to build when installing.
English is the source language. tests/test_i18n.py fails while a message lacks a translation.

::

    words = Words("nl")
    words("Figures of %(year)s", year=2024)                      # 'Cijfers van 2024'
    words.ngettext("%(num)s file", "%(num)s files", 3, num="3")  # '3 dossiers'
    words.label(CaseType.RUNAWAY)                                # 'Weglopen'
    words.error(exc)                                             # an error's message
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from vigil.domain import case_types, countries, outcomes
from vigil.errors import InputError, Text, VigilError

LOCALE_DIR = Path(__file__).parent / "locale"
NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}
"""Each language in its own words, in the order a choice of language lists them."""
LANGUAGES = tuple(NAMES)
SOURCE = "en"

LABELS: dict[type[StrEnum], dict[str, str]] = {
    case_types.CaseType: {code.value: text for code, text in case_types.LABELS.items()},
    outcomes.Outcome: {code.value: text for code, text in outcomes.LABELS.items()},
    countries.Framework: {code.value: text for code, text in countries.FRAMEWORK_LABELS.items()},
    countries.Region: {code.value: text for code, text in countries.REGION_LABELS.items()},
}
"""The English names of the domain's codes that every room shows (written once, beside
their enums); the pages name more codes (vigil.web.labels)."""


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``; English (the source, no catalogue) for any other code."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "vigil.po"
    if lang == SOURCE or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def check_language(lang: str) -> str:
    """Return ``lang`` if Vigil speaks it. Raise InputError naming the languages it speaks."""
    if lang not in NAMES:
        raise InputError(
            "no language '%(lang)s'; use one of %(languages)s",
            field="lang",
            lang=lang,
            languages=", ".join(LANGUAGES),
        )
    return lang


def best_match(accept_language: str) -> str:
    """The first of our languages named in an Accept-Language header, else English."""
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in NAMES:
            return code
    return SOURCE


def error_message(error: VigilError, lang: str, formats: str = "") -> str:
    """``error``'s message in ``lang``: its English template translated, then its values
    filled in (the English message where the catalogue has no translation). A value that is
    itself an error (the problem of an imported row) is translated the same way, and so is a
    word marked with ``N_`` (``what=N_("type")``); a date is
    written as the pages write dates ("20 jun 2024", not "2024-06-20"), while the English
    ``error.message`` that the logs keep has ISO dates. ``formats`` is the Babel locale of
    the dates when it is not ``lang`` (the pages' English: VIGIL_ENGLISH_LOCALE)."""
    text = translations(lang).gettext(error.template)
    if not error.values:
        return text
    shown = {name: _as_shown(value, lang, formats or lang) for name, value in error.values.items()}
    return text % shown


def _as_shown(value: object, lang: str, formats: str) -> object:
    if isinstance(value, VigilError):
        return error_message(value, lang, formats)
    if isinstance(value, Text):
        return translations(lang).gettext(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return format_date(value, "medium", locale=formats)
    return value


class Words:
    """The words of one language, ready to fill in."""

    def __init__(self, lang: str) -> None:
        self.lang = check_language(lang)
        self.translations = translations(lang)

    def __call__(self, message: str, **values: object) -> str:
        """``message`` translated, its ``%(name)s`` filled in with ``values``."""
        text = self.translations.gettext(message)
        return text % values if values else text

    _ = __call__
    gettext = __call__

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form of the message the language uses for ``n`` ('1 dossier', '2 dossiers'),
        filled in with ``values`` (``num``, the number as written, among them)."""
        return self.translations.ngettext(singular, plural, n) % {"num": n, **values}

    def plural(self, pair: tuple[str, str], n: int, **values: object) -> str:
        """:meth:`ngettext` of a pair kept in a constant with ``Nn_``."""
        return self.ngettext(pair[0], pair[1], n, **values)

    def label(self, value: StrEnum) -> str:
        """What every room calls a code of the domain (a case type, an outcome)."""
        return self(LABELS[type(value)][value.value])

    def error(self, error: VigilError) -> str:
        return error_message(error, self.lang)
