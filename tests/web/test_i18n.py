"""The pages in Dutch, French, German and English: every message translated, placeholders
kept, the domain's codes named, dates and numbers written the way each language does."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.builders import make_case
from vigil.accounts import roles
from vigil.domain import case_types
from vigil.store import db
from vigil.web import i18n, labels

ROOT = Path(__file__).parents[2]
TRANSLATED = ("nl", "fr", "de")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _source_messages() -> set[str | tuple[str, ...]]:
    """Every message the templates and the page code mark, as `make messages` extracts it."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(ROOT, method_map, options_map)
    return {message for _file, _line, message, _comments, _context in found if message}


def _catalog(locale: str):  # type: ignore[no-untyped-def]
    with (i18n.LOCALE_DIR / locale / "LC_MESSAGES" / "vigil.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_the_pages_mark_their_messages_for_translation():
    messages = _source_messages()
    assert "Open files by type" in messages and "Transgressive sexting" in messages
    assert ("%(num)s file", "%(num)s files") in messages
    assert "file %(reference)s is already open" in messages  # a domain rule's error
    assert "the username, password or code is wrong; try again" in messages  # marked N_


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_of_the_pages_has_a_translation_with_its_placeholders(locale):
    catalog = _catalog(locale)
    problems = []
    for message in sorted(_source_messages(), key=str):
        entry = catalog.get(message)
        if entry is None:
            problems.append(f"missing: {message!r}")
            continue
        singulars = message if isinstance(message, tuple) else (message,)
        wanted = {p for text in singulars for p in PLACEHOLDER.findall(text)}
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for text in strings:
            if not text.strip():
                problems.append(f"empty: {message!r}")
            elif set(PLACEHOLDER.findall(text)) != wanted and not (
                isinstance(message, tuple) and set(PLACEHOLDER.findall(text)) <= wanted
            ):
                problems.append(f"placeholders differ: {message!r} -> {text!r}")
        if entry.fuzzy:
            problems.append(f"fuzzy: {message!r}")
    assert not problems, f"{locale}: " + "; ".join(problems)


def test_the_labels_say_what_the_domain_says_in_english():
    for case_type, text in case_types.LABELS.items():
        assert labels.english(case_type) == text
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
    assert format_date(date(2021, 3, 1), "medium", locale=locale) in file


def test_numbers_are_written_the_way_each_language_writes_them(browser_as, engine):
    with db.session_scope(db.session_factory(engine)) as s:
        for day in range(1, 12):
            make_case(s, opened_at=date(2021, 3, day))
    carol = browser_as("carol")
    per_day = {"en": "0.03", "nl": "0,03", "fr": "0,03", "de": "0,03"}
    for locale, written in per_day.items():
        carol.post("/account/language", {"locale": locale})
        assert f'<td class="num">{written}</td>' in carol.get("/figures?year=2021").text, locale
