"""Throughput and p99 latency of the file list, a search and a file's page, against the
app's own bare health endpoint, measured by wrk on 127.0.0.1 in the same run.

Target (issue 5): the file page at >= 30% of the health endpoint's requests/s, and its p99
under 5x the health endpoint's p99. ``--files`` sets the size (1,000,000 by default).
wrk comes from Debian: this script installs it (apt-get) when it is missing and it can.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import select, text

from benchmarks.cases_data import write_cases_csv
from vigil.accounts import service as accounts
from vigil.accounts import sessions, tokens
from vigil.accounts.granting import COMMAND_LINE
from vigil.cases.importing import read_rows, write_rows
from vigil.store import db
from vigil.store.models import WebSession

HERE = Path(__file__).parent
PORT = 8765


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        found = shutil.which("wrk")
    assert found
    return found


def load(url: str, files: int) -> tuple[str, str, str]:
    """Fill the database; return a sign-in cookie token, its form token and an API token."""
    engine = db.make_engine(url)
    if engine.dialect.name == "postgresql":  # a database of its own: start from nothing
        with engine.begin() as c:
            c.execute(text("DROP SCHEMA public CASCADE"))
            c.execute(text("CREATE SCHEMA public"))
    db.migrate(engine)
    factory = db.session_factory(engine)
    csv = write_cases_csv(HERE / ".data" / f"cases-{files}.csv", files)
    with db.session_scope(factory) as s:
        write_rows(s, read_rows(csv), batch_size=5000)
    with db.session_scope(factory) as s:
        user, _ = accounts.add_account(
            s,
            "bench",
            "Bench",
            ["supervisor"],
            by=COMMAND_LINE,
            password="correct horse battery staple",
        )
        cookie = sessions.begin(s, user, sessions.FULL)
        csrf = s.scalars(select(WebSession.csrf)).one()
        _, api = tokens.create_token(s, "bench", ["case.read"], by=COMMAND_LINE)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return cookie, csrf, api


def wrk(
    binary: str, url: str, *headers: str, seconds: int, script: Path | None = None
) -> tuple[float, float]:
    """Return requests/s and p99 latency in ms."""
    args = [binary, "-t2", "-c16", f"-d{seconds}s", "--latency"]
    for h in headers:
        args += ["-H", h]
    if script:
        args += ["-s", str(script)]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    if "Non-2xx" in out or "Socket errors" in out:
        print(out, file=sys.stderr)
    return rate, float(p99) * scale


def post_script(path: Path, body: str, content_type: str) -> Path:
    path.write_text(
        f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\n'
        f'wrk.headers["Content-Type"] = "{content_type}"\n'
    )
    return path


def check(url: str, headers: tuple[str, ...], script: Path | None) -> None:
    """Refuse to measure a request that does not answer 200 (a redirect to the sign-in page
    would be fast and meaningless)."""
    sent = dict(h.split(": ", 1) for h in headers)
    if script is None:
        answer = httpx.get(url, headers=sent, timeout=120)
    else:
        lua = script.read_text()
        body = json.loads(lua.split("wrk.body = ", 1)[1].split("\n", 1)[0])
        sent["Content-Type"] = lua.rsplit('= "', 1)[1].split('"', 1)[0]
        answer = httpx.post(url, headers=sent, content=body, timeout=120)
    if answer.status_code != 200:
        raise SystemExit(f"{url} answered {answer.status_code}, not 200: {answer.text[:300]}")


def settle(base: str) -> None:
    """Wait until the server answers at once: a slow run's queue must not slow the next."""
    for _ in range(600):
        started = time.perf_counter()
        httpx.get(base + "/api/v1/health", timeout=60)
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.1)


def start_server(url: str, home: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VIGIL_DATABASE_URL": url, "VIGIL_HOME": str(home)}
    env["VIGIL_SECRET_KEY"] = "a key for the benchmark only, 0123456789"
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "vigil"), "serve", "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{PORT}/api/v1/health")
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start; run `vigil serve` by hand to see why")


def measure(args: argparse.Namespace, binary: str, home: Path) -> dict[str, tuple[float, float]]:
    """Load the database in ``home``, start the server and run wrk on each request."""
    url = args.postgres or f"sqlite:///{home / 'vigil.db'}"
    started = time.perf_counter()
    cookie, csrf, api = load(url, args.files)
    print(f"loaded {args.files:,} files in {time.perf_counter() - started:.0f} s", flush=True)
    server = start_server(url, home)
    base = f"http://127.0.0.1:{PORT}"
    auth = f"Authorization: Bearer {api}"
    page_cookie = f"Cookie: __Host-vigil={cookie}"
    json_type, form_type = "application/json", "application/x-www-form-urlencoded"
    by_reference = post_script(home / "ref.lua", '{"text": "B-0000012"}', json_type)
    by_name = post_script(home / "name.lua", '{"text": "janss emma"}', json_type)
    page_search = post_script(home / "page.lua", f"q=janss+emma&csrf={csrf}", form_type)
    plans: dict[str, tuple[str, tuple[str, ...], Path | None]] = {
        "health (baseline)": ("/api/v1/health", (), None),
        "file page": ("/cases/B-00000123", (page_cookie,), None),
        "file list (page)": ("/cases", (page_cookie,), None),
        "file list (API)": ("/api/v1/cases", (auth,), None),
        "search name (page)": ("/cases", (page_cookie,), page_search),
        "search ref (API)": ("/api/v1/cases/search", (auth,), by_reference),
        "search name (API)": ("/api/v1/cases/search", (auth,), by_name),
    }
    runs: dict[str, tuple[float, float]] = {}
    try:
        for name, (path, headers, script) in plans.items():
            check(base + path, headers, script)
            settle(base)
            runs[name] = wrk(binary, base + path, *headers, seconds=args.seconds, script=script)
            print(f"{name:20} {runs[name][0]:9.0f} req/s  p99 {runs[name][1]:8.1f} ms", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    return runs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--postgres", help="measure on this PostgreSQL database (its tables are dropped first)"
    )
    args = parser.parse_args()
    binary = ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="vigil-bench-") as kept_until_done:
        runs = measure(args, binary, Path(kept_until_done))  # its database is 0.7 GB at 1M
    base_rate, base_p99 = runs["health (baseline)"]
    backend = "postgresql" if args.postgres else "sqlite"
    print(f"\n{args.files:,} files on {backend}:")
    for name, (rate, p99) in runs.items():
        print(
            f"{name:20} {rate:9.0f} req/s  p99 {p99:8.1f} ms   "
            f"throughput {rate / base_rate:5.2f}x  p99 {p99 / base_p99:6.1f}x of baseline"
        )
    rate, p99 = runs["file page"]
    ok = rate / base_rate >= 0.30 and p99 / base_p99 < 5
    print("target (file page >= 0.30x throughput, p99 < 5x):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
