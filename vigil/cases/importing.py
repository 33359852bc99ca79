"""Import files from another system, all or nothing, idempotent on ``reference``.

The whole file is read and checked before anything is written, so a bad row on
line 90,000 refuses the file without a partial import. Writing goes in batches
of Core statements (``executemany``), which keeps 100,000 rows in seconds.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from vigil import clock
from vigil.cases.rows import ImportedCase, check_header, parse_row
from vigil.domain.people import Role
from vigil.errors import ImportFileError, InputError
from vigil.store import search
from vigil.store.models import Case, Person

Progress = Callable[[int], None]
"""Called with the number of rows just written."""

_CASES = cast(Table, Case.__table__)
_PEOPLE = cast(Table, Person.__table__)

PROGRESS_STEP = 1000

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

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
    path: Path, *, today: date | None = None, progress: Progress | None = None
) -> list[ImportedCase]:
    """Read and check every row of ``path``. Raise ImportFileError at the first bad one."""
    fmt = file_format(path)
    today = today or clock.today()
    rows: list[ImportedCase] = []
    seen: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = _csv_records(path, handle) if fmt == "csv" else _jsonl_records(path, handle)
            for line, record in records:
                row = _parse(path, line, record, today)
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


def _parse(path: Path, line: int, record: dict[str, Any], today: date) -> ImportedCase:
    try:
        return parse_row(record, today=today)
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
            yield line, record
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
    session: Session, path: Path, *, batch_size: int = 5000, progress: Progress | None = None
) -> ImportResult:
    """Import ``path`` into the open transaction. Raise ImportFileError and write nothing
    if any row is wrong; re-importing updates files by reference, never duplicates."""
    rows = read_rows(path)
    return write_rows(session, rows, batch_size=batch_size, progress=progress)


def write_rows(
    session: Session,
    rows: list[ImportedCase],
    *,
    batch_size: int = 5000,
    progress: Progress | None = None,
) -> ImportResult:
    created = updated = 0
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        existing = _existing_ids(session, [r.reference for r in batch])
        new = [r for r in batch if r.reference not in existing]
        old = [(existing[r.reference], r) for r in batch if r.reference in existing]
        _insert(session, new)
        _update(session, old)
        created, updated = created + len(new), updated + len(old)
        if progress:
            progress(len(batch))
    return ImportResult(created=created, updated=updated)


def _existing_ids(session: Session, references: list[str]) -> dict[str, int]:
    found = session.execute(
        select(Case.reference, Case.id).where(Case.reference.in_(references))
    ).all()
    return {reference: case_id for reference, case_id in found}


def _case_values(row: ImportedCase) -> dict[str, Any]:
    now = clock.now()
    return {
        "reference": row.reference,
        "type": row.type,
        "scope": row.scope,
        "effective": row.effective,
        "status": row.status,
        "opened_at": row.opened_at,
        "closed_at": row.closed_at,
        "outcome": row.outcome,
        "summary": row.summary,
        "worrying": row.worrying or bool(row.risk_reasons),
        "risk_reasons": list(row.risk_reasons),
        "child_age_at_opening": row.age_at_opening,
        "created_at": now,
        "updated_at": now,
    }


def _child_values(row: ImportedCase) -> dict[str, Any]:
    return {
        "role": Role.CHILD,
        "first_name": row.child_first_name,
        "last_name": row.child_last_name,
        "birth_date": row.child_birth_date,
        "estimated_age": row.child_age,
        "estimated_on": row.opened_at if row.child_age is not None else None,
        "gender": row.child_gender,
        "contact": "",
        "notes": "",
    }


def _insert(session: Session, rows: list[ImportedCase]) -> None:
    if not rows:
        return
    # Core inserts on the tables: the ORM's bulk path splits rows by which values are None.
    ids = session.scalars(
        insert(_CASES).returning(_CASES.c.id, sort_by_parameter_order=True),
        [_case_values(r) for r in rows],
    ).all()
    children = [{"case_id": i, **_child_values(r)} for i, r in zip(ids, rows, strict=True)]
    session.execute(insert(_PEOPLE), children)
    search.insert_terms(session, ((i, _texts(r)) for i, r in zip(ids, rows, strict=True)))


def _texts(row: ImportedCase) -> tuple[str, ...]:
    """What a new file is found by (vigil.store.search): it has no other people or events."""
    return (row.reference, row.child_first_name, row.child_last_name, row.summary)


def _update(session: Session, rows: list[tuple[int, ImportedCase]]) -> None:
    """Overwrite files that exist (ORM bulk UPDATE by primary key, one executemany)."""
    if not rows:
        return
    values = []
    for case_id, row in rows:
        case = _case_values(row)
        del case["created_at"]
        values.append({"id": case_id, **case})
    session.execute(update(Case), values)
    _replace_children(session, rows)
    search.reindex(session, [case_id for case_id, _ in rows])


def _replace_children(session: Session, rows: list[tuple[int, ImportedCase]]) -> None:
    """Update each file's child; a file that had none (opened by hand) gets one."""
    ids = [case_id for case_id, _ in rows]
    found = session.execute(
        select(Person.case_id, Person.id).where(Person.case_id.in_(ids), Person.role == Role.CHILD)
    )
    child_ids = {case_id: person_id for case_id, person_id in found}
    changed = [
        {"id": child_ids[case_id], **_child_values(row)}
        for case_id, row in rows
        if case_id in child_ids
    ]
    if changed:
        session.execute(update(Person), changed)
    added = [{"case_id": i, **_child_values(r)} for i, r in rows if i not in child_ids]
    if added:
        session.execute(insert(_PEOPLE), added)
