"""Each analyst's exposure to previews: counted on the server, capped per day.

A preview served opens a viewing; the decision (or skip) on its group closes every viewing
of that analyst on that group, each counted from its serving to then, never more than
VIGIL_REVIEW_ITEM_SECONDS. A viewing still open counts up to now, within the same cap. The
day is the foundation's (VIGIL_TIMEZONE) day of the serving. Every use case here that counts
first locks the analyst's row (PostgreSQL; SQLite has one writer), so that two tabs of one
analyst cannot both pass the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.domain.review import (
    BREAK_GAP,
    Viewing,
    next_day_start,
    review_run_start,
    seconds_of,
)
from vigil.errors import ExposureLimit, Forbidden, NotFound
from vigil.settings import Settings
from vigil.store.models import User
from vigil.store.review import Exposure


@dataclass(frozen=True)
class Rules:
    """The settings of review, in the units the use cases count in."""

    consensus: int = 2
    daily_seconds: int = 240 * 60
    item_seconds: int = 120
    break_seconds: int = 60 * 60
    lease: timedelta = timedelta(minutes=15)
    list_name: str = "foundation"
    threshold: int = 31
    min_quality: int = 50

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        return cls(
            consensus=settings.review_consensus,
            daily_seconds=settings.review_daily_minutes * 60,
            item_seconds=settings.review_item_seconds,
            break_seconds=settings.review_break_minutes * 60,
            lease=timedelta(minutes=settings.review_lease_minutes),
            list_name=settings.review_list,
            threshold=settings.pdq_threshold,
            min_quality=settings.pdq_min_quality,
        )


def reviewer(session: Session, by: Actor, *, lock: bool = True) -> int:
    """The acting analyst's account id, its row locked (``lock``: for what counts or ends
    exposure). Raise Forbidden for an actor that is no person (review is a person's work: a
    token or the command line sees nothing)."""
    by.require(Permission.HOTLINE_REVIEW)
    if by.user_id is None:
        raise Forbidden(
            "review is done by a person signed in; an API token or the command line cannot "
            "be shown material or decide it"
        )
    if lock:
        # A write, not a read: it takes the row's lock on PostgreSQL and the write lock on
        # SQLite, so one analyst's requests take turns and the day's count stays exact.
        query = update(User).where(User.id == by.user_id).values(active=User.active)
        found = session.scalar(query.returning(User.id))
    else:
        found = session.scalar(select(User.id).where(User.id == by.user_id))
    if found is None:
        raise NotFound("your account no longer exists")
    return int(found)


def _viewing(row: Exposure) -> Viewing:
    """The row's viewing, its times in UTC (SQLite hands them back without their zone)."""
    ended = _aware(row.ended_at) if row.ended_at is not None else None
    return Viewing(_aware(row.served_at), ended, row.clearer)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def seconds_on(session: Session, user_id: int, day: date, rules: Rules) -> int:
    """Seconds of exposure ``user_id`` has on ``day``, open viewings counted up to now."""
    now = clock.now()
    closed = session.scalar(
        select(func.coalesce(func.sum(Exposure.seconds), 0)).where(
            Exposure.user_id == user_id, Exposure.day == day, Exposure.ended_at.is_not(None)
        )
    )
    still_open = session.scalars(
        select(Exposure).where(
            Exposure.user_id == user_id, Exposure.day == day, Exposure.ended_at.is_(None)
        )
    )
    return int(closed or 0) + sum(
        seconds_of(_viewing(v), now, rules.item_seconds) for v in still_open
    )


def check_allowed(session: Session, user_id: int, rules: Rules) -> int:
    """Today's seconds so far. Raise ExposureLimit at the limit, saying when the queue
    opens again."""
    today = clock.today()
    seen = seconds_on(session, user_id, today, rules)
    if seen >= rules.daily_seconds:
        raise ExposureLimit(
            "you have been shown previews for %(minutes)s minutes today, the day's limit; "
            "the queue opens again for you on %(day)s at 00:00. Take your rest",
            minutes=rules.daily_seconds // 60,
            day=next_day_start(today).isoformat(),
        )
    return seen


def break_due(session: Session, user_id: int, rules: Rules) -> bool:
    """True when the analyst has reviewed without a break for VIGIL_REVIEW_BREAK_MINUTES.
    Only the viewings of that span (and a pause and a preview's cap before it) are read: a
    stretch that began earlier shows in them as one without a pause."""
    now = clock.now()
    window = timedelta(seconds=rules.break_seconds + rules.item_seconds) + BREAK_GAP
    rows = session.execute(
        select(Exposure.served_at, Exposure.ended_at).where(
            Exposure.user_id == user_id, Exposure.served_at >= now - window
        )
    )
    viewings = [
        Viewing(_aware(served), _aware(ended) if ended is not None else None)
        for served, ended in rows
    ]
    start = review_run_start(viewings, now)
    return start is not None and (now - start).total_seconds() >= rules.break_seconds


def open_viewing(
    session: Session, user_id: int, item_id: int, group_id: int, *, clearer: bool, rules: Rules
) -> Exposure:
    """Count a preview from now. The blurred preview of an item already on the analyst's
    screen (the page reloaded, a second tab) is not counted twice while its first serving
    still counts (within VIGIL_REVIEW_ITEM_SECONDS); each clearer one is."""
    now = clock.now()
    if not clearer:
        already = session.scalar(
            select(Exposure).where(
                Exposure.user_id == user_id,
                Exposure.item_id == item_id,
                Exposure.ended_at.is_(None),
                Exposure.clearer.is_(False),
                Exposure.served_at > now - timedelta(seconds=rules.item_seconds),
            )
        )
        if already is not None:
            return already
    row = Exposure(
        user_id=user_id,
        item_id=item_id,
        group_id=group_id,
        clearer=clearer,
        day=clock.day_of(now),
        served_at=now,
    )
    session.add(row)
    return row


def close_viewings(session: Session, user_id: int, group_id: int, rules: Rules) -> int:
    """Close the analyst's open viewings of ``group_id`` now; return the seconds they count."""
    now = clock.now()
    rows = list(
        session.scalars(
            select(Exposure).where(
                Exposure.user_id == user_id,
                Exposure.group_id == group_id,
                Exposure.ended_at.is_(None),
            )
        )
    )
    total = 0
    for row in rows:
        seconds = seconds_of(_viewing(row), now, rules.item_seconds)
        session.execute(
            update(Exposure).where(Exposure.id == row.id).values(ended_at=now, seconds=seconds)
        )
        total += seconds
    return total


@dataclass(frozen=True)
class ExposureRow:
    """One analyst's exposure on one day (or in one ISO week, ``week``)."""

    analyst: str
    period: str
    seconds: int
    previews: int
    clearer: int


def exposure_report(
    session: Session,
    *,
    by: Actor,
    rules: Rules,
    analyst: str | None = None,
    week: bool = False,
    days: int = 28,
) -> list[ExposureRow]:
    """Per analyst, per day (or ISO week) of the last ``days`` days: seconds of previews,
    previews and clearer ones shown. Times and counts only, never an image. A supervisor
    sees every analyst; an analyst only their own."""
    if not by.can(Permission.HOTLINE_SUPERVISE):
        by.require(Permission.HOTLINE_REVIEW)
        if by.user_id is None:
            raise Forbidden("only a supervisor sees the exposure of other analysts")
        own = session.get(User, by.user_id)
        if analyst is not None and (own is None or own.username != analyst):
            raise Forbidden("only a supervisor sees the exposure of other analysts")
        analyst = own.username if own else None
    first = clock.today() - timedelta(days=days - 1)
    query = (
        select(User.username, Exposure)
        .join(User, User.id == Exposure.user_id)
        .where(Exposure.day >= first)
        .order_by(User.username, Exposure.day)
    )
    if analyst is not None:
        if session.scalar(select(User.id).where(User.username == analyst)) is None:
            raise NotFound("no account '%(name)s'", name=analyst)
        query = query.where(User.username == analyst)
    now = clock.now()
    totals: dict[tuple[str, str], list[int]] = {}
    for username, row in session.execute(query):
        day = row.day
        period = _week_of(day) if week else day.isoformat()
        counted = row.seconds
        if counted is None:
            counted = seconds_of(_viewing(row), now, rules.item_seconds)
        sums = totals.setdefault((username, period), [0, 0, 0])
        sums[0] += counted
        sums[1] += 1
        sums[2] += int(row.clearer)
    return [ExposureRow(a, p, *sums) for (a, p), sums in totals.items()]


def _week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
