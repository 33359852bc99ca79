"""Reports coming in: the one use case every door calls (the public form, a partner's API
token, `vigil hotline report` and `vigil hotline import`), the follow-up a public reporter
may ask for, and a report as the hotline's staff see it.

A report is stored before anything is fetched: the door commits, then queues the URLs the
use case hands back (vigil.jobs). All its URLs are checked first: one that cannot be
reported refuses the report, and nothing of it is stored.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from vigil import clock
from vigil.accounts import credentials
from vigil.accounts.actors import Actor, ActorKind
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.domain.hotline import Progress, Source, UrlState, progress
from vigil.errors import InputError, NotFound, TooMany
from vigil.hotline.urls import normalise
from vigil.settings import Settings
from vigil.store.counters import next_number
from vigil.store.hotline import HotlineReport, MediaItem, ReportedUrl, ReportSubmission

MAX_URLS = 1000
MAX_DESCRIPTION = 20_000
MAX_SOURCE = 80
MAX_EXTERNAL_ID = 200
SOURCES = {
    ActorKind.PERSON: Source.CLI,
    ActorKind.PUBLIC: Source.PUBLIC,
    ActorKind.TOKEN: Source.PARTNER,
    ActorKind.CLI: Source.CLI,
    ActorKind.IMPORT: Source.IMPORT,
    ActorKind.JOB: Source.CRAWLER,
}


@dataclass(frozen=True)
class Received:
    """A report as stored: ``to_fetch`` are the ids of its URLs to queue (none for a report
    sent again, or for URLs seen within the window); ``followup_code`` is shown once to a
    public reporter."""

    report: HotlineReport
    to_fetch: list[int]
    followup_code: str | None = None
    repeated: bool = False


def receive_report(
    session: Session,
    urls: Sequence[str],
    *,
    by: Actor,
    settings: Settings,
    description: str = "",
    email: str = "",
    external_id: str | None = None,
    source: str = "",
    client: str | None = None,
) -> Received:
    """Store a report of ``urls``. Raise InputError naming the first URL that cannot be
    reported (nothing stored), TooMany when a public client has sent its hour's reports.
    ``source`` is the sender's own name for where the report came from (a partner hotline,
    a channel). A report with an ``external_id`` is idempotent on (sender and source,
    ``external_id``): sent again, it is the same report."""
    by.require(Permission.HOTLINE_REPORT)
    normalised = _check(urls, description, email)
    source_name = _source_name(by, source, external_id)
    if external_id is not None:
        again = _sent_before(session, source_name, external_id)
        if again is not None:
            return Received(again, [], repeated=True)
    if by.kind is ActorKind.PUBLIC:
        _count_submission(session, client or "", settings.report_form_per_hour)
    code = secrets.token_urlsafe(12) if by.kind is ActorKind.PUBLIC else None
    report = HotlineReport(
        source=SOURCES[by.kind],
        source_name=source_name,
        external_id=external_id,
        description=description.strip(),
        reporter_email=email.strip(),
        followup_digest=credentials.digest(code) if code else None,
    )
    try:
        with session.begin_nested():
            to_fetch = _store(session, report, normalised, settings)
    except IntegrityError:
        # The same (source, external_id) was stored by a request running at the same time
        # (a partner sending again after a time-out): that one is the report.
        again = _sent_before(session, source_name, external_id) if external_id else None
        if again is None:
            raise
        return Received(again, [], repeated=True)
    audit.record(session, by, "hotline.report", report.reference, f"{len(normalised)} URLs")
    return Received(report, [u.id for u in to_fetch if u.same_as_id is None], code)


def _store(
    session: Session, report: HotlineReport, urls: list[str], settings: Settings
) -> list[ReportedUrl]:
    report.reference, report.received_at = _reference(session), clock.now()
    session.add(report)
    rows = [_add_url(session, report, url, settings) for url in urls]
    session.flush()
    return rows


def _check(urls: Sequence[str], description: str, email: str) -> list[str]:
    given = [u for u in urls if u.strip()]
    if not given:
        raise InputError("give at least one URL where the material was seen", field="urls")
    if len(given) > MAX_URLS:
        raise InputError(
            "a report holds at most %(most)s URLs; send the others in another report",
            field="urls",
            most=MAX_URLS,
        )
    if len(description) > MAX_DESCRIPTION:
        raise InputError(
            "the description is longer than %(most)s characters; shorten it",
            field="description",
            most=MAX_DESCRIPTION,
        )
    for field, texts in (("urls", given), ("description", [description]), ("email", [email])):
        if any("\x00" in text for text in texts):
            raise InputError("the report holds a NUL character; remove it", field=field)
    address = email.strip()
    if address and ("@" not in address or len(address) > 320 or " " in address):
        raise InputError(
            "'%(email)s' is not an e-mail address; leave it empty to stay anonymous",
            field="email",
            email=address,
        )
    return list(dict.fromkeys(normalise(u) for u in given))


def _source_name(by: Actor, source: str, external_id: str | None) -> str:
    """Who sent a report, as stored: the actor, and the source it names (``token:inhope /
    ICCAM``), so that one sender's sources never meet another sender's."""
    named = source.strip()
    if len(named) > MAX_SOURCE:
        raise InputError(
            "the source is longer than %(most)s characters; shorten it",
            field="source",
            most=MAX_SOURCE,
        )
    if external_id is not None and not 0 < len(external_id.strip()) <= MAX_EXTERNAL_ID:
        raise InputError(
            "the external id must be 1 to %(most)s characters, or left out",
            field="external_id",
            most=MAX_EXTERNAL_ID,
        )
    return (f"{by.name} / {named}" if named else by.name)[:200]


def _sent_before(session: Session, source_name: str, external_id: str) -> HotlineReport | None:
    query = select(HotlineReport).where(
        HotlineReport.source_name == source_name, HotlineReport.external_id == external_id
    )
    return session.scalar(query)


def _reference(session: Session) -> str:
    year = clock.today().year
    return f"HL-{year}-{next_number(session, 'HL', year):06d}"


def _add_url(session: Session, report: HotlineReport, url: str, settings: Settings) -> ReportedUrl:
    """The URL's row: linked to the same URL reported within the window, if any (and not
    fetched again), else new, to be fetched."""
    since = clock.now() - timedelta(hours=settings.hotline_refetch_hours)
    earlier = session.scalar(
        select(ReportedUrl)
        .where(
            ReportedUrl.url == url,
            ReportedUrl.received_at >= since,
            ReportedUrl.same_as_id.is_(None),
        )
        .order_by(ReportedUrl.id.desc())
        .limit(1)
    )
    row = ReportedUrl(
        url=url,
        received_at=clock.now(),
        state=UrlState.RECEIVED,
        same_as_id=earlier.id if earlier is not None else None,
    )
    report.urls.append(row)
    return row


def _count_submission(session: Session, client: str, per_hour: int) -> None:
    """Count a public report from ``client``; raise TooMany past the hour's limit."""
    digest = credentials.digest(client)
    since = clock.now() - timedelta(hours=1)
    session.execute(delete(ReportSubmission).where(ReportSubmission.at < since))
    sent = session.scalar(
        select(func.count()).where(ReportSubmission.client == digest, ReportSubmission.at >= since)
    )
    if (sent or 0) >= per_hour:
        raise TooMany(
            "this address has sent %(count)s reports in the last hour; wait a while and try "
            "again, or write to the hotline",
            count=sent,
        )
    session.add(ReportSubmission(client=digest, at=clock.now()))


def report_progress(session: Session, reference: str, code: str) -> Progress:
    """What became of a public report, for the one who holds its follow-up code: received,
    being looked at, acted on or no action, and nothing else. Raise NotFound for a wrong
    reference or code alike."""
    report = session.scalar(
        select(HotlineReport)
        .where(HotlineReport.reference == reference.strip().upper())
        .options(selectinload(HotlineReport.urls).selectinload(ReportedUrl.media))
    )
    if (
        report is None
        or report.followup_digest is None
        or not credentials.same(report.followup_digest, credentials.digest(code.strip()))
    ):
        raise NotFound(
            "there is no report with this reference and follow-up code; check both, as they "
            "were shown when the report was sent"
        )
    urls = [_original(session, u) for u in report.urls]
    return progress([u.state for u in urls], [m.state for u in urls for m in u.media])


def _original(session: Session, url: ReportedUrl) -> ReportedUrl:
    """The row that was fetched for ``url`` (itself, or the earlier report of it)."""
    if url.same_as_id is None:
        return url
    found = session.get(ReportedUrl, url.same_as_id)
    return found if found is not None else url


def show_report(session: Session, reference: str, *, by: Actor) -> dict[str, Any]:
    """A report as the hotline's staff see it (and `vigil hotline show --json` prints it):
    each URL's state and the reason of a refusal or failure, each media item with its
    hashes and matches. Never an image. Audited as a view."""
    by.require(Permission.HOTLINE_REVIEW)
    report = session.scalar(
        select(HotlineReport).where(HotlineReport.reference == reference.strip().upper())
    )
    if report is None:
        raise NotFound(
            "there is no hotline report '%(reference)s'; check the reference (e.g. HL-2026-000123)",
            reference=reference.strip(),
        )
    audit.record(session, by, "hotline.view", report.reference)
    return {
        "reference": report.reference,
        "received_at": _utc(report.received_at).isoformat(),
        "source": report.source.value,
        "urls": [_url_record(session, u) for u in report.urls],
    }


def _utc(at: datetime) -> datetime:
    """A time with its zone (SQLite hands back UTC times without it)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _url_record(session: Session, url: ReportedUrl) -> dict[str, Any]:
    fetched = _original(session, url)
    return {
        "url": url.url,
        "state": fetched.state.value,
        "reason": fetched.reason,
        "same_as": fetched.report.reference if fetched is not url else None,
        "media": [_media_record(m) for m in fetched.media],
    }


def _media_record(item: MediaItem) -> dict[str, Any]:
    return {
        "url": item.url,
        "state": item.state.value,
        "reason": item.reason,
        "sha256": item.sha256,
        "pdq": item.pdq,
        "quality": item.quality,
        "content_type": item.content_type,
        "size": item.size,
        "matches": [
            {
                "list": m.list_name,
                "version": m.list_version,
                "distance": m.distance,
                "dihedral": m.dihedral,
                "as_seen": m.as_seen,
                "label": m.label or None,
            }
            for m in item.matches
        ],
    }
