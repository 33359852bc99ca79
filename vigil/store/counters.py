"""Numbers handed out per prefix and year, never twice: the references people read out on
the phone (``RUN-2021-00123``, ``HL-2026-000123``)."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from vigil.store.models import Case, ReferenceCounter


def next_number(session: Session, prefix: str, year: int, *, taken_like: str = "") -> int:
    """The next number of ``prefix`` in ``year``.

    Safe under concurrency: the UPDATE locks the counter row until the transaction ends,
    and the year's first number creates that row with INSERT ... ON CONFLICT DO NOTHING,
    so two writers asking at once both get a number. ``taken_like`` (a LIKE pattern over
    files' references) starts a new year's count after numbers an import brought in."""
    number = _bump(session, prefix, year)
    if number is None:
        _create(session, prefix, year, taken_like)
        number = _bump(session, prefix, year)
    assert number is not None  # the row exists now
    return number


def _bump(session: Session, prefix: str, year: int) -> int | None:
    return session.scalar(
        update(ReferenceCounter)
        .where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
        .values(last=ReferenceCounter.last + 1)
        .returning(ReferenceCounter.last)
    )


def _create(session: Session, prefix: str, year: int, taken_like: str) -> None:
    last = 0
    if taken_like:
        taken = session.scalars(select(Case.reference).where(Case.reference.like(taken_like)))
        numbers = [int(r.rsplit("-", 1)[1]) for r in taken if r.rsplit("-", 1)[1].isdigit()]
        last = max(numbers, default=0)
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    values = {"prefix": prefix, "year": year, "last": last}
    session.execute(dialect.insert(ReferenceCounter).values(values).on_conflict_do_nothing())
