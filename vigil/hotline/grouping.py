"""Which group a media item awaiting review joins, so that nothing is decided twice.

An item joins the group of every item it matches: the same SHA-256, or a PDQ hash within
the threshold of one of its eight turned and mirrored variants. It takes the oldest such
group, and groups it bridges that nobody has looked at yet are merged into it, so that any
two items within the threshold end in one group. A group already confirmed gives the item
its decision at once, with the item it matched as provenance (``reused_from_id``): it never
enters the queue and nobody sees it. An item that matches nothing starts a group of its own.

Placing is serialised (a transaction-scoped advisory lock on PostgreSQL; SQLite has one
writer at a time), so two workers placing near duplicates at once make one group.

The PDQ hashes of grouped items are searched in memory, each process keeping its own copy
and reading only the rows changed since its last look (``updated_at``, with a margin for
the clocks of several machines: since placings take turns and each writes its item after
taking its turn, no placing is missed); every candidate is read again from the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from threading import Lock

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, exists, select, text, update
from sqlalchemy.orm import Session

from vigil import clock
from vigil.domain.hotline import MediaState
from vigil.domain.review import GroupState, Verdict
from vigil.hashing.index import as_words, hashes_from_hex
from vigil.hashing.signals import distance
from vigil.store.hotline import MediaItem
from vigil.store.review import Decision, Exposure, ReviewGroup

LOCK_KEY = 0x5649_4749_4C31  # "VIGIL1": the advisory lock of placing
MARGIN = timedelta(minutes=1)
"""How far back a process's copy reads again: the clocks of several machines may differ."""


def state_of(verdict: Verdict) -> MediaState:
    """A confirmed item's state."""
    return MediaState.CONFIRMED_ILLEGAL if verdict.illegal else MediaState.NOT_ILLEGAL


@dataclass(frozen=True)
class Placed:
    group_id: int
    reused_from: int | None
    """The decided item whose decision this one took (None: it waits in the queue)."""


def place(
    session: Session,
    item: MediaItem,
    *,
    variants: Sequence[str] = (),
    threshold: int = 31,
    use_pdq: bool = True,
) -> Placed:
    """Put ``item`` (hashed, awaiting review) in its group; give it the group's decision
    when there is one. ``variants`` are its PDQ hash's dihedral variants (the hash itself
    when empty); ``use_pdq`` False when the hash is too poor to match on (low quality)."""
    _serialise(session)
    matched = _matches(session, item, variants, threshold, use_pdq)
    if not matched:
        group = ReviewGroup(state=GroupState.WAITING, created_at=clock.now())
        session.add(group)
        session.flush()
        item.group_id = group.id
        return Placed(group.id, None)
    locked = (
        select(ReviewGroup)
        .where(ReviewGroup.id.in_(matched))
        .order_by(ReviewGroup.id)
        .with_for_update()  # a group being leased or decided now is seen as it ends
        .execution_options(populate_existing=True)
    )
    groups = {g.id: g for g in session.scalars(locked)}
    target = min(groups.values(), key=lambda g: (g.state is not GroupState.CONFIRMED, g.id))
    _merge(session, target, [g for g in groups.values() if g is not target])
    item.group_id = target.id
    if target.state is not GroupState.CONFIRMED or target.verdict is None:
        return Placed(target.id, None)
    item.state, item.reused_from_id = state_of(target.verdict), matched[target.id]
    return Placed(target.id, matched[target.id])


def _serialise(session: Session) -> None:
    """Take the lock of placing, then write the item's changes (its ``updated_at`` is thus
    later than any placing before it, which is what the processes' copies read by). On
    SQLite writing them takes the one write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    session.flush()


def _matches(
    session: Session, item: MediaItem, variants: Sequence[str], threshold: int, use_pdq: bool
) -> dict[int, int]:
    """The groups ``item`` matches, each with the first of its items matched."""
    found: dict[int, int] = {}
    if item.sha256:
        same = select(MediaItem.group_id, MediaItem.id).where(
            MediaItem.sha256 == item.sha256,
            MediaItem.group_id.is_not(None),
            MediaItem.id != item.id,
        )
        for group_id, item_id in session.execute(same.order_by(MediaItem.id)):
            if group_id is not None:
                found.setdefault(group_id, item_id)
    if use_pdq and item.pdq:
        queries = list(variants) or [item.pdq]
        candidates = _index(session).near(session, queries, threshold, item.id)
        if candidates:
            rows = session.execute(
                select(MediaItem.group_id, MediaItem.id, MediaItem.pdq)
                .where(MediaItem.id.in_(candidates), MediaItem.group_id.is_not(None))
                .order_by(MediaItem.id)
            )
            for group_id, item_id, pdq in rows:
                if group_id and pdq and min(distance(pdq, q) for q in queries) <= threshold:
                    found.setdefault(group_id, item_id)
    return found


def _merge(session: Session, target: ReviewGroup, others: list[ReviewGroup]) -> None:
    """Move into ``target`` the items of the groups nobody has decided, is deciding or has
    been shown; the others stay as they are (their decisions stand)."""
    now = clock.now()
    for other in others:
        untouched = (
            other.state is GroupState.WAITING
            and (other.lease_user_id is None or (other.lease_expires or now) < now)
            and not session.scalar(select(exists().where(Decision.group_id == other.id)))
            and not session.scalar(select(exists().where(Exposure.group_id == other.id)))
        )
        if not untouched:
            continue
        values: dict[str, object] = {"group_id": target.id, "updated_at": now}
        if target.state is GroupState.CONFIRMED and target.verdict is not None:
            values["state"] = state_of(target.verdict)
        session.execute(update(MediaItem).where(MediaItem.group_id == other.id).values(**values))
        session.execute(delete(ReviewGroup).where(ReviewGroup.id == other.id))


# -- the PDQ hashes of grouped items, in memory -----------------------------------------------


@dataclass
class _Known:
    ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    words: npt.NDArray[np.uint64] = field(default_factory=lambda: np.zeros((0, 4), np.uint64))
    rows: dict[int, int] = field(default_factory=dict)
    since: datetime | None = None
    lock: Lock = field(default_factory=Lock)

    def near(self, session: Session, queries: Sequence[str], threshold: int, own: int) -> list[int]:
        """Ids of grouped items within ``threshold`` of any of ``queries`` (rechecked by the
        caller: a row may have been rolled back)."""
        with self.lock:
            self._refresh(session)
            hits = np.zeros(len(self.ids), bool)
            for query in as_words(hashes_from_hex(queries)):
                hits |= np.bitwise_count(self.words ^ query).sum(axis=1) <= threshold
            return [int(i) for i in self.ids[hits] if int(i) != own]

    def _refresh(self, session: Session) -> None:
        started = clock.now()
        if self.since is not None and started < self.since:  # the clock was set back
            self.ids, self.words, self.rows = _Known().ids, _Known().words, {}
            self.since = None
        query = select(MediaItem.id, MediaItem.pdq).where(
            MediaItem.group_id.is_not(None), MediaItem.pdq.is_not(None)
        )
        if self.since is not None:
            query = query.where(MediaItem.updated_at >= self.since - MARGIN)
        fresh: list[tuple[int, str]] = []
        for item_id, pdq in session.execute(query):
            if pdq is None:
                continue
            if item_id in self.rows:  # an id used again (a row rolled back): its hash now
                self.words[self.rows[item_id]] = as_words(hashes_from_hex([pdq]))[0]
            else:
                fresh.append((item_id, pdq))
        if fresh:
            start = len(self.ids)
            self.ids = np.concatenate([self.ids, np.array([i for i, _ in fresh], np.int64)])
            added = as_words(hashes_from_hex(p for _, p in fresh))
            self.words = np.concatenate([self.words, added])
            self.rows.update({i: start + n for n, (i, _) in enumerate(fresh)})
        self.since = started


_INDEXES: dict[str, _Known] = {}
_INDEXES_LOCK = Lock()


def _index(session: Session) -> _Known:
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _INDEXES_LOCK:
        return _INDEXES.setdefault(key, _Known())


def forget() -> None:
    """Drop every process's copy of the hashes (for tests that empty the database)."""
    with _INDEXES_LOCK:
        _INDEXES.clear()
