"""Import of 100,000 files with validation, against a bare SQLAlchemy Core bulk insert.

Baseline: the same rows, already parsed (no reading, no checks), inserted into the same
two tables (cases, people) with Core ``executemany`` in one transaction.
Target: Vigil's import reaches at least a third of the baseline's rows per second.

    python benchmarks/bench_import.py [--rows N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text

from benchmarks.cases_data import write_cases_csv
from vigil.accounts.actors import command_line
from vigil.cases import importing
from vigil.domain.people import Role
from vigil.store import db
from vigil.store.models import Case, Person

DATA = Path(__file__).parent / ".data"


def fresh_engine(url: str | None, workdir: Path, name: str) -> Engine:
    if url is None:
        engine = db.make_engine(f"sqlite:///{workdir / name}.db")
    else:
        engine = db.make_engine(url)
        with engine.begin() as c:  # a database of its own: every table of every migration
            c.execute(text("DROP SCHEMA public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
    db.migrate(engine)
    return engine


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def vigil_import(engine: Engine, path: Path) -> None:
    with db.session_scope(db.session_factory(engine)) as s:
        importing.import_cases(s, path, by=command_line("bench"))


def _case_values(row: importing.ImportedCase, now: datetime) -> dict[str, Any]:
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


def _child_values(row: importing.ImportedCase) -> dict[str, Any]:
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


def bare_insert(engine: Engine, rows: list[importing.ImportedCase]) -> None:
    now = datetime.now(UTC)
    cases = [_case_values(r, now) for r in rows]
    with engine.begin() as c:
        table = Case.__table__
        ids = (
            c.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), cases)
            .scalars()
            .all()
        )
        people = [{"case_id": i, **_child_values(r)} for i, r in zip(ids, rows, strict=True)]
        c.execute(insert(Person.__table__), people)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", help="also measure on this PostgreSQL URL (tables dropped!)")
    args = parser.parse_args()
    path = write_cases_csv(DATA / f"cases-{args.rows}.csv", args.rows)
    rows = importing.read_rows(path)  # parsed once for the baseline, outside its timing
    targets = [("sqlite", None)] + ([("postgresql", args.postgres)] if args.postgres else [])
    print(f"import of {args.rows:,} files; baseline: bare Core bulk insert of the same rows")
    for label, url in targets:
        with tempfile.TemporaryDirectory() as tmp:
            bare_engine = fresh_engine(url, Path(tmp), "bare")
            base = timed(lambda: bare_insert(bare_engine, rows))  # noqa: B023
            vigil_engine = fresh_engine(url, Path(tmp), "vigil")
            ours = timed(lambda: vigil_import(vigil_engine, path))  # noqa: B023
        ratio = base / ours
        verdict = "meets" if ratio >= 1 / 3 else "MISSES"
        print(
            f"{label:10} baseline {args.rows / base:9,.0f} rows/s   vigil import "
            f"{args.rows / ours:9,.0f} rows/s   ratio {ratio:.2f} ({verdict} target >= 0.33)"
        )


if __name__ == "__main__":
    main()
