"""The analysts' figures of a year, for the hotline's part of `vigil stats --json` and the
annual report ("55,601 images analysed, of which 34,266 confirmed").

Each over the media items found in the year (its days in the foundation's time zone), and,
but the last, counted once per piece of content (SHA-256), wherever it was seen again:

- ``assessed``: content assessed, by a hash list or by analysts (confirmed either way, or
  assessed by one analyst and not confirmed yet);
- ``confirmed_illegal``: content confirmed illegal, by analysts or by a hash list;
- ``not_illegal``: content analysts confirmed not illegal;
- ``confirmed_from_list``: the part of ``confirmed_illegal`` a hash list decided, unseen;
- ``analyst_decisions_saved``: media items decided without anyone looking at them: those a
  hash list matched and those that took the decision of an item already decided.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, distinct, exists, func, or_, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.domain.hotline import MediaState
from vigil.domain.review import DecisionKind
from vigil.store.hotline import MediaItem
from vigil.store.review import Decision

Figures = dict[str, int]


def year_start(year: int) -> datetime:
    """The first moment of ``year`` in the foundation's time zone, in UTC (1 January never
    changes its clocks, so noon less twelve hours is midnight)."""
    return (clock.noon(date(year, 1, 1)) - timedelta(hours=12)).astimezone(UTC)


def _count(session: Session, start: datetime, end: datetime, *where: ColumnElement[bool]) -> int:
    query = select(func.count(distinct(MediaItem.sha256))).where(
        MediaItem.sha256.is_not(None),
        MediaItem.created_at >= start,
        MediaItem.created_at < end,
        *where,
    )
    return int(session.scalar(query) or 0)


def review_figures(session: Session, year: int) -> Figures:
    """The analysts' figures of ``year`` (zeros where there is nothing)."""
    start, end = year_start(year), year_start(year + 1)
    state = MediaItem.state
    decided = exists().where(
        Decision.group_id == MediaItem.group_id, Decision.kind == DecisionKind.ANALYST
    )
    known = (MediaState.CONFIRMED_FROM_LIST, MediaState.CONFIRMED_ILLEGAL, MediaState.NOT_ILLEGAL)
    assessed = or_(state.in_(known), and_(state == MediaState.AWAITING_REVIEW, decided))
    illegal = (MediaState.CONFIRMED_ILLEGAL, MediaState.CONFIRMED_FROM_LIST)
    saved = select(func.count()).where(
        MediaItem.created_at >= start,
        MediaItem.created_at < end,
        or_(state == MediaState.CONFIRMED_FROM_LIST, MediaItem.reused_from_id.is_not(None)),
    )
    return {
        "assessed": _count(session, start, end, assessed),
        "confirmed_illegal": _count(session, start, end, state.in_(illegal)),
        "not_illegal": _count(session, start, end, state == MediaState.NOT_ILLEGAL),
        "confirmed_from_list": _count(session, start, end, state == MediaState.CONFIRMED_FROM_LIST),
        "analyst_decisions_saved": int(session.scalar(saved) or 0),
    }
