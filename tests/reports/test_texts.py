import string

import pytest

from vigil.domain.case_types import CaseType
from vigil.domain.outcomes import Outcome
from vigil.errors import InputError
from vigil.reports.texts import LANGUAGES, MODULES, Texts, check_language
from vigil.reports.texts import en as reference


def placeholders(template):
    forms = template.values() if isinstance(template, dict) else [template]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_text_with_the_same_placeholders(lang):
    words = MODULES[lang].WORDS
    assert set(words) == set(reference.WORDS)
    for key, template in reference.WORDS.items():
        assert placeholders(words[key]) == placeholders(template), key
        if isinstance(template, dict):
            assert "other" in words[key], key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_names_every_type_and_outcome(lang):
    assert set(MODULES[lang].CASE_TYPES) == set(CaseType)
    assert set(MODULES[lang].OUTCOMES) == set(Outcome)


def test_the_glossarys_words_are_used_sexting_crossing_boundaries_not_borders():
    assert Texts("nl").case_type(CaseType.SEXTING) == "Grensoverschrijdende sexting"
    assert Texts("fr").case_type(CaseType.SEXTING) == "Sexting abusif"
    assert Texts("nl").case_type(CaseType.UNACCOMPANIED_MINOR).endswith("(NBM)")
    assert "(MENA)" in Texts("fr").case_type(CaseType.UNACCOMPANIED_MINOR)
    every_text = " ".join(str(MODULES[lang].WORDS) for lang in LANGUAGES).lower()
    assert "pornogra" not in every_text


def test_an_unknown_language_is_refused_naming_the_known_ones():
    with pytest.raises(InputError, match="no report language 'es'; use one of nl, fr, de, en"):
        check_language("es")
