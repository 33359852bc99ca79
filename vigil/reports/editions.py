"""The editor's own words of a year's press release: what the figures cannot say.

Kept per year (``report_editions``: the publication date, the year the figures are compared
with, the order of the paragraphs, who is quoted) and per year and language
(``report_texts``: the quote and the quoted person's role, context paragraphs, prevention
news, press contacts, the boilerplate about the foundation and its 116 000 number, and the
sentence that tells each figure recorded by hand, by its key). Every field may stay empty:
the release is complete without any of them. Doors: `vigil report edit YEAR` and the form on
the figures page (a supervisor's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.domain.case_types import CaseType
from vigil.errors import InputError
from vigil.figures.manual import check_key
from vigil.reports.texts import check_language
from vigil.reports.told import check_sentence
from vigil.store.models import ReportEdition, ReportText

GROUPS = ("missing", "exploitation")
"""Order keys that stand for the types of a group, largest first."""
EDITED = ("context", "quote", "prevention")
TOLD = ("hotline", "figures")
SUBJECTS: tuple[str, ...] = (*GROUPS, *(t.value for t in CaseType), "closings", *EDITED, *TOLD)
"""What the body of the release is made of, by the key the editor orders it with."""
DEFAULT_ORDER = ("missing", "closings", "context", "quote", "exploitation", *TOLD, "prevention")
"""The order without the editor's: missing children by volume, then exploitation, then the
hotline (vigil.reports.narrative says what each paragraph tells)."""
OLDEST_BASE = 10
"""How many years back a comparison may reach."""

TEXT_FIELDS = ("quote", "quote_role", "context", "prevention", "contacts", "boilerplate")
"""The editor's fields in each language, each free text (empty: not given)."""


@dataclass(frozen=True)
class EditorWords:
    """Everything the editor gave for the release of ``year`` in ``lang``."""

    year: int
    lang: str
    published_on: date | None = None
    compare_with: int | None = None
    order: tuple[str, ...] = ()
    quote_by: str = ""
    quote: str = ""
    quote_role: str = ""
    context: str = ""
    prevention: str = ""
    contacts: str = ""
    boilerplate: str = ""
    sentences: dict[str, str] = field(default_factory=dict)
    """The sentence of each figure by its key: this year's, else the latest earlier year's."""

    @property
    def base_year(self) -> int:
        """The year the figures are compared with: the editor's, else the year before."""
        return self.compare_with or self.year - 1


def editor_words(session: Session, year: int, lang: str) -> EditorWords:
    """Return the editor's words for ``year`` in ``lang`` (empty fields where none)."""
    edition = session.get(ReportEdition, year)
    text = session.get(ReportText, (year, check_language(lang)))
    found = EditorWords(year, lang, sentences=_sentences(session, year, lang))
    if edition is not None:
        found = replace(
            found,
            published_on=edition.published_on,
            compare_with=edition.compare_with,
            order=tuple(edition.paragraph_order),
            quote_by=edition.quote_by,
        )
    if text is not None:
        found = replace(found, **{name: getattr(text, name) for name in TEXT_FIELDS})
    return found


def _sentences(session: Session, year: int, lang: str) -> dict[str, str]:
    query = (
        select(ReportText.sentences)
        .where(ReportText.lang == lang, ReportText.year <= year)
        .order_by(ReportText.year)
    )
    merged: dict[str, str] = {}
    for sentences in session.scalars(query):
        merged.update(sentences)
    return merged


def save_words(
    session: Session, year: int, lang: str, changes: Mapping[str, Any], *, by: Actor
) -> EditorWords:
    """Change the editor's words of ``year`` in ``lang``: each field named in ``changes``
    (those of :class:`EditorWords`; an empty value clears it; ``sentences`` maps a key to
    its sentence, an empty one removing it). Write an audit entry for ``by``.

    Raise InputError for a year to come, a comparison year that is not before the year (or
    more than ten years back), an unknown paragraph, or a sentence that cannot tell a figure;
    Forbidden without report.edit.
    """
    by.require(Permission.REPORT_EDIT)
    check_language(lang)
    _check_year(year)
    unknown = set(changes) - {f.name for f in fields(EditorWords)} - {"year", "lang"}
    if unknown:
        raise InputError("no field '%(name)s' in the editor's words", name=sorted(unknown)[0])
    edition = session.get(ReportEdition, year) or ReportEdition(year=year)
    text = session.get(ReportText, (year, lang)) or ReportText(year=year, lang=lang)
    _apply_edition(edition, year, changes)
    for name in TEXT_FIELDS:
        if name in changes:
            setattr(text, name, str(changes[name] or "").strip())
    if "sentences" in changes:
        text.sentences = _merged_sentences(text.sentences or {}, changes["sentences"])
    session.add_all([edition, text])
    session.flush()
    audit.record(session, by, "report.edit", f"report:{year}", lang)
    return editor_words(session, year, lang)


def _check_year(year: int) -> None:
    if not 1900 <= year <= clock.today().year:
        raise InputError(
            "%(year)s has not begun; write the words of %(latest)s or an earlier year",
            field="year",
            year=year,
            latest=clock.today().year,
        )


def _apply_edition(edition: ReportEdition, year: int, changes: Mapping[str, Any]) -> None:
    if "published_on" in changes:
        edition.published_on = changes["published_on"] or None
    if "compare_with" in changes:
        edition.compare_with = check_base_year(year, changes["compare_with"] or None)
    if "order" in changes:
        edition.paragraph_order = list(check_order(changes["order"] or ()))
    if "quote_by" in changes:
        edition.quote_by = str(changes["quote_by"] or "").strip()
    edition.paragraph_order = edition.paragraph_order or []
    edition.quote_by = edition.quote_by or ""


def check_base_year(year: int, base: int | None) -> int | None:
    """Return ``base`` if the figures of ``year`` can be compared with it (None: the year
    before). Raise InputError otherwise."""
    if base is not None and not year - OLDEST_BASE <= base < year:
        raise InputError(
            "the figures of %(year)s can be compared with a year from %(first)s to %(last)s, "
            "not %(base)s",
            field="compare_with",
            year=year,
            first=year - OLDEST_BASE,
            last=year - 1,
            base=base,
        )
    return base


def check_order(order: Any) -> tuple[str, ...]:
    """Return the paragraph keys of ``order`` (a sequence, or text separated by commas or
    spaces). Raise InputError naming the keys there are."""
    keys = order.replace(",", " ").split() if isinstance(order, str) else list(order)
    for key in keys:
        if key not in SUBJECTS:
            raise InputError(
                "no paragraph '%(key)s'; order them with %(keys)s",
                field="order",
                key=key,
                keys=", ".join(SUBJECTS),
            )
    return tuple(dict.fromkeys(keys))


def _merged_sentences(kept: Mapping[str, str], given: Mapping[str, str]) -> dict[str, str]:
    merged = dict(kept)
    for key, sentence in given.items():
        check_key(key.removeprefix("hotline."))
        if sentence.strip():
            merged[key] = check_sentence(key, sentence)
        else:
            merged.pop(key, None)
    return merged
