"""Real HTTP servers on 127.0.0.1 for the hotline's tests, each on a port of its own.

A :class:`Site` maps paths to small functions that answer a request however a test needs:
a picture, a page, a redirect, a gzip bomb, a trickle, a hang, bytes that are no HTTP.
Every request is recorded (path and Host header), so a test can prove where the fetcher went.
A hanging answer waits on an event that the site sets when it stops, so no thread outlives it.
"""

from __future__ import annotations

import gzip
import os
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network

from tests.hashing.pictures import encode, jpeg, scene
from vigil.settings import Settings

Answer = Callable[["Handler"], None]
ALLOW_LOOPBACK = (ip_network("127.0.0.1/32"),)
LIMIT = 2_000_000


def make_settings(**overrides: object) -> Settings:
    """Settings that let the fetcher reach 127.0.0.1 (only), with short time-outs."""
    values: dict[str, object] = {
        "fetch_allow_networks": ALLOW_LOOPBACK,
        "fetch_connect_timeout": 1.0,
        "fetch_read_timeout": 0.5,
        "fetch_deadline": 5.0,
        "fetch_max_bytes": LIMIT,
    }
    return Settings(**{**values, **overrides})


@dataclass(frozen=True)
class Seen:
    path: str
    host: str | None
    peer: int = field(default=0, compare=False)  # the client's port: one per connection


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        site = self.server.site
        site.seen.append(Seen(self.path, self.headers.get("Host"), self.client_address[1]))
        answer = site.routes.get(self.path.split("?")[0])
        if answer is None:
            self.send(404, "text/plain", b"no such page")
        else:
            answer(self)

    def send(self, status: int, content_type: str | None, body: bytes, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up on a trickle is what the tests want


class Site:
    """A server on 127.0.0.1 with a route table; ``url(path)`` spells its addresses."""

    def __init__(self, routes: dict[str, Answer], tls: ssl.SSLContext | None = None) -> None:
        self.routes = routes
        self.seen: list[Seen] = []
        self.stopping = threading.Event()
        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.site = self
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.scheme = "https" if tls else "http"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


# -- answers --


def body(content_type: str | None, data: bytes, status: int = 200, **headers: str) -> Answer:
    return lambda h: h.send(status, content_type, data, **headers)


def redirect(location: str | Callable[[Handler], str], status: int = 302) -> Answer:
    def answer(h: Handler) -> None:
        target = location(h) if callable(location) else location
        h.send(status, "text/plain", b"moved", Location=target)

    return answer


def gzip_bomb(size: int) -> Answer:
    """A small gzip body that inflates to ``size`` zero bytes."""
    packed = gzip.compress(b"\0" * size, compresslevel=9)
    return body("image/png", packed, Content_Encoding="gzip")


def endless(chunk: bytes = b"\0" * 65536) -> Answer:
    """A chunked body that never ends (until the client goes)."""

    def answer(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "video/mp4")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        while not h.server.site.stopping.is_set():
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    return answer


def trickle(every: float = 0.05) -> Answer:
    """One byte at a time, each well within the read time-out, forever."""

    def answer(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "image/jpeg")
        h.send_header("Content-Length", "1000000")
        h.end_headers()
        while not h.server.site.stopping.wait(every):
            h.wfile.write(b"x")
            h.wfile.flush()

    return answer


def hang(after_headers: bool) -> Answer:
    """Say nothing (or only the headers) until the site stops."""

    def answer(h: Handler) -> None:
        if after_headers:
            h.send_response(200)
            h.send_header("Content-Type", "image/png")
            h.send_header("Content-Length", "100")
            h.end_headers()
            h.wfile.flush()
        h.server.site.stopping.wait(30)
        h.close_connection = True

    return answer


def truncated(data: bytes, announced: int) -> Answer:
    """Announce ``announced`` bytes, send ``data`` and hang up."""

    def answer(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "image/jpeg")
        h.send_header("Content-Length", str(announced))
        h.end_headers()
        h.wfile.write(data)
        h.close_connection = True

    return answer


def garbage(h: Handler) -> None:
    """Bytes that are no HTTP at all."""
    h.wfile.write(os.urandom(64) + b"\r\n\r\n")
    h.close_connection = True


def echo_host(h: Handler) -> None:
    text = f"<html><body><p>host={h.headers.get('Host')}</p></body></html>".encode()
    h.send(200, "text/html; charset=utf-8", text)


def png(seed: int = 0, width: int = 96, height: int = 64) -> bytes:
    return encode(scene(width, height, seed), "PNG")


__all__ = ["jpeg", "png"]
