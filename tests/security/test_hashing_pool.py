"""Finding 5: denial of service before sign-in. Password hashing (0.45 s) ran in the web
server's threads; six anonymous sign-in loops raised a file page's median from 19 ms to
1,407 ms. Hashing now has its own bounded pool (VIGIL_PASSWORD_HASHING_THREADS, _QUEUE):
when it is full a sign-in is refused at once with 503 and Retry-After, nothing counted,
while the pages of people signed in, which hash nothing, answer as before; on both
databases."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from tests.builders import make_case
from tests.web.conftest import form_token
from vigil.accounts import credentials
from vigil.errors import Busy
from vigil.store import db

pytestmark = pytest.mark.usefixtures("frozen_today")


class Stuck:
    """A hasher whose every hash waits until ``release`` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.running = threading.Semaphore(0)

    def verify(self, stored: str, password: str) -> bool:
        self.running.release()
        self.release.wait(30)
        return False

    def hash(self, password: str) -> str:
        self.verify("", password)
        return "never"


@pytest.fixture
def stuck(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A pool of one thread and no queue, its thread busy with a stuck hash."""
    hasher = Stuck()
    monkeypatch.setattr(credentials, "_pool", credentials.HashingPool(1, 0))
    monkeypatch.setattr(credentials, "_hasher", hasher)
    busy = threading.Thread(target=credentials.password_matches, args=("x", "y"))
    busy.start()
    assert hasher.running.acquire(timeout=10)
    yield hasher
    hasher.release.set()
    busy.join()


def test_a_full_pool_refuses_a_hash_at_once():
    pool = credentials.HashingPool(1, 1)
    release = threading.Event()
    running = threading.Semaphore(0)

    def slow() -> int:
        running.release()
        release.wait(30)
        return 1

    first = threading.Thread(target=pool.run, args=(slow,))
    first.start()
    assert running.acquire(timeout=10)
    queued = threading.Thread(target=pool.run, args=(slow,))
    queued.start()
    for _ in range(1000):  # the queued one takes the last room (no timing: it waits for it)
        try:
            pool.run(lambda: 0)
        except Busy:
            break
        time.sleep(0.01)
    else:
        pytest.fail("the full pool took one more")
    release.set()
    first.join()
    queued.join()
    assert pool.run(lambda: 2) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="a nice value per thread is Linux's")
def test_hashes_run_at_the_lowest_priority_and_the_web_threads_keep_theirs():
    def niceness() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = niceness()
    assert credentials.HashingPool(1, 0).run(niceness) == 19
    assert niceness() == before


def test_sign_ins_are_refused_with_503_while_signed_in_pages_answer(
    browser_as, new_client, engine, request
):
    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s).reference
    alice = browser_as("alice")  # signed in before the flood
    request.getfixturevalue("stuck")
    stranger = new_client()
    token = form_token(stranger.get("/login").text)
    refused = stranger.post(
        "/login", data={"username": "alice", "password": "guess", "csrf": token}
    )
    assert refused.status_code == 503 and refused.headers["retry-after"] == "2"
    assert "busy checking passwords" in refused.text
    assert alice.get(f"/cases/{reference}").status_code == 200
    assert alice.get("/").status_code == 200
