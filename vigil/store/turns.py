"""Writers to one SQLite file take turns, in the order they came.

SQLite has one writer at a time. A connection that wants to write while another holds the
lock waits in SQLite's busy handler, which polls with growing sleeps: waiters are not served
in order, and with 50 clients adding notes at once a few waited past the busy time-out and
were answered 503 (7 of 686 in 20 s, 8 of 450 in 15 s; benchmarks/bench_web.py --writers).
So, within one process, a connection about to open a write transaction first takes its turn
here, first come first served, and gives it back when the transaction ends; SQLite's own
lock then only ever sees one writer of this process. Between processes (the command line,
a worker) SQLite's busy handler still decides.

Python's sqlite3 module opens a transaction just before the first INSERT, UPDATE, DELETE or
REPLACE (reads before it run on their own), so that statement is where a turn is taken.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import deque
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
HELD = "vigil_write_turn"
"""The key in a connection's ``info`` while it holds the turn."""


class Turns:
    """A first-come, first-served lock that any thread may give back (a request's commit
    runs in another thread than the route that wrote)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._held = False

    def take(self, timeout: float) -> bool:
        """Wait for the turn at most ``timeout`` seconds; whether it was taken."""
        with self._lock:
            if not self._held and not self._waiting:
                self._held = True
                return True
            mine = threading.Event()
            self._waiting.append(mine)
        if mine.wait(timeout):
            return True
        with self._lock:
            if mine.is_set():  # handed over just as the wait ended
                return True
            self._waiting.remove(mine)
            return False

    def give_back(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()  # the turn passes on, still held
            else:
                self._held = False


def take_turns(engine: Engine, timeout: float) -> None:
    """Make this SQLite engine's write transactions take turns (at most ``timeout``
    seconds' wait, then the same error as SQLite's busy time-out)."""
    turns = Turns()

    @event.listens_for(engine, "before_cursor_execute")
    def before(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        info = conn.connection.info
        if info.get(HELD) or not statement.lstrip()[:7].upper().startswith(WRITES):
            return
        if conn.connection.driver_connection.in_transaction:
            return  # opened otherwise (an explicit BEGIN, a SAVEPOINT): SQLite's lock decides
        if not turns.take(timeout):
            locked = sqlite3.OperationalError("database is locked")
            raise OperationalError(statement, params, locked)
        info[HELD] = True

    def end(conn: Any) -> None:
        if conn.connection.info.pop(HELD, False):
            turns.give_back()

    event.listen(engine, "commit", end)
    event.listen(engine, "rollback", end)

    def lost(dbapi_connection: Any, record: Any, *more: Any) -> None:
        if record.info.pop(HELD, False):  # given back, dropped or broken mid-transaction
            turns.give_back()

    for pool_event in ("reset", "invalidate", "close"):
        event.listen(engine.pool, pool_event, lost)
