"""`vigil report` over 1,000,000 files: the whole report in every format, against JSON alone.

Baseline: the JSON report alone (the figures' SQL aggregates plus the narrative), which is
what every format needs first. Measured: the same report rendered in all five formats one
after the other, as a communication team would publish it (HTML, PDF, Markdown, JSON, CSV;
the charts drawn once and shared by HTML, PDF and Markdown), with chart caches emptied
before each run. Targets: all formats within 3x of JSON alone, and under 10 s. Best of three.

    python -m benchmarks.bench_report [--rows N] [--year Y] [--lang nl] [--postgres URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from benchmarks.bench_stats import load
from benchmarks.cases_data import write_cases_csv
from vigil.reports import FORMATS, build_report, render
from vigil.reports.charts import chart_svg
from vigil.store import db

DATA = Path(__file__).parent / ".data"
TODAY = date(2026, 3, 1)


def best_of(runs: int, step: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        chart_svg.cache_clear()
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def json_alone(engine: Engine, year: int, lang: str) -> bytes:
    with db.session_factory(engine)() as s:
        return render(build_report(s, year, lang, today=TODAY), "json")


def every_format(engine: Engine, year: int, lang: str) -> dict[str, float]:
    """Build once, render each format; return the seconds each step took."""
    steps: dict[str, float] = {}
    start = time.perf_counter()
    with db.session_factory(engine)() as s:
        report = build_report(s, year, lang, today=TODAY)
    steps["figures + text"] = time.perf_counter() - start
    for fmt in FORMATS:
        start = time.perf_counter()
        render(report, fmt)
        steps[fmt] = time.perf_counter() - start
    return steps


def measure(label: str, engine: Engine, year: int, lang: str) -> None:
    json_s = best_of(3, lambda: json_alone(engine, year, lang))
    all_s = best_of(3, lambda: every_format(engine, year, lang))
    chart_svg.cache_clear()
    steps = every_format(engine, year, lang)
    ratio = all_s / json_s
    print(f"{label}: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in steps.items()))
    print(
        f"{label:10} json alone {json_s * 1000:7.0f} ms   all formats {all_s * 1000:7.0f} ms   "
        f"all/json {ratio:.2f}x ({'meets' if ratio <= 3 else 'MISSES'} target <= 3x); "
        f"all formats {'under' if all_s < 10 else 'OVER'} 10 s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--postgres", help="also measure on this PostgreSQL URL (tables dropped!)")
    args = parser.parse_args()
    path = write_cases_csv(DATA / f"cases-{args.rows}.csv", args.rows)
    print(f"report of {args.year} ({args.lang}) over {args.rows:,} files; baseline: JSON alone")
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{tmp}/report.db")
        start = time.perf_counter()
        load(engine, path)
        print(f"sqlite: loaded {args.rows:,} files in {time.perf_counter() - start:.1f} s")
        measure("sqlite", engine, args.year, args.lang)
        engine.dispose()
    if args.postgres:
        engine = db.make_engine(args.postgres)
        with engine.begin() as c:
            c.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        load(engine, path)
        measure("postgresql", engine, args.year, args.lang)
        engine.dispose()


if __name__ == "__main__":
    main()
