"""/api/v1/hotline: the analysts' queue for programs (a person's own tool, signed in with
the cookie: review is a person's work, an API token is refused by the use cases). The
previews themselves are served only by the page's route, /hotline/preview/{item_id}."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from vigil.domain.review import GroupState, Outcome, classify
from vigil.hotline import exposure, review
from vigil.hotline.exposure import Rules
from vigil.web.api import schemas as s_
from vigil.web.context import Analyst, DbSession, HotlineSupervisor, settings

ERRORS: dict[int | str, dict[str, object]] = {
    code: {"model": s_.ErrorOut} for code in (401, 403, 404, 409, 422, 429)
}
router = APIRouter(prefix="/api/v1/hotline", tags=["hotline review"], responses=ERRORS)
GroupId = Annotated[int, Path(ge=1, le=2**62)]


class ShownOut(s_.Strict):
    item: int
    copies: int
    preview: str


class GroupOut(s_.Strict):
    id: int
    state: GroupState
    items: int
    shown: list[ShownOut]
    lease_expires: datetime
    earlier: list[dict[str, str]]


class NextOut(s_.Strict):
    group: GroupOut | None
    seconds_today: int | None
    daily_seconds: int | None
    break_due: bool


class DecisionIn(s_.Strict):
    verdict: s_.Name
    reason: s_.Name | None = None
    age_group: s_.Name | None = None
    sex: s_.Name | None = None
    note: s_.Text = ""


class DecidedOut(s_.Strict):
    group: int
    outcome: Outcome
    verdict: str | None
    list_version: int | None


class ExposureOut(s_.Strict):
    analyst: str
    period: str
    seconds: int
    previews: int
    clearer: int


def _rules(request: Request) -> Rules:
    return Rules.from_settings(settings(request))


@router.get("/queue/next")
def next_group(request: Request, s: DbSession, actor: Analyst) -> NextOut:
    """The group this analyst holds, else the next one, given to them for
    VIGIL_REVIEW_LEASE_MINUTES; ``group`` null when nothing waits. 429 at the day's limit."""
    given = review.next_group(s, by=actor, rules=_rules(request))
    if given is None:
        return NextOut(group=None, seconds_today=None, daily_seconds=None, break_due=False)
    group = GroupOut(
        id=given.group_id,
        state=given.state,
        items=given.items,
        shown=[
            ShownOut(item=i.item_id, copies=i.copies, preview=f"/hotline/preview/{i.item_id}")
            for i in given.shown
        ],
        lease_expires=given.lease_expires,
        earlier=[{"analyst": who, "verdict": str(v)} for who, v in given.earlier],
    )
    return NextOut(
        group=group,
        seconds_today=given.seconds_today,
        daily_seconds=given.daily_seconds,
        break_due=given.break_due,
    )


def _decided(done: review.Decided) -> DecidedOut:
    verdict = str(done.verdict) if done.verdict is not None else None
    return DecidedOut(
        group=done.group_id, outcome=done.outcome, verdict=verdict, list_version=done.list_version
    )


@router.post("/groups/{group_id}/decision")
def decide(
    request: Request, s: DbSession, actor: Analyst, group_id: GroupId, body: DecisionIn
) -> DecidedOut:
    """Decide the group this analyst holds: ``verdict`` baseline, national or not_illegal;
    for illegal material ``age_group`` (infant_toddler, prepubescent, pubescent) and ``sex``
    (female, male, both, unknown); else a ``reason`` (adult, not_sexual,
    age_not_determinable, other)."""
    chosen = classify(
        body.verdict, reason=body.reason, age_group=body.age_group, sex=body.sex, note=body.note
    )
    done = review.decide(
        s, group_id, chosen, by=actor, rules=_rules(request), settings=settings(request)
    )
    return _decided(done)


@router.post("/groups/{group_id}/skip", status_code=204)
def skip(request: Request, s: DbSession, actor: Analyst, group_id: GroupId) -> None:
    """Leave the group to a colleague; this analyst will not be given it again."""
    review.skip(s, group_id, by=actor, rules=_rules(request))


@router.post("/groups/{group_id}/correction")
def correct(
    request: Request, s: DbSession, actor: HotlineSupervisor, group_id: GroupId, body: DecisionIn
) -> DecidedOut:
    """A supervisor's correction of a confirmed group (the foundation's list follows)."""
    chosen = classify(
        body.verdict, reason=body.reason, age_group=body.age_group, sex=body.sex, note=body.note
    )
    done = review.correct(
        s, group_id, chosen, by=actor, rules=_rules(request), settings=settings(request)
    )
    return _decided(done)


@router.get("/queue")
def queue(s: DbSession, actor: Analyst) -> dict[str, int]:
    """How the queue stands (counts only)."""
    return review.queue_counts(s, by=actor)


@router.get("/exposure")
def exposure_of(
    request: Request,
    s: DbSession,
    actor: Analyst,
    analyst: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9._-]*$")] = None,
    week: bool = False,
    days: Annotated[int, Query(ge=1, le=3660)] = 28,
) -> list[ExposureOut]:
    """Exposure per analyst and day (or ISO week): times and counts, never an image. A
    supervisor sees every analyst, an analyst their own."""
    rows = exposure.exposure_report(
        s, by=actor, rules=_rules(request), analyst=analyst or None, week=week, days=days
    )
    return [ExposureOut(**vars(r)) for r in rows]
