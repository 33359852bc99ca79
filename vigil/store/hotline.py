"""The tables of the hotline's pipeline: reports, the URLs they name, the media found there,
the matches of those media against the hash lists, and the sealed evidence copies.

Every step's state is a row here (vigil.domain.hotline): the queue carries only ids, so a
lost task loses nothing, and `vigil hotline sweep` finds what a lost task left undone.
No media bytes are kept in the clear: an item awaiting review has its bytes sealed in
``hotline_evidence`` (vigil.hotline.evidence); an item a hash list decided keeps only its
hashes and metadata.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vigil import clock
from vigil.domain.hotline import MediaState, Source, UrlState
from vigil.store.base import Base, stored_enum


class HotlineReport(Base):
    """One report: one or more URLs, what the reporter saw in their own words, and where it
    came from. ``followup_digest`` is the SHA-256 of the secret code a public reporter
    follows the report with (the code itself is shown once). A partner's report is
    idempotent on (``source_name``, ``external_id``)."""

    __tablename__ = "hotline_reports"
    __table_args__ = (
        UniqueConstraint("source_name", "external_id"),
        Index(None, "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    source: Mapped[Source] = mapped_column(stored_enum(Source, "report_source"))
    source_name: Mapped[str] = mapped_column(String(200), default="")
    """Who sent it: the partner's token, the command line's user, the file imported."""
    external_id: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    reporter_email: Mapped[str] = mapped_column(String(320), default="")
    followup_digest: Mapped[str | None] = mapped_column(String(64), unique=True)

    urls: Mapped[list[ReportedUrl]] = relationship(
        back_populates="report", order_by="ReportedUrl.id"
    )


class ReportedUrl(Base):
    """A URL of a report, normalised (vigil.hotline.urls), with what fetching it gave.

    The same URL reported again within the window (VIGIL_HOTLINE_REFETCH_HOURS) is linked
    to the row already there (``same_as_id``) and not fetched again."""

    __tablename__ = "hotline_urls"
    __table_args__ = (Index(None, "url", "received_at"), Index(None, "state", "updated_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("hotline_reports.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    same_as_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_urls.id"))
    state: Mapped[UrlState] = mapped_column(stored_enum(UrlState, "url_state"))
    reason: Mapped[str | None] = mapped_column(Text)
    cause: Mapped[str | None] = mapped_column(String(64))
    final_url: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[int | None] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(BigInteger)
    elapsed: Mapped[float | None] = mapped_column(Float)
    redirects: Mapped[list[str]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, onupdate=clock.now
    )

    report: Mapped[HotlineReport] = relationship(back_populates="urls")
    media: Mapped[list[MediaItem]] = relationship(
        back_populates="reported", order_by="MediaItem.id"
    )


class MediaItem(Base):
    """A picture or video found at a reported URL (or the URL itself, when it is one), with
    its hashes once fetched. One row per place it was found; the same content found again
    has the same ``sha256`` and is counted once in the figures."""

    __tablename__ = "hotline_media"
    __table_args__ = (
        UniqueConstraint("url_id", "url"),
        Index(None, "state", "updated_at"),
        Index(None, "sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url_id: Mapped[int] = mapped_column(
        ForeignKey("hotline_urls.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(Text)
    found_on: Mapped[str | None] = mapped_column(Text)
    state: Mapped[MediaState] = mapped_column(stored_enum(MediaState, "media_state"))
    reason: Mapped[str | None] = mapped_column(Text)
    content_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(BigInteger)
    address: Mapped[str | None] = mapped_column(String(64))
    md5: Mapped[str | None] = mapped_column(String(32))
    sha1: Mapped[str | None] = mapped_column(String(40))
    sha256: Mapped[str | None] = mapped_column(String(64))
    pdq: Mapped[str | None] = mapped_column(String(64))
    quality: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=clock.now, onupdate=clock.now
    )
    group_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_groups.id"), index=True)
    """The group of exact and near duplicates it is decided with (vigil.hotline.grouping)."""
    reused_from_id: Mapped[int | None] = mapped_column(ForeignKey("hotline_media.id"))
    """The item already decided that this one matched: it took that decision unseen."""

    reported: Mapped[ReportedUrl] = relationship(back_populates="media")
    matches: Mapped[list[MediaMatch]] = relationship(
        back_populates="item", order_by="MediaMatch.distance, MediaMatch.id"
    )


class MediaMatch(Base):
    """A listed hash a media item matched: the provenance of a decision nobody had to see."""

    __tablename__ = "hotline_matches"
    __table_args__ = (UniqueConstraint("item_id", "list_name", "hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("hotline_media.id", ondelete="CASCADE"), index=True
    )
    list_name: Mapped[str] = mapped_column(String(100))
    list_version: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    distance: Mapped[int] = mapped_column(Integer)
    dihedral: Mapped[str | None] = mapped_column(String(16))
    as_seen: Mapped[bool] = mapped_column(default=False)
    label: Mapped[str] = mapped_column(String(500), default="")

    item: Mapped[MediaItem] = relationship(back_populates="matches")


class Evidence(Base):
    """The sealed copy of an item awaiting review (AES-256-GCM, bound to the item's id),
    kept until ``expires_at`` (VIGIL_EVIDENCE_RETENTION_DAYS; `vigil hotline purge`)."""

    __tablename__ = "hotline_evidence"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("hotline_media.id", ondelete="CASCADE"), primary_key=True
    )
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ReportSubmission(Base):
    """A report sent through the public form, counted per client (the SHA-256 of its
    address) so that the form's limit holds across worker processes."""

    __tablename__ = "hotline_submissions"
    __table_args__ = (Index(None, "client", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
