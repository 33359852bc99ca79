"""Notices about a confirmed URL: their text in the recipient's language, and their sending
by e-mail (vigil.hotline.mail) or by webhook (vigil.hotline.webhooks).

A notice says only what the recipient needs to act: the URL, the classification (baseline or
national), the hotline's reference and the dates. Never an image, a preview, a hash, the
reporter's description or anything about the reporter: :class:`Notice` has no field that
could carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from babel import Locale

from vigil.domain.contacts import ContactKind
from vigil.errors import InputError
from vigil.hotline.notice_texts import WORDS, Words
from vigil.settings import Settings


class Classification(StrEnum):
    """How the material was assessed, as INHOPE's hotlines say it."""

    BASELINE = "baseline"
    """Illegal in every country (the international baseline)."""
    NATIONAL = "national"
    """Illegal under the law of the foundation's country (VIGIL_COUNTRY)."""


@dataclass(frozen=True)
class Notice:
    """What every notice about one URL says, whoever receives it. A time without a zone is
    taken as UTC (SQLite hands times back so). ``first_notice_at`` is set on a notice sent
    again while the material is still there, and on a report that follows one."""

    url: str
    classification: Classification
    reference: str
    reported_at: datetime
    assessed_at: datetime
    first_notice_at: datetime | None = None


@dataclass(frozen=True)
class Sender:
    """Who signs the notices: the foundation's name and country, and the e-mail address
    they come from (empty: no e-mail can be sent)."""

    organisation: str
    country: str
    address: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> Sender:
        return cls(settings.organisation, settings.country, settings.notice_from)


@dataclass(frozen=True)
class RenderedNotice:
    language: str
    subject: str
    body: str


class Recipient(Protocol):
    """What sending needs of a contact (vigil.store.models.Contact is one)."""

    @property
    def kind(self) -> ContactKind: ...
    @property
    def language(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def webhook_url(self) -> str | None: ...
    @property
    def webhook_secret(self) -> str | None: ...


def render_notice(
    notice: Notice, kind: ContactKind, language: str, sender: Sender
) -> RenderedNotice:
    """The subject and plain text of the notice to a recipient of ``kind``, in ``language``
    (nl, fr, de or en). Raise InputError for another language, a sender without a name, or a
    URL or reference with control characters."""
    words = _words(language)
    _check(notice, sender)
    values = _values(notice, language, sender, words)
    kind_words = words.kinds[kind]
    paragraphs = [
        words.greeting,
        kind_words.intro % values,
        _facts(words, values),
        kind_words.reminder % values if notice.first_notice_at else "",
        kind_words.request % values,
        f"{words.closing}\n{sender.organisation}",
    ]
    body = "\n\n".join(p for p in paragraphs if p) + "\n"
    return RenderedNotice(language, kind_words.subject % values, body)


def _words(language: str) -> Words:
    if language not in WORDS:
        raise InputError(
            "notices are written in nl, fr, de or en, not '%(language)s'",
            field="language",
            language=language,
        )
    return WORDS[language]


def _check(notice: Notice, sender: Sender) -> None:
    if not sender.organisation.strip():
        raise InputError(
            "notices are signed with the foundation's name: set VIGIL_ORGANISATION",
            field="organisation",
        )
    for field, text in (("url", notice.url), ("reference", notice.reference)):
        if not text or any(ord(c) < 32 or ord(c) == 127 for c in text):
            raise InputError(
                "the notice's %(name)s is empty or holds a control character",
                field=field,
                name=field,
            )


def _values(notice: Notice, language: str, sender: Sender, words: Words) -> dict[str, str]:
    country = country_name(sender.country, language)
    classification = {
        Classification.BASELINE: words.baseline,
        Classification.NATIONAL: words.national,
    }[notice.classification] % {"country": country}
    return {
        "organisation": sender.organisation,
        "country": country,
        "url": notice.url,
        "classification": classification,
        "reference": notice.reference,
        "reported_at": format_time(notice.reported_at),
        "assessed_at": format_time(notice.assessed_at),
        "first_notice_at": format_time(notice.first_notice_at) if notice.first_notice_at else "",
    }


def _facts(words: Words, values: dict[str, str]) -> str:
    rows = [
        (words.url, values["url"]),
        (words.classification, values["classification"]),
        (words.reference, values["reference"]),
        (words.reported_at, values["reported_at"]),
        (words.assessed_at, values["assessed_at"]),
    ]
    return "\n".join(f"{label}: {value}" for label, value in rows)


def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` (Belgique for BE in French), or the code."""
    return str(Locale.parse(language).territories.get(code.upper(), code.upper()))


def format_time(at: datetime) -> str:
    """A time as every reader reads it alike: ``2026-03-04 10:15 UTC``."""
    utc = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M UTC")


def notice_document(
    notice: Notice, kind: ContactKind, rendered: RenderedNotice, sender: Sender
) -> dict[str, Any]:
    """The JSON a webhook receives (vigil.hotline.webhooks adds ``delivery_id``)."""
    return {
        "kind": kind.value,
        "url": notice.url,
        "classification": notice.classification.value,
        "jurisdiction": sender.country,
        "reference": notice.reference,
        "reported_at": _iso(notice.reported_at),
        "assessed_at": _iso(notice.assessed_at),
        "first_notice_at": _iso(notice.first_notice_at) if notice.first_notice_at else None,
        "sender": sender.organisation,
        "language": rendered.language,
        "subject": rendered.subject,
        "text": rendered.body,
    }


def _iso(at: datetime) -> str:
    utc = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return utc.isoformat().replace("+00:00", "Z")
