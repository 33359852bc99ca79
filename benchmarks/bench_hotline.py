"""The hotline's pipeline end to end: media items per second, from a report of pages on a
local server to every item fetched, hashed, matched against a list of 1,000,000 PDQ hashes
and stored, by `vigil worker` processes on Redis.

Baseline: `vigil hash --jobs 1` on the same picture files, in the same run (hashing alone,
one core). Targets (issue 14): one worker >= 0.6x the baseline's items/s; two workers
>= 1.6x one worker (on a machine with at least two cores; the database, the server and
the workers share this machine's cores: say what they allow).

    python -m benchmarks.bench_hotline [--items N] [--list-size N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import func, select, text

from tests.hashing.pictures import jpeg
from tests.hotline.servers import Site, body
from vigil.accounts.actors import command_line
from vigil.domain.hotline import MEDIA_DONE
from vigil.hashing import service as lists
from vigil.hotline import reports
from vigil.jobs.queue import make_jobs
from vigil.settings import load
from vigil.store import db
from vigil.store.hotline import MediaItem

PER_PAGE = 20
VIGIL = str(Path(sys.executable).parent / "vigil")


def pictures(folder: Path, count: int) -> dict[str, bytes]:
    """``count`` benign generated photos-like JPEGs (1280x960), also written to ``folder``."""
    found: dict[str, bytes] = {}
    for i in range(count):
        data = jpeg(1280, 960, seed=i, quality=85)
        (folder / f"p{i}.jpg").write_bytes(data)
        found[f"/p{i}.jpg"] = data
    return found


def routes(files: dict[str, bytes]) -> dict[str, object]:
    table: dict[str, object] = {path: body("image/jpeg", data) for path, data in files.items()}
    names = list(files)
    for page, start in enumerate(range(0, len(names), PER_PAGE)):
        tags = "".join(f'<img src="{n}">' for n in names[start : start + PER_PAGE])
        table[f"/page{page}.html"] = body("text/html", tags.encode())
    return table


def baseline(folder: Path, env: dict[str, str]) -> float:
    """Seconds `vigil hash --jobs 1` takes over the folder."""
    started = time.perf_counter()
    subprocess.run(
        [VIGIL, "hash", "--jobs", "1", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def fresh_database(url: str | None, home: Path) -> str:
    if url is None:
        return f"sqlite:///{home / 'vigil.db'}"
    engine = db.make_engine(url)
    with engine.begin() as c:  # a database of its own: every table of every migration
        c.execute(text("DROP SCHEMA public CASCADE"))
        c.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def big_list(env: dict[str, str], size: int, home: Path) -> None:
    """A list of ``size`` random PDQ hashes (none of the pictures'), imported and indexed."""
    rng = np.random.default_rng(1)
    path = home / "list.txt"
    raw = rng.integers(0, 256, size=(size, 32), dtype=np.uint8)
    path.write_text("".join(row.tobytes().hex() + "\n" for row in raw))
    settings = load(env)
    engine = db.make_engine(settings.database_url)
    factory = db.session_factory(engine)
    with db.session_scope(factory) as s:
        lists.import_list(s, name="bench", path=path)
    with db.session_scope(factory) as s:  # build the index now, not in the first worker
        lists.load_lists(s, settings.home / "hash-indexes")
    engine.dispose()


def run(env: dict[str, str], pages: int, items: int, workers: int) -> float:
    """Seconds from the report to the last item done, with ``workers`` worker processes."""
    settings = load(env)
    engine = db.make_engine(settings.database_url)
    factory = db.session_factory(engine)
    with db.session_scope(factory) as s:
        s.execute(MediaItem.__table__.delete())
    jobs = make_jobs(settings, factory)
    jobs.huey.flush()
    started_workers = [
        subprocess.Popen(
            [VIGIL, "worker"], env=env, stdout=subprocess.DEVNULL, start_new_session=True
        )
        for _ in range(workers)
    ]
    time.sleep(2)  # the workers are up and have opened the list's index
    base = f"http://127.0.0.1:{env['BENCH_PORT']}"
    started = time.perf_counter()
    with db.session_scope(factory) as s:
        urls = [f"{base}/page{i}.html?run={started}" for i in range(pages)]
        received = reports.receive_report(s, urls, by=command_line("bench"), settings=settings)
        to_fetch = received.to_fetch
    for url_id in to_fetch:
        jobs.queue.fetch_url(url_id)
    while True:
        with db.session_scope(factory) as s:
            done = s.scalar(select(func.count()).where(MediaItem.state.in_(MEDIA_DONE)))
        if done >= items:
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    for process in started_workers:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    engine.dispose()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--list-size", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="use this PostgreSQL database (its tables are dropped!)")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vigil-bench-") as tmp:
        home = Path(tmp)
        folder = home / "pictures"
        folder.mkdir()
        files = pictures(folder, args.items)
        with Site(routes(files)) as site:  # type: ignore[arg-type]
            env = {
                **os.environ,
                "VIGIL_HOME": str(home / "home"),
                "VIGIL_DATABASE_URL": fresh_database(args.postgres, home),
                "VIGIL_QUEUE_URL": args.redis,
                "VIGIL_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
                "VIGIL_SECRET_KEY": "b" * 40,
                "BENCH_PORT": str(site.port),
                "OPENBLAS_NUM_THREADS": "1",
            }
            subprocess.run([VIGIL, "init"], env=env, stdout=subprocess.DEVNULL, check=True)
            big_list(env, args.list_size, home)
            hashed = baseline(folder, env)
            pages = -(-args.items // PER_PAGE)
            one = run(env, pages, args.items, 1)
            two = run(env, pages, args.items, 2)
    rate = args.items / hashed
    print(f"{args.items} items, list of {args.list_size:,} hashes, {os.cpu_count()} cores")
    print(f"vigil hash --jobs 1        {rate:7.1f} items/s (baseline)")
    print(
        f"pipeline, one worker       {args.items / one:7.1f} items/s  {hashed / one:5.2f}x baseline"
    )
    print(
        f"pipeline, two workers      {args.items / two:7.1f} items/s  {one / two:5.2f}x one worker"
    )
    print(
        "targets: one worker >= 0.6x:",
        "met" if hashed / one >= 0.6 else "NOT met",
        "| two workers >= 1.6x one:",
        "met" if one / two >= 1.6 else "NOT met",
    )


if __name__ == "__main__":
    main()
