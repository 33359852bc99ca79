"""Reports of URLs from a file (`vigil hotline import FILE`): CSV with a header, or JSON Lines,
one URL a row, all or nothing.

Columns: ``url`` (required), ``description``, ``external_id``. Rows with the same
``external_id`` are one report (sent again, it is the same report: nothing is added); a
row without one is a report of its own. Every row is read and checked before anything is
stored: a bad one refuses the file, naming the line and the column.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from vigil.accounts.actors import Actor
from vigil.errors import ImportFileError, InputError
from vigil.hotline.reports import Received, receive_report
from vigil.hotline.urls import normalise
from vigil.settings import Settings

COLUMNS = ("url", "description", "external_id")


@dataclass
class _Report:
    urls: list[str] = field(default_factory=list)
    description: str = ""
    external_id: str | None = None


def read_reports(path: Path) -> list[_Report]:
    """The reports of ``path``. Raise ImportFileError at the first bad row."""
    grouped: dict[str, _Report] = {}
    reports: list[_Report] = []
    for line, record in _records(path):
        try:
            url = normalise(record.get("url") or "")
        except InputError as exc:
            raise ImportFileError.of(path, line, _at("url", exc)) from None
        key = (record.get("external_id") or "").strip()
        report = grouped.get(key) if key else None
        if report is None:
            report = _Report(external_id=key or None)
            reports.append(report)
            if key:
                grouped[key] = report
        report.urls.append(url)
        report.description = report.description or (record.get("description") or "").strip()
    if not reports:
        raise ImportFileError(path, 0, None, "the file holds no URL; give one a row")
    return reports


def _at(column: str, exc: InputError) -> InputError:
    exc.field = column
    return exc


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        raise InputError(
            "%(path)s: cannot tell the format; name the file .csv or .jsonl", path=str(path)
        )
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from (_csv(path, handle) if suffix == ".csv" else _jsonl(path, handle))
    except OSError as exc:
        raise InputError(
            "%(path)s: cannot read it (%(why)s)", path=str(path), why=exc.strerror
        ) from None
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            path, 0, None, "not UTF-8 text (byte %(byte)s); save it as UTF-8", byte=exc.start
        ) from None


def _csv(path: Path, handle: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(handle, strict=True)
    header = [h.strip() for h in reader.fieldnames or []]
    if "url" not in header:
        raise ImportFileError(path, 1, None, "the header has no column 'url'")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise ImportFileError(
            path,
            1,
            unknown[0],
            "unknown column '%(name)s'; the columns are %(columns)s",
            name=unknown[0],
            columns=", ".join(COLUMNS),
        )
    reader.fieldnames = header
    try:
        for record in reader:
            yield reader.line_num, record
    except csv.Error as exc:
        raise ImportFileError(
            path, reader.line_num, None, "not valid CSV (%(why)s)", why=str(exc)
        ) from None


def _jsonl(path: Path, handle: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                path, line, None, "not valid JSON (%(why)s)", why=exc.msg
            ) from None
        if not isinstance(record, dict) or not isinstance(record.get("url"), str):
            raise ImportFileError(path, line, "url", "each line is one JSON object with a 'url'")
        yield line, {k: str(v) for k, v in record.items() if v is not None}


def import_reports(
    session: Session, path: Path, *, by: Actor, settings: Settings
) -> list[Received]:
    """Store every report of ``path`` (all or nothing: the door's one transaction)."""
    source = by.importing(path.name)
    return [
        receive_report(
            session,
            report.urls,
            by=source,
            settings=settings,
            description=report.description,
            external_id=report.external_id,
        )
        for report in read_reports(path)
    ]
