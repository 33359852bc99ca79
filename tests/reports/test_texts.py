"""The report's words come from the one catalogue (vigil/locale): the glossary's terms, the
corrections a native reader asked for, and the languages the report is written in."""

import pytest

from vigil import i18n
from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.errors import InputError
from vigil.reports.texts import LANGUAGES, Texts, check_language


def test_the_glossarys_words_are_used_sexting_crossing_boundaries_not_borders():
    assert Texts("nl").group(CaseType.SEXTING) == "Grensoverschrijdende sexting"
    assert Texts("fr").group(CaseType.SEXTING) == "Sexting abusif"
    assert Texts("en").group(CaseType.SEXTING) == "Non-consensual sexting"
    assert Texts("nl").group(CaseType.UNACCOMPANIED_MINOR).endswith("(NBM)")
    assert "(MENA)" in Texts("fr").group(CaseType.UNACCOMPANIED_MINOR)


def test_the_english_figures_name_the_types_in_the_plural():
    en = Texts("en")
    assert en.group(CaseType.RUNAWAY) == "Runaways"
    assert en.group(CaseType.UNACCOMPANIED_MINOR) == "Missing unaccompanied minors"
    assert en.label(CaseType.RUNAWAY) == "Runaway"  # one file's type, on the pages


def test_the_french_outcome_returned_does_not_read_as_income():
    fr = Texts("fr")
    assert fr.outcome(Outcome.RETURNED) == "Rentré au domicile"
    assert (
        fr.group(CaseType.LOST_INJURED) == "Enfant perdu, blessé ou disparu pour une autre raison"
    )
    assert fr._("New against %(year)s", year=2024) == "Nouveaux par rapport à 2024"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "not only threatened with abduction"),
        ("nl", "niet enkel een dreiging van ontvoering"),
        ("fr", "pas seulement une menace d’enlèvement"),
        ("de", "nicht nur angedroht"),
    ],
)
def test_effective_says_the_abduction_was_more_than_a_threat(lang, words):
    caption = Texts(lang)._(
        "Parental abduction files by scope; effective: the child was actually taken, not only "
        "threatened with abduction."
    )
    assert words in caption


def test_no_language_writes_of_child_pornography():
    for lang in LANGUAGES:
        catalogue = i18n.translations(lang)
        written = " ".join(str(v) for v in getattr(catalogue, "_catalog", {}).values())
        assert "pornogra" not in written.lower()


def test_an_unknown_language_is_refused_naming_the_known_ones():
    with pytest.raises(InputError, match="no language 'es'; use one of en, nl, fr, de"):
        check_language("es")
