"""The analysts' review: each unknown picture decided once, near duplicates together,
consensus before a hash is trusted, a supervisor where analysts disagree, a correction
that takes hashes off the list again. Pictures are generated."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from tests.hotline.reviewing import (
    analyst,
    intake,
    picture,
    pipeline_of,
    review_settings,
    rules_of,
    supervisor,
)
from vigil import clock
from vigil.audit import log as audit
from vigil.domain.hotline import MediaState
from vigil.domain.review import GroupState, Outcome, classify
from vigil.errors import Conflict, Forbidden, InputError, NotFound
from vigil.hashing import service as lists
from vigil.hotline import grouping, review
from vigil.store import db
from vigil.store.hash_lists import HashListEntry
from vigil.store.hotline import MediaItem
from vigil.store.review import Decision, ReviewGroup

ILLEGAL = classify("baseline", age_group="prepubescent", sex="female")
NOT_ILLEGAL = classify("not_illegal", reason="adult")


@pytest.fixture(autouse=True)
def _fresh_index(frozen_today: object) -> Iterator[None]:
    grouping.forget()
    yield
    grouping.forget()


@pytest.fixture
def settings(tmp_path: Path, database_url: str):
    return review_settings(tmp_path / "home", database_url)


@pytest.fixture
def s(engine: Engine):
    with db.session_factory(engine)() as session:
        yield session


@pytest.fixture
def pipeline(settings, engine: Engine):
    return pipeline_of(settings, db.session_factory(engine))


def _decide(s, settings, who, chosen=ILLEGAL):
    rules = rules_of(settings)
    given = review.next_group(s, by=who, rules=rules)
    assert given is not None
    return given, review.decide(s, given.group_id, chosen, by=who, rules=rules, settings=settings)


def test_exact_and_near_duplicates_turned_or_not_are_one_group_and_others_apart(s, pipeline):
    first = intake(pipeline, s, picture(1))
    same = intake(pipeline, s, picture(1))
    recoded = intake(pipeline, s, picture(1, fmt="JPEG"))
    turned = intake(pipeline, s, picture(1, turned=True))
    other = intake(pipeline, s, picture(2))
    assert {first.group_id, same.group_id, recoded.group_id, turned.group_id} == {first.group_id}
    assert other.group_id not in (None, first.group_id)
    assert {i.state for i in (first, same, recoded, turned, other)} == {MediaState.AWAITING_REVIEW}


def test_a_group_is_shown_once_per_content_with_its_copies_counted(s, settings, pipeline):
    intake(pipeline, s, picture(1))
    intake(pipeline, s, picture(1))
    intake(pipeline, s, picture(1, turned=True))
    given = review.next_group(s, by=analyst(s), rules=rules_of(settings))
    assert given is not None and given.items == 3
    assert sorted(shown.copies for shown in given.shown) == [1, 2]


def test_two_analysts_who_agree_confirm_and_the_hashes_enter_the_foundations_list(
    s, settings, pipeline
):
    items = [intake(pipeline, s, picture(3)), intake(pipeline, s, picture(3, turned=True))]
    bob, erin = analyst(s, "bob"), analyst(s, "erin")
    _, first = _decide(s, settings, bob)
    assert first.outcome is Outcome.PENDING and first.list_version is None
    assert review.next_group(s, by=bob, rules=rules_of(settings)) is None  # not twice
    _, second = _decide(s, settings, erin)
    assert second.outcome is Outcome.CONFIRMED and second.list_version == 1
    s.refresh(items[0])
    assert items[0].state is MediaState.CONFIRMED_ILLEGAL
    entries = s.scalars(select(HashListEntry).order_by(HashListEntry.hash)).all()
    assert sorted(e.hash for e in entries) == sorted({i.pdq for i in items})
    assert all("analysts bob, erin" in e.origin and "decision" in e.origin for e in entries)
    assert entries[0].label == "baseline prepubescent female"
    decision = s.scalars(select(Decision).where(Decision.consensus)).one()
    assert decision.actor == "erin" and sorted(decision.items) == sorted(i.id for i in items)


def test_an_item_that_matches_a_decided_one_takes_its_decision_unseen(s, settings, pipeline):
    first = intake(pipeline, s, picture(4))
    _decide(s, settings, analyst(s, "bob"), NOT_ILLEGAL)
    _decide(s, settings, analyst(s, "erin"), NOT_ILLEGAL)
    later = intake(pipeline, s, picture(4, fmt="JPEG"))
    assert later.state is MediaState.NOT_ILLEGAL
    assert later.group_id == first.group_id and later.reused_from_id == first.id
    assert review.next_group(s, by=analyst(s, "zoe"), rules=rules_of(settings)) is None


def test_an_item_known_to_the_foundations_list_is_confirmed_from_it(s, settings, pipeline):
    intake(pipeline, s, picture(5))
    _decide(s, settings, analyst(s, "bob"))
    _decide(s, settings, analyst(s, "erin"))
    again = intake(pipeline, s, picture(5, turned=True))
    assert again.state is MediaState.CONFIRMED_FROM_LIST
    assert [m.list_name for m in again.matches] == [settings.review_list]


def test_analysts_who_disagree_leave_it_to_a_supervisor_whose_word_decides(s, settings, pipeline):
    item = intake(pipeline, s, picture(6))
    bob, erin, hana = analyst(s, "bob"), analyst(s, "erin"), supervisor(s)
    _decide(s, settings, bob)
    _, split = _decide(s, settings, erin, NOT_ILLEGAL)
    assert split.outcome is Outcome.DISPUTED
    assert review.next_group(s, by=analyst(s, "zoe"), rules=rules_of(settings)) is None
    given, final = _decide(s, settings, hana, NOT_ILLEGAL)
    assert given.state is GroupState.DISPUTED
    assert given.earlier == [("bob", ILLEGAL.verdict), ("erin", NOT_ILLEGAL.verdict)]
    assert final.outcome is Outcome.CONFIRMED and final.list_version is None
    s.refresh(item)
    assert item.state is MediaState.NOT_ILLEGAL


def test_a_correction_takes_the_hashes_off_the_list_in_a_new_version_and_is_audited(
    s, settings, pipeline
):
    item = intake(pipeline, s, picture(7))
    _decide(s, settings, analyst(s, "bob"))
    _decide(s, settings, analyst(s, "erin"))
    hana = supervisor(s)
    done = review.correct(
        s, item.group_id, NOT_ILLEGAL, by=hana, rules=rules_of(settings), settings=settings
    )
    assert done.list_version == 2
    added, removed = lists.changes(s, settings.review_list, 2)
    assert added == [] and removed == [item.pdq]
    s.refresh(item)
    assert item.state is MediaState.NOT_ILLEGAL
    assert [e.action for e in audit.entries(s) if e.action.startswith("hotline.c")] == [
        "hotline.correct"
    ]
    with pytest.raises(Forbidden):
        review.correct(
            s,
            item.group_id,
            ILLEGAL,
            by=analyst(s, "zoe"),
            rules=rules_of(settings),
            settings=settings,
        )


def test_a_group_given_to_one_analyst_is_not_given_to_another_until_its_lease_runs_out(
    s, settings, pipeline
):
    intake(pipeline, s, picture(8))
    bob, erin = analyst(s, "bob"), analyst(s, "erin")
    rules = rules_of(settings)
    given = review.next_group(s, by=bob, rules=rules)
    assert given is not None
    assert review.next_group(s, by=bob, rules=rules).group_id == given.group_id  # kept
    assert review.next_group(s, by=erin, rules=rules) is None
    with pytest.raises(Conflict):
        review.decide(s, given.group_id, ILLEGAL, by=erin, rules=rules, settings=settings)
    clock.freeze(clock.now() + rules.lease + timedelta(seconds=1))
    assert review.next_group(s, by=erin, rules=rules).group_id == given.group_id
    with pytest.raises(Conflict):
        review.decide(s, given.group_id, ILLEGAL, by=bob, rules=rules, settings=settings)


def test_a_skipped_group_goes_to_a_colleague_and_never_back(s, settings, pipeline):
    intake(pipeline, s, picture(9))
    bob, erin = analyst(s, "bob"), analyst(s, "erin")
    rules = rules_of(settings)
    given = review.next_group(s, by=bob, rules=rules)
    review.skip(s, given.group_id, by=bob, rules=rules)
    assert review.next_group(s, by=bob, rules=rules) is None
    assert review.next_group(s, by=erin, rules=rules).group_id == given.group_id


def test_review_is_a_persons_work_with_the_permission(s, settings):
    from tests.builders import CLI, actor_of, make_user

    rules = rules_of(settings)
    with pytest.raises(Forbidden):
        review.next_group(s, by=CLI, rules=rules)
    with pytest.raises(Forbidden):
        review.next_group(s, by=actor_of(make_user(s, "alice"), "case_worker"), rules=rules)
    with pytest.raises(NotFound):
        review.decide(s, 999, ILLEGAL, by=analyst(s), rules=rules, settings=settings)


def test_a_classification_is_whole_or_refused_naming_the_field():
    assert classify("national", age_group="pubescent", sex="both").verdict.illegal
    for verdict, extra, field in [
        ("baseline", {"sex": "male"}, "age_group"),
        ("baseline", {"age_group": "pubescent"}, "sex"),
        ("not_illegal", {}, "reason"),
        ("not_illegal", {"reason": "adult", "sex": "male"}, "sex"),
        ("baseline", {"reason": "adult", "age_group": "pubescent", "sex": "male"}, "reason"),
    ]:
        with pytest.raises(InputError) as refused:
            classify(verdict, **extra)
        assert refused.value.field == field, (verdict, extra)
    with pytest.raises(InputError):
        classify("maybe")


def test_the_queue_counts_what_waits_and_what_is_assessed_not_confirmed(s, settings, pipeline):
    intake(pipeline, s, picture(10))
    intake(pipeline, s, picture(11))
    _decide(s, settings, analyst(s, "bob"))
    counts = review.queue_counts(s, by=analyst(s, "erin"))
    assert counts["groups_waiting"] == 2 and counts["groups_assessed_not_confirmed"] == 1
    assert counts["items_awaiting_review"] == 2 and counts["groups_disputed"] == 0
    assert s.scalar(select(ReviewGroup.state).where(ReviewGroup.id == 1)) is GroupState.WAITING
    assert s.scalars(select(MediaItem.state)).all()
