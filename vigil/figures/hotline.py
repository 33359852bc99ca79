"""The hotline's figures of a year, for `vigil stats --json`, /api/v1/figures and the
annual report ("55,601 images analysed, 34,266 confirmed").

Definitions (docs/hotline.md, "Figures"), each over the year's days in the foundation's
time zone (VIGIL_TIMEZONE):

- ``reports``: reports received in the year; ``reports_change_pct`` against the year
  before (None when that year had none);
- ``urls``: the distinct URLs (normalised) those reports named;
- ``media_analysed``: the distinct pieces of content (by SHA-256) found and hashed in the
  year, wherever each was seen: a picture found on ten pages is one;
- ``known_matches``: those of them a hash list confirmed, with no person seeing them;
- ``awaiting_review``: those of them waiting for an analyst.

Each group of figures is one function of :data:`PARTS`, taking the session and the year's
:class:`Span`; the analysts' and the notices' figures join as parts of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.domain.hotline import MediaState
from vigil.figures.review import review_figures
from vigil.figures.takedown import takedown_figures
from vigil.store.hotline import HotlineReport, MediaItem, ReportedUrl

Figures = dict[str, Any]


@dataclass(frozen=True)
class Span:
    """A year as UTC times: from its first moment (included) to the next year's (excluded)."""

    year: int
    start: datetime
    end: datetime

    @classmethod
    def of(cls, year: int) -> Span:
        return cls(year, clock.midnight(date(year, 1, 1)), clock.midnight(date(year + 1, 1, 1)))


def _change_pct(now: int, before: int) -> float | None:
    if before == 0:
        return None
    change = (Decimal(now) - before) * 100 / before
    return float(change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _reports_in(session: Session, span: Span) -> int:
    received = HotlineReport.received_at
    query = select(func.count()).where(received >= span.start, received < span.end)
    return session.scalar(query) or 0


def intake(session: Session, span: Span) -> Figures:
    """Reports and the URLs they named."""
    reports = _reports_in(session, span)
    before = _reports_in(session, Span.of(span.year - 1))
    urls = session.scalar(
        select(func.count(distinct(ReportedUrl.url)))
        .join(HotlineReport, ReportedUrl.report_id == HotlineReport.id)
        .where(HotlineReport.received_at >= span.start, HotlineReport.received_at < span.end)
    )
    return {
        "reports": reports,
        "reports_change_pct": _change_pct(reports, before),
        "urls": urls or 0,
    }


def _content(session: Session, span: Span, *states: MediaState) -> int:
    """Distinct SHA-256 of the media found in ``span`` (in one of ``states``, if given)."""
    query = select(func.count(distinct(MediaItem.sha256))).where(
        MediaItem.sha256.is_not(None),
        MediaItem.created_at >= span.start,
        MediaItem.created_at < span.end,
    )
    if states:
        query = query.where(MediaItem.state.in_(states))
    return session.scalar(query) or 0


def media(session: Session, span: Span) -> Figures:
    """Media analysed, confirmed from a list, and waiting for an analyst."""
    return {
        "media_analysed": _content(session, span),
        "known_matches": _content(session, span, MediaState.CONFIRMED_FROM_LIST),
        "awaiting_review": _content(session, span, MediaState.AWAITING_REVIEW),
    }


def takedowns(session: Session, span: Span) -> Figures:
    """Notices, removals and how long they took, per hosting country too
    (vigil.figures.takedown)."""
    return takedown_figures(session, span.year)


def review(session: Session, span: Span) -> Figures:
    """What the analysts decided, and the looks that decisions made elsewhere saved
    (vigil.figures.review)."""
    return review_figures(session, span.year)


PARTS: list[Callable[[Session, Span], Figures]] = [intake, media, review, takedowns]
"""The groups of the hotline's figures, in the order their keys are written."""


def reports_per_year(session: Session, years: list[int]) -> list[int]:
    """Reports received in each of ``years``: the trend the report charts."""
    return [_reports_in(session, Span.of(year)) for year in years]


def hotline_figures(session: Session, year: int) -> Figures:
    """The hotline's figures of ``year`` (zeros where there is nothing): every part's keys."""
    span = Span.of(year)
    figures: Figures = {}
    for part in PARTS:
        figures.update(part(session, span))
    return figures
