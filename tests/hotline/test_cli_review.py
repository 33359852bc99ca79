"""`vigil hotline queue` and `vigil hotline exposure`: the same use cases as the pages."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.hotline.reviewing import analyst, intake, picture, pipeline_of, review_settings
from vigil import clock
from vigil.hotline import grouping, review
from vigil.hotline.exposure import Rules
from vigil.store import db


@pytest.fixture(autouse=True)
def _fresh_index(frozen_today: object):
    grouping.forget()
    yield
    grouping.forget()


def _one_look(engine: Engine, tmp_path: Path, database_url: str) -> None:
    settings = review_settings(tmp_path / "data", database_url)
    factory = db.session_factory(engine)
    with db.session_scope(factory) as s:
        intake(pipeline_of(settings, factory), s, picture(1))
        intake(pipeline_of(settings, factory), s, picture(2))
        bob = analyst(s)
        rules = Rules.from_settings(settings)
        given = review.next_group(s, by=bob, rules=rules)
        review.preview(s, given.shown[0].item_id, by=bob, rules=rules, settings=settings)
        clock.freeze(clock.now() + timedelta(seconds=42))
        review.skip(s, given.group_id, by=bob, rules=rules)


def test_the_queue_command_counts_what_waits(vigil, engine, tmp_path, database_url):
    _one_look(engine, tmp_path, database_url)
    result = vigil("hotline", "queue", "--json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["groups_waiting"] == 2 and counts["items_awaiting_review"] == 2
    table = vigil("hotline", "queue")
    assert "groups waiting" in table.output


def test_the_exposure_command_shows_times_and_counts_per_day_and_week(
    vigil, engine, tmp_path, database_url
):
    _one_look(engine, tmp_path, database_url)
    result = vigil("hotline", "exposure", "--analyst", "bob", "--json")
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.output.splitlines()] == [
        {"analyst": "bob", "period": "2024-06-15", "seconds": 42, "previews": 1, "clearer": 0}
    ]
    weekly = vigil("hotline", "exposure", "--week")
    assert "2024-W24" in weekly.output and "0.7" in weekly.output
    unknown = vigil("hotline", "exposure", "--analyst", "nobody")
    assert unknown.exit_code != 0 and "nobody" in unknown.output
