"""A fetcher that cannot be turned against our own network.

A reported URL is chosen by a stranger. Before each request the fetcher:

1. normalises the URL (:mod:`vigil.hotline.urls`): only http and https, no credentials;
2. resolves the host name ONCE, through the injectable resolver, and checks every address
   it answers against the rules of :mod:`vigil.hotline.addresses`; one forbidden address
   refuses the host;
3. connects to a checked address itself (the URL's host replaced by the address), keeping
   the name for the ``Host`` header and, over https, for SNI and the certificate check, so
   that no second resolution, which a rebinding DNS server could answer differently,
   ever happens.

Redirects are followed by hand, each hop normalised and checked the same way, at most
:data:`MAX_REDIRECTS`; a loop ends the fetch. Each request opens its own connection, unless
the caller asked to keep them (:meth:`Fetcher.keeping_connections`, the crawler does for a
site): then a connection is reused only for the same scheme, checked address, host name and
port, and only after that request's own resolution and checks allowed that address,
so that a connection made for one host name is never reused for another; an answer not
read to its end (a redirect's body, a refusal) closes its connection. Limits (settings): bytes per
response, counted as they arrive and after decompression; connect and read time-outs; a
deadline for the whole fetch (overshot by at most one read, which is itself cut to the time
left when the hop starts); the accepted media types; the User-Agent. Proxies and other
settings of the environment are ignored. The system resolver keeps its own time-outs
(resolv.conf): the deadline does not cut a resolution short.

:meth:`Fetcher.fetch` never raises for what a server or the network does: it returns a
:class:`FetchResult` whose outcome is ``fetched``, ``refused`` (a rule said no: an address,
a limit, a media type, a URL) or ``failed`` (the network or the server did: a time-out, a
refused connection, an error status), with a reason in plain words. Bodies stay in memory.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NoReturn
from urllib.parse import urljoin, urlsplit

import httpx

from vigil.errors import InputError
from vigil.hotline import bodies
from vigil.hotline.addresses import IPAddress, parse_address, read_address, refusal
from vigil.hotline.urls import normalise
from vigil.settings import Settings

MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}

Resolver = Callable[[str, int], Sequence[str]]
"""Given a host name and a port, return the addresses to connect to, as text."""


def resolve(host: str, port: int) -> list[str]:
    """The system resolver's answer (``socket.getaddrinfo``), in its order, once each."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(answer[4][0]) for answer in answers))


class Outcome(StrEnum):
    FETCHED = "fetched"
    REFUSED = "refused"  # a rule said no: an address, a limit, a media type, a URL
    FAILED = "failed"  # the network or the server did: a time-out, an error status


@dataclass(frozen=True)
class Redirect:
    """One hop that answered with a redirect: the URL asked, its status, the address."""

    url: str
    status: int
    address: str | None


@dataclass(frozen=True)
class FetchResult:
    """What one fetch did. ``body`` is set only when the outcome is ``fetched``.

    ``cause`` is a short code: for ``refused`` the address rule (``loopback``, ...) or
    ``url``, ``redirect_url``, ``too_many_redirects``, ``content_type``,
    ``content_encoding``, ``too_large``; for ``failed`` ``dns``, ``connection``,
    ``timeout``, ``deadline``, ``protocol``, ``corrupt``, ``status``, ``redirect_loop``.
    ``reason`` says the same in plain words (which rule refused which address)."""

    url: str
    outcome: Outcome
    final_url: str
    cause: str | None = None
    reason: str | None = None
    address: str | None = None
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    size: int = 0
    elapsed: float = 0.0
    redirects: tuple[Redirect, ...] = ()
    body: bytes | None = field(default=None, repr=False)

    @property
    def fetched(self) -> bool:
        return self.outcome is Outcome.FETCHED


class _Stop(Exception):
    def __init__(self, outcome: Outcome, cause: str, reason: str) -> None:
        super().__init__(reason)
        self.outcome, self.cause, self.reason = outcome, cause, reason


def _refuse(cause: str, reason: str) -> NoReturn:
    raise _Stop(Outcome.REFUSED, cause, reason)


def _fail(cause: str, reason: str) -> NoReturn:
    raise _Stop(Outcome.FAILED, cause, reason)


@dataclass
class _Trail:
    """What a fetch has seen so far; it becomes the result however the fetch ends."""

    url: str
    started: float
    deadline: float
    final_url: str = ""
    address: str | None = None
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    counter: bodies.Counter = field(default_factory=bodies.Counter)
    resolved: dict[str, list[IPAddress]] = field(default_factory=dict)
    redirects: list[Redirect] = field(default_factory=list)

    def result(
        self,
        outcome: Outcome,
        cause: str | None = None,
        reason: str | None = None,
        body: bytes | None = None,
    ) -> FetchResult:
        return FetchResult(
            url=self.url,
            outcome=outcome,
            final_url=self.final_url or self.url,
            cause=cause,
            reason=reason,
            address=self.address,
            status=self.status,
            content_type=self.content_type,
            charset=self.charset,
            size=self.counter.decoded,
            elapsed=time.monotonic() - self.started,
            redirects=tuple(self.redirects),
            body=body,
        )

    def left(self) -> float:
        """Seconds left before the deadline; fail when none are."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            _fail("deadline", "the fetch took longer than its deadline")
        return left


_Kept = dict[tuple[str, str, str], httpx.HTTPTransport]
"""Open connections by (scheme, address, host name and port), while a caller keeps them."""


class Fetcher:
    """Fetch reported URLs by the rules of the module docstring. Safe to share between
    threads: it keeps no state between fetches, except the connections that one thread
    asked to keep (:meth:`keeping_connections`), which are that thread's own."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: Resolver = resolve,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``resolver`` answers host names (tests inject their own); ``ssl_context``
        verifies certificates (default: httpx's, with certifi's authorities)."""
        self.settings = settings
        self.resolver = resolver
        self.ssl_context = ssl_context or httpx.create_ssl_context(trust_env=False)
        self._local = threading.local()

    @contextmanager
    def keeping_connections(self) -> Iterator[None]:
        """Within the block, this thread's fetches keep their connections open and reuse
        them (keep-alive) for the next request to the same checked address and name; all
        are closed when it ends. For a crawl of one site: a new connection per page was
        73% of the crawler's time (benchmarks/bench_crawl.py). Every request is still
        resolved and checked first; only the connection is reused."""
        if getattr(self._local, "kept", None) is not None:
            yield  # an outer block keeps them already
            return
        kept: _Kept = {}
        self._local.kept = kept
        try:
            yield
        finally:
            self._local.kept = None
            for transport in kept.values():
                transport.close()

    def fetch(self, url: str, *, accept: Sequence[str] | None = None) -> FetchResult:
        """Fetch ``url`` (any spelling) and return what happened; never raise for what a
        server, a resolver or the network does. ``accept`` narrows the media types
        (default: ``VIGIL_FETCH_CONTENT_TYPES``)."""
        started = time.monotonic()
        trail = _Trail(url=url, started=started, deadline=started + self.settings.fetch_deadline)
        try:
            trail.url = trail.final_url = _normal(url)
            kinds = self.settings.fetch_content_types if accept is None else accept
            body = self._follow(trail, kinds)
        except _Stop as stop:
            return trail.result(stop.outcome, stop.cause, stop.reason)
        return trail.result(Outcome.FETCHED, body=body)

    def _follow(self, trail: _Trail, accept: Sequence[str]) -> bytes:
        seen = {trail.final_url}
        while True:
            response_or_body = self._hop(trail, accept)
            if isinstance(response_or_body, bytes):
                return response_or_body
            trail.final_url = _redirect_target(trail.final_url, response_or_body)
            if trail.final_url in seen:
                _fail("redirect_loop", f"the redirects came back to {trail.final_url}")
            if len(trail.redirects) > MAX_REDIRECTS:
                _refuse("too_many_redirects", f"more than {MAX_REDIRECTS} redirects")
            seen.add(trail.final_url)

    def _hop(self, trail: _Trail, accept: Sequence[str]) -> bytes | str:
        """Request ``trail.final_url``: return the body, or the Location of a redirect."""
        trail.address = trail.status = trail.content_type = trail.charset = None
        parts = urlsplit(trail.final_url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        addresses = self._checked_addresses(trail, host, port)
        sni = host if parts.scheme == "https" and _is_name(host) else None
        for index, address in enumerate(addresses):
            try:
                return self._request(trail, address, parts.netloc, sni, accept)
            except _Stop as stop:
                if stop.cause != "connection" or index == len(addresses) - 1:
                    raise
        raise AssertionError("unreachable: a host has at least one address")

    def _checked_addresses(self, trail: _Trail, host: str, port: int) -> list[IPAddress]:
        """The host's addresses, resolved once per fetch; refuse the host if any is forbidden."""
        literal = None if _is_name(host) else parse_address(f"[{host}]" if ":" in host else host)
        if literal is None and host not in trail.resolved:
            trail.resolved[host] = self._resolve(host, port)
        answers = [literal] if literal is not None else trail.resolved[host]
        for address in answers:
            refused = refusal(address, self.settings.fetch_allow_networks)
            if refused is not None:
                said = "" if literal is not None else f"{host} resolves to {address}: "
                _refuse(refused.rule, f"{said}{refused.reason}; the fetcher does not go there")
        return answers

    def _resolve(self, host: str, port: int) -> list[IPAddress]:
        try:
            answers = list(self.resolver(host, port))
        except (OSError, UnicodeError) as exc:
            _fail("dns", f"the name {host} could not be resolved ({exc})")
        if not answers:
            _fail("dns", f"the name {host} has no address")
        try:
            return [read_address(answer) for answer in answers]
        except ValueError:
            _fail("dns", f"the resolver answered {answers!r} for {host}, which are no addresses")

    def _request(
        self,
        trail: _Trail,
        address: IPAddress,
        netloc: str,
        sni: str | None,
        accept: Sequence[str],
    ) -> bytes | str:
        """One request to ``address``; the name travels in Host and, over https, in SNI.

        It goes straight to an httpx transport: the client would read a Location header
        itself (and can raise on a malformed one), and would pool connections by address."""
        request = httpx.Request(
            "GET",
            httpx.URL(trail.final_url).copy_with(host=str(address)),
            headers={
                "Host": netloc,
                "User-Agent": self.settings.fetch_user_agent,
                "Accept": ", ".join(accept),
                "Accept-Encoding": bodies.ACCEPT_ENCODING,
            },
            extensions={"timeout": self._timeouts(trail)} | ({"sni_hostname": sni} if sni else {}),
        )
        kept: _Kept | None = getattr(self._local, "kept", None)
        try:
            if kept is None:
                with self._transport() as transport:
                    return self._send(trail, transport, request, accept)
            key = (request.url.scheme, str(address), netloc)
            if key not in kept:
                kept[key] = self._transport()
            return self._send(trail, kept[key], request, accept)
        except httpx.HTTPError as exc:
            if isinstance(exc, httpx.TimeoutException):
                trail.left()  # the deadline, when it is what cut the wait short
            _fail(*_network_failure(exc, address, self.settings))

    def _transport(self) -> httpx.HTTPTransport:
        return httpx.HTTPTransport(verify=self.ssl_context, trust_env=False)

    def _send(
        self,
        trail: _Trail,
        transport: httpx.HTTPTransport,
        request: httpx.Request,
        accept: Sequence[str],
    ) -> bytes | str:
        response = transport.handle_request(request)
        try:
            return self._answer(trail, response, accept)
        finally:
            response.close()

    def _timeouts(self, trail: _Trail) -> dict[str, float]:
        """One hop's time-outs, cut to the time left before the deadline."""
        left = trail.left()
        connect = min(self.settings.fetch_connect_timeout, left)
        read = min(self.settings.fetch_read_timeout, left)
        return {"connect": connect, "read": read, "write": read, "pool": connect}

    def _answer(
        self, trail: _Trail, response: httpx.Response, accept: Sequence[str]
    ) -> bytes | str:
        """The body of a good answer, or the Location of a redirect; stop otherwise."""
        peer = response.extensions["network_stream"].get_extra_info("server_addr")
        trail.address = str(peer[0]) if peer else None
        trail.status = response.status_code
        trail.content_type, trail.charset = _media_type(response.headers.get("content-type"))
        if response.status_code in REDIRECTS and "location" in response.headers:
            trail.redirects.append(Redirect(trail.final_url, response.status_code, trail.address))
            return response.headers["location"]
        if not 200 <= response.status_code < 300:
            _fail("status", f"the server answered {response.status_code} {response.reason_phrase}")
        _check_type(trail.content_type, accept)
        _check_length(response.headers.get("content-length"), self.settings.fetch_max_bytes)
        return _read(trail, response, self.settings.fetch_max_bytes)


def _normal(url: str) -> str:
    try:
        return normalise(url)
    except InputError as exc:
        _refuse("url", exc.message)


def _redirect_target(base: str, location: str) -> str:
    """The normalised URL a Location header points to, relative to ``base``."""
    try:
        return normalise(urljoin(base, location.strip()))
    except InputError as exc:
        _refuse("redirect_url", f"the server redirected to '{location}': {exc.message}")
    except ValueError:
        _refuse("redirect_url", f"the server redirected to '{location}', which is not a valid URL")


def _is_name(host: str) -> bool:
    try:
        return parse_address(f"[{host}]" if ":" in host else host) is None
    except ValueError:
        return False


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """('image/jpeg', None) from 'image/jpeg', ('text/html', 'utf-8') from '...; charset=UTF-8'."""
    if not header:
        return None, None
    kind, *params = (part.strip() for part in header.split(";"))
    charset = None
    for key, _, value in (param.partition("=") for param in params):
        if key.strip().lower() == "charset":
            charset = value.strip("\"' ").lower() or None
    return kind.lower() or None, charset


def _check_type(kind: str | None, accept: Sequence[str]) -> None:
    if kind is None:
        _refuse("content_type", "the server did not say what it sent (no Content-Type)")
    if not any(kind == a or (a.endswith("/*") and kind.startswith(a[:-1])) for a in accept):
        _refuse(
            "content_type", f"the server sent {kind}, which is not accepted ({', '.join(accept)})"
        )


def _check_length(header: str | None, limit: int) -> None:
    if header is not None and header.strip().isdigit() and int(header) > limit:
        _refuse(
            "too_large", f"the server announced {int(header)} bytes, more than the limit of {limit}"
        )


def _read(trail: _Trail, response: httpx.Response, limit: int) -> bytes:
    def chunks() -> Iterator[bytes]:
        for chunk in response.iter_raw():
            trail.left()
            yield chunk

    try:
        return bodies.read_within(
            chunks(), response.headers.get("content-encoding", ""), limit, trail.counter
        )
    except bodies.BodyError as exc:
        stop = _refuse if exc.cause in {"too_large", "content_encoding"} else _fail
        stop(exc.cause, exc.reason)


def _network_failure(
    exc: httpx.HTTPError, address: IPAddress, settings: Settings
) -> tuple[str, str]:
    """The (cause, reason) of what httpx raised."""
    if isinstance(exc, httpx.ConnectTimeout):
        return "timeout", f"no connection to {address} within {settings.fetch_connect_timeout} s"
    if isinstance(exc, httpx.TimeoutException):
        return (
            "timeout",
            f"the server at {address} sent nothing for {settings.fetch_read_timeout} s",
        )
    if isinstance(exc, httpx.ConnectError):
        return "connection", f"could not connect to {address}: {exc}"
    if isinstance(exc, httpx.ProtocolError):
        return "protocol", f"the server at {address} broke the HTTP protocol: {exc}"
    return "connection", f"the connection to {address} broke: {exc}"
