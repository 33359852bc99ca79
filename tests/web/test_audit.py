import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from vigil.audit import log
from vigil.store import db
from vigil.store.models import AuditEntry


def _fill(engine, n=5):
    with db.session_scope(db.session_factory(engine)) as s:
        for i in range(n):
            log.record(s, "alice", "case.view", f"RUN-2024-{i:05d}")


def _verdict(engine):
    with db.session_scope(db.session_factory(engine)) as s:
        return log.verify(s)


def test_an_untouched_log_verifies(engine):
    _fill(engine)
    verdict = _verdict(engine)
    assert verdict.intact and verdict.checked == 5


def test_the_database_refuses_to_change_or_delete_an_entry(engine):
    _fill(engine)
    with pytest.raises(Exception, match="append-only"), engine.begin() as c:
        c.execute(text("UPDATE audit_entries SET actor = 'mallory' WHERE id = 2"))
    with pytest.raises(Exception, match="append-only"), engine.begin() as c:
        c.execute(text("DELETE FROM audit_entries WHERE id = 2"))


def _drop_guard(c):
    """What someone with full rights on the database could do first."""
    if c.dialect.name == "sqlite":
        c.execute(text("DROP TRIGGER audit_entries_no_update"))
        c.execute(text("DROP TRIGGER audit_entries_no_delete"))
    else:
        c.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only"))


def test_an_edited_entry_is_caught_and_named(engine):
    _fill(engine)
    with engine.begin() as c:
        _drop_guard(c)
        c.execute(text("UPDATE audit_entries SET actor = 'mallory' WHERE id = 3"))
    verdict = _verdict(engine)
    assert verdict.broken_at == 3 and "changed" in verdict.problem


def test_a_deleted_entry_is_caught_and_named(engine):
    _fill(engine)
    with engine.begin() as c:
        _drop_guard(c)
        c.execute(text("DELETE FROM audit_entries WHERE id = 2"))
    verdict = _verdict(engine)
    assert verdict.broken_at == 3 and "missing" in verdict.problem


def test_vigil_audit_verify_names_the_first_broken_entry(
    engine, database_url, monkeypatch, tmp_path
):
    from typer.testing import CliRunner

    from tests.cli_runner import reset_cli
    from vigil.cli.main import app

    _fill(engine)
    monkeypatch.setenv("VIGIL_HOME", str(tmp_path))
    monkeypatch.setenv("VIGIL_DATABASE_URL", database_url)
    reset_cli()
    ok = CliRunner().invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "intact: 5 entries" in ok.output
    with engine.begin() as c:
        _drop_guard(c)
        c.execute(text("UPDATE audit_entries SET target = 'RUN-2024-99999' WHERE id = 4"))
    reset_cli()
    broken = CliRunner().invoke(app, ["audit", "verify"])
    reset_cli()
    assert broken.exit_code == 1 and "broken at entry 4" in broken.output


def test_every_view_of_a_file_is_audited_without_the_childs_name(browser_as, engine):
    from tests.builders import make_case

    with db.session_scope(db.session_factory(engine)) as s:
        reference = make_case(s, first_name="Noor", last_name="Claes").reference
    alice = browser_as("alice")
    assert alice.get(f"/cases/{reference}").status_code == 200
    with db.session_scope(db.session_factory(engine)) as s:
        entries = log.entries(s)
        assert any(e.action == "case.view" and e.target == reference for e in entries)
        assert not any("Noor" in f"{e.target} {e.detail}" for e in entries)


def test_the_chain_stays_whole_when_many_requests_write_at_once(engine):
    from concurrent.futures import ThreadPoolExecutor

    factory = db.session_factory(engine)

    def view(i):
        with db.session_scope(factory) as s:
            s.execute(text("SELECT count(*) FROM cases")).scalar()  # a page reads first
            log.record(s, "alice", "case.view", f"RUN-2024-{i:05d}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(view, range(80)))
    verdict = _verdict(engine)
    assert verdict.intact and verdict.checked == 80


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fields=st.lists(
        st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=40),
        min_size=4,
        max_size=4,
    )
)
def test_any_text_in_an_entry_keeps_the_chain_whole(engine, fields):
    """PostgreSQL computes the hash in SQL from the same canonical JSON as Python: quotes,
    backslashes, control characters and any script give the hash verify recomputes."""
    actor, action, target, detail = fields
    factory = db.session_factory(engine)
    with db.session_scope(factory) as s:
        number = log.record(s, actor, action, target, detail)
    with db.session_scope(factory) as s:
        entry = s.get(AuditEntry, number)
        assert entry is not None and (entry.actor, entry.detail) == (actor, detail)
        assert log.verify(s).intact
