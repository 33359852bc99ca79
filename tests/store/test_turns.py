"""Writers to one SQLite file take turns in the order they came (vigil.store.turns): many
threads writing at once all get through, where SQLite's own busy handler, polling, let some
wait past their time-out; a turn is given back however the transaction ends."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError

from vigil.store import db
from vigil.store.turns import Turns, take_turns


def engine_for(path: Path, *, turns: bool, busy_ms: int = 100) -> Engine:
    """A SQLite engine in WAL mode whose busy handler gives up after ``busy_ms``."""
    engine = create_engine(f"sqlite:///{path}", pool_size=20, max_overflow=20)

    @event.listens_for(engine, "connect")
    def pragmas(connection: Any, _record: Any) -> None:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA busy_timeout={busy_ms}")

    if turns:
        take_turns(engine, timeout=30)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)"))
    return engine


def write_at_once(engine: Engine, writers: int, each: int) -> list[Exception]:
    """``writers`` threads each adding ``each`` notes, each in a transaction that holds
    the lock a little while (as a request that writes, then renders, then commits)."""
    failures: list[Exception] = []
    start = threading.Barrier(writers)

    def write() -> None:
        start.wait()
        for _ in range(each):
            try:
                with engine.begin() as c:
                    c.execute(text("INSERT INTO notes (body) VALUES ('called the school')"))
                    time.sleep(0.01)  # the lock held a while: what makes writers wait
            except OperationalError as exc:
                failures.append(exc)

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures


def count(engine: Engine) -> int:
    with engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM notes")).scalar_one())


def test_without_turns_some_writers_wait_past_their_time_out(tmp_path: Path):
    engine = engine_for(tmp_path / "plain.db", turns=False)
    failures = write_at_once(engine, writers=16, each=5)
    assert failures and "database is locked" in str(failures[0])
    assert count(engine) == 80 - len(failures)


def test_with_turns_every_writer_gets_through(tmp_path: Path):
    engine = engine_for(tmp_path / "turns.db", turns=True)
    assert write_at_once(engine, writers=16, each=5) == []
    assert count(engine) == 80


def test_a_rollback_and_a_connection_given_back_mid_transaction_give_the_turn_back(
    tmp_path: Path,
):
    engine = engine_for(tmp_path / "back.db", turns=True)
    c = engine.connect()
    c.execute(text("INSERT INTO notes (body) VALUES ('rolled back')"))
    c.rollback()
    c.execute(text("INSERT INTO notes (body) VALUES ('rolled back again')"))
    c.close()
    c = engine.connect()
    c.execute(text("INSERT INTO notes (body) VALUES ('never committed')"))
    c.close()  # back to the pool, which rolls it back
    done = threading.Event()

    def other() -> None:
        with engine.begin() as c:
            c.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
        done.set()

    threading.Thread(target=other).start()
    assert done.wait(10)
    assert count(engine) == 1


def test_a_connection_broken_mid_transaction_gives_the_turn_back(tmp_path: Path):
    engine = engine_for(tmp_path / "broken.db", turns=True)
    c = engine.connect()
    c.execute(text("INSERT INTO notes (body) VALUES ('lost with the connection')"))
    c.invalidate()
    with engine.begin() as other:
        other.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
    assert count(engine) == 1


def test_a_writer_that_waits_too_long_gets_the_busy_error(tmp_path: Path):
    engine = create_engine(f"sqlite:///{tmp_path / 'slow.db'}")
    take_turns(engine, timeout=0.2)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE notes (body TEXT)"))
    holder = engine.connect()
    holder.execute(text("INSERT INTO notes VALUES ('holding the turn')"))
    try:
        with pytest.raises(OperationalError, match="database is locked"), engine.begin() as c:
            c.execute(text("INSERT INTO notes VALUES ('too late')"))
    finally:
        holder.rollback()
        holder.close()


def test_turns_are_served_in_the_order_they_were_asked():
    turns = Turns()
    assert turns.take(1)
    served: list[int] = []
    asked = []

    def wait(n: int) -> None:
        assert turns.take(10)
        served.append(n)
        turns.give_back()

    for n in range(5):
        thread = threading.Thread(target=wait, args=(n,))
        thread.start()
        asked.append(thread)
        while len(turns._waiting) < n + 1:  # each in the queue before the next asks
            time.sleep(0.001)
    turns.give_back()
    for thread in asked:
        thread.join()
    assert served == [0, 1, 2, 3, 4]


def test_vigils_sqlite_engines_take_turns(tmp_path: Path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'vigil.db'}")
    with engine.begin() as c:
        c.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    assert write_at_once(engine, writers=12, each=3) == []
