"""The hotline's part of `vigil demo`: reports whose pictures a demo hash list knows, and
reports whose pictures wait for an analyst, worked by the real pipeline.

Every picture is benign and generated here (colour waves and shapes, drawn with Pillow).
They are served by a web server of the demo's own on 127.0.0.1, under a made-up host name
that only the demo's resolver answers (``pictures.demo.example``, a name the internet
never resolves), with the fetcher allowed to reach 127.0.0.1/32 for this run only: the
reports go through the same fetcher, page reader, hashing, matching and evidence store as
any other, and nothing reaches any other address. One reported URL points at the cloud
metadata address, to show a refusal: the fetcher refuses it before connecting.

Like the pipeline's steps, the demo keeps its own transactions: the reports are committed
before they are fetched.
"""

from __future__ import annotations

import io
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from vigil.accounts.actors import Actor
from vigil.domain.hotline import MediaState
from vigil.hashing import service as lists
from vigil.hashing.signals import HashOptions, hash_bytes
from vigil.hotline.fetching import Fetcher
from vigil.hotline.pipeline import Pipeline, Queue
from vigil.hotline.reports import receive_report
from vigil.settings import Settings
from vigil.store.db import session_scope
from vigil.store.hotline import HotlineReport, MediaItem

HOST = "pictures.demo.example"
LIST_NAME = "demo-known-pictures"
PICTURES = 17
KNOWN = 7
"""Pictures 0..KNOWN-1 are on the demo list; the rest wait for an analyst."""


@dataclass(frozen=True)
class HotlineDemo:
    reports: int
    confirmed: int
    awaiting_review: int


def picture(seed: int, width: int = 160, height: int = 120) -> Image.Image:
    """A benign picture: smooth colour waves, a dozen shapes and some grain."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    pixels = np.full((height, width, 3), 128.0, np.float32)
    for channel in range(3):
        for _ in range(3):
            fx, fy = rng.uniform(0.5, 5, 2) * 2 * np.pi
            wave = np.sin(fx * x / width + fy * y / height + rng.uniform(0, 6.3))
            pixels[:, :, channel] += rng.uniform(20, 60) * wave
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x0, y0 = rng.uniform(0, width), rng.uniform(0, height)
        size = rng.uniform(0.05, 0.3) * min(width, height)
        box = (x0, y0, x0 + size * rng.uniform(0.5, 2), y0 + size)
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    grain = rng.normal(0, 5, (height, width, 3))
    return Image.fromarray(np.clip(np.asarray(image) + grain, 0, 255).astype(np.uint8))


def _encoded(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _files(seed: int) -> tuple[dict[str, tuple[str, bytes]], list[bytes]]:
    """The demo site's files (path: media type and body) and the listed pictures' bytes.
    A listed picture is served re-encoded and smaller, as material is found again: the
    list matches it by its perceptual hash, not its bytes."""
    files: dict[str, tuple[str, bytes]] = {}
    listed: list[bytes] = []
    for n in range(PICTURES):
        image = picture(seed * 1000 + n)
        if n < KNOWN:
            listed.append(_encoded(image, "PNG"))
            image = image.resize((128, 96))
        files[f"/media/{n}.jpg"] = ("image/jpeg", _encoded(image, "JPEG", quality=80))
    for page, numbers in enumerate(_pages()):
        images = "".join(f'<img src="/media/{n}.jpg" alt="">' for n in numbers)
        html = f"<!doctype html><title>Album {page}</title><body>{images}</body>"
        files[f"/album/{page}.html"] = ("text/html; charset=utf-8", html.encode())
    return files, listed


def _pages() -> list[list[int]]:
    """Which pictures each album page shows: known ones, unknown ones, and a mix."""
    return [[0, 1, 2], [7, 8, 9], [3, 4, 10, 11], [12, 13, 14, 5]]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        found = self.server.files.get(self.path.split("?")[0])
        status, kind, body = (200, *found) if found else (404, "text/plain", b"not found")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the demo's requests are its own."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    files: dict[str, tuple[str, bytes]]

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that hangs up early (the fetcher, once it has what it needs)."""


@dataclass(frozen=True)
class _Site:
    port: int
    listed: list[bytes]

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def resolve(self, host: str, port: int) -> list[str]:
        """The demo host is this machine; no other name is answered (nothing is asked of
        the network)."""
        if host != HOST:
            raise OSError(f"the demo resolves {HOST} only")
        return ["127.0.0.1"]


@contextmanager
def _serving(seed: int) -> Iterator[_Site]:
    files, listed = _files(seed)
    server = _Server(("127.0.0.1", 0), _Handler)
    server.files = files
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield _Site(server.server_address[1], listed)
    finally:
        server.shutdown()
        server.server_close()


def _add_list(session: Session, site: _Site, settings: Settings) -> None:
    options = HashOptions.from_settings(settings)
    lines = [
        f"{hash_bytes(body, f'demo-{n}.png', options).pdq},pdq,demo picture {n},vigil demo"
        for n, body in enumerate(site.listed)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo-list.csv"
        path.write_text("hash,signal,label,source\n" + "\n".join(lines) + "\n", encoding="utf-8")
        lists.import_list(session, name=LIST_NAME, path=path, source="vigil demo")


def _reports(site: _Site) -> list[tuple[list[str], str]]:
    """The demo's reports: (URLs, what the reporter wrote)."""
    albums = [site.url(f"/album/{n}.html") for n in range(len(_pages()))]
    return [
        ([albums[0]], "An album page with pictures a partner hotline has seen before."),
        ([albums[1]], "A page of pictures nobody has seen yet."),
        ([albums[2], site.url("/media/6.jpg")], "An album and a picture linked from a forum."),
        ([albums[3]], "Another album, partly known."),
        ([site.url("/media/15.jpg"), site.url("/media/16.jpg")], "Two pictures sent by e-mail."),
        (
            [site.url("/gone.html"), "http://169.254.169.254/latest/meta-data/"],
            "A page that is gone, and an address the fetcher must never go to.",
        ),
    ]


def _pipeline(settings: Settings, factory: sessionmaker[Session], site: _Site) -> Pipeline:
    """The pipeline, run here and now, allowed to reach 127.0.0.1 and only the demo host."""
    local = replace(settings, fetch_allow_networks=(ip_network("127.0.0.1/32"),))
    fetcher = Fetcher(local, resolver=site.resolve)
    pipeline = Pipeline(local, factory, Queue(lambda _: None, lambda _: None), fetcher=fetcher)
    pipeline.queue = Queue(pipeline.fetch_url, lambda item_id: pipeline.process_media(item_id))
    return pipeline


def hotline_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(HotlineReport))


def fill_hotline(
    factory: sessionmaker[Session], settings: Settings, *, by: Actor, seed: int = 1
) -> HotlineDemo:
    """Add the demo list and the demo's reports, and work them through the pipeline."""
    with _serving(seed) as site:
        with session_scope(factory) as s:
            _add_list(s, site, settings)
            received = [
                receive_report(s, urls, by=by, settings=settings, description=said, source="demo")
                for urls, said in _reports(site)
            ]
            to_fetch = [url_id for r in received for url_id in r.to_fetch]
        pipeline = _pipeline(settings, factory, site)
        for url_id in to_fetch:
            pipeline.fetch_url(url_id)
    with session_scope(factory) as s:
        states = dict(
            s.execute(select(MediaItem.state, func.count()).group_by(MediaItem.state)).all()
        )
    return HotlineDemo(
        reports=len(received),
        confirmed=states.get(MediaState.CONFIRMED_FROM_LIST, 0),
        awaiting_review=states.get(MediaState.AWAITING_REVIEW, 0),
    )
