"""The editor's own words of a year's press release: kept per year and language, checked
when saved, audited."""

from datetime import date

import pytest
from sqlalchemy import select

from tests.builders import CLI
from vigil.errors import InputError
from vigil.reports.editions import editor_words, save_words
from vigil.store.models import AuditEntry

pytestmark = pytest.mark.usefixtures("frozen_today")  # 2024-06-15


def test_the_words_are_kept_per_year_and_language_and_every_save_is_audited(session):
    save_words(session, 2023, "nl", {"quote": "Elk kind telt.", "quote_by": "An"}, by=CLI)
    save_words(session, 2023, "fr", {"quote": "Chaque enfant compte."}, by=CLI)
    dutch, french = editor_words(session, 2023, "nl"), editor_words(session, 2023, "fr")
    assert (dutch.quote, french.quote) == ("Elk kind telt.", "Chaque enfant compte.")
    assert french.quote_by == "An"  # who is quoted is the same in every language
    assert editor_words(session, 2022, "nl").quote == ""  # another year: nothing given
    entries = session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail))
    assert [tuple(e) for e in entries if e.action == "report.edit"] == [
        ("cli:tests", "report.edit", "nl"),
        ("cli:tests", "report.edit", "fr"),
    ]


def test_only_the_fields_given_change_and_an_empty_one_clears(session):
    save_words(session, 2023, "en", {"quote": "Q", "context": "C"}, by=CLI)
    save_words(session, 2023, "en", {"context": ""}, by=CLI)
    words = editor_words(session, 2023, "en")
    assert (words.quote, words.context) == ("Q", "")


def test_a_figures_sentence_serves_later_years_until_another_is_given(session):
    sentence = "The 116 000 line took {value} calls, {comparison}."
    save_words(session, 2022, "en", {"sentences": {"calls_received": sentence}}, by=CLI)
    assert editor_words(session, 2023, "en").sentences == {"calls_received": sentence}
    save_words(session, 2023, "en", {"sentences": {"calls_received": "{value} calls."}}, by=CLI)
    assert editor_words(session, 2023, "en").sentences["calls_received"] == "{value} calls."
    assert editor_words(session, 2022, "en").sentences["calls_received"] == sentence


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"compare_with": 2023}, "compared with a year from 2013 to 2022, not 2023"),
        ({"compare_with": 2001}, "not 2001"),
        ({"order": "quote, hotline, weather"}, "no paragraph 'weather'"),
        ({"sentences": {"calls": "We took calls."}}, "does not say the figure: put {value}"),
        ({"sentences": {"calls": "{value} {calls}"}}, "has {calls}, which is not a placeholder"),
        ({"sentences": {"Calls!": "{value}"}}, "key 'Calls!' is not usable"),
        ({"colour": "blue"}, "no field 'colour'"),
    ],
)
def test_words_that_would_not_make_a_sound_release_are_refused(session, changes, message):
    with pytest.raises(InputError, match=message):
        save_words(session, 2023, "en", changes, by=CLI)


def test_no_words_for_a_year_to_come_nor_in_a_language_vigil_does_not_speak(session):
    with pytest.raises(InputError, match="2025 has not begun"):
        save_words(session, 2025, "en", {"quote": "Q"}, by=CLI)
    with pytest.raises(InputError, match="no language 'es'"):
        save_words(session, 2023, "es", {"quote": "Q"}, by=CLI)


def test_the_publication_date_and_the_comparison_year_are_the_editors(session):
    save_words(
        session, 2023, "en", {"published_on": date(2024, 3, 12), "compare_with": 2019}, by=CLI
    )
    words = editor_words(session, 2023, "de")  # a year's choices hold in every language
    assert (words.published_on, words.base_year) == (date(2024, 3, 12), 2019)
    assert editor_words(session, 2022, "de").base_year == 2021
