"""The pipeline's steps, each run by a background job with nothing but an id: fetch a
reported URL and find its media; fetch, hash and match a media item; sweep up what a lost
job left undone.

The database is the truth; the queue only says "look at row N". So every step is
idempotent: it first *claims* its row (one UPDATE that succeeds only from a state where the
step is due, or from the step's own state once VIGIL_HOTLINE_STEP_SECONDS have passed, i.e.
when the worker that had it was lost), works outside any transaction (the network, the
hash), and records its result only if it still holds the claim (the row's ``attempts`` is
still its own). A step run twice, or by two workers at once, is recorded once.

A media item a hash list knows is "confirmed from list" with its provenance, and nobody
sees it; its notice-and-takedown is queued (vigil.hotline.takedowns). Any other is kept
for an analyst, its bytes sealed (vigil.hotline.evidence), in the group of its exact and
near duplicates (vigil.hotline.grouping): one that matches an item already decided takes
that decision there and then, and nobody sees it either. A file that is no picture (and no
video) fails, saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from threading import Lock

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from vigil import clock
from vigil.domain.hotline import MediaState, UrlState
from vigil.domain.takedown import is_confirmed
from vigil.hashing import service as lists
from vigil.hashing.matching import LoadedList, Match, match_files
from vigil.hashing.signals import FileHashes, HashOptions, hash_bytes
from vigil.hotline import evidence, grouping
from vigil.hotline.fetching import Fetcher, FetchResult, Outcome
from vigil.hotline.walking import Walk, explore, media_types
from vigil.settings import Settings
from vigil.store.db import session_scope
from vigil.store.hash_lists import HashList
from vigil.store.hotline import Evidence, MediaItem, MediaMatch, ReportedUrl

Enqueue = Callable[[int], None]
_URL_STATES = {
    Outcome.FETCHED: UrlState.FETCHED,
    Outcome.REFUSED: UrlState.REFUSED,
    Outcome.FAILED: UrlState.FAILED,
}


@dataclass
class Queue:
    """Where the steps hand on work: the job queue (vigil.jobs), or, for
    `vigil hotline process`, the steps themselves run at once."""

    fetch_url: Enqueue
    process_media: Enqueue
    open_takedown: Enqueue = field(default=lambda _: None)
    """A confirmed item's notice-and-takedown (vigil.hotline.takedowns): none by default."""


@dataclass
class Matcher:
    """The enabled hash lists, loaded once per worker and again when a list changes (a new
    version, switched on or off)."""

    settings: Settings
    _loaded: list[LoadedList] = field(default_factory=list)
    _versions: dict[str, int] = field(default_factory=dict)
    _lock: Lock = field(default_factory=Lock)

    def lists(self, session: Session) -> tuple[list[LoadedList], dict[str, int]]:
        enabled = {h.name: h.version for h in session.scalars(select(HashList)) if h.enabled}
        with self._lock:
            if enabled != self._versions:
                index_dir = self.settings.home / "hash-indexes"
                self._loaded = lists.load_lists(session, index_dir)
                self._versions = enabled
            return self._loaded, self._versions


class Pipeline:
    """The steps, on one database. ``queue`` receives the work each step hands on."""

    def __init__(
        self,
        settings: Settings,
        factory: sessionmaker[Session],
        queue: Queue,
        *,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.settings, self.factory, self.queue = settings, factory, queue
        self.fetcher = fetcher or Fetcher(settings)
        self.matcher = Matcher(settings)
        self.options = HashOptions.from_settings(settings, dihedral=True)
        self.step_time = timedelta(seconds=settings.hotline_step_seconds)

    # -- a reported URL ----------------------------------------------------------------------

    def fetch_url(self, url_id: int) -> None:
        """Fetch a reported URL and the pages of its site within the bounds; record what
        each gave and the media found, and queue them. A URL that is itself a picture is
        hashed at once, from the bytes already fetched."""
        claimed = self._claim(ReportedUrl, url_id, UrlState.RECEIVED, UrlState.FETCHING)
        if claimed is None:
            return
        url, attempt = claimed
        explored = explore(url, self.fetcher)
        with session_scope(self.factory) as s:
            row = s.get(ReportedUrl, url_id, with_for_update=True)
            if row is None or row.state is not UrlState.FETCHING or row.attempts != attempt:
                return  # another worker took it over: its result counts
            _record_fetch(row, explored.result)
            items = _media_rows(row, explored)
            s.flush()
            found = [(item.id, item.url == explored.result.url) for item in items]
        direct = explored.result if explored.result.body is not None else None
        for item_id, is_reported in found:
            if is_reported and direct is not None:
                self.process_media(item_id, prefetched=direct)
            else:
                self.queue.process_media(item_id)

    # -- a media item ------------------------------------------------------------------------

    def process_media(self, item_id: int, *, prefetched: FetchResult | None = None) -> None:
        """Fetch the item, hash it, match it against the enabled lists and record the
        outcome: confirmed from a list, kept sealed for review, or failed with a reason."""
        claimed = self._claim(MediaItem, item_id, MediaState.PENDING, MediaState.PROCESSING)
        if claimed is None:
            return
        url, attempt = claimed
        accept = media_types(self.settings.fetch_content_types)
        fetched = prefetched or self.fetcher.fetch(url, accept=accept)
        hashes = hash_bytes(fetched.body, url, self.options) if fetched.body is not None else None
        with session_scope(self.factory) as s:
            item = s.get(MediaItem, item_id, with_for_update=True)
            if item is None or item.state is not MediaState.PROCESSING or item.attempts != attempt:
                return
            _record_media_fetch(item, fetched)
            if hashes is None or fetched.body is None:
                item.state, item.reason = MediaState.FAILED, fetched.reason
                return
            self._decide(s, item, hashes, fetched.body)
            confirmed = is_confirmed(item.state)
        if confirmed:
            self.queue.open_takedown(item_id)

    def _decide(self, s: Session, item: MediaItem, hashes: FileHashes, body: bytes) -> None:
        item.md5, item.sha1, item.sha256 = hashes.md5, hashes.sha1, hashes.sha256
        item.pdq, item.quality = hashes.pdq, hashes.quality
        item.width, item.height = hashes.width, hashes.height
        loaded, versions = self.matcher.lists(s)
        matches = match_files([hashes], loaded, self.options.min_quality)[0]
        if matches:
            item.state, item.reason = MediaState.CONFIRMED_FROM_LIST, None
            s.add_all(_match_row(item.id, m, versions) for m in _best_per_hash(matches))
            return
        is_video = (item.content_type or "").startswith("video/")
        if hashes.error is not None and not is_video:
            item.state = MediaState.FAILED
            item.reason = f"not a picture that can be read: {hashes.error}"
            return
        item.state, item.reason = MediaState.AWAITING_REVIEW, None
        key = evidence.evidence_key(self.settings)
        expires = clock.now() + timedelta(days=self.settings.evidence_retention_days)
        s.add(
            Evidence(item_id=item.id, sealed=evidence.seal(key, item.id, body), expires_at=expires)
        )
        grouping.place(
            s,
            item,
            variants=hashes.dihedral,
            threshold=self.settings.pdq_threshold,
            use_pdq=not hashes.low_quality(self.options.min_quality),
        )

    # -- claims and the sweep ----------------------------------------------------------------

    def _claim(
        self,
        table: type[ReportedUrl] | type[MediaItem],
        row_id: int,
        due: UrlState | MediaState,
        working: UrlState | MediaState,
    ) -> tuple[str, int] | None:
        """Take a row from ``due`` (or from ``working`` left too long) into ``working``;
        return its URL and this attempt's number, or None when the step is not due."""
        stale = clock.now() - self.step_time
        with session_scope(self.factory) as s:
            taken = s.execute(
                update(table)
                .where(
                    table.id == row_id,
                    or_(
                        table.state == due,
                        (table.state == working) & (table.updated_at < stale),
                    ),
                )
                .values(state=working, attempts=table.attempts + 1, updated_at=clock.now())
                .returning(table.url, table.attempts)
            ).first()
        return (str(taken[0]), int(taken[1])) if taken is not None else None

    def sweep(self) -> tuple[int, int, int]:
        """Queue again every step left undone past VIGIL_HOTLINE_STEP_SECONDS (its job was
        lost: a worker killed, a broker emptied), and delete the evidence past its
        retention. Return the URLs and media queued and the copies deleted."""
        stale = clock.now() - self.step_time
        with session_scope(self.factory) as s:
            urls = _undone(s, ReportedUrl, (UrlState.RECEIVED, UrlState.FETCHING), stale)
            media = _undone(s, MediaItem, (MediaState.PENDING, MediaState.PROCESSING), stale)
            purged = purge_evidence(s)
        for url_id in urls:
            self.queue.fetch_url(url_id)
        for item_id in media:
            self.queue.process_media(item_id)
        return len(urls), len(media), purged

    def pending(self) -> tuple[list[int], list[int]]:
        """Every URL and media item whose step is still to do (`vigil hotline process`)."""
        with session_scope(self.factory) as s:
            urls = _undone(s, ReportedUrl, (UrlState.RECEIVED, UrlState.FETCHING), None)
            media = _undone(s, MediaItem, (MediaState.PENDING, MediaState.PROCESSING), None)
        return urls, media


def purge_evidence(session: Session) -> int:
    """Delete the sealed copies past their retention; return how many."""
    expired = list(
        session.scalars(select(Evidence.item_id).where(Evidence.expires_at < clock.now()))
    )
    if expired:
        session.execute(delete(Evidence).where(Evidence.item_id.in_(expired)))
    return len(expired)


def _undone(
    session: Session,
    table: type[ReportedUrl] | type[MediaItem],
    states: tuple[UrlState, UrlState] | tuple[MediaState, MediaState],
    stale: object,
) -> list[int]:
    query = select(table.id).where(table.state.in_(states))
    if stale is not None:
        query = query.where(table.updated_at < stale)
    return list(session.scalars(query.order_by(table.id)))


def _record_fetch(row: ReportedUrl, result: FetchResult) -> None:
    row.state = _URL_STATES[result.outcome]
    row.reason = None if result.fetched else result.reason
    row.cause = result.cause
    row.final_url, row.address, row.status = result.final_url, result.address, result.status
    row.content_type, row.size, row.elapsed = result.content_type, result.size, result.elapsed
    row.redirects = [r.url for r in result.redirects]


def _media_rows(row: ReportedUrl, explored: Walk) -> list[MediaItem]:
    items = [
        MediaItem(url=visit.url, found_on=visit.found_on, state=MediaState.PENDING)
        for visit in explored.media
    ]
    row.media.extend(items)
    return items


def _record_media_fetch(item: MediaItem, fetched: FetchResult) -> None:
    item.content_type, item.size, item.address = (
        fetched.content_type,
        fetched.size,
        fetched.address,
    )


def _best_per_hash(matches: list[Match]) -> list[Match]:
    """One match per listed hash: the closest (matches come best first)."""
    kept: dict[tuple[str, str], Match] = {}
    for m in matches:
        kept.setdefault((m.list, m.hash), m)
    return list(kept.values())


def _match_row(item_id: int, m: Match, versions: dict[str, int]) -> MediaMatch:
    return MediaMatch(
        item_id=item_id,
        list_name=m.list,
        list_version=versions.get(m.list, 0),
        hash=m.hash,
        distance=m.distance,
        dihedral=m.variant,
        as_seen=m.as_seen,
        label=m.label[:500],
    )
