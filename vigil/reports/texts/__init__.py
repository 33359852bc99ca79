"""The report's words in each language: one module per language, the same keys in each.

A language module holds ``LOCALE`` (the Babel locale of its numbers and dates), ``WORDS``
(sentence templates and column names), ``CASE_TYPES`` and ``OUTCOMES`` (the glossary's
names). English is the reference; a test fails when another language lacks a key or a
placeholder. To add a language, see CONTRIBUTING.md.
"""

from __future__ import annotations

from types import ModuleType

from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.errors import InputError
from vigil.reports.formatting import Numbers
from vigil.reports.texts import de, en, fr, nl

MODULES: dict[str, ModuleType] = {"nl": nl, "fr": fr, "de": de, "en": en}
LANGUAGES = tuple(MODULES)


def check_language(lang: str) -> str:
    """Return ``lang`` if the report is written in it. Raise InputError naming those it is."""
    if lang not in MODULES:
        raise InputError(
            "no report language '%(lang)s'; use one of %(languages)s",
            field="lang",
            lang=lang,
            languages=", ".join(LANGUAGES),
        )
    return lang


class Texts:
    """The words and number formats of one language, ready to fill in."""

    def __init__(self, lang: str) -> None:
        module = MODULES[check_language(lang)]
        self.lang = lang
        self.numbers = Numbers(module.LOCALE)
        self._words: dict[str, str | dict[str, str]] = module.WORDS
        self._case_types: dict[CaseType, str] = module.CASE_TYPES
        self._outcomes: dict[Outcome, str] = module.OUTCOMES

    def __call__(self, key: str, **values: object) -> str:
        """Fill in the template ``key`` with ``values``."""
        template = self._words[key]
        assert isinstance(template, str), f"{key} is counted: use Texts.count"
        return template.format(**values)

    def count(self, key: str, n: float, shown: str | None = None) -> str:
        """The counted phrase ``key`` for ``n`` in the plural form the language uses for it
        ('1 nieuw dossier', '2 nieuwe dossiers'); ``shown`` is ``n`` as written if not a count."""
        forms = self._words[key]
        assert isinstance(forms, dict), f"{key} is not counted: call Texts directly"
        form = forms.get(self.numbers.plural_form(n), forms["other"])
        return form.format(n=self.numbers.count(int(n)) if shown is None else shown)

    def case_type(self, case_type: CaseType | str) -> str:
        return self._case_types[CaseType(case_type)]

    def outcome(self, outcome: Outcome | str) -> str:
        return self._outcomes[Outcome(outcome)]
