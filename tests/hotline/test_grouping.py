"""The grouping's properties, over hashes drawn at random around a few centres: any two
items within the threshold end in one group, and an item decided never returns to the
queue, whatever matches it later."""

from __future__ import annotations

import secrets
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from tests.builders import actor_of, make_user
from tests.hotline.reviewing import review_settings
from vigil import clock
from vigil.domain.hotline import MediaState, Source, UrlState
from vigil.domain.review import classify
from vigil.hashing.signals import distance
from vigil.hotline import grouping, review
from vigil.hotline.exposure import Rules
from vigil.store import db
from vigil.store.hotline import HotlineReport, MediaItem, ReportedUrl

THRESHOLD = 31
RUN = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _flipped(centre: int, bits: frozenset[int]) -> str:
    value = centre
    for bit in bits:
        value ^= 1 << bit
    return f"{value:064x}"


hashes = st.lists(
    st.tuples(
        st.integers(0, 2),  # which centre
        st.frozensets(st.integers(0, 255), max_size=24),  # bits flipped from it
    ),
    min_size=2,
    max_size=12,
)


def _item(s, url: ReportedUrl, pdq: str) -> MediaItem:
    item = MediaItem(
        reported=url,
        url=f"https://example.org/{secrets.token_hex(6)}",
        state=MediaState.AWAITING_REVIEW,
        pdq=pdq,
        sha256=secrets.token_hex(32),
        quality=100,
    )
    s.add(item)
    s.flush()
    grouping.place(s, item, threshold=THRESHOLD)
    s.flush()
    return item


def _url(s) -> ReportedUrl:
    report = HotlineReport(reference=f"HL-P-{secrets.token_hex(4)}", source=Source.CLI)
    return ReportedUrl(report=report, url="https://example.org/", state=UrlState.FETCHED)


def _centres() -> list[int]:
    return [secrets.randbits(256) for _ in range(3)]


@RUN
@given(drawn=hashes)
def test_any_two_items_within_the_threshold_end_in_one_group(engine: Engine, drawn):
    grouping.forget()
    centres = _centres()
    with db.session_factory(engine)() as s:
        url = _url(s)
        items = [_item(s, url, _flipped(centres[c], bits)) for c, bits in drawn]
        for a in items:
            for b in items:
                if distance(a.pdq, b.pdq) <= THRESHOLD:
                    assert a.group_id == b.group_id, (a.pdq, b.pdq)
        s.rollback()


@RUN
@given(before=hashes, after=hashes)
def test_an_item_decided_never_returns_to_the_queue(engine: Engine, tmp_path: Path, before, after):
    grouping.forget()
    clock.freeze(None)
    centres = _centres()
    config = review_settings(tmp_path / "home", "sqlite://", review_consensus=1)
    rules = Rules.from_settings(config)
    with db.session_factory(engine)() as s:
        url = _url(s)
        decided = [_item(s, url, _flipped(centres[c], bits)) for c, bits in before]
        bob = actor_of(make_user(s, f"bob{secrets.token_hex(3)}"), "analyst")
        chosen = classify("not_illegal", reason="other")
        while (given_group := review.next_group(s, by=bob, rules=rules)) is not None:
            review.decide(s, given_group.group_id, chosen, by=bob, rules=rules, settings=config)
        later = [_item(s, url, _flipped(centres[c], bits)) for c, bits in after]
        for item in later:
            if any(distance(item.pdq, d.pdq) <= THRESHOLD for d in decided):
                assert item.state is MediaState.NOT_ILLEGAL
                assert item.reused_from_id is not None
        zoe = actor_of(make_user(s, f"zoe{secrets.token_hex(3)}"), "analyst")
        while (given_group := review.next_group(s, by=zoe, rules=rules)) is not None:
            shown = {i.item_id for i in given_group.shown}
            assert not shown & {d.id for d in decided}
            review.skip(s, given_group.group_id, by=zoe, rules=rules)
        s.rollback()


def test_two_workers_placing_near_copies_at_once_make_one_group(engine: Engine, tmp_path: Path):
    import threading

    from tests.hotline.reviewing import intake, picture, pipeline_of

    grouping.forget()
    config = review_settings(tmp_path / "home", "sqlite://")
    factory = db.session_factory(engine)
    pipeline = pipeline_of(config, factory)
    start = threading.Barrier(3)
    placed: list[int | None] = []
    failed: list[BaseException] = []

    def work(data: bytes) -> None:
        try:
            start.wait()
            with db.session_scope(factory) as s:
                placed.append(intake(pipeline, s, data).group_id)
        except BaseException as exc:
            failed.append(exc)

    copies = [picture(30), picture(30, fmt="JPEG"), picture(30, turned=True)]
    threads = [threading.Thread(target=work, args=(data,)) for data in copies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failed, failed
    assert len(placed) == 3 and len(set(placed)) == 1
