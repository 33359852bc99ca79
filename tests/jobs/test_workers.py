"""The queue on a real Redis (127.0.0.1:6379) with real `vigil worker` processes: a worker
killed with SIGKILL in the middle of a report loses nothing once another is started and
the sweep has run; two workers share one queue and do nothing twice. Counted in the
database's rows, not in logs. Also the embedded default: `vigil serve` works its own jobs.

Redis is required in CI (VIGIL_REQUIRE_REDIS=1); elsewhere these tests skip without it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from tests.builders import CLI
from tests.hashing.pictures import encode, scene
from tests.hotline.servers import Handler, Site, body
from tests.web.conftest import form_token
from vigil.domain.hotline import MEDIA_DONE, MediaState
from vigil.hotline import reports
from vigil.jobs.queue import make_jobs
from vigil.settings import load
from vigil.store import db
from vigil.store.hotline import Evidence, MediaItem, MediaMatch, ReportedUrl

REDIS = ("127.0.0.1", 6379)
KEY = "00" * 32
PICTURES = 24


def _redis_or_skip() -> None:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError as exc:
        message = f"Redis is not reachable at {REDIS[0]}:{REDIS[1]} ({exc.__class__.__name__})"
        if os.environ.get("VIGIL_REQUIRE_REDIS") == "1":
            pytest.fail(message + " (VIGIL_REQUIRE_REDIS=1 makes it required)")
        pytest.skip(message)


def slow(data: bytes, seconds: float) -> Callable[[Handler], None]:
    """A picture that takes ``seconds`` to come: the worker is caught in the middle."""

    def answer(h: Handler) -> None:
        time.sleep(seconds)
        h.send(200, "image/png", data)

    return answer


def _site(delay: float) -> Site:
    names = [f"/p{i}.png" for i in range(PICTURES)]
    page = "".join(f'<img src="{n}">' for n in names).encode()
    routes = {n: slow(encode(scene(64, 48, seed=i), "PNG"), delay) for i, n in enumerate(names)}
    routes["/page.html"] = body("text/html", page)
    return Site(routes)


@pytest.fixture
def local_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """A Vigil on the test's database with its embedded queue."""
    return {
        **os.environ,
        "VIGIL_HOME": str(tmp_path / "home"),
        "VIGIL_DATABASE_URL": database_url,
        "VIGIL_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
        "VIGIL_EVIDENCE_KEY": KEY,
        "VIGIL_SECRET_KEY": "k" * 40,
        "VIGIL_HOTLINE_STEP_SECONDS": "2",
    }


@pytest.fixture
def env(local_env: dict[str, str]) -> dict[str, str]:
    """The same on Redis."""
    _redis_or_skip()
    return {**local_env, "VIGIL_QUEUE_URL": "redis://127.0.0.1:6379/0"}


@pytest.fixture
def workers(env: dict[str, str]) -> Iterator[Callable[[], subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []

    def start() -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "vigil"), "worker"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        started.append(process)
        return process

    settings = load(env)
    make_jobs(settings).huey.flush()  # this database's queue starts empty
    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def _report(env: dict[str, str], engine, urls: list[str]) -> None:
    settings = load(env)
    factory = db.session_factory(engine)
    with db.session_scope(factory) as s:
        received = reports.receive_report(s, urls, by=CLI, settings=settings)
        to_fetch = received.to_fetch
    queue = make_jobs(settings, factory).queue
    for url_id in to_fetch:
        queue.fetch_url(url_id)


def _media(engine) -> list[tuple[MediaState, int]]:
    with db.session_scope(db.session_factory(engine)) as s:
        return [(m.state, m.attempts) for m in s.scalars(select(MediaItem))]


def _wait(engine, done: Callable[[list[tuple[MediaState, int]]], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done(_media(engine)):
            return
        time.sleep(0.2)
    pytest.fail(f"the workers did not get there in {seconds} s: {_media(engine)}")


def _all_done(media: list[tuple[MediaState, int]]) -> bool:
    return len(media) == PICTURES and all(state in MEDIA_DONE for state, _ in media)


def test_a_worker_killed_mid_report_loses_nothing_and_nothing_is_done_twice(env, engine, workers):
    with _site(delay=0.3) as site:
        _report(env, engine, [site.url("/page.html")])
        first = workers()
        _wait(engine, lambda m: any(state in MEDIA_DONE for state, _ in m), 60)
        os.killpg(first.pid, signal.SIGKILL)  # in the middle: some done, one held
        first.wait(10)
        assert not _all_done(_media(engine))
        workers()
        time.sleep(2.5)  # past VIGIL_HOTLINE_STEP_SECONDS: the held step is due again
        swept = subprocess.run(
            [str(Path(sys.executable).parent / "vigil"), "hotline", "sweep"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "Queued again" in swept.stdout
        _wait(engine, _all_done, 120)
    with db.session_scope(db.session_factory(engine)) as s:
        items = s.scalar(select(func.count()).select_from(MediaItem))
        kept = s.scalar(select(func.count()).select_from(Evidence))
        review = s.scalar(select(func.count()).where(MediaItem.state == MediaState.AWAITING_REVIEW))
        urls = s.scalar(select(func.count()).select_from(ReportedUrl))
        matches = s.scalar(select(func.count()).select_from(MediaMatch))
    assert (urls, items) == (1, PICTURES)  # one row each: nothing added twice
    assert kept == review == PICTURES  # one sealed copy for each item kept, no more
    assert matches == 0


def test_two_workers_share_one_queue_and_do_nothing_twice(env, engine, workers):
    with _site(delay=0.05) as site:
        workers(), workers()
        _report(env, engine, [site.url("/page.html")])
        _wait(engine, _all_done, 120)
        fetched = [seen.path for seen in site.seen]
    assert sorted(fetched) == sorted(["/page.html", *[f"/p{i}.png" for i in range(PICTURES)]])
    assert all(attempts == 1 for _, attempts in _media(engine))


def test_vigil_serve_works_its_own_jobs_on_the_embedded_default(local_env, engine):
    # httpx, unlike a browser, sends no Secure cookie to plain http://127.0.0.1
    local = {**local_env, "VIGIL_COOKIE_SECURE": "false"}
    port = _free_port()
    vigil = str(Path(sys.executable).parent / "vigil")
    server = subprocess.Popen(
        [vigil, "serve", "--port", str(port)],
        env=local,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        with _site(delay=0.0) as site, httpx.Client(base_url=f"http://127.0.0.1:{port}") as web:
            token = form_token(_when_up(web, "/report").text)
            sent = web.post("/report", data={"urls": site.url("/page.html"), "csrf": token})
            assert sent.status_code == 200  # the public form's report, queued by the server
            subprocess.run([vigil, "hotline", "report", site.url("/p0.png")], env=local, check=True)
            _wait(
                engine, lambda m: len(m) == PICTURES + 1 and all(x in MEDIA_DONE for x, _ in m), 60
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)


def _when_up(client: httpx.Client, path: str) -> httpx.Response:
    deadline = time.monotonic() + 30
    while True:
        try:
            return client.get(path)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
