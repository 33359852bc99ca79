"""A notice's text: in the recipient's language and register, saying the URL, the
classification, the reference and the dates, and nothing else."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from vigil.domain.contacts import NOTICE_LANGUAGES, ContactKind
from vigil.errors import InputError
from vigil.hotline.notice_texts import WORDS
from vigil.hotline.notices import (
    Classification,
    Notice,
    Sender,
    format_time,
    notice_document,
    render_notice,
)

SENDER = Sender("Stichting Voorbeeld", "BE", "meldpunt@voorbeeld.example")
NOTICE = Notice(
    url="https://files.example.com/a/1234.html",
    classification=Classification.BASELINE,
    reference="HL-2026-000123",
    reported_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
    assessed_at=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
)
GREETINGS = {
    "en": "Dear colleagues,",
    "nl": "Geachte heer, mevrouw,",
    "fr": "Madame, Monsieur,",
    "de": "Sehr geehrte Damen und Herren,",
}
MATERIAL = {  # the glossary's words for the material
    "en": "child sexual abuse material",
    "nl": "seksuele misbruikbeelden van minderjarigen",
    "fr": "images d'abus sexuels d'enfants",
    "de": "Darstellungen sexuellen Kindesmissbrauchs",
}
SUBJECT_WORDS = {
    ("en", ContactKind.HOST_ABUSE): "Notice and takedown",
    ("nl", ContactKind.HOST_ABUSE): "Verwijderingsverzoek",
    ("fr", ContactKind.HOST_ABUSE): "Demande de retrait",
    ("de", ContactKind.HOST_ABUSE): "Löschaufforderung",
    ("en", ContactKind.POLICE): "Report",
    ("nl", ContactKind.POLICE): "Melding",
    ("fr", ContactKind.POLICE): "Signalement",
    ("de", ContactKind.POLICE): "Meldung",
    ("en", ContactKind.PARTNER_HOTLINE): "Referral",
    ("nl", ContactKind.PARTNER_HOTLINE): "Doorverwijzing",
    ("fr", ContactKind.PARTNER_HOTLINE): "Transmission",
    ("de", ContactKind.PARTNER_HOTLINE): "Weiterleitung",
}


@pytest.mark.parametrize("language", NOTICE_LANGUAGES)
@pytest.mark.parametrize("kind", list(ContactKind))
def test_each_notice_says_the_url_classification_reference_and_dates_in_its_language(
    language: str, kind: ContactKind
) -> None:
    rendered = render_notice(NOTICE, kind, language, SENDER)
    assert rendered.language == language
    assert rendered.subject.startswith(SUBJECT_WORDS[language, kind] + " HL-2026-000123")
    body = rendered.body
    assert body.startswith(GREETINGS[language] + "\n\n")
    for fact in (NOTICE.url, "HL-2026-000123", "2026-03-02 09:30 UTC", "2026-03-02 14:05 UTC"):
        assert fact in body
    assert WORDS[language].baseline in body
    assert MATERIAL[language] in body
    assert body.rstrip().endswith("Stichting Voorbeeld")
    assert "%(" not in body and "%(" not in rendered.subject
    assert "pornogra" not in body.lower()  # the glossary: never "child pornography"


@pytest.mark.parametrize(
    ("language", "country"),
    [("en", "Belgium"), ("nl", "België"), ("fr", "Belgique"), ("de", "Belgien")],
)
def test_a_national_classification_names_the_foundations_country_in_the_language(
    language: str, country: str
) -> None:
    national = dataclasses.replace(NOTICE, classification=Classification.NATIONAL)
    body = render_notice(national, ContactKind.HOST_ABUSE, language, SENDER).body
    assert WORDS[language].national % {"country": country} in body
    assert WORDS[language].baseline not in body


@pytest.mark.parametrize("kind", list(ContactKind))
def test_a_notice_sent_again_says_when_the_first_one_was_sent(kind: ContactKind) -> None:
    again = dataclasses.replace(NOTICE, first_notice_at=datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    for language in NOTICE_LANGUAGES:
        first = render_notice(NOTICE, kind, language, SENDER).body
        second = render_notice(again, kind, language, SENDER).body
        reminder = WORDS[language].kinds[kind].reminder % {
            "first_notice_at": "2026-03-03 08:00 UTC"
        }
        assert reminder in second and reminder not in first


def test_every_language_has_every_text_with_the_same_placeholders_as_english() -> None:
    def placeholders(text: str) -> set[str]:
        return set(re.findall(r"%\((\w+)\)s", text))

    english = WORDS["en"]
    assert set(WORDS) == set(NOTICE_LANGUAGES)
    for language, words in WORDS.items():
        assert set(words.kinds) == set(ContactKind), language
        assert placeholders(words.national) == {"country"}
        for kind, texts in words.kinds.items():
            for part in ("subject", "intro", "request", "reminder"):
                theirs, ours = getattr(texts, part), getattr(english.kinds[kind], part)
                assert placeholders(theirs) == placeholders(ours), (language, kind, part)


def test_a_notice_has_no_field_that_could_carry_an_image_or_the_reporters_words() -> None:
    fields = {f.name for f in dataclasses.fields(Notice)}
    assert fields == {
        "url",
        "classification",
        "reference",
        "reported_at",
        "assessed_at",
        "first_notice_at",
    }


def test_times_are_written_in_utc_whatever_zone_they_come_in() -> None:
    brussels = timezone(timedelta(hours=1))
    assert format_time(datetime(2026, 3, 2, 10, 30, tzinfo=brussels)) == "2026-03-02 09:30 UTC"
    assert format_time(datetime(2026, 3, 2, 9, 30)) == "2026-03-02 09:30 UTC"  # naive: UTC


def test_the_webhook_document_holds_the_facts_and_the_text() -> None:
    rendered = render_notice(NOTICE, ContactKind.PARTNER_HOTLINE, "en", SENDER)
    document = notice_document(NOTICE, ContactKind.PARTNER_HOTLINE, rendered, SENDER)
    assert document == {
        "kind": "partner_hotline",
        "url": NOTICE.url,
        "classification": "baseline",
        "jurisdiction": "BE",
        "reference": "HL-2026-000123",
        "reported_at": "2026-03-02T09:30:00Z",
        "assessed_at": "2026-03-02T14:05:00Z",
        "first_notice_at": None,
        "sender": "Stichting Voorbeeld",
        "language": "en",
        "subject": rendered.subject,
        "text": rendered.body,
    }


@pytest.mark.parametrize(
    ("notice", "language", "sender", "message"),
    [
        (NOTICE, "it", SENDER, "nl, fr, de or en, not 'it'"),
        (NOTICE, "en", Sender("", "BE"), "set VIGIL_ORGANISATION"),
        (dataclasses.replace(NOTICE, url="https://x.example/\r\nBcc: a@b.example"), "en", SENDER,
         "url is empty or holds a control character"),
        (dataclasses.replace(NOTICE, reference=""), "en", SENDER, "reference is empty"),
    ],
)  # fmt: skip
def test_a_notice_that_cannot_be_written_is_refused(
    notice: Notice, language: str, sender: Sender, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        render_notice(notice, ContactKind.HOST_ABUSE, language, sender)
