"""Finding 10 (last part): `vigil audit verify` called an emptied log intact. A log emptied
under its head, and a log whose head is gone, are reported broken, on both databases."""

from __future__ import annotations

from sqlalchemy import text

from tests.cli_runner import reset_cli
from vigil.audit import log
from vigil.store import db


def _fill(engine, n=4):
    with db.session_scope(db.session_factory(engine)) as s:
        for i in range(n):
            log.record(s, "alice", "case.view", f"RUN-2024-{i:05d}")


def _empty(engine, *, head_too: bool) -> None:
    """What someone with every right on the database could do."""
    with engine.begin() as c:
        if c.dialect.name == "sqlite":
            c.execute(text("DROP TRIGGER audit_entries_no_delete"))
        else:
            c.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only"))
        c.execute(text("DELETE FROM audit_entries"))
        if head_too:
            c.execute(text("DELETE FROM audit_head"))


def _verdict(engine):
    with db.session_scope(db.session_factory(engine)) as s:
        return log.verify(s)


def test_a_new_log_of_no_entries_is_intact(engine):
    assert _verdict(engine).intact


def test_a_log_emptied_under_its_head_is_broken(engine):
    _fill(engine)
    _empty(engine, head_too=False)
    verdict = _verdict(engine)
    assert not verdict.intact and "emptied" in verdict.problem and "4 entries" in verdict.problem


def test_a_log_emptied_with_its_head_is_broken_not_intact(engine, vigil):
    _fill(engine)
    _empty(engine, head_too=True)
    verdict = _verdict(engine)
    assert not verdict.intact and "head row is missing" in verdict.problem
    reset_cli()
    answer = vigil("audit", "verify")
    assert answer.exit_code == 1 and "broken" in answer.stderr
