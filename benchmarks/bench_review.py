"""The analysts' queue under load: asking for the next group and deciding it, with
1,000,000 media items decided and 100,000 waiting, against the application's own bare
health endpoint in the same run.

Each analyst, signed in with a cookie of their own, asks for the next group
(``GET /api/v1/hotline/queue/next``, which leases a new one) and decides it
(``POST /api/v1/hotline/groups/{id}/decision``), again and again. Half the decisions are
"illegal", so confirmations add hashes to the foundation's list (which holds the 500,000
illegal ones decided before). Measured twice, as bench_web measures the pages:

- **at desks** (the target): ``--analysts`` analysts (20), each reading an answer for an
  exponential pause of ``--think`` seconds on average (1 s) before the next request, for
  ``--seconds``; the health endpoint the same way, in the same run: the latency a person
  waits;
- **saturated** (capacity): wrk, one connection per analyst (``--wrk-analysts``, 4), each
  sending again the moment it has its answer; its latencies are queueing.

Before the measurement at desks the same analysts work for ``--warmup`` seconds (10), not
counted but shown: the first requests after the server starts read a cold database and
took 130-320 ms (10 of about 200 next-group requests in a 20-second run, enough to make
the p99), which an analyst meets once a server start, not at every group.

Target (issue 15): the analyst never waits on the software: at desks, p99 of next group and
decision <= 5x the health endpoint's. ``--decided`` and ``--waiting`` set the size. wrk comes
from Debian: this script installs it (apt-get) when it is missing.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, select, text

from benchmarks import desks
from benchmarks.bench_web import Run, _line, ensure_wrk, get_script
from vigil import clock
from vigil.accounts import service as accounts
from vigil.accounts import sessions
from vigil.accounts.actors import command_line
from vigil.domain.hotline import MediaState, Source, UrlState
from vigil.domain.review import DecisionKind, GroupState, Verdict
from vigil.store import db
from vigil.store.hash_lists import HashList, HashListEntry, HashListVersion
from vigil.store.hotline import HotlineReport, MediaItem, ReportedUrl
from vigil.store.models import WebSession
from vigil.store.review import Decision, ReviewGroup

BATCH = 20_000
PORT = 8766  # not bench_web's, which may run beside this one
LIST = "foundation"


def _hex(rng: random.Random, bits: int) -> str:
    return f"{rng.getrandbits(bits):0{bits // 4}x}"


def load(url: str, decided: int, waiting: int, analysts: int) -> list[tuple[str, str]]:
    """Fill the database; return each analyst's sign-in cookie and form token."""
    engine = db.make_engine(url)
    if engine.dialect.name == "postgresql":  # a database of its own: start from nothing
        with engine.begin() as c:
            c.execute(text("DROP SCHEMA public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
    db.migrate(engine)
    factory = db.session_factory(engine)
    rng = random.Random(15)
    now = clock.now()
    bench = command_line("bench")
    with db.session_scope(factory) as s:
        people = [
            accounts.add_account(s, f"a{n}", f"Analyst {n}", ["analyst"], by=bench)[0]
            for n in range(2)
        ]
        report = HotlineReport(reference="HL-BENCH-1", source=Source.CLI, received_at=now)
        url_row = ReportedUrl(report=report, url="https://example.org/", state=UrlState.FETCHED)
        s.add(url_row)
        hash_list = HashList(name=LIST, signal="pdq", threshold=31, enabled=True, version=1)
        s.add(hash_list)
        s.flush()
        url_id, list_id, deciders = url_row.id, hash_list.id, [p.id for p in people]
    with engine.begin() as c:
        for start in range(0, decided + waiting, BATCH):
            ids = range(start + 1, min(start + BATCH, decided + waiting) + 1)
            _write(c, ids, decided, url_id, list_id, deciders, rng, now)
        c.execute(
            insert(HashListVersion),
            [
                {
                    "list_id": list_id,
                    "number": 1,
                    "file_name": "bench",
                    "added": decided // 2,
                    "removed": 0,
                    "total": decided // 2,
                    "imported_at": now,
                }
            ],
        )
    cookies: list[tuple[str, str]] = []
    with db.session_scope(factory) as s:
        for n in range(analysts):
            user, _ = accounts.add_account(s, f"bench{n}", f"Bench {n}", ["analyst"], by=bench)
            token = sessions.begin(s, user, sessions.FULL)
            s.flush()
            csrf = s.scalars(select(WebSession.csrf).where(WebSession.user_id == user.id)).one()
            cookies.append((token, csrf))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    else:
        with engine.connect() as c:
            c.execute(text("ANALYZE"))
    engine.dispose()
    return cookies


def _write(
    c: Any,
    ids: range,
    decided: int,
    url_id: int,
    list_id: int,
    deciders: list[int],
    rng: random.Random,
    now: Any,
) -> None:
    """Items ``ids``, each in a group of its own: decided (two agreeing analysts, half of
    them illegal with their hash on the foundation's list) up to ``decided``, then waiting."""
    groups, media, decisions, entries = [], [], [], []
    for i in ids:
        done = i <= decided
        verdict = (Verdict.BASELINE if i % 2 else Verdict.NOT_ILLEGAL) if done else None
        pdq = _hex(rng, 256)
        groups.append(
            {
                "id": i,
                "state": (GroupState.CONFIRMED if done else GroupState.WAITING).value,
                "verdict": verdict.value if verdict else None,
                "created_at": now,
                "decided_at": now if done else None,
            }
        )
        state = MediaState.AWAITING_REVIEW
        if verdict is not None:
            state = MediaState.CONFIRMED_ILLEGAL if verdict.illegal else MediaState.NOT_ILLEGAL
        media.append(
            {
                "id": i,
                "url_id": url_id,
                "url": f"https://example.org/{i}.jpg",
                "state": state.value,
                "sha256": hashlib.sha256(str(i).encode()).hexdigest(),
                "pdq": pdq,
                "quality": 100,
                "attempts": 1,
                "created_at": now,
                "updated_at": now,
                "group_id": i,
            }
        )
        if verdict is None:
            continue
        for n, user_id in enumerate(deciders):
            decisions.append(
                {
                    "group_id": i,
                    "user_id": user_id,
                    "actor": f"a{n}",
                    "kind": DecisionKind.ANALYST.value,
                    "verdict": verdict.value,
                    "reason": None if verdict.illegal else "other",
                    "age_group": "pubescent" if verdict.illegal else None,
                    "sex": "unknown" if verdict.illegal else None,
                    "note": "",
                    "items": [i],
                    "decided_at": now,
                    "consensus": n == 1,
                }
            )
        if verdict.illegal:
            entries.append(
                {
                    "list_id": list_id,
                    "hash": pdq,
                    "label": "baseline",
                    "source": "bench",
                    "origin": f"decision of group {i}",
                    "added_in": 1,
                    "removed_in": None,
                }
            )
    c.execute(insert(ReviewGroup), groups)
    c.execute(insert(MediaItem), media)
    if decisions:
        c.execute(insert(Decision), decisions)
    if entries:
        c.execute(insert(HashListEntry), entries)


LOOP = r"""
local accounts = {%(accounts)s}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("me", counter)
end
function init(args)
  cookie = "__Host-vigil=" .. accounts[me][1]
  csrf = accounts[me][2]
  group = nil
  decided = 0
end
function request()
  if group then
    decided = decided + 1
    local body = '{"verdict":"not_illegal","reason":"other"}'
    if decided %% 2 == 0 then
      body = '{"verdict":"baseline","age_group":"pubescent","sex":"unknown"}'
    end
    return wrk.format("POST", "/api/v1/hotline/groups/" .. group .. "/decision",
      {["Cookie"] = cookie, ["X-CSRF-Token"] = csrf, ["Content-Type"] = "application/json"},
      body)
  end
  return wrk.format("GET", "/api/v1/hotline/queue/next", {["Cookie"] = cookie})
end
function response(status, headers, body)
  if group then
    group = nil
  else
    group = string.match(body, '"id":(%%d+)')
  end
end
"""


def loop_script(path: Path, cookies: list[tuple[str, str]], percentiles: str) -> Path:
    accounts = ", ".join(f'{{"{token}", "{csrf}"}}' for token, csrf in cookies)
    path.write_text(LOOP % {"accounts": accounts} + percentiles)
    return path


def start_server(url: str, home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VIGIL_DATABASE_URL": url, "VIGIL_HOME": str(home)}
    env["VIGIL_SECRET_KEY"] = "a key for the benchmark only, 0123456789"
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "vigil"), "serve", "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{PORT}/api/v1/health")
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start; run `vigil serve` by hand to see why")


def settle(base: str) -> None:
    """Wait until the server answers at once: a slow run's queue must not slow the next."""
    for _ in range(600):
        started = time.perf_counter()
        httpx.get(base + "/api/v1/health", timeout=60)
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.1)


def wrk(binary: str, url: str, *, seconds: int, analysts: int, script: Path) -> Run:
    """wrk with one thread and one connection per analyst (its own sign-in)."""
    args = [binary, f"-t{analysts}", f"-c{analysts}", f"-d{seconds}s", "--timeout", "10s"]
    out = subprocess.run(
        [*args, "-s", str(script), url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    found = dict(re.findall(r"^(P50|P95|P99|ERRORS) (\d+)$", out, re.MULTILINE))
    ms = {key: int(value) / 1000 for key, value in found.items()}
    return Run(rate, ms["P50"], ms["P95"], ms["P99"], int(found["ERRORS"]))


async def _analyst(
    client: httpx.AsyncClient,
    account: tuple[str, str],
    until: float,
    think: float,
    seen: dict[str, list[float]],
    errors: list[int],
    rng: random.Random,
) -> None:
    cookie = {"Cookie": f"__Host-vigil={account[0]}"}
    decide = {**cookie, "X-CSRF-Token": account[1]}
    bodies = [
        {"verdict": "not_illegal", "reason": "other"},
        {"verdict": "baseline", "age_group": "pubescent", "sex": "unknown"},
    ]
    await asyncio.sleep(rng.uniform(0, think))
    while time.monotonic() < until:
        started = time.perf_counter()
        answer = await client.get("/api/v1/hotline/queue/next", headers=cookie)
        seen["next group"].append((time.perf_counter() - started) * 1000)
        group = answer.json().get("group") if answer.status_code == 200 else None
        await asyncio.sleep(rng.expovariate(1 / think))
        if group is None:
            errors.append(answer.status_code)
            continue
        started = time.perf_counter()
        url = f"/api/v1/hotline/groups/{group['id']}/decision"
        answer = await client.post(url, headers=decide, json=rng.choice(bodies))
        seen["decision"].append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            errors.append(answer.status_code)
        await asyncio.sleep(rng.expovariate(1 / think))


def _run_of(latencies: list[float], seconds: float, errors: int) -> Run:
    ordered = sorted(latencies)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return Run(len(ordered) / seconds, cut[49], cut[94], cut[98], errors)


async def _at_desks(
    base: str, cookies: list[tuple[str, str]], seconds: int, think: float
) -> dict[str, Run]:
    seen: dict[str, list[float]] = {"next group": [], "decision": []}
    errors: list[int] = []
    until = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=len(cookies))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await asyncio.gather(
            *(
                _analyst(client, c, until, think, seen, errors, random.Random(n))
                for n, c in enumerate(cookies)
            )
        )
    both = seen["next group"] + seen["decision"]
    return {
        "next group": _run_of(seen["next group"], seconds, 0),
        "decision": _run_of(seen["decision"], seconds, 0),
        "next group + decision": _run_of(both, seconds, len(errors)),
    }


def _health_at_desks(base: str, args: argparse.Namespace) -> Run:
    plan = desks.Plan(base + "/api/v1/health", {})
    found = asyncio.run(desks._run(plan, args.analysts, args.seconds, args.think))
    return Run(found["rate"], found["p50"], found["p95"], found["p99"], int(found["errors"]))


def measure(args: argparse.Namespace, binary: str, home: Path) -> dict[str, Run]:
    url = args.postgres or f"sqlite:///{home / 'vigil.db'}"
    started = time.perf_counter()
    cookies = load(url, args.decided, args.waiting, args.analysts + args.wrk_analysts)
    print(
        f"loaded {args.decided:,} decided and {args.waiting:,} waiting in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )
    server = start_server(url, home)
    base = f"http://127.0.0.1:{PORT}"
    get = get_script(home / "get.lua")
    at_desks, saturating = cookies[: args.analysts], cookies[args.analysts :]
    loop = loop_script(home / "loop.lua", saturating, get.read_text())
    runs: dict[str, Run] = {}
    try:
        settle(base)
        runs["health, at desks"] = _health_at_desks(base, args)
        if args.warmup:
            settle(base)
            warm = asyncio.run(_at_desks(base, at_desks, args.warmup, args.think))
            runs["next group + decision, warming up"] = warm["next group + decision"]
        settle(base)
        found = asyncio.run(_at_desks(base, at_desks, args.seconds, args.think))
        runs.update({f"{name}, at desks": run for name, run in found.items()})
        settle(base)
        runs["health, saturated"] = wrk(
            binary,
            base + "/api/v1/health",
            seconds=args.seconds,
            analysts=args.wrk_analysts,
            script=get,
        )
        settle(base)
        runs["next group + decision, saturated"] = wrk(
            binary,
            base + "/api/v1/hotline/queue/next",
            seconds=args.seconds,
            analysts=args.wrk_analysts,
            script=loop,
        )
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    return runs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decided", type=int, default=1_000_000)
    parser.add_argument("--waiting", type=int, default=100_000)
    parser.add_argument("--analysts", type=int, default=20, help="analysts at their desks")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument("--wrk-analysts", type=int, default=4, help="wrk connections, one each")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument(
        "--warmup", type=int, default=10, help="seconds at desks before measuring (not counted)"
    )
    parser.add_argument(
        "--postgres", help="measure on this PostgreSQL database (its tables are dropped first)"
    )
    args = parser.parse_args()
    binary = ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="vigil-bench-review-") as kept_until_done:
        runs = measure(args, binary, Path(kept_until_done))
    backend = "postgresql" if args.postgres else "sqlite"
    print(
        f"\n{args.decided:,} decided, {args.waiting:,} waiting on {backend}, {args.analysts} "
        f"analysts at desks (wrk: {args.wrk_analysts}), {args.seconds} s each:"
    )
    for name, run in runs.items():
        print(f"{name:36} {_line(run)}")
    health, pair = runs["health, at desks"], runs["next group + decision, at desks"]
    ratio = pair.p99 / health.p99 if health.p99 else float("inf")
    verdict = "met" if ratio <= 5 and not pair.errors else "NOT met"
    print(f"at desks, p99 next group + decision / p99 health: {ratio:.2f}x (<= 5x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
