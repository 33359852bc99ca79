"""Re-checks until gone: each open takedown is fetched again on its schedule until its
material is gone, noticed again while it is not, and escalated when it stays too long.

A re-check fetches the URL through the same safe fetcher and decides:

- **removed** when the server answers 404 or 410 (``gone``), the host's name no longer
  resolves (``name_gone``), or what answers no longer matches the confirmed material
  (``content_changed``): another picture by the same hash engine (not the item's SHA-256,
  not within VIGIL_PDQ_THRESHOLD of its PDQ in any of the eight turns and flips, and on no
  enabled hash list), or no picture or video at all;
- **still there** when it matches; **unreachable** for anything else (a time-out, a server
  error, a refusal), which is checked again at the next turn and never counts as removed.

While a takedown is open, a new round of notices goes out every VIGIL_TAKEDOWN_NOTICE_HOURS
to whoever is asked to act (vigil.hotline.takedowns.ACTING), and once, after
VIGIL_TAKEDOWN_ESCALATE_DAYS from the first notice, the escalation to the police (hosted at
home) or the partner hotline (abroad) and a supervisor's task. The removal's time is the
re-check's that found it: the hours from the report, and from the first notice, to it are
read from the row (:meth:`Takedown.hours_to_removal`).

:meth:`Takedowns.run_due` does all that is due: the periodic job (vigil.jobs) runs it every
few minutes, `vigil hotline recheck` runs it at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from vigil import clock
from vigil.audit import log as audit
from vigil.domain.takedown import CheckResult, Removal, TakedownState
from vigil.hashing.matching import match_files
from vigil.hashing.signals import FileHashes, HashOptions, distance, hash_bytes
from vigil.hotline.fetching import Fetcher, FetchResult, Outcome
from vigil.hotline.pipeline import Matcher, Pipeline
from vigil.hotline.takedowns import Notifier, confirmed_without_takedown, is_due
from vigil.hotline.walking import media_types
from vigil.settings import Settings
from vigil.store.db import session_scope
from vigil.store.hotline import MediaItem
from vigil.store.takedown import Takedown

GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class Verdict:
    """What one re-check found, and why."""

    result: CheckResult
    reason: str
    removal: Removal | None = None


@dataclass(frozen=True)
class DueWork:
    """What :meth:`Takedowns.run_due` did."""

    opened: int = 0
    checked: int = 0
    removed: int = 0
    noticed: int = 0
    escalated: int = 0


class Takedowns:
    """The takedowns of one database: opened, re-checked, noticed again, escalated."""

    def __init__(
        self,
        settings: Settings,
        factory: sessionmaker[Session],
        *,
        pipeline: Pipeline | None = None,
        fetcher: Fetcher | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        self.settings, self.factory = settings, factory
        self.notifier = notifier or Notifier.from_settings(settings, factory)
        self.fetcher = fetcher or (pipeline.fetcher if pipeline else Fetcher(settings))
        self.matcher = pipeline.matcher if pipeline else Matcher(settings)
        self.options = HashOptions.from_settings(settings, dihedral=True)

    def run_due(self, open_item: Callable[[int], object] | None = None) -> DueWork:
        """Open the takedowns no job opened (with ``open_item``, by default
        :meth:`Notifier.open`), then re-check, notice and escalate every open takedown whose
        time has come."""
        with session_scope(self.factory) as s:
            missing = confirmed_without_takedown(s)
            due = self._due(s)
        opening = open_item or self.notifier.open
        opened = 0
        for item_id in missing:
            opening(item_id)
            opened += 1
        totals = [0, 0, 0, 0]
        for takedown_id in due:
            for i, n in enumerate(self.step(takedown_id)):
                totals[i] += n
        return DueWork(opened, *totals)

    def _due(self, s: Session) -> list[int]:
        now = clock.now()
        escalate_before = now - timedelta(days=self.settings.takedown_escalate_days)
        query = select(Takedown.id).where(
            Takedown.state == TakedownState.OPEN,
            or_(
                Takedown.next_check_at <= now,
                Takedown.next_notice_at <= now,
                Takedown.escalated_at.is_(None) & (Takedown.first_notice_at <= escalate_before),
            ),
        )
        return list(s.scalars(query.order_by(Takedown.id)))

    def step(self, takedown_id: int) -> tuple[int, int, int, int]:
        """Do what is due of one takedown: (checked, removed, noticed, escalated)."""
        if not self.notifier.claim(takedown_id):
            return (0, 0, 0, 0)
        try:
            return self._step(takedown_id)
        finally:
            self.notifier.release(takedown_id)

    def _step(self, takedown_id: int) -> tuple[int, int, int, int]:
        now = clock.now()
        with session_scope(self.factory) as s:
            row = s.get(Takedown, takedown_id)
            if row is None:
                return (0, 0, 0, 0)
            check_due = is_due(row.next_check_at, now)
        checked = removed = noticed = escalated = 0
        if check_due:
            checked = 1
            removed = int(self.check(takedown_id).result is CheckResult.REMOVED)
        with session_scope(self.factory) as s:
            row = s.get(Takedown, takedown_id)
            if row is None or row.state is not TakedownState.OPEN:
                return (checked, removed, 0, 0)
            since = row.first_notice_at or row.created_at
            escalate = row.escalated_at is None and row.first_notice_at is not None
            escalate = escalate and is_due(
                since + timedelta(days=self.settings.takedown_escalate_days), now
            )
            notice_due = is_due(row.next_notice_at, now)
        if escalate:
            escalated = 1
            self.notifier.send_round(takedown_id, escalation=True)
        if notice_due:
            noticed = 1
            self.notifier.send_round(takedown_id)
        return (checked, removed, noticed, escalated)

    def check(self, takedown_id: int) -> Verdict:
        """Fetch the URL again and record what it answered (the takedown must be claimed)."""
        with session_scope(self.factory) as s:
            row = s.get(Takedown, takedown_id)
            if row is None:
                raise LookupError(takedown_id)
            url, item = row.url, s.get(MediaItem, row.item_id)
            sha256, pdq = (item.sha256, item.pdq) if item is not None else (None, None)
        fetched = self.fetcher.fetch(url, accept=media_types(self.settings.fetch_content_types))
        hashes = hash_bytes(fetched.body, url, self.options) if fetched.body is not None else None
        with session_scope(self.factory) as s:
            verdict = self._judge(s, fetched, hashes, sha256, pdq)
            row = s.get(Takedown, takedown_id, with_for_update=True)
            if row is not None:
                _record(s, row, verdict, self.settings, self.notifier)
        return verdict

    def _judge(
        self,
        s: Session,
        fetched: FetchResult,
        hashes: FileHashes | None,
        sha256: str | None,
        pdq: str | None,
    ) -> Verdict:
        if hashes is not None:
            if self._matches(s, hashes, sha256, pdq):
                return Verdict(CheckResult.STILL_THERE, "the material is still there")
            return Verdict(
                CheckResult.REMOVED,
                "what answers no longer matches the confirmed material",
                Removal.CONTENT_CHANGED,
            )
        reason = fetched.reason or "no answer"
        if fetched.cause == "status" and fetched.status in GONE_STATUSES:
            return Verdict(CheckResult.REMOVED, reason, Removal.GONE)
        if fetched.cause == "dns":
            return Verdict(CheckResult.REMOVED, reason, Removal.NAME_GONE)
        if fetched.outcome is Outcome.REFUSED and fetched.cause == "content_type":
            return Verdict(CheckResult.REMOVED, reason, Removal.CONTENT_CHANGED)
        return Verdict(CheckResult.UNREACHABLE, reason)

    def _matches(self, s: Session, hashes: FileHashes, sha256: str | None, pdq: str | None) -> bool:
        if sha256 is not None and hashes.sha256 == sha256:
            return True
        threshold = self.settings.pdq_threshold
        if pdq and hashes.pdq and not hashes.low_quality(self.options.min_quality):
            turns = (hashes.pdq, *hashes.dihedral)
            if min(distance(t, pdq) for t in turns) <= threshold:
                return True
        loaded, _ = self.matcher.lists(s)
        return bool(match_files([hashes], loaded, self.options.min_quality)[0])


def _record(
    s: Session, row: Takedown, verdict: Verdict, settings: Settings, notifier: Notifier
) -> None:
    now = clock.now()
    row.checks += 1
    row.checked_at, row.last_check, row.last_check_reason = now, verdict.result, verdict.reason
    if verdict.removal is None:
        row.next_check_at = now + timedelta(hours=settings.takedown_check_hours)
        return
    row.state, row.removal, row.removed_at = TakedownState.REMOVED, verdict.removal, now
    row.next_check_at = row.next_notice_at = None
    audit.record(s, notifier.by, "hotline.takedown_removed", row.reference, verdict.removal.value)
