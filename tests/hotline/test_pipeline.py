"""The pipeline end to end against a real site on 127.0.0.1: a report stored, its page read,
every picture fetched, hashed and matched; a known one confirmed with its provenance and
nobody shown it, the others sealed for review; every problem a recorded state with its
reason. Pictures are generated; the hash list holds the PDQ of some of them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine, func, select

from tests.builders import CLI
from tests.hashing.pictures import encode, scene
from tests.hotline.servers import Site, body, make_settings, redirect
from vigil.hashing import service as lists
from vigil.hashing.signals import hash_bytes
from vigil.hotline import evidence, reports
from vigil.hotline.pipeline import Pipeline, Queue
from vigil.store import db
from vigil.store.hotline import Evidence, MediaItem, ReportedUrl

pytestmark = pytest.mark.usefixtures("frozen_today")

KNOWN = encode(scene(320, 240, seed=7), "PNG")


def _variants() -> dict[str, bytes]:
    """The known picture re-encoded, resized and turned, and two pictures not on the list."""
    picture = Image.open(io.BytesIO(KNOWN)).convert("RGB")
    return {
        "/known.jpg": encode(picture, "JPEG", quality=70),
        "/smaller.png": encode(picture.resize((160, 120)), "PNG"),
        "/turned.png": encode(picture.rotate(90, expand=True), "PNG"),
        "/other.png": encode(scene(320, 240, seed=8), "PNG"),
        "/another.jpg": encode(scene(200, 300, seed=9), "JPEG"),
    }


PAGE = b"""<html><head><base href="/"><meta property="og:image" content="/other.png"></head>
<body><img src="known.jpg"><img srcset="smaller.png 1x, turned.png 2x">
<img src="/another.jpg"><img src="/broken.png"><img src="/missing.png"></body></html>"""


def _site() -> Site:
    routes = {
        path: body("image/png" if path.endswith(".png") else "image/jpeg", data)
        for path, data in _variants().items()
    }
    routes["/page.html"] = body("text/html; charset=utf-8", PAGE)
    routes["/broken.png"] = body("image/png", KNOWN[:200])
    routes["/moved"] = redirect("/known.jpg")
    routes["/secret"] = redirect("http://10.0.0.5/")
    return Site(routes)


@pytest.fixture
def settings(tmp_path: Path, database_url: str):
    key = bytes(range(32))  # a test key: the secret key is required on PostgreSQL
    return make_settings(home=tmp_path / "home", database_url=database_url, evidence_key=key)


@pytest.fixture
def pipeline(settings, engine: Engine, tmp_path: Path) -> Pipeline:
    factory = db.session_factory(engine)
    listed = tmp_path / "known.txt"
    listed.write_text(f"{hash_bytes(KNOWN).pdq}\n")
    with db.session_scope(factory) as s:
        lists.import_list(s, name="partners", path=listed)
    made = Pipeline(settings, factory, Queue(lambda _: None, lambda _: None))
    made.queue = Queue(made.fetch_url, lambda item_id: made.process_media(item_id))
    return made


def _report(pipeline: Pipeline, *urls: str) -> str:
    with db.session_scope(pipeline.factory) as s:
        received = reports.receive_report(s, list(urls), by=CLI, settings=pipeline.settings)
        reference, to_fetch = received.report.reference, received.to_fetch
    for url_id in to_fetch:
        pipeline.queue.fetch_url(url_id)
    return reference


def _shown(pipeline: Pipeline, reference: str) -> dict:
    with db.session_scope(pipeline.factory) as s:
        return reports.show_report(s, reference, by=CLI)


def test_a_page_is_read_and_each_picture_decided_by_the_list_or_kept_for_review(pipeline):
    with _site() as site:
        reference = _report(pipeline, site.url("/page.html"))
    shown = _shown(pipeline, reference)
    (url,) = shown["urls"]
    assert url["state"] == "fetched" and url["reason"] is None
    states = {m["url"].rsplit("/", 1)[1]: m for m in url["media"]}
    for name in ("known.jpg", "smaller.png", "turned.png"):
        assert states[name]["state"] == "confirmed_from_list", name
        (match,) = states[name]["matches"]
        assert match["list"] == "partners" and match["version"] == 1
        assert match["distance"] <= 31
    assert states["turned.png"]["matches"][0]["dihedral"] is not None
    for name in ("other.png", "another.jpg"):
        assert states[name]["state"] == "awaiting_review" and states[name]["matches"] == []
    assert states["broken.png"]["state"] == "failed"
    assert "not a picture" in states["broken.png"]["reason"]
    assert states["missing.png"]["state"] == "failed" and "404" in states["missing.png"]["reason"]


def test_only_what_awaits_review_is_kept_and_only_sealed(pipeline):
    with _site() as site:
        reference = _report(pipeline, site.url("/page.html"))
    key = evidence.evidence_key(pipeline.settings)
    with db.session_scope(pipeline.factory) as s:
        kept = s.execute(select(Evidence, MediaItem).join(MediaItem)).all()
        assert {item.state.value for _, item in kept} == {"awaiting_review"}
        originals = _variants()
        for copy, item in kept:
            original = originals["/" + item.url.rsplit("/", 1)[1]]
            assert original[100:164] not in copy.sealed  # nothing of it in the clear
            assert evidence.unseal(key, item.id, copy.sealed) == original
    assert reference.startswith("HL-2024-")


def test_a_reported_picture_is_one_item_hashed_without_fetching_it_twice(pipeline):
    with _site() as site:
        reference = _report(pipeline, site.url("/moved"))
        fetched = [seen.path for seen in site.seen]
    (url,) = _shown(pipeline, reference)["urls"]
    assert url["state"] == "fetched"
    assert [m["state"] for m in url["media"]] == ["confirmed_from_list"]
    assert fetched == ["/moved", "/known.jpg"]


def test_a_refusal_and_a_failure_are_recorded_with_their_reason_and_the_rest_goes_on(pipeline):
    with _site() as site:
        reference = _report(
            pipeline, site.url("/secret"), site.url("/nowhere"), site.url("/other.png")
        )
    secret, nowhere, other = _shown(pipeline, reference)["urls"]
    assert secret["state"] == "refused" and "10.0.0.5" in secret["reason"]
    assert nowhere["state"] == "failed" and "404" in nowhere["reason"]
    assert [m["state"] for m in other["media"]] == ["awaiting_review"]


def test_a_url_reported_again_within_the_window_is_linked_not_fetched_again(pipeline):
    with _site() as site:
        first = _report(pipeline, site.url("/other.png"))
        again = _report(pipeline, site.url("/other.png"))
        assert [seen.path for seen in site.seen] == ["/other.png"]
    (url,) = _shown(pipeline, again)["urls"]
    assert url["same_as"] == first and url["media"][0]["state"] == "awaiting_review"


def test_a_step_run_twice_is_recorded_once(pipeline):
    with _site() as site:
        with db.session_scope(pipeline.factory) as s:
            received = reports.receive_report(
                s, [site.url("/page.html")], by=CLI, settings=pipeline.settings
            )
            (url_id,) = received.to_fetch
        pipeline.fetch_url(url_id)
        pipeline.fetch_url(url_id)  # the queue delivered it twice: nothing happens again
        with db.session_scope(pipeline.factory) as s:
            items = s.scalars(select(MediaItem.id)).all()
        for item_id in items:
            pipeline.process_media(item_id)
    with db.session_scope(pipeline.factory) as s:
        assert s.scalar(select(func.count()).select_from(ReportedUrl)) == 1
        assert len(items) == 7
        assert s.scalar(select(func.max(MediaItem.attempts))) == 1
        assert s.scalar(select(func.count()).select_from(Evidence)) == 2


def test_the_json_is_the_contract_scripts_rely_on(pipeline):
    with _site() as site:
        reference = _report(pipeline, site.url("/page.html"))
    shown = _shown(pipeline, reference)
    assert set(shown) >= {"reference", "received_at", "urls"}
    assert shown["received_at"].endswith("+00:00")
    for url in shown["urls"]:
        assert set(url) >= {"url", "state", "reason", "media"}
        for item in url["media"]:
            assert set(item) >= {
                "url",
                "state",
                "reason",
                "sha256",
                "pdq",
                "quality",
                "content_type",
                "size",
                "matches",
            }
            for match in item["matches"]:
                assert set(match) >= {"list", "version", "distance", "dihedral", "label"}
