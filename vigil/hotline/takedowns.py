"""Notice-and-takedown: from a confirmed media item to the notices that ask for its removal.

When a media item is confirmed (vigil.domain.takedown.CONFIRMED_MEDIA), its URL gets a
*takedown* (:func:`open_takedown`): where it is hosted (the address it was fetched from, that
address's reverse DNS name, the networks database's country and operator), the report's
reference and dates. Routing (vigil.hotline.routing) then says whom to write to; each
recipient gets a notice in its language by its webhook or e-mail (vigil.hotline.sending),
recorded with its message id, time and result (``hotline_notices``); a recipient nobody
knows is a supervisor's task (vigil.hotline.tasks). A notice never carries an image: the
text says the URL, the classification, the reference and the dates, nothing more.

The network is never used inside a transaction: a round of notices is *planned* in one
(recipients and tasks), sent outside it, and *recorded* in another, under a claim on the
takedown's row (``claimed_until``) so that two workers never send the same round. The
re-checks that follow (vigil.hotline.rechecks) send the reminders and the escalation with
the same :meth:`Notifier.send_round`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from vigil import clock
from vigil.accounts.actors import Actor, job
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.domain.contacts import ContactKind
from vigil.domain.takedown import CONFIRMED_MEDIA, TakedownState, is_confirmed
from vigil.errors import InputError, NotFound
from vigil.hotline import mail, networks, sending, webhooks
from vigil.hotline.contacts import contacts_for
from vigil.hotline.deliveries import Delivery, DeliveryResult
from vigil.hotline.notices import Classification, Notice, Sender
from vigil.hotline.routing import Send, SupervisorTask, route
from vigil.hotline.tasks import ESCALATION, open_task
from vigil.settings import Settings
from vigil.store.db import session_scope
from vigil.store.hotline import MediaItem, ReportedUrl
from vigil.store.models import Contact
from vigil.store.takedown import HotlineTask, SentNotice, Takedown

ReverseDns = Callable[[str], str | None]
ACTING = frozenset({ContactKind.HOST_ABUSE, ContactKind.PARTNER_HOTLINE})
"""Who is asked to act, and so reminded every VIGIL_TAKEDOWN_NOTICE_HOURS: the host at
home, the partner hotline abroad. The police hear of a URL once, and again if it escalates."""
ESCALATED_TO = frozenset({ContactKind.POLICE, ContactKind.PARTNER_HOTLINE})


def classification_of(item: MediaItem) -> Classification:
    """How confirmed material is classified in its notices: a hash list's match is
    baseline material (lists are shared across countries for what is illegal everywhere)."""
    return Classification.BASELINE


def confirmed_without_takedown(session: Session) -> list[int]:
    """The confirmed media items that have no takedown yet (a lost job's, or confirmed by
    a door that queues nothing), oldest first."""
    has = exists().where(Takedown.item_id == MediaItem.id)
    query = select(MediaItem.id).where(MediaItem.state.in_(CONFIRMED_MEDIA), ~has)
    return list(session.scalars(query.order_by(MediaItem.id)))


def open_takedown(
    session: Session,
    item_id: int,
    *,
    by: Actor,
    settings: Settings,
    reverse_name: str | None = None,
) -> Takedown | None:
    """The takedown of a confirmed item's URL, with where it is hosted; None when the item
    is not confirmed, already has one, or its URL already has an open one (one takedown per
    URL, however often its material was found). ``reverse_name`` is the reverse DNS name of
    the item's address, asked before the transaction began (:meth:`Notifier.open`)."""
    by.require(Permission.HOTLINE_SUPERVISE)
    item = session.get(MediaItem, item_id)
    if item is None or not is_confirmed(item.state):
        return None
    if session.scalar(select(exists().where(Takedown.item_id == item_id))):
        return None
    same_url = exists().where(Takedown.url == item.url, Takedown.state == TakedownState.OPEN)
    if session.scalar(select(same_url)):
        return None
    reported: ReportedUrl = item.reported
    now = clock.now()
    takedown = Takedown(
        item_id=item.id,
        url=item.url,
        reference=reported.report.reference,
        classification=classification_of(item).value,
        state=TakedownState.OPEN,
        reported_at=reported.report.received_at,
        confirmed_at=item.updated_at or now,
        next_notice_at=now,
        next_check_at=now + timedelta(hours=settings.takedown_check_hours),
        created_at=now,
    )
    _host(session, takedown, item.address, reverse_name)
    session.add(takedown)
    session.flush()
    where = takedown.country or "unknown country"
    audit.record(session, by, "hotline.takedown_open", takedown.reference, f"{item.url} ({where})")
    return takedown


def list_takedowns(session: Session, *, by: Actor, open_only: bool = False) -> list[Takedown]:
    """The takedowns, oldest first, with their notices (only the open ones with
    ``open_only``)."""
    by.require(Permission.HOTLINE_SUPERVISE)
    query = select(Takedown).options(selectinload(Takedown.notices)).order_by(Takedown.id)
    if open_only:
        query = query.where(Takedown.state == TakedownState.OPEN)
    return list(session.scalars(query))


@dataclass(frozen=True)
class TakedownView:
    """One takedown as a supervisor reads it: its notices (``takedown.notices``), the name of
    each notice's recipient by contact id, and its tasks, oldest first."""

    takedown: Takedown
    recipients: dict[int, str]
    tasks: list[HotlineTask]


def view_takedown(session: Session, takedown_id: int, *, by: Actor) -> TakedownView:
    """One takedown with its notices, their recipients' names and its tasks. Raise NotFound
    when there is no such takedown."""
    by.require(Permission.HOTLINE_SUPERVISE)
    takedown = session.get(Takedown, takedown_id, options=[selectinload(Takedown.notices)])
    if takedown is None:
        raise NotFound("there is no takedown %(id)s", id=takedown_id)
    ids = {n.contact_id for n in takedown.notices}
    names = session.execute(select(Contact.id, Contact.name).where(Contact.id.in_(ids)))
    tasks = select(HotlineTask).where(HotlineTask.takedown_id == takedown.id)
    found = session.scalars(tasks.order_by(HotlineTask.created_at, HotlineTask.id))
    return TakedownView(takedown, {i: name for i, name in names}, list(found))


def _host(session: Session, takedown: Takedown, address: str | None, name: str | None) -> None:
    if not address:
        return
    hosting = networks.lookup(session, address)
    takedown.address = hosting.address
    takedown.country, takedown.asn, takedown.as_name = hosting.country, hosting.asn, hosting.as_name
    takedown.reverse_dns = name


# -- sending a round ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """A contact as sending needs it, read in the planning transaction."""

    id: int
    kind: ContactKind
    language: str
    email: str | None
    webhook_url: str | None
    webhook_secret: str | None


@dataclass(frozen=True)
class Round:
    """A round of notices to send: the text's facts and its recipients."""

    takedown_id: int
    number: int
    escalation: bool
    notice: Notice
    recipients: tuple[Recipient, ...]


@dataclass
class Notifier:
    """Sends the rounds of notices of the takedowns in one database."""

    settings: Settings
    factory: sessionmaker[Session]
    smtp: mail.SmtpServer | None = None
    retry: webhooks.RetryPolicy = webhooks.DEFAULT_RETRY
    client: httpx.Client | None = None
    sleep: Callable[[float], None] = time.sleep
    reverse_dns: ReverseDns = networks.reverse_dns
    by: Actor = field(default_factory=lambda: job("hotline.takedown"))

    @classmethod
    def from_settings(cls, settings: Settings, factory: sessionmaker[Session]) -> Notifier:
        return cls(settings, factory, smtp=mail.SmtpServer.from_settings(settings))

    @property
    def step_time(self) -> timedelta:
        return timedelta(seconds=self.settings.hotline_step_seconds)

    def open(self, item_id: int) -> int | None:
        """Open the takedown of a confirmed item and send its first notices (the job
        queued when an item is confirmed); return its id, or None when there was nothing
        to open."""
        with session_scope(self.factory) as s:
            item = s.get(MediaItem, item_id)
            address = item.address if item is not None else None
        name = self.reverse_dns(address) if address else None
        try:
            with session_scope(self.factory) as s:
                opened = open_takedown(
                    s, item_id, by=self.by, settings=self.settings, reverse_name=name
                )
                takedown_id = opened.id if opened is not None else None
        except IntegrityError:  # another worker opened it at the same moment
            return None
        if takedown_id is not None and self.claim(takedown_id):
            try:
                self.send_round(takedown_id)
            finally:
                self.release(takedown_id)
        return takedown_id

    def claim(self, takedown_id: int) -> bool:
        """Hold an open takedown for one step (a round, a re-check); False when another
        worker holds it or it is no longer open."""
        now = clock.now()
        with session_scope(self.factory) as s:
            taken = s.execute(
                update(Takedown)
                .where(
                    Takedown.id == takedown_id,
                    Takedown.state == TakedownState.OPEN,
                    (Takedown.claimed_until.is_(None)) | (Takedown.claimed_until < now),
                )
                .values(claimed_until=now + self.step_time)
                .returning(Takedown.id)
            ).first()
        return taken is not None

    def release(self, takedown_id: int) -> None:
        with session_scope(self.factory) as s:
            s.execute(update(Takedown).where(Takedown.id == takedown_id).values(claimed_until=None))

    def send_round(self, takedown_id: int, *, escalation: bool = False) -> list[SentNotice]:
        """Plan, send and record one round of notices of a claimed takedown: the first
        notice to every recipient routing names, a reminder to those asked to act, or the
        escalation to the police or the partner hotline and a supervisor's task."""
        with session_scope(self.factory) as s:
            planned = self._plan(s, takedown_id, escalation)
        if planned is None:
            return []
        deliveries = [(r, self._deliver(planned.notice, r)) for r in planned.recipients]
        with session_scope(self.factory) as s:
            return _record_round(s, planned, deliveries, self.settings, self.by)

    def _plan(self, s: Session, takedown_id: int, escalation: bool) -> Round | None:
        takedown = s.get(Takedown, takedown_id)
        if takedown is None or takedown.state is not TakedownState.OPEN:
            return None
        if takedown.country is None or takedown.asn is None:  # the database may know now
            _host(s, takedown, takedown.address, takedown.reverse_dns)
        contacts = contacts_for(s, takedown.country, takedown.asn)
        steps = route(takedown.country, takedown.asn, contacts, home=self.settings.country)
        wanted = ESCALATED_TO if escalation else ACTING if takedown.rounds else None
        reached = _reached(s, takedown.id)
        recipients: list[Recipient] = []
        for step in steps:
            if isinstance(step, SupervisorTask):
                open_task(s, takedown, step.gap.value, step.message, kind=step.kind)
            elif isinstance(step, Send) and (
                wanted is None or step.contact.kind in wanted or step.contact.id not in reached
            ):
                recipients.append(_recipient(step.contact))
        if escalation:
            open_task(s, takedown, ESCALATION, _escalation_message(takedown, self.settings))
        return Round(
            takedown.id,
            takedown.rounds + (0 if escalation else 1),
            escalation,
            _notice(takedown, reminder=bool(takedown.rounds) or escalation),
            tuple(recipients),
        )

    def _deliver(self, notice: Notice, recipient: Recipient) -> Delivery:
        sender = Sender.from_settings(self.settings)
        try:
            return sending.deliver(
                notice,
                recipient,
                sender,
                smtp=self.smtp,
                retry=self.retry,
                client=self.client,
                sleep=self.sleep,
            )
        except InputError as exc:  # a setting no retry mends (VIGIL_ORGANISATION unset)
            return mail.not_sent(str(exc))


def _reached(s: Session, takedown_id: int) -> set[int]:
    """The contacts a notice about the takedown reached (a recipient not reached yet, say
    the police after a failed first send, is written to again with the next round)."""
    query = select(SentNotice.contact_id).where(
        SentNotice.takedown_id == takedown_id, SentNotice.result == DeliveryResult.SENT.value
    )
    return set(s.scalars(query))


def _recipient(contact: Contact) -> Recipient:
    return Recipient(
        contact.id,
        contact.kind,
        contact.language,
        contact.email,
        contact.webhook_url,
        contact.webhook_secret,
    )


def _notice(takedown: Takedown, *, reminder: bool) -> Notice:
    return Notice(
        url=takedown.url,
        classification=Classification(takedown.classification),
        reference=takedown.reference,
        reported_at=takedown.reported_at,
        assessed_at=takedown.confirmed_at,
        first_notice_at=(takedown.first_notice_at or takedown.last_notice_at) if reminder else None,
    )


def _escalation_message(takedown: Takedown, settings: Settings) -> str:
    return (
        f"{takedown.url} ({takedown.reference}) is still online "
        f"{settings.takedown_escalate_days} days after the first notice; it was escalated to "
        "the police or the partner hotline: follow it up with them and the host"
    )


def _record_round(
    s: Session,
    planned: Round,
    deliveries: list[tuple[Recipient, Delivery]],
    settings: Settings,
    by: Actor,
) -> list[SentNotice]:
    takedown = s.get(Takedown, planned.takedown_id, with_for_update=True)
    if takedown is None:
        return []
    now = clock.now()
    sent = [
        SentNotice(
            takedown_id=takedown.id,
            contact_id=recipient.id,
            kind=recipient.kind,
            language=recipient.language,
            round=planned.number,
            escalation=planned.escalation,
            channel=delivery.channel.value,
            message_id=delivery.message_id,
            at=delivery.at,
            result=delivery.result.value,
            reason=delivery.reason,
            attempts=delivery.attempts,
        )
        for recipient, delivery in deliveries
    ]
    s.add_all(sent)
    sent_any = any(d.result is DeliveryResult.SENT for _, d in deliveries)
    if sent_any and takedown.first_notice_at is None:
        takedown.first_notice_at = now
    if planned.escalation:
        takedown.escalated_at = now
        audit.record(s, by, "hotline.takedown_escalate", takedown.reference)
    else:
        takedown.rounds = planned.number
        takedown.last_notice_at = now
        takedown.next_notice_at = now + timedelta(hours=settings.takedown_notice_hours)
    s.flush()
    return sent


def is_due(at: datetime | None, now: datetime) -> bool:
    """Whether a time of the schedule has come (a time without zone is UTC)."""
    if at is None:
        return False
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware <= now
