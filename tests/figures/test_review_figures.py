"""The analysts' figures of a year: content assessed, confirmed illegal (by analysts or a
list), not illegal, confirmed from a list, and the items decided without a look."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.hotline.reviewing import analyst, intake, picture, pipeline_of, review_settings
from vigil import clock
from vigil.domain.review import classify
from vigil.figures.review import review_figures, year_start
from vigil.hashing import service as lists
from vigil.hashing.signals import hash_bytes
from vigil.hotline import grouping, review
from vigil.hotline.exposure import Rules
from vigil.store import db

ILLEGAL = classify("national", age_group="pubescent", sex="female")
NOT_ILLEGAL = classify("not_illegal", reason="not_sexual")


@pytest.fixture(autouse=True)
def _fresh_index(frozen_today: object):
    grouping.forget()
    yield
    grouping.forget()


def _decide_next(s, settings, who, chosen) -> None:
    rules = Rules.from_settings(settings)
    given = review.next_group(s, by=who, rules=rules)
    review.decide(s, given.group_id, chosen, by=who, rules=rules, settings=settings)


def test_the_years_figures_count_content_once_and_the_looks_saved(engine, tmp_path: Path):
    settings = review_settings(tmp_path / "home", str(engine.url))
    factory = db.session_factory(engine)
    pipeline = pipeline_of(settings, factory)
    listed = tmp_path / "known.txt"
    listed.write_text(f"{hash_bytes(picture(1)).pdq}\n")
    with db.session_scope(factory) as s:
        lists.import_list(s, name="partners", path=listed)
        for seed in (2, 3, 4, 5):
            intake(pipeline, s, picture(seed))
        bob, erin = analyst(s, "bob"), analyst(s, "erin")
        for chosen in (ILLEGAL, NOT_ILLEGAL, ILLEGAL):
            _decide_next(s, settings, bob, chosen)
        for chosen in (ILLEGAL, NOT_ILLEGAL):
            _decide_next(s, settings, erin, chosen)
        intake(pipeline, s, picture(3))  # decided before: takes it, unseen
        intake(pipeline, s, picture(1))  # on the partners' list, twice
        intake(pipeline, s, picture(1))
        clock.freeze(datetime(2023, 12, 31, 22, 30, tzinfo=UTC))  # 2023-12-31 23:30 Brussels
        intake(pipeline, s, picture(1))
        assert review_figures(s, 2024) == {
            "assessed": 4,
            "confirmed_illegal": 2,
            "not_illegal": 1,
            "confirmed_from_list": 1,
            "analyst_decisions_saved": 3,
        }
        assert review_figures(s, 2023)["confirmed_from_list"] == 1
        assert review_figures(s, 2022) == dict.fromkeys(review_figures(s, 2022), 0)


def test_a_year_begins_at_midnight_in_the_foundations_zone():
    assert year_start(2024) == datetime(2023, 12, 31, 23, 0, tzinfo=UTC)
