"""`vigil stats` over 1,000,000 files, against DuckDB computing the same figures from the CSV.

Baseline: DuckDB (all cores) reading the same CSV and computing the same grouped figures in
one query, the child's age at opening included. Both give the same numbers (checked here).
Target: Vigil's figures within 3x of DuckDB's time. Best of three runs each.

    python benchmarks/bench_stats.py [--rows N] [--year Y] [--postgres URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import Engine, text

from benchmarks.cases_data import write_cases_csv
from vigil.accounts.actors import command_line
from vigil.cases import importing
from vigil.figures import yearly
from vigil.store import db

DATA = Path(__file__).parent / ".data"

DUCKDB_QUERY = """
WITH c AS (
  SELECT type, scope, effective, opened_at, closed_at,
    CASE WHEN child_birth_date IS NOT NULL THEN date_sub('year', child_birth_date, opened_at)
         ELSE child_age END AS age
  FROM read_csv('{path}', header=true, types={{'child_age': 'INTEGER', 'scope': 'VARCHAR',
       'effective': 'BOOLEAN', 'closed_at': 'DATE', 'child_birth_date': 'DATE'}})
)
SELECT type, scope,
  count(*) FILTER (opened_at BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31') AS new,
  count(*) FILTER (opened_at BETWEEN DATE '{y1}-01-01' AND DATE '{y1}-12-31') AS new_prev,
  count(*) FILTER (opened_at BETWEEN DATE '{y2}-01-01' AND DATE '{y2}-12-31') AS new_prev2,
  count(*) FILTER (opened_at <= DATE '{y}-12-31'
                   AND (closed_at IS NULL OR closed_at >= DATE '{y}-01-01')) AS handled,
  count(*) FILTER (closed_at BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31') AS closed,
  count(*) FILTER (opened_at BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31' AND effective)
    AS new_effective,
  count(*) FILTER (opened_at <= DATE '{y}-12-31'
                   AND (closed_at IS NULL OR closed_at >= DATE '{y}-01-01') AND effective)
    AS handled_effective,
  count(*) FILTER (opened_at <= DATE '{y}-12-31'
                   AND (closed_at IS NULL OR closed_at > DATE '{y}-12-31')) AS open_at_year_end,
  count(*) FILTER (opened_at BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31' AND age IS NULL)
    AS "unknown",
  count(*) FILTER (opened_at BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31' AND age <= 11)
    AS "0-11",
  count(*) FILTER (opened_at BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31'
                   AND age BETWEEN 12 AND 13) AS "12-13",
  count(*) FILTER (opened_at BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31'
                   AND age BETWEEN 14 AND 17) AS "14-17",
  count(*) FILTER (opened_at BETWEEN DATE '{y}-01-01' AND DATE '{y}-12-31' AND age >= 18)
    AS "18+"
FROM c GROUP BY type, scope
"""


def best_of(runs: int, step: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - start)
    return min(times), result


def load(engine: Engine, path: Path) -> None:
    db.migrate(engine)
    with db.session_scope(db.session_factory(engine)) as s:
        importing.import_cases(s, path, by=command_line("bench"), batch_size=20_000)


def vigil_figures(engine: Engine, year: int) -> dict[str, Any]:
    """The yearly figures as `vigil stats` computes them, from the files' history (the
    stretches of vigil.domain.history), repeat disappearances included."""
    with db.session_factory(engine)() as s:
        return yearly.yearly_figures(s, year)


def duckdb_groups(path: Path, year: int) -> list[dict[str, Any]]:
    query = DUCKDB_QUERY.format(path=path, y=year, y1=year - 1, y2=year - 2)
    relation = duckdb.sql(query)
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def same_figures(ours: dict[str, Any], groups: list[dict[str, Any]], year: int) -> bool:
    """Fold DuckDB's groups with Vigil's own folding and compare the whole result (the data
    has no links, so no child disappeared twice)."""
    theirs = yearly.fold([{**g, "scope": g["scope"] or None} for g in groups], year)
    theirs["repeat_children"] = dict.fromkeys(ours["repeat_children"], 0)
    return bool(theirs == ours)


def measure(label: str, engine: Engine, path: Path, rows: int, year: int) -> None:
    start = time.perf_counter()
    load(engine, path)
    print(f"{label}: loaded {rows:,} files in {time.perf_counter() - start:.1f} s (not timed)")
    ours_s, ours = best_of(3, lambda: vigil_figures(engine, year))
    duck_s, groups = best_of(3, lambda: duckdb_groups(path, year))
    agree = same_figures(ours, groups, year)
    ratio = ours_s / duck_s
    verdict = "meets" if ratio <= 3 else "MISSES"
    print(
        f"{label:10} duckdb {duck_s * 1000:8.0f} ms   vigil stats {ours_s * 1000:8.0f} ms   "
        f"vigil/duckdb {ratio:.2f}x ({verdict} target <= 3x); same figures: {agree}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--postgres", help="also measure on this PostgreSQL URL (tables dropped!)")
    parser.add_argument("--skip-sqlite", action="store_true", help="measure PostgreSQL only")
    args = parser.parse_args()
    path = write_cases_csv(DATA / f"cases-{args.rows}.csv", args.rows)
    print(f"yearly figures of {args.year} over {args.rows:,} files; baseline: DuckDB on the CSV")
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            engine = db.make_engine(f"sqlite:///{tmp}/stats.db")
            measure("sqlite", engine, path, args.rows, args.year)
            engine.dispose()
    if args.postgres:
        engine = db.make_engine(args.postgres)
        with engine.begin() as c:
            c.execute(text("DROP SCHEMA public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
        measure("postgresql", engine, path, args.rows, args.year)
        engine.dispose()


if __name__ == "__main__":
    main()
