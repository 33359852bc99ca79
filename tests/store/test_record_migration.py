"""Migration record1 (issue 17): a file reopened before it gets back, from its timeline, the
closing its columns lost, so the year it was closed in counts it again."""

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import text

from vigil.figures.yearly import yearly_figures
from vigil.store import db


def test_a_file_reopened_before_the_migration_counts_as_closed_in_its_year_again(engine):
    config = db.alembic_config(engine)
    command.downgrade(config, "p1pages")
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO cases (id, reference, type, status, opened_at, summary, worrying, "
                "risk_reasons, created_at, updated_at) VALUES (1, 'RUN-2021-00001', 'runaway', "
                "'open', :opened, '', false, '[]', :now, :now), (2, 'RUN-2021-00002', "
                "'runaway', 'closed', :opened, '', false, '[]', :now, :now)"
            ),
            {"opened": date(2021, 3, 1), "now": datetime(2024, 6, 1, tzinfo=UTC)},
        )
        c.execute(
            text("UPDATE cases SET closed_at = :d, outcome = 'found' WHERE id = 2"),
            {"d": date(2021, 4, 1)},
        )
        events = [
            (1, "outcome", datetime(2021, 5, 2, 12, tzinfo=UTC), "closed: returned", None, "{}"),
            (
                1,
                "status_change",
                datetime(2024, 5, 1, 9, tzinfo=UTC),
                "ran away again",
                "reopened",
                '{"outcome": "returned"}',
            ),
            (
                2,
                "outcome",
                datetime(2021, 4, 1, 12, tzinfo=UTC),
                "",
                "closed",
                '{"outcome": "found"}',
            ),
        ]
        for case_id, kind, at, words, what, facts in events:
            c.execute(
                text(
                    "INSERT INTO events (case_id, kind, occurred_at, text, what, facts, "
                    "created_at) VALUES (:c, :k, :at, :t, :w, :f, :at)"
                ),
                {"c": case_id, "k": kind, "at": at, "t": words, "w": what, "f": facts},
            )
    command.upgrade(config, "head")
    with db.session_factory(engine)() as s:
        run = {y: yearly_figures(s, y)["cases"]["runaway"] for y in (2021, 2022, 2024)}
        kinds = (
            s.execute(text("SELECT kind FROM case_history WHERE case_id = 1 ORDER BY id"))
            .scalars()
            .all()
        )
    assert kinds == ["opened", "closed", "reopened"]
    assert (run[2021]["closed"], run[2021]["handled"]) == (2, 2)
    assert run[2022]["handled"] == 0
    assert run[2024]["handled"] == 1
