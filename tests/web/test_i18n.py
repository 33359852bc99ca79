"""The pages in Dutch, French, German and English: the domain's codes named, dates and
numbers written the way each language does (every message translated: tests/test_i18n.py)."""

from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date

from tests.builders import make_case
from vigil.accounts import roles
from vigil.domain import case_types, outcomes
from vigil.store import db
from vigil.web import labels


def test_the_labels_say_what_the_domain_says_in_english():
    for case_type, text in case_types.LABELS.items():
        assert labels.english(case_type) == text
    for outcome, text in outcomes.LABELS.items():
        assert labels.english(outcome) == text
    for role, text in roles.LABELS.items():
        assert labels.english(role) == text
    for enum, names in labels.LABELS.items():
        assert set(names) == {m.value for m in enum}, f"{enum.__name__} lacks a label"


DASHBOARD = {
    "en": ("Open files by type", "Runaway"),
    "nl": ("Open dossiers per type", "Weglopen"),
    "fr": ("Dossiers ouverts par type", "Fugue"),
    "de": ("Offene Fälle nach Art", "Weglaufen"),
}


@pytest.mark.parametrize("locale", sorted(DASHBOARD))
def test_the_dashboard_and_a_file_come_in_the_language_chosen(locale, browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s, opened_at=date(2021, 3, 1)).reference
    alice = browser_as("alice")
    alice.post("/account/language", {"locale": locale})
    page = alice.get("/").text
    heading, runaway = DASHBOARD[locale]
    assert f'<html lang="{locale}">' in page
    assert heading in page and runaway in page
    assert "Grooming" in page  # a loanword in every language
    file = alice.get(f"/cases/{reference}").text
    formats = "en_GB" if locale == "en" else locale  # VIGIL_ENGLISH_LOCALE's default
    assert format_date(date(2021, 3, 1), "medium", locale=formats) in file


def test_numbers_are_written_the_way_each_language_writes_them(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        for day in range(1, 12):
            make_case(s, opened_at=date(2021, 3, day))
    carol = browser_as("carol")
    per_day = {"en": "0.03", "nl": "0,03", "fr": "0,03", "de": "0,03"}
    for locale, written in per_day.items():
        carol.post("/account/language", {"locale": locale})
        assert f'<td class="num">{written}</td>' in carol.get("/figures?year=2021").text, locale


def test_the_templates_of_a_language_are_compiled_once_not_for_every_page():
    from vigil.web import templating

    first = templating.environment("nl", "Europe/Brussels", "nl")
    assert templating.environment("nl", "Europe/Brussels", "nl") is first
    assert templating.environment("fr", "Europe/Brussels", "fr") is not first
