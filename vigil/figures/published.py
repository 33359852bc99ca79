"""The figures of a year as published (issue 17): recorded once by a supervisor (`vigil
figures publish YEAR`, the button on the figures page), so that the report of that year is
written again from what was published, and the live figures can be compared with them.

With the figures, the record keeps what each file counted for in the year (its type, and
which figures: new, handled, closed with its outcome, open at the year's end, its age
group), so that a difference names the files that made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, or_, select
from sqlalchemy.orm import Session

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases.access import visible_to
from vigil.errors import InputError
from vigil.figures import yearly
from vigil.figures.report_figures import flatten, report_figures
from vigil.store.history import CasePeriod as P
from vigil.store.history import PublishedFigures
from vigil.store.models import Case, ReportEdition

COMPARED = ("cases.", "closed_outcomes.", "totals.", "repeat_children.")
"""The figures compared: those the files make (not the series of earlier years, nor the
figures recorded by hand)."""


@dataclass(frozen=True)
class Difference:
    key: str
    published: Any
    live: Any

    @property
    def change(self) -> int | None:
        if isinstance(self.published, int) and isinstance(self.live, int):
            return self.live - self.published
        return None


@dataclass(frozen=True)
class Comparison:
    """The live figures of a year against those published."""

    year: int
    published_at: datetime
    published_by: str
    differences: list[Difference]
    files: list[str]
    """The references of the files that changed them (``restricted`` counts those the
    reader may not see)."""
    restricted: int = 0


def _check_year(year: int) -> None:
    if not 1900 <= year < clock.today().year:
        raise InputError(
            "%(year)s is not over; figures are published for %(latest)s or an earlier year",
            field="year",
            year=year,
            latest=clock.today().year - 1,
        )


def counted_files(session: Session, year: int) -> dict[str, str]:
    """What each file counted for in ``year``: file id -> its type and figures, in words
    that compare equal when nothing changed."""
    named = yearly.conditions(year)
    flags = [case((c, name), else_="") for name, c in named.items()]
    query = select(P.case_id, P.type, P.scope, P.outcome, *flags).where(
        yearly._relevant(year), or_(*named.values())
    )
    found: dict[str, list[str]] = {}
    for case_id, case_type, scope, outcome, *keys in session.execute(query):
        words = [k if k != "closed" else f"closed={outcome}" for k in keys if k]
        found.setdefault(str(case_id), []).append(f"{case_type}:{scope or ''}:{'+'.join(words)}")
    return {case_id: "|".join(sorted(parts)) for case_id, parts in found.items()}


def publish_figures(session: Session, year: int, *, by: Actor) -> PublishedFigures:
    """Record the figures of ``year`` (over) as published, replacing an earlier record of
    it; the report of that year is written from them from now on. For report.edit."""
    by.require(Permission.REPORT_EDIT)
    _check_year(year)
    edition = session.get(ReportEdition, year)
    figures = report_figures(session, year, edition.compare_with if edition else None)
    record = session.get(PublishedFigures, year) or PublishedFigures(year=year)
    again = record.figures is not None
    record.figures = figures
    record.files = counted_files(session, year)
    record.published_at, record.actor = clock.now(), by.name
    session.add(record)
    session.flush()
    detail = f"published again ({figures['totals']})" if again else str(figures["totals"])
    audit.record(session, by, "figures.publish", f"figures:{year}", detail)
    return record


def published_figures(session: Session, year: int) -> dict[str, Any] | None:
    """The figures of ``year`` as published, or None if they were not."""
    record = session.get(PublishedFigures, year)
    return None if record is None else dict(record.figures)


def published_on(session: Session, year: int) -> date | None:
    """The day the figures of ``year`` were published, or None if they were not."""
    record = session.get(PublishedFigures, year)
    return None if record is None else clock.day_of(record.published_at)


def compare_published(session: Session, year: int, *, by: Actor) -> Comparison | None:
    """The live figures of ``year`` against the published ones (None if never published):
    each figure that differs, and the files that made the difference. For figures.read."""
    by.require(Permission.FIGURES_READ)
    record = session.get(PublishedFigures, year)
    if record is None:
        return None
    then = record.figures
    now = report_figures(session, year, then.get("compared_with"))
    old, new = flatten(then), flatten(now)
    keys = sorted(k for k in set(old) | set(new) if k.startswith(COMPARED))
    differences = [Difference(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]
    kept = record.files or {}
    live = counted_files(session, year)
    changed = sorted(int(i) for i in set(kept) | set(live) if kept.get(i) != live.get(i))
    references = dict(
        session.execute(
            select(Case.id, Case.reference).where(Case.id.in_(changed), visible_to(by))
        ).all()
    )
    files = [references[i] for i in changed if i in references]
    return Comparison(
        year,
        record.published_at,
        record.actor,
        differences,
        files,
        restricted=len(changed) - len(files),
    )
