"""Exposure, measured on the server and capped per day; leases under analysts asking at once.
The clock is moved, never waited for."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, select

from tests.hotline.reviewing import analyst, intake, picture, pipeline_of, review_settings
from vigil import clock
from vigil.audit import log as audit
from vigil.domain.review import classify
from vigil.errors import ExposureLimit, NotFound
from vigil.hotline import exposure, grouping, review
from vigil.hotline.exposure import Rules
from vigil.store import db
from vigil.store.review import Exposure

ILLEGAL = classify("baseline", age_group="pubescent", sex="unknown")


@pytest.fixture(autouse=True)
def _fresh_index(frozen_today: object) -> Iterator[None]:
    grouping.forget()
    yield
    grouping.forget()


@pytest.fixture
def settings(tmp_path: Path, database_url: str):
    return review_settings(
        tmp_path / "home",
        database_url,
        review_daily_minutes=2,
        review_item_seconds=50,
        review_break_minutes=1,
    )


@pytest.fixture
def factory(engine: Engine):
    return db.session_factory(engine)


@pytest.fixture
def s(factory):
    with factory() as session:
        yield session


@pytest.fixture
def pipeline(settings, factory):
    return pipeline_of(settings, factory)


def _later(seconds: float) -> None:
    clock.freeze(clock.now() + timedelta(seconds=seconds))


def _look(s, settings, who, *, clearer: bool = False) -> tuple[int, bytes]:
    rules = Rules.from_settings(settings)
    given = review.next_group(s, by=who, rules=rules)
    assert given is not None
    shown = review.preview(
        s, given.shown[0].item_id, by=who, rules=rules, settings=settings, clearer=clearer
    )
    return given.group_id, shown


def test_a_preview_counts_from_its_serving_to_the_decision_capped_per_item(s, settings, pipeline):
    intake(pipeline, s, picture(1))
    intake(pipeline, s, picture(2))
    bob = analyst(s)
    rules = Rules.from_settings(settings)
    group, _ = _look(s, settings, bob)
    _later(30)
    review.decide(s, group, ILLEGAL, by=bob, rules=rules, settings=settings)
    group, _ = _look(s, settings, bob)
    _later(500)  # left on the screen: counts its cap
    review.skip(s, group, by=bob, rules=rules)
    seconds = s.scalars(select(Exposure.seconds).order_by(Exposure.id)).all()
    assert seconds == [30, 50]
    assert exposure.seconds_on(s, bob.user_id, clock.today(), rules) == 80


def test_at_the_days_limit_the_queue_refuses_and_says_when_it_opens_again(s, settings, pipeline):
    for seed in range(1, 5):
        intake(pipeline, s, picture(seed))
    bob = analyst(s)
    rules = Rules.from_settings(settings)
    for _ in range(2):
        group, _ = _look(s, settings, bob)
        _later(50)
        review.decide(s, group, ILLEGAL, by=bob, rules=rules, settings=settings)
    group, _ = _look(s, settings, bob)
    _later(19)  # 119 of 120 seconds: still open
    assert review.next_group(s, by=bob, rules=rules).group_id == group
    _later(1)  # 120: the limit, counted while the preview is still open
    with pytest.raises(ExposureLimit) as refused:
        review.next_group(s, by=bob, rules=rules)
    assert "2024-06-16 at 00:00" in refused.value.message
    with pytest.raises(ExposureLimit):
        review.preview(s, group, by=bob, rules=rules, settings=settings)
    clock.freeze(clock.now().replace(hour=22, minute=1))  # 00:01 in Brussels, the next day
    assert review.next_group(s, by=bob, rules=rules) is not None


def test_the_preview_is_made_anew_small_grey_and_blurred_and_clearer_only_when_asked(
    s, settings, pipeline
):
    original = picture(3)
    intake(pipeline, s, original)
    bob = analyst(s)
    _, shown = _look(s, settings, bob)
    assert shown != original and original not in shown
    blurred = Image.open(io.BytesIO(shown))
    assert blurred.format == "JPEG" and blurred.mode == "L" and max(blurred.size) <= 320
    _, clearer = _look(s, settings, bob, clearer=True)
    assert Image.open(io.BytesIO(clearer)).mode == "RGB"
    actions = [e.action for e in audit.entries(s) if e.action.startswith("hotline.")]
    assert sorted(actions) == ["hotline.clearer", "hotline.preview"]
    assert s.scalars(select(Exposure.clearer).order_by(Exposure.id)).all() == [False, True]


def test_an_item_of_a_group_given_to_someone_else_is_never_shown(s, settings, pipeline):
    item = intake(pipeline, s, picture(4))
    bob, erin = analyst(s, "bob"), analyst(s, "erin")
    rules = Rules.from_settings(settings)
    review.next_group(s, by=bob, rules=rules)
    with pytest.raises(NotFound):
        review.preview(s, item.id, by=erin, rules=rules, settings=settings)


def test_a_break_is_proposed_after_the_settings_minutes_of_continuous_review(s, settings, pipeline):
    for seed in range(5, 8):
        intake(pipeline, s, picture(seed))
    bob = analyst(s)
    rules = Rules.from_settings(settings)
    group, _ = _look(s, settings, bob)
    _later(40)
    review.decide(s, group, ILLEGAL, by=bob, rules=rules, settings=settings)
    assert not review.next_group(s, by=bob, rules=rules).break_due
    group = review.next_group(s, by=bob, rules=rules).group_id
    _later(25)
    review.preview(s, group, by=bob, rules=rules, settings=settings)
    assert review.next_group(s, by=bob, rules=rules).break_due  # 65 s without a pause
    review.decide(s, group, ILLEGAL, by=bob, rules=rules, settings=settings)
    _later(11 * 60)  # a pause of more than 10 minutes is a break
    assert not review.next_group(s, by=bob, rules=rules).break_due


def test_a_supervisor_sees_each_analysts_exposure_per_day_and_week(s, settings, pipeline):
    from tests.hotline.reviewing import supervisor

    intake(pipeline, s, picture(8))
    intake(pipeline, s, picture(9))
    bob, erin, hana = analyst(s, "bob"), analyst(s, "erin"), supervisor(s)
    rules = Rules.from_settings(settings)
    for who in (bob, erin):
        group, _ = _look(s, settings, who)
        _later(20)
        review.decide(s, group, ILLEGAL, by=who, rules=rules, settings=settings)
    rows = exposure.exposure_report(s, by=hana, rules=rules)
    assert [(r.analyst, r.period, r.seconds, r.previews) for r in rows] == [
        ("bob", "2024-06-15", 20, 1),
        ("erin", "2024-06-15", 20, 1),
    ]
    weekly = exposure.exposure_report(s, by=hana, rules=rules, analyst="bob", week=True)
    assert [(r.period, r.seconds) for r in weekly] == [("2024-W24", 20)]
    own = exposure.exposure_report(s, by=bob, rules=rules)
    assert [r.analyst for r in own] == ["bob"]


def test_analysts_asking_at_once_never_get_the_same_group(settings, factory, pipeline):
    names = ["bob", "erin", "finn", "gus", "ivy"]
    with db.session_scope(factory) as s:
        for seed in range(10, 16):
            intake(pipeline, s, picture(seed))
        actors = [analyst(s, name) for name in names]
    rules = Rules.from_settings(settings)
    start = threading.Barrier(len(actors))
    given: dict[str, int | None] = {}
    failed: list[BaseException] = []

    def ask(who) -> None:
        try:
            start.wait()
            with db.session_scope(factory) as session:
                found = review.next_group(session, by=who, rules=rules)
                given[who.name] = found.group_id if found else None
        except BaseException as exc:
            failed.append(exc)

    threads = [threading.Thread(target=ask, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failed, failed
    assert None not in given.values() and len(set(given.values())) == len(names)


def test_one_analyst_in_two_tabs_at_once_is_counted_exactly(settings, factory, pipeline):
    with db.session_scope(factory) as s:
        intake(pipeline, s, picture(20))
        bob = analyst(s)
        rules = Rules.from_settings(settings)
        given = review.next_group(s, by=bob, rules=rules)
        assert given is not None
    start = threading.Barrier(4)
    failed: list[BaseException] = []

    def look(clearer: bool) -> None:
        try:
            start.wait()
            with db.session_scope(factory) as session:
                review.preview(
                    session,
                    given.shown[0].item_id,
                    by=bob,
                    rules=rules,
                    settings=settings,
                    clearer=clearer,
                )
        except BaseException as exc:
            failed.append(exc)

    threads = [threading.Thread(target=look, args=(n % 2 == 1,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failed, failed
    _later(10)
    with db.session_scope(factory) as s:
        review.decide(s, given.group_id, ILLEGAL, by=bob, rules=rules, settings=settings)
    with db.session_scope(factory) as s:
        # the blurred preview on two screens at once counts once; each clearer one counts
        shown = s.execute(select(Exposure.clearer, Exposure.seconds)).all()
        assert sorted(shown) == [(False, 10), (True, 10), (True, 10)]
        assert exposure.seconds_on(s, bob.user_id, clock.today(), rules) == 30


def test_a_preview_reloaded_counts_once_while_it_counts_then_anew(s, settings, pipeline):
    intake(pipeline, s, picture(21))
    bob = analyst(s)
    rules = Rules.from_settings(settings)
    group, _ = _look(s, settings, bob)
    _later(30)
    _look(s, settings, bob)  # reloaded within its 50 seconds: the same look
    _later(100)
    _look(s, settings, bob)  # reloaded later: a look of its own
    _later(5)
    review.decide(s, group, ILLEGAL, by=bob, rules=rules, settings=settings)
    assert s.scalars(select(Exposure.seconds).order_by(Exposure.id)).all() == [50, 5]
