"""Throughput and p99 latency of the file list, a search and a file's page, against the
app's own bare health endpoint, measured by wrk on 127.0.0.1 in the same run.

Target (issue 5): the file page at >= 30% of the health endpoint's requests/s, and its p99
under 5x the health endpoint's p99. ``--files`` sets the size (1,000,000 by default).
wrk comes from Debian: this script installs it (apt-get) when it is missing and it can.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.cases_data import write_cases_csv
from vigil.accounts import service as accounts
from vigil.accounts import sessions, tokens
from vigil.cases.importing import read_rows, write_rows
from vigil.store import db

HERE = Path(__file__).parent
PORT = 8765


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        found = shutil.which("wrk")
    assert found
    return found


def load(url: str, files: int) -> tuple[str, str]:
    """Fill the database; return a sign-in cookie token and an API token."""
    engine = db.make_engine(url)
    db.migrate(engine)
    factory = db.session_factory(engine)
    csv = write_cases_csv(HERE / ".data" / f"cases-{files}.csv", files)
    with db.session_scope(factory) as s:
        write_rows(s, read_rows(csv), batch_size=5000)
    with db.session_scope(factory) as s:
        user, _ = accounts.add_account(s, "bench", "Bench", ["supervisor"], password="x" * 12)
        cookie = sessions.begin(s, user, sessions.FULL)
        _, api = tokens.create_token(s, "bench", ["case.read"])
    engine.dispose()
    return cookie, api


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
    if "Non-2xx" in out:
        print(out, file=sys.stderr)
    return rate, float(p99) * scale


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--postgres", help="measure on this PostgreSQL database instead")
    args = parser.parse_args()
    binary = ensure_wrk()
    home = Path(tempfile.mkdtemp())
    url = args.postgres or f"sqlite:///{home / 'vigil.db'}"
    started = time.perf_counter()
    cookie, api = load(url, args.files)
    print(f"loaded {args.files:,} files in {time.perf_counter() - started:.0f} s")
    env = {"VIGIL_DATABASE_URL": url, "VIGIL_HOME": str(home), "PATH": "/usr/bin:/bin"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "vigil"), "serve", "--port", str(PORT)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                httpx.get(base + "/api/v1/health")
                break
            except httpx.TransportError:
                time.sleep(0.2)
        search = home / "search.lua"
        search.write_text(
            'wrk.method = "POST"\nwrk.body = \'{"text": "B-0000012"}\'\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
        )
        auth = f"Authorization: Bearer {api}"
        page_cookie = f"Cookie: __Host-vigil={cookie}"
        runs = {
            "health (baseline)": wrk(binary, base + "/api/v1/health", seconds=args.seconds),
            "file list (API)": wrk(binary, base + "/api/v1/cases", auth, seconds=args.seconds),
            "file list (page)": wrk(binary, base + "/cases", page_cookie, seconds=args.seconds),
            "search (API)": wrk(
                binary, base + "/api/v1/cases/search", auth, seconds=args.seconds, script=search
            ),
            "file page": wrk(binary, base + "/cases/B-00000123", page_cookie, seconds=args.seconds),
        }
    finally:
        server.terminate()
        server.wait(10)
    base_rate, base_p99 = runs["health (baseline)"]
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
