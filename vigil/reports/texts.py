"""The report's words and number formats in one language: the one catalogue of words
(vigil.i18n, vigil/locale) and the Babel locale each language writes its numbers and dates in.

The report's English is written in its modules (``texts._("New files per year")``); a
counted phrase is a plural pair (``Nn_("%(num)s file", "%(num)s files")``) said for its count
with :meth:`Texts.counted`. To add a report language, see CONTRIBUTING.md.
"""

from __future__ import annotations

from vigil import i18n
from vigil.domain.case_types import GROUP_LABELS, CaseType
from vigil.domain.outcomes import Outcome
from vigil.errors import N_
from vigil.reports.formatting import Numbers

LANGUAGES = i18n.LANGUAGES
LOCALES = {"en": "en_GB", "nl": "nl_BE", "fr": "fr_BE", "de": "de_BE"}
"""The Babel locale of each language's numbers and dates: Belgian Dutch, French and German,
British English."""

NUMBER_WORDS = {
    2: N_("two"),
    3: N_("three"),
    4: N_("four"),
    5: N_("five"),
    6: N_("six"),
    7: N_("seven"),
    8: N_("eight"),
    9: N_("nine"),
    10: N_("ten"),
}
"""Small numbers in words, as running text writes them ("almost three a day"); one is in
each phrase's singular form ("more than one a week", "plus d'un par semaine")."""


def check_language(lang: str) -> str:
    """Return ``lang`` if the report is written in it. Raise InputError naming those it is."""
    return i18n.check_language(lang)


class Texts(i18n.Words):
    """The catalogue of one language, with its numbers and dates (:attr:`numbers`)."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang)
        self.numbers = Numbers(LOCALES[lang])

    def counted(self, pair: tuple[str, str], n: int) -> str:
        """The phrase ``pair`` for ``n`` with ``n`` written as this language writes counts
        ('1.500 nieuwe dossiers')."""
        return self.plural(pair, n, num=self.numbers.count(n))

    def in_words(self, n: int) -> str:
        """``n`` in words from two to ten ('three', 'drie'), else in figures."""
        word = NUMBER_WORDS.get(n)
        return self(word) if word else self.numbers.count(n)

    def group(self, case_type: CaseType | str) -> str:
        """What the figures call the files of a type ('Runaways', 'Weglopen')."""
        return self(GROUP_LABELS[CaseType(case_type)])

    def outcome(self, outcome: Outcome | str) -> str:
        return self.label(Outcome(outcome))
