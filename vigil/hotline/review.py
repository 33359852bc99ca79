"""The analysts' review: the queue of groups, the preview, the decision, consensus, the
supervisor's word and the correction. Every door (the page, /api/v1, `vigil hotline`)
calls these; each checks, applies the rule and writes its audit entry itself.

A group is given to one analyst at a time: a lease taken by one conditional UPDATE (the
group free, or its lease run out), so that two analysts asking at once never get the same
group. An analyst never gets a group they decided or skipped. A supervisor gets the
disputed groups first, never one they decided as an analyst.

A group is confirmed when VIGIL_REVIEW_CONSENSUS analysts agree; confirmed illegal, the PDQ
hashes of its items enter the foundation's own list (VIGIL_REVIEW_LIST) in a new version,
each entry naming the decision, the analysts and the date. A correction takes them out
again in a new version (or puts them in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, exists, func, or_, select, update
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.domain.hotline import MediaState
from vigil.domain.review import (
    Classification,
    DecisionKind,
    GroupState,
    Outcome,
    Verdict,
    consensus,
)
from vigil.errors import Conflict, NotFound
from vigil.hashing import service as lists
from vigil.hotline import evidence, exposure, previews
from vigil.hotline.exposure import Rules
from vigil.hotline.grouping import state_of
from vigil.settings import Settings
from vigil.store.hotline import Evidence, MediaItem
from vigil.store.review import Decision, ReviewGroup

CANDIDATES = 20
REVIEWED = (MediaState.AWAITING_REVIEW, MediaState.CONFIRMED_ILLEGAL, MediaState.NOT_ILLEGAL)


@dataclass(frozen=True)
class Shown:
    """One picture of a group to preview: an item, and how many items of the group have the
    same bytes (shown once)."""

    item_id: int
    copies: int


@dataclass(frozen=True)
class Assignment:
    """The group an analyst is given, with what the page shows beside the previews."""

    group_id: int
    state: GroupState
    shown: list[Shown]
    items: int
    lease_expires: datetime
    earlier: list[tuple[str, Verdict]]
    """For a disputed group (a supervisor's): who decided what."""
    seconds_today: int
    daily_seconds: int
    break_due: bool


@dataclass(frozen=True)
class Decided:
    group_id: int
    outcome: Outcome
    verdict: Verdict | None
    list_version: int | None
    """The foundation's list's version that took the hashes in or out (None: unchanged)."""


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


# -- the queue ----------------------------------------------------------------------------------


def next_group(session: Session, *, by: Actor, rules: Rules) -> Assignment | None:
    """The group the analyst holds, else the next free one, leased to them. None when
    nothing waits for them. Raise ExposureLimit at the day's limit (checked again, under the
    analyst's lock, when a preview is served)."""
    user_id = exposure.reviewer(session, by, lock=False)
    seen = exposure.check_allowed(session, user_id, rules)
    pause = exposure.break_due(session, user_id, rules)
    now = clock.now()
    held = session.scalar(
        select(ReviewGroup)
        .where(
            ReviewGroup.lease_user_id == user_id,
            ReviewGroup.lease_expires > now,
            ReviewGroup.state != GroupState.CONFIRMED,
        )
        .order_by(ReviewGroup.id)
        .limit(1)
    )
    group = held or _lease(session, user_id, by, rules, now)
    if group is None:
        return None
    return _assignment(session, group, seen, pause, rules)


def _lease(
    session: Session, user_id: int, by: Actor, rules: Rules, now: datetime
) -> ReviewGroup | None:
    """Take the first free group for the analyst. On PostgreSQL the candidate is locked
    while it is read, skipping those other analysts are taking (SKIP LOCKED): nobody waits
    on anybody. On SQLite (one writer) a few candidates are read, and the conditional
    UPDATE takes the first still free."""
    states = [GroupState.WAITING]
    if by.can(Permission.HOTLINE_SUPERVISE):
        states.insert(0, GroupState.DISPUTED)
    free = or_(ReviewGroup.lease_user_id.is_(None), ReviewGroup.lease_expires < now)
    mine = exists().where(Decision.group_id == ReviewGroup.id, Decision.user_id == user_id)
    postgres = session.get_bind().dialect.name == "postgresql"
    for state in states:
        query = (
            select(ReviewGroup.id)
            .where(ReviewGroup.state == state, free, ~mine)
            .order_by(ReviewGroup.id)
            .limit(1 if postgres else CANDIDATES)
        )
        if postgres:
            query = query.with_for_update(skip_locked=True)
        for group_id in session.scalars(query).all():
            taken = session.scalar(
                update(ReviewGroup)
                .where(ReviewGroup.id == group_id, ReviewGroup.state == state, free)
                .values(lease_user_id=user_id, lease_expires=now + rules.lease)
                .returning(ReviewGroup)
                .execution_options(synchronize_session=False, populate_existing=True)
            )
            if taken is not None:
                return taken
    return None


def _assignment(
    session: Session, group: ReviewGroup, seen: int, pause: bool, rules: Rules
) -> Assignment:
    rows = session.execute(
        select(MediaItem.id, MediaItem.sha256)
        .where(MediaItem.group_id == group.id)
        .order_by(MediaItem.id)
    ).all()
    copies: dict[str, list[int]] = {}
    for item_id, sha in rows:
        copies.setdefault(sha or f"item-{item_id}", []).append(item_id)
    earlier: list[tuple[str, Verdict]] = []
    if group.state is GroupState.DISPUTED:
        earlier = [
            (d.actor, d.verdict)
            for d in session.scalars(
                select(Decision)
                .where(Decision.group_id == group.id, Decision.kind == DecisionKind.ANALYST)
                .order_by(Decision.id)
            )
            if d.verdict is not None
        ]
    assert group.lease_expires is not None
    return Assignment(
        group_id=group.id,
        state=group.state,
        shown=[Shown(ids[0], len(ids)) for ids in copies.values()],
        items=len(rows),
        lease_expires=_aware(group.lease_expires),
        earlier=earlier,
        seconds_today=seen,
        daily_seconds=rules.daily_seconds,
        break_due=pause,
    )


# -- the preview ---------------------------------------------------------------------------------


def preview(
    session: Session,
    item_id: int,
    *,
    by: Actor,
    rules: Rules,
    settings: Settings,
    clearer: bool = False,
) -> bytes:
    """A preview of an item of the group the analyst holds (vigil.hotline.previews), made
    from its sealed copy; counted toward their exposure and audited. Raise NotFound for any
    other item (whoever asks: it is not theirs to see), ExposureLimit at the day's limit."""
    user_id = exposure.reviewer(session, by)
    item = session.get(MediaItem, item_id)
    group = session.get(ReviewGroup, item.group_id) if item and item.group_id else None
    now = clock.now()
    if (
        item is None
        or group is None
        or group.lease_user_id != user_id
        or group.lease_expires is None
        or _aware(group.lease_expires) <= now
    ):
        raise NotFound(
            "item %(item)s is not in the group you were given; ask the queue for your group",
            item=item_id,
        )
    exposure.check_allowed(session, user_id, rules)
    kept = session.get(Evidence, item_id)
    if kept is None:
        raise NotFound(
            "the sealed copy of item %(item)s is no longer kept (past its retention)",
            item=item_id,
        )
    data = evidence.unseal(evidence.evidence_key(settings), item_id, kept.sealed)
    exposure.open_viewing(session, user_id, item_id, group.id, clearer=clearer, rules=rules)
    action = "hotline.clearer" if clearer else "hotline.preview"
    audit.record(session, by, action, f"item {item_id}", f"group {group.id}")
    return previews.preview(data, clearer=clearer)


# -- deciding ----------------------------------------------------------------------------------


def _group_for_change(session: Session, group_id: int) -> ReviewGroup:
    group = session.scalar(select(ReviewGroup).where(ReviewGroup.id == group_id).with_for_update())
    if group is None:
        raise NotFound("there is no group %(group)s in the queue", group=group_id)
    return group


def _check_holder(group: ReviewGroup, user_id: int) -> None:
    now = clock.now()
    if group.state is GroupState.CONFIRMED:
        raise Conflict(
            "group %(group)s is already decided; a supervisor may correct it", group=group.id
        )
    taken = group.lease_expires is not None and _aware(group.lease_expires) > now
    if group.lease_user_id != user_id and (group.lease_user_id is not None and taken):
        raise Conflict(
            "group %(group)s is with another analyst now; ask the queue for your next group",
            group=group.id,
        )
    if group.lease_user_id != user_id:
        raise Conflict(
            "group %(group)s was not given to you (or your time with it ran out); ask the "
            "queue for your next group",
            group=group.id,
        )


def _item_ids(session: Session, group_id: int) -> list[int]:
    return list(
        session.scalars(
            select(MediaItem.id).where(MediaItem.group_id == group_id).order_by(MediaItem.id)
        )
    )


def _record(
    session: Session,
    group: ReviewGroup,
    by: Actor,
    user_id: int,
    kind: DecisionKind,
    chosen: Classification | None,
) -> Decision:
    decision = Decision(
        group_id=group.id,
        user_id=user_id,
        actor=by.name,
        kind=kind,
        verdict=chosen.verdict if chosen else None,
        reason=chosen.reason if chosen else None,
        age_group=chosen.age_group if chosen else None,
        sex=chosen.sex if chosen else None,
        note=chosen.note if chosen else "",
        items=_item_ids(session, group.id),
        decided_at=clock.now(),
        consensus=False,
    )
    session.add(decision)
    session.flush()
    return decision


def decide(
    session: Session,
    group_id: int,
    chosen: Classification,
    *,
    by: Actor,
    rules: Rules,
    settings: Settings,
) -> Decided:
    """Record the analyst's decision on the group they hold. Confirm the group when enough
    agree (its illegal hashes into the foundation's list), mark it disputed when two
    disagree; a supervisor's decision on a disputed group confirms it. Raise Conflict for a
    group not theirs, or already decided."""
    user_id = exposure.reviewer(session, by)
    group = _group_for_change(session, group_id)
    _check_holder(group, user_id)
    kind = DecisionKind.ANALYST
    if group.state is GroupState.DISPUTED:
        by.require(Permission.HOTLINE_SUPERVISE)
        kind = DecisionKind.SUPERVISOR
    decision = _record(session, group, by, user_id, kind, chosen)
    exposure.close_viewings(session, user_id, group.id, rules)
    group.lease_user_id, group.lease_expires = None, None
    if kind is DecisionKind.SUPERVISOR:
        outcome = Outcome.CONFIRMED
    else:
        outcome = consensus(_analysts(session, group.id), rules.consensus)
    version = None
    if outcome is Outcome.CONFIRMED:
        version = _confirm(session, group, decision, rules, settings)
    elif outcome is Outcome.DISPUTED:
        group.state = GroupState.DISPUTED
    audit.record(session, by, "hotline.decide", f"group {group.id}", f"{chosen.verdict}: {outcome}")
    return Decided(group.id, outcome, group.verdict, version)


def _analysts(session: Session, group_id: int) -> list[Classification]:
    query = (
        select(Decision)
        .where(Decision.group_id == group_id, Decision.kind == DecisionKind.ANALYST)
        .order_by(Decision.id)
    )
    return [
        Classification(d.verdict, d.reason, d.age_group, d.sex, d.note)
        for d in session.scalars(query)
        if d.verdict is not None
    ]


def _confirm(
    session: Session,
    group: ReviewGroup,
    decision: Decision,
    rules: Rules,
    settings: Settings,
) -> int | None:
    assert decision.verdict is not None
    group.state, group.verdict, group.decided_at = (
        GroupState.CONFIRMED,
        decision.verdict,
        clock.now(),
    )
    decision.consensus = True
    _set_items(session, group.id, decision.verdict)
    if not decision.verdict.illegal:
        return None
    return _list_in(session, group, decision, rules, settings)


def _set_items(session: Session, group_id: int, verdict: Verdict) -> None:
    session.execute(
        update(MediaItem)
        .where(MediaItem.group_id == group_id, MediaItem.state.in_(REVIEWED))
        .values(state=state_of(verdict), updated_at=clock.now())
        .execution_options(synchronize_session=False)
    )


def _pdqs(session: Session, group_id: int) -> list[str]:
    query = select(MediaItem.pdq).where(
        MediaItem.group_id == group_id,
        MediaItem.pdq.is_not(None),
        MediaItem.quality >= 0,
    )
    return sorted({p for p in session.scalars(query) if p})


def _list_in(
    session: Session, group: ReviewGroup, decision: Decision, rules: Rules, settings: Settings
) -> int | None:
    names = sorted(
        set(
            session.scalars(
                select(Decision.actor).where(
                    Decision.group_id == group.id,
                    Decision.kind != DecisionKind.SKIP,
                    Decision.verdict == decision.verdict,
                )
            )
        )
    )
    day = clock.today().isoformat()
    origin = f"decision {decision.id} of group {group.id}; analysts {', '.join(names)}; {day}"
    label = " ".join(
        str(v) for v in (decision.verdict, decision.age_group, decision.sex) if v is not None
    )
    entries = [
        lists.NewEntry(pdq, label, settings.organisation or "review", origin)
        for pdq in _pdqs(session, group.id)
    ]
    if not entries:
        return None
    why = f"review: decision {decision.id} of group {group.id}"
    return lists.add_entries(
        session, rules.list_name, entries, why=why, default_threshold=rules.threshold
    )


def skip(session: Session, group_id: int, *, by: Actor, rules: Rules) -> None:
    """Leave the group to a colleague: the analyst will not be given it again. The time its
    previews were shown counts."""
    user_id = exposure.reviewer(session, by)
    group = _group_for_change(session, group_id)
    _check_holder(group, user_id)
    _record(session, group, by, user_id, DecisionKind.SKIP, None)
    exposure.close_viewings(session, user_id, group.id, rules)
    group.lease_user_id, group.lease_expires = None, None
    audit.record(session, by, "hotline.skip", f"group {group.id}")


def correct(
    session: Session,
    group_id: int,
    chosen: Classification,
    *,
    by: Actor,
    rules: Rules,
    settings: Settings,
) -> Decided:
    """A supervisor's correction of a confirmed group: its items take the new verdict; the
    hashes leave the foundation's list (illegal to not illegal) or enter it (the other
    way) in a new version. Raise Conflict for a group not confirmed yet."""
    by.require(Permission.HOTLINE_SUPERVISE)
    user_id = exposure.reviewer(session, by)
    group = _group_for_change(session, group_id)
    if group.state is not GroupState.CONFIRMED or group.verdict is None:
        raise Conflict(
            "group %(group)s is not decided yet; decide it from the queue", group=group.id
        )
    before = group.verdict
    decision = _record(session, group, by, user_id, DecisionKind.CORRECTION, chosen)
    decision.consensus = True
    group.verdict, group.decided_at = chosen.verdict, clock.now()
    _set_items(session, group.id, chosen.verdict)
    version = None
    if before.illegal and not chosen.verdict.illegal:
        why = f"review: correction {decision.id} of group {group.id} by {by.name}"
        version = _list_out(session, rules.list_name, _pdqs(session, group.id), why)
    elif chosen.verdict.illegal and not before.illegal:
        version = _list_in(session, group, decision, rules, settings)
    audit.record(
        session, by, "hotline.correct", f"group {group.id}", f"{before} -> {chosen.verdict}"
    )
    return Decided(group.id, Outcome.CONFIRMED, chosen.verdict, version)


def _list_out(session: Session, name: str, hashes: list[str], why: str) -> int | None:
    try:
        return lists.remove_entries(session, name, hashes, why=why)
    except NotFound:
        return None


# -- the supervisor's view -----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRecord:
    """A group as a supervisor reads it: its state and verdict, how many items, and every
    decision with who and when. Never an image."""

    group: ReviewGroup
    items: int
    decisions: list[Decision]


def decided_groups(session: Session, *, by: Actor, limit: int = 50) -> list[ReviewGroup]:
    """The groups decided last (confirmed or disputed), newest first."""
    by.require(Permission.HOTLINE_SUPERVISE)
    query = (
        select(ReviewGroup)
        .where(ReviewGroup.state.in_((GroupState.CONFIRMED, GroupState.DISPUTED)))
        .order_by(ReviewGroup.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def group_record(session: Session, group_id: int, *, by: Actor) -> GroupRecord:
    """One group's record. Raise NotFound for a group that does not exist."""
    by.require(Permission.HOTLINE_SUPERVISE)
    group = session.get(ReviewGroup, group_id)
    if group is None:
        raise NotFound("there is no group %(group)s in the queue", group=group_id)
    decisions = session.scalars(
        select(Decision).where(Decision.group_id == group_id).order_by(Decision.id)
    )
    return GroupRecord(group, len(_item_ids(session, group_id)), list(decisions))


# -- counts ---------------------------------------------------------------------------------------


def queue_counts(session: Session, *, by: Actor) -> dict[str, int]:
    """How the queue stands: groups and items waiting, assessed but not confirmed,
    disputed, and items decided."""
    by.require(Permission.HOTLINE_REVIEW)
    now = clock.now()
    assessed = exists().where(
        Decision.group_id == ReviewGroup.id, Decision.kind == DecisionKind.ANALYST
    )

    def groups(*where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(ReviewGroup).where(*where)
        return int(session.scalar(query) or 0)

    def items(state: MediaState) -> int:
        query = select(func.count()).select_from(MediaItem).where(MediaItem.state == state)
        return int(session.scalar(query) or 0)

    waiting = ReviewGroup.state == GroupState.WAITING
    return {
        "groups_waiting": groups(waiting),
        "groups_assessed_not_confirmed": groups(waiting, assessed),
        "groups_disputed": groups(ReviewGroup.state == GroupState.DISPUTED),
        "groups_in_review_now": groups(
            ReviewGroup.lease_user_id.is_not(None), ReviewGroup.lease_expires > now
        ),
        "items_awaiting_review": items(MediaState.AWAITING_REVIEW),
        "items_confirmed_illegal": items(MediaState.CONFIRMED_ILLEGAL),
        "items_not_illegal": items(MediaState.NOT_ILLEGAL),
    }
