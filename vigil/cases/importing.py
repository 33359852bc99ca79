"""Import files from another system, all or nothing, idempotent on ``reference``.

The whole file is read and checked before anything is written, so a bad row on
line 90,000 refuses the file without a partial import. Writing goes through the same
changes as the pages' use cases (vigil.cases.changes), a batch of mapped objects per flush.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, and_, insert, select
from sqlalchemy.orm import Session, aliased, object_session, selectinload

from vigil import clock
from vigil.accounts.actors import Actor
from vigil.accounts.roles import Permission
from vigil.audit import log as audit
from vigil.cases import changes, history, timeline
from vigil.cases.access import visible_to
from vigil.cases.changes import Corrections
from vigil.cases.duplicates import Strength
from vigil.cases.rows import ImportedCase, check_header, parse_row
from vigil.domain import cells, rules
from vigil.domain.events import EventKind
from vigil.domain.history import Change, ChangeKind, Classification, stretches
from vigil.domain.names import name_key
from vigil.domain.outcomes import Status
from vigil.domain.people import RiskReason, Role
from vigil.errors import CaseRuleError, ImportFileError, InputError
from vigil.store import search
from vigil.store.models import Case, CaseDisappearance, Event, Person

Progress = Callable[[int], None]
"""Called with the number of rows just written."""

_CASES = cast(Table, Case.__table__)
_PEOPLE = cast(Table, Person.__table__)
_EVENTS = cast(Table, Event.__table__)
_DISAPPEARANCES = cast(Table, CaseDisappearance.__table__)
PROGRESS_STEP = 1000

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class Repeat:
    """A new file of the import, an earlier file that may be the same child's, and how
    strong the match is (vigil.cases.duplicates)."""

    reference: str
    earlier: str
    strength: Strength


REPEATS_KEPT = 100


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    repeats: tuple[Repeat, ...] = ()
    """New files whose child may have an earlier file (the first REPEATS_KEPT of them)."""
    repeat_count: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


def file_format(path: Path) -> str:
    """Return ``csv`` or ``jsonl`` from the file name. Raise InputError for anything else."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            "%(path)s: cannot tell the format; name the file .csv or .jsonl", path=path
        )
    return fmt


def read_rows(
    path: Path,
    *,
    today: date | None = None,
    progress: Progress | None = None,
    disputed_age_limit: int = rules.DISPUTED_AGE_LIMIT,
) -> list[ImportedCase]:
    """Read and check every row of ``path``. Raise ImportFileError at the first bad one.
    ``disputed_age_limit`` is the setting VIGIL_DISPUTED_AGE_LIMIT (domain.rules)."""
    fmt = file_format(path)
    today = today or clock.today()
    rows: list[ImportedCase] = []
    seen: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = _csv_records(path, handle) if fmt == "csv" else _jsonl_records(path, handle)
            for line, record in records:
                row = _parse(path, line, record, today, disputed_age_limit)
                if row.reference in seen:
                    raise ImportFileError(
                        path,
                        line,
                        "reference",
                        "%(reference)s appears again (first on line %(first)s)",
                        reference=row.reference,
                        first=seen[row.reference],
                    )
                seen[row.reference] = line
                rows.append(row)
                if progress and len(rows) % PROGRESS_STEP == 0:
                    progress(PROGRESS_STEP)
    except OSError as exc:
        raise InputError(
            "%(path)s: cannot read it (%(why)s)", path=path, why=exc.strerror
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            "%(path)s: not UTF-8 text (byte %(byte)s); save it as UTF-8", path=path, byte=exc.start
        ) from None
    return rows


def _parse(
    path: Path, line: int, record: dict[str, Any], today: date, disputed_age_limit: int
) -> ImportedCase:
    try:
        return parse_row(record, today=today, line=line, disputed_age_limit=disputed_age_limit)
    except InputError as exc:
        raise ImportFileError.of(path, line, exc) from None


def _csv_records(path: Path, handle: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(handle, strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as exc:
        raise ImportFileError(
            path, 1, None, "the header is not valid CSV (%(why)s)", why=str(exc)
        ) from None
    if not header:
        raise ImportFileError(path, 1, None, "the file is empty; it needs a header line")
    try:
        check_header([h.strip() for h in header])
    except InputError as exc:
        raise ImportFileError.of(path, 1, exc) from None
    reader.fieldnames = [h.strip() for h in header]
    line = 1
    try:
        for record in reader:
            line = reader.line_num
            if None in record:
                raise ImportFileError(path, line, None, "the row has more cells than the header")
            if any(v is None for v in record.values()):
                raise ImportFileError(path, line, None, "the row has fewer cells than the header")
            yield line, {k: cells.restore(v) for k, v in record.items()}
    except csv.Error as exc:
        raise ImportFileError(
            path, reader.line_num, None, "not valid CSV (%(why)s)", why=str(exc)
        ) from None


def _jsonl_records(path: Path, handle: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                path, line, None, "not valid JSON (%(why)s)", why=exc.msg
            ) from None
        if not isinstance(record, dict):
            raise ImportFileError(path, line, None, "each line must be one JSON object")
        try:
            check_header(list(record))
        except InputError as exc:
            raise ImportFileError.of(path, line, exc) from None
        yield line, {k: _json_text(v) for k, v in record.items()}


def _json_text(value: object) -> str:
    """Accept JSON's own types where the CSV has text: true, 12, null, lists of codes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def import_cases(
    session: Session,
    path: Path,
    *,
    by: Actor,
    batch_size: int = 5000,
    progress: Progress | None = None,
    disputed_age_limit: int = rules.DISPUTED_AGE_LIMIT,
) -> ImportResult:
    """Import ``path`` into the open transaction as ``by``. Raise ImportFileError and write
    nothing if any row is wrong; re-importing updates files by reference, never duplicates."""
    rows = read_rows(path, disputed_age_limit=disputed_age_limit)
    return write_rows(
        session,
        rows,
        by=by,
        source=path.name,
        batch_size=batch_size,
        progress=progress,
        disputed_age_limit=disputed_age_limit,
    )


def write_rows(
    session: Session,
    rows: list[ImportedCase],
    *,
    by: Actor,
    source: str = "rows",
    batch_size: int = 5000,
    progress: Progress | None = None,
    disputed_age_limit: int = rules.DISPUTED_AGE_LIMIT,
) -> ImportResult:
    """The use cases of opening, correcting and closing files, in bulk: every row passes
    the rules a person's change passes (vigil.cases.changes), and what changes an existing
    file is written on its timeline. One audit entry names the import and its counts.
    Raise ImportFileError (``source``, line, column) at the first row a rule refuses."""
    by.require(Permission.CASE_WRITE)
    actor = by.importing(source)
    created = updated = 0
    repeats: list[Repeat] = []
    repeat_count = 0
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        existing = _existing(session, [r.reference for r in batch], actor)
        for row in batch:
            if row.reference in existing:
                _apply(source, row, existing[row.reference], disputed_age_limit, actor.name)
        new_ids = _insert(session, [r for r in batch if r.reference not in existing], actor.name)
        session.flush()
        found = _repeats(session, new_ids)
        repeat_count += len(found)
        repeats.extend(found[: REPEATS_KEPT - len(repeats)])
        for case in existing.values():  # the next batch need not carry these
            session.expunge(case)
        created, updated = created + len(batch) - len(existing), updated + len(existing)
        if progress:
            progress(len(batch))
    detail = f"{created} new, {updated} updated"
    if repeat_count:
        detail += f", {repeat_count} possible repeats"
    audit.record(session, actor, "cases.import", detail=detail)
    return ImportResult(
        created=created, updated=updated, repeats=tuple(repeats), repeat_count=repeat_count
    )


def _repeats(session: Session, new_ids: list[int]) -> list[Repeat]:
    """The import's door to vigil.cases.duplicates: the new files of a batch whose child has
    an earlier file (open or closed, restricted or not: reference and strength only) with a
    first name that sounds the same and the same birth date, by the people's index on both;
    the last name makes it strong. A child without a birth date is not looked for here (the
    names alone would read thousands of files per common name in a large import)."""
    if not new_ids:
        return []
    new, old = aliased(Person), aliased(Person)
    new_case, old_case = aliased(Case), aliased(Case)
    query = (
        select(new_case.reference, old_case.reference, new.last_key, old.last_key)
        .select_from(new)
        .join(
            old,
            and_(
                old.first_key == new.first_key,
                old.birth_date == new.birth_date,
                old.role == Role.CHILD,
                old.case_id < new.case_id,
            ),
        )
        .join(new_case, new_case.id == new.case_id)
        .join(old_case, old_case.id == old.case_id)
        .where(
            new.case_id.in_(new_ids),
            new.role == Role.CHILD,
            new.first_key != "",
            new.birth_date.is_not(None),
        )
        .order_by(new.case_id, old.case_id.desc())
    )
    found = []
    for reference, earlier, mine, theirs in session.execute(query):
        strength = Strength.STRONG if mine and mine == theirs else Strength.POSSIBLE
        found.append(Repeat(reference, earlier, strength))
    return found


def _apply(source: str, row: ImportedCase, case: Case, disputed_age_limit: int, actor: str) -> None:
    """Bring ``case`` in line with its row; a rule's refusal names the file, the line and
    the column."""
    try:
        _update(case, row, disputed_age_limit, actor)
    except CaseRuleError as exc:
        raise ImportFileError.of(source, row.line, exc) from None


def _existing(session: Session, references: list[str], by: Actor) -> dict[str, Case]:
    """The files of the batch that exist, with their child; a restricted one refuses the
    import (it can be changed only by the workers named on it, one at a time)."""
    query = (
        select(Case)
        .where(Case.reference.in_(references))
        .options(selectinload(Case.people), selectinload(Case.disappearance))
    )
    found = {case.reference: case for case in session.scalars(query)}
    hidden = session.scalars(
        select(Case.reference).where(Case.reference.in_(references), ~visible_to(by))
    ).first()
    if hidden is not None:
        raise InputError(
            "file %(reference)s is restricted to named workers; an import cannot change it "
            "(leave it out of the file)",
            field="reference",
            reference=hidden,
        )
    return found


def _insert(session: Session, rows: list[ImportedCase], actor: str) -> list[int]:
    """Open the new files of a batch, and close those the row says are closed, with the
    values and timeline entries of vigil.cases.changes (their rules were checked when the
    rows were read: vigil.cases.rows). Core statements, one per table: through mapped
    objects the same took eighteen times as long (benchmarks/bench_import.py)."""
    if not rows:
        return []
    now = clock.now()
    values = [_case_values(row, now) for row in rows]
    ids = session.scalars(
        insert(_CASES).returning(_CASES.c.id, sort_by_parameter_order=True), values
    ).all()
    session.execute(insert(_PEOPLE), [_child_values(i, r) for i, r in zip(ids, rows, strict=True)])
    gone = [
        {"case_id": i, **r.disappearance.values()}
        for i, r in zip(ids, rows, strict=True)
        if not r.disappearance.is_empty()
    ]
    if gone:
        session.execute(insert(_DISAPPEARANCES), gone)
    closings = [_closing_values(i, r, now) for i, r in zip(ids, rows, strict=True) if r.closed_at]
    if closings:
        session.execute(insert(_EVENTS), closings)
    texts = [(i, _texts(r)) for i, r in zip(ids, rows, strict=True)]
    search.insert_terms(session, texts)  # Core statements pass the index's ORM event by
    _insert_history(session, ids, rows, actor, now)
    return list(ids)


def _insert_history(
    session: Session, ids: Sequence[int], rows: list[ImportedCase], actor: str, now: datetime
) -> None:
    """The history of the new files: their opening and closing entries, and the stretches
    the figures count (vigil.cases.history), as the use cases write them one by one."""
    entries, periods = [], []
    for case_id, row in zip(ids, rows, strict=True):
        at_opening = Classification(row.type, row.scope, row.effective)
        entries.append(history.opened_values(case_id, at_opening, row.opened_at, actor, now))
        closing = []
        if row.closed_at is not None and row.outcome is not None:
            entries.append(history.closed_values(case_id, row.outcome, row.closed_at, actor, now))
            closing = [Change(ChangeKind.CLOSED, row.closed_at, outcome=row.outcome)]
        for stretch in stretches(row.opened_at, at_opening, closing):
            periods.append(history.period_values(case_id, stretch, row.age_at_opening))
    history.insert_rows(session, entries, periods)


def _case_values(row: ImportedCase, now: datetime) -> dict[str, Any]:
    values = changes.opening_values(
        row.reference,
        row.type,
        opened_at=row.opened_at,
        scope=row.scope,
        effective=row.effective,
        summary=row.summary,
        risk_reasons=row.risk_reasons,
        age=row.age_at_opening,
        abroad=row.abroad,
    )
    closed = {"status": row.status, "closed_at": row.closed_at, "outcome": row.outcome}
    return values | closed | {"created_at": now, "updated_at": now}


def _child_values(case_id: int, row: ImportedCase) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "role": Role.CHILD,
        "first_name": row.child_first_name,
        "last_name": row.child_last_name,
        "birth_date": row.child_birth_date,
        "estimated_age": row.child_age,
        "estimated_on": row.estimated_on,
        "age_disputed": row.child_age_disputed,
        "gender": row.child_gender,
        "first_key": name_key(row.child_first_name),
        "last_key": name_key(row.child_last_name),
        "contact": "",
        "notes": "",
    }


def _closing_values(case_id: int, row: ImportedCase, now: datetime) -> dict[str, Any]:
    assert row.outcome is not None  # checked when the row was read
    return {
        "case_id": case_id,
        "kind": EventKind.OUTCOME,
        "text": "",
        **timeline.closed(row.outcome),
        "occurred_at": changes.timeline_time(row.closed_at),
        "by_id": None,
        "created_at": now,
    }


def _texts(row: ImportedCase) -> list[str]:
    """What a new file is found by (vigil.store.search)."""
    aliases = row.disappearance.aliases
    return [row.reference, row.child_first_name, row.child_last_name, row.summary, aliases]


def _child(row: ImportedCase) -> Person:
    return Person(
        role=Role.CHILD,
        first_name=row.child_first_name,
        last_name=row.child_last_name,
        birth_date=row.child_birth_date,
        estimated_age=row.child_age,
        gender=row.child_gender,
    )


def _update(case: Case, row: ImportedCase, disputed_age_limit: int, actor: str) -> None:
    """Bring an existing file in line with its row, through the same changes as the pages:
    corrections, then a closing. What only a person may decide (a reclassification, a new
    opening date, a reopening, a different closing) is refused, naming the column."""
    _refuse_reclassification(case, row)
    changes.correct(
        case,
        Corrections(
            summary=row.summary,
            risk_reasons=frozenset(RiskReason(r) for r in row.risk_reasons),
            first_name=row.child_first_name,
            last_name=row.child_last_name,
            birth_date=row.child_birth_date,
            estimated_age=row.child_age,
            gender=row.child_gender,
            estimated_on=row.estimated_on,
            age_disputed=row.child_age_disputed,
            disputed_age_limit=disputed_age_limit,
            abroad=row.abroad,
            disappearance=row.disappearance,
        ),
        by=None,
    )
    if case.status is Status.OPEN and row.closed_at is not None:
        session = object_session(case)
        assert session is not None
        latest = history.latest_entry(session, case)
        changes.close(
            case, row.outcome, on=row.closed_at, note="", by=None, actor=actor, latest=latest
        )
    elif case.status is Status.CLOSED and row.closed_at is None:
        raise CaseRuleError(
            "file %(reference)s is closed; an import does not reopen a file: reopen it "
            "with its reason (`vigil cases reopen`), then import again",
            field="closed_at",
            reference=case.reference,
        )
    elif case.status is Status.CLOSED and (case.closed_at, case.outcome) != (
        row.closed_at,
        row.outcome,
    ):
        raise CaseRuleError(
            "file %(reference)s was closed on %(closed_at)s as %(outcome)s; an import does "
            "not change a closing: reopen the file first",
            field="closed_at",
            reference=case.reference,
            closed_at=case.closed_at,
            outcome=case.outcome.value if case.outcome else "",
        )


def _refuse_reclassification(case: Case, row: ImportedCase) -> None:
    given = {
        "type": (case.type, row.type),
        "scope": (case.scope, row.scope),
        "effective": (case.effective, row.effective),
        "opened_at": (case.opened_at, row.opened_at),
    }
    for column, (now, new) in given.items():
        if now != new:
            raise CaseRuleError(
                "file %(reference)s has %(column)s %(now)s; an import does not change a "
                "file's type, scope, effective or opening date: leave the column as it is, "
                "or reclassify the file with its reason (`vigil cases reclassify`)",
                field=column,
                reference=case.reference,
                column=column,
                now=getattr(now, "value", now),
            )
