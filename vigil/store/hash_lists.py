"""The tables of hash lists: lists of known hashes, their entries and their versions.

An entry is never deleted when a new version of its list is imported without it: it is
marked ``removed_in`` that version, so each version's additions and removals stay on
record. The active entries are those with ``removed_in`` null. Hashes are stored as
lowercase hex, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vigil import clock
from vigil.store.base import Base


class HashList(Base):
    """A list of known hashes of one signal, with its own threshold and on/off switch."""

    __tablename__ = "hash_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    signal: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(100), default="")
    threshold: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    versions: Mapped[list[HashListVersion]] = relationship(
        back_populates="hash_list", cascade="all, delete-orphan", order_by="HashListVersion.number"
    )


class HashListVersion(Base):
    """One import of a list: the file it came from and what it changed."""

    __tablename__ = "hash_list_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("hash_lists.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(500))
    added: Mapped[int] = mapped_column(Integer)
    removed: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=clock.now)

    hash_list: Mapped[HashList] = relationship(back_populates="versions")


class HashListEntry(Base):
    """A hash of a list, with its provenance: label, source, and the file line it came from."""

    __tablename__ = "hash_list_entries"
    __table_args__ = (Index(None, "list_id", "hash"), Index(None, "list_id", "removed_in"))

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("hash_lists.id", ondelete="CASCADE"))
    hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    origin: Mapped[str] = mapped_column(String(600), default="")
    added_in: Mapped[int] = mapped_column(Integer)
    removed_in: Mapped[int | None] = mapped_column(Integer)
