"""The fetcher against real servers on 127.0.0.1: every hostile answer ends in a result."""

import gzip
import socket
import zlib
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hotline import servers
from tests.hotline.certificates import make_tls
from tests.hotline.servers import LIMIT, Handler, Site, body, make_settings, redirect
from vigil.hotline.fetching import MAX_REDIRECTS, Fetcher, Outcome, resolve

PICTURE = servers.png(seed=1)
JPEG = servers.jpeg(seed=2)


def raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-15)
    return packer.compress(data) + packer.flush()


def to(path: str, host: str = "127.0.0.1") -> servers.Answer:
    """A redirect to ``path`` on this same server, spelled with ``host``."""
    return redirect(lambda h: h.server.site.url(path, host))


ROUTES: dict[str, servers.Answer] = {
    "/picture.png": body("image/png", PICTURE),
    "/photo.jpg": body("image/jpeg; charset=binary", JPEG),
    "/page.html": body(
        "text/html; charset=utf-8", b"<html><body><img src=/picture.png></body></html>"
    ),
    "/text.txt": body("text/plain", b"hello"),
    "/untyped": body(None, PICTURE),
    "/missing": body("text/html", b"gone", status=404),
    "/broken": body("text/html", b"oops", status=500),
    "/no-location": body("text/html", b"", status=302),
    "/corrupt.jpg": body("image/jpeg", b"\xff\xd8\xff\xe0 this is no picture at all"),
    "/cut.jpg": body("image/jpeg", JPEG[: len(JPEG) // 2]),
    "/gzipped.png": body("image/png", gzip.compress(PICTURE), Content_Encoding="gzip"),
    "/deflated.png": body("image/png", zlib.compress(PICTURE), Content_Encoding="deflate"),
    "/raw-deflated.png": body("image/png", raw_deflate(PICTURE), Content_Encoding="deflate"),
    "/cut-gzip.png": body("image/png", gzip.compress(PICTURE)[:500], Content_Encoding="gzip"),
    "/gzip-bomb.png": servers.gzip_bomb(50_000_000),
    "/bad-gzip.png": body(
        "image/png", b"\x1f\x8b\x08\x00 not gzip at all" * 10, Content_Encoding="gzip"
    ),
    "/brotli.png": body("image/png", b"\x0b\x02\x80hello\x03", Content_Encoding="br"),
    "/announced-huge.mp4": servers.truncated(b"\0" * 100, announced=30_000_000),
    "/endless.mp4": servers.endless(),
    "/trickle.jpg": servers.trickle(),
    "/hang-after-headers.png": servers.hang(after_headers=True),
    "/hang.png": servers.hang(after_headers=False),
    "/truncated.jpg": servers.truncated(JPEG[:100], announced=len(JPEG)),
    "/garbage": servers.garbage,
    "/echo-host": servers.echo_host,
    "/chain/1": to("/chain/2"),
    "/chain/2": redirect("/chain/3", status=301),
    "/chain/3": redirect("../picture.png", status=307),
    "/loop/a": to("/loop/b"),
    "/loop/b": to("/loop/a"),
    "/to-private": redirect("http://10.0.0.1/picture.png"),
    "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
    "/to-other-loopback": to("/picture.png", host="127.0.0.2"),
    "/to-hex-loopback": to("/picture.png", host="0x7f.0.0.2"),
    "/to-ipv6-loopback": to("/picture.png", host="[::1]"),
    "/to-mapped-loopback": to("/picture.png", host="[::ffff:127.0.0.1]"),
    "/to-ftp": redirect("ftp://127.0.0.1/picture.png"),
    "/to-javascript": redirect("javascript:alert(1)"),
    "/to-credentials": redirect(lambda h: h.server.site.url("/picture.png", "user:pw@127.0.0.1")),
    "/to-nonsense": redirect("http://[::1/"),
    "/to-echo": redirect("/echo-host"),
}
for hop in range(MAX_REDIRECTS + 3):
    ROUTES[f"/endless/{hop}"] = redirect(f"/endless/{hop + 1}")
ROUTES[f"/endless/{MAX_REDIRECTS}"] = body("image/png", PICTURE)  # reached after 5 redirects
for hop in range(20):
    ROUTES[f"/forever/{hop}"] = redirect(f"/forever/{hop + 1}")


@pytest.fixture
def site() -> Iterator[Site]:
    with Site(dict(ROUTES)) as running:
        yield running


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(make_settings())


def test_it_fetches_a_picture_and_records_what_it_did(site, fetcher):
    result = fetcher.fetch(site.url("/picture.png#top"))
    assert result.outcome is Outcome.FETCHED and result.fetched
    assert result.body == PICTURE
    assert (result.status, result.content_type, result.size) == (200, "image/png", len(PICTURE))
    assert result.address == "127.0.0.1"
    assert result.url == result.final_url == site.url("/picture.png")
    assert result.redirects == ()
    assert result.cause is None and result.reason is None
    assert result.elapsed > 0


def test_the_body_never_shows_in_the_results_text(site, fetcher):
    result = fetcher.fetch(site.url("/photo.jpg"))
    assert result.fetched and result.charset == "binary"
    assert repr(JPEG[:20])[2:-1] not in repr(result)
    assert "body" not in repr(result)


def test_without_the_allow_list_127_0_0_1_is_refused_before_any_connection(site):
    result = Fetcher(make_settings(fetch_allow_networks=())).fetch(site.url("/picture.png"))
    assert result.outcome is Outcome.REFUSED
    assert result.cause == "loopback"
    assert "127.0.0.1 is a loopback address" in result.reason
    assert result.address is None and result.body is None
    assert site.seen == []


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f.1", "0177.0.0.1", "127.1", "[::ffff:127.0.0.1]", "localhost"]
)
def test_every_spelling_of_our_own_machine_is_refused(site, host):
    result = Fetcher(make_settings(fetch_allow_networks=())).fetch(site.url("/picture.png", host))
    assert result.outcome is Outcome.REFUSED
    assert result.cause in {"loopback", "ipv4_mapped"}
    assert site.seen == []


def test_it_follows_redirects_by_hand_and_records_the_chain(site, fetcher):
    result = fetcher.fetch(site.url("/chain/1"))
    assert result.fetched and result.body == PICTURE
    assert result.final_url == site.url("/picture.png")
    assert [(r.url, r.status, r.address) for r in result.redirects] == [
        (site.url("/chain/1"), 302, "127.0.0.1"),
        (site.url("/chain/2"), 301, "127.0.0.1"),
        (site.url("/chain/3"), 307, "127.0.0.1"),
    ]


def test_it_follows_five_redirects_and_refuses_a_sixth(site, fetcher):
    assert fetcher.fetch(site.url("/endless/0")).fetched
    result = fetcher.fetch(site.url("/forever/0"))
    assert result.outcome is Outcome.REFUSED and result.cause == "too_many_redirects"
    assert len([s for s in site.seen if s.path.startswith("/forever/")]) == MAX_REDIRECTS + 1


def test_a_redirect_loop_ends_the_fetch(site, fetcher):
    result = fetcher.fetch(site.url("/loop/a"))
    assert result.outcome is Outcome.FAILED and result.cause == "redirect_loop"
    assert len(site.seen) == 2


@pytest.mark.parametrize(
    ("path", "cause", "target"),
    [
        ("/to-private", "private", "10.0.0.1"),
        ("/to-metadata", "link_local", "169.254.169.254"),
        ("/to-other-loopback", "loopback", "127.0.0.2"),
        ("/to-hex-loopback", "loopback", "127.0.0.2"),
        ("/to-ipv6-loopback", "loopback", "::1"),
        ("/to-mapped-loopback", "ipv4_mapped", "::ffff:7f00:1"),
    ],
)
def test_a_redirect_to_a_forbidden_address_is_refused_before_connecting(
    site, fetcher, path, cause, target
):
    result = fetcher.fetch(site.url(path))
    assert result.outcome is Outcome.REFUSED
    assert result.cause == cause
    assert target in result.reason
    assert result.address is None and result.status is None
    assert len(result.redirects) == 1
    assert [s.path for s in site.seen] == [path]


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/to-ftp", "only http:// and https://"),
        ("/to-javascript", "only http:// and https://"),
        ("/to-credentials", "user name or password"),
        ("/to-nonsense", "not a valid URL"),
    ],
)
def test_a_redirect_to_no_web_address_is_refused(site, fetcher, path, words):
    result = fetcher.fetch(site.url(path))
    assert result.outcome is Outcome.REFUSED and result.cause == "redirect_url"
    assert words in result.reason and "the server redirected to" in result.reason


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/x", "not a url", "http://u:p@127.0.0.1/", "http://1.2.3.999/"]
)
def test_a_reported_url_that_is_no_web_address_is_refused(fetcher, url):
    result = fetcher.fetch(url)
    assert result.outcome is Outcome.REFUSED and result.cause == "url"
    assert result.url == url and result.reason


class Rebinding:
    """A DNS server that answers a checked address first, a private one afterwards."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        return self.answers[min(len(self.asked), len(self.answers)) - 1]


def test_a_name_is_resolved_once_and_the_connection_goes_to_the_checked_address(site):
    resolver = Rebinding(["127.0.0.1"], ["10.0.0.1"])
    fetcher = Fetcher(make_settings(), resolver=resolver)
    result = fetcher.fetch(site.url("/to-echo", "Rebind.Example"))
    assert result.fetched
    assert resolver.asked == [("rebind.example", site.port)]
    assert result.address == "127.0.0.1"
    assert f"host=rebind.example:{site.port}".encode() in result.body
    assert [s.host for s in site.seen] == [f"rebind.example:{site.port}"] * 2


def connections(site: Site) -> int:
    return len({seen.peer for seen in site.seen})


def test_each_fetch_opens_its_own_connection_unless_they_are_kept(site, fetcher):
    for _ in range(3):
        assert fetcher.fetch(site.url("/picture.png")).fetched
    assert connections(site) == 3
    site.seen.clear()
    with fetcher.keeping_connections():
        for path in ("/picture.png", "/page.html", "/photo.jpg", "/picture.png"):
            assert fetcher.fetch(site.url(path)).fetched
    assert len(site.seen) == 4 and connections(site) == 1


def test_a_kept_connection_serves_only_its_own_host_name(site):
    fetcher = Fetcher(make_settings(), resolver=lambda host, port: ["127.0.0.1"])
    with fetcher.keeping_connections():
        for host in ("one.example", "two.example", "one.example", "127.0.0.1"):
            assert fetcher.fetch(site.url("/echo-host", host)).fetched
    by_host = {seen.host: seen.peer for seen in site.seen}
    assert len(by_host) == 3 and connections(site) == 3
    assert site.seen[0].peer == site.seen[2].peer


def test_a_kept_connection_does_not_skip_the_checks_of_the_next_fetch(site):
    resolver = Rebinding(["127.0.0.1"], ["10.0.0.1"])
    fetcher = Fetcher(make_settings(), resolver=resolver)
    with fetcher.keeping_connections():
        assert fetcher.fetch(site.url("/picture.png", "rebind.example")).fetched
        again = fetcher.fetch(site.url("/picture.png", "rebind.example"))
    assert again.outcome is Outcome.REFUSED and again.cause == "private"
    assert len(site.seen) == 1


def test_an_answer_cut_short_closes_its_kept_connection_and_the_next_fetch_works(site):
    fetcher = Fetcher(make_settings(fetch_max_bytes=1000))
    with fetcher.keeping_connections():
        assert fetcher.fetch(site.url("/endless.mp4")).cause == "too_large"
        assert fetcher.fetch(site.url("/text.txt"), accept=["text/plain"]).body == b"hello"
    assert connections(site) == 2


def test_a_name_with_one_forbidden_address_among_allowed_ones_is_refused(site):
    resolver = Rebinding(["127.0.0.1", "10.1.2.3"])
    result = Fetcher(make_settings(), resolver=resolver).fetch(
        site.url("/picture.png", "mixed.example")
    )
    assert result.outcome is Outcome.REFUSED and result.cause == "private"
    assert "mixed.example resolves to 10.1.2.3: 10.1.2.3 is a private address" in result.reason
    assert site.seen == []


@pytest.mark.parametrize(
    ("resolver", "words"),
    [
        (lambda host, port: [], "has no address"),
        (lambda host, port: ["not-an-address"], "which are no addresses"),
        (
            lambda host, port: (_ for _ in ()).throw(
                socket.gaierror(-2, "Name or service not known")
            ),
            "could not be resolved",
        ),
    ],
)
def test_a_name_that_does_not_resolve_fails_with_the_reason(resolver, words):
    result = Fetcher(make_settings(), resolver=resolver).fetch("http://nowhere.example/a.png")
    assert result.outcome is Outcome.FAILED and result.cause == "dns"
    assert words in result.reason


def test_the_system_resolver_answers_addresses_as_text():
    assert resolve("127.0.0.1", 80) == ["127.0.0.1"]


@pytest.mark.parametrize(
    ("path", "outcome", "cause", "words"),
    [
        ("/announced-huge.mp4", Outcome.REFUSED, "too_large", "announced 30000000 bytes"),
        ("/endless.mp4", Outcome.REFUSED, "too_large", f"more than {LIMIT} bytes arrived"),
        ("/gzip-bomb.png", Outcome.REFUSED, "too_large", "came out of decompression"),
        ("/brotli.png", Outcome.REFUSED, "content_encoding", "'br'"),
        ("/bad-gzip.png", Outcome.FAILED, "corrupt", "gzip body is corrupt"),
        ("/cut-gzip.png", Outcome.FAILED, "corrupt", "ends before its compressed end"),
        ("/text.txt", Outcome.REFUSED, "content_type", "text/plain, which is not accepted"),
        ("/untyped", Outcome.REFUSED, "content_type", "no Content-Type"),
        ("/missing", Outcome.FAILED, "status", "404 Not Found"),
        ("/broken", Outcome.FAILED, "status", "500 Internal Server Error"),
        ("/no-location", Outcome.FAILED, "status", "302"),
        ("/truncated.jpg", Outcome.FAILED, "protocol", "broke the HTTP protocol"),
        ("/garbage", Outcome.FAILED, "protocol", "broke the HTTP protocol"),
        ("/hang.png", Outcome.FAILED, "timeout", "sent nothing for 0.5 s"),
        ("/hang-after-headers.png", Outcome.FAILED, "timeout", "sent nothing for 0.5 s"),
    ],
)
def test_a_hostile_or_broken_answer_ends_in_a_recorded_state_with_a_reason(
    site, fetcher, path, outcome, cause, words
):
    result = fetcher.fetch(site.url(path))
    assert (result.outcome, result.cause) == (outcome, cause), result.reason
    assert words in result.reason
    assert result.body is None
    assert result.size <= LIMIT + 1


def test_a_gzip_bomb_stops_at_the_limit_without_inflating_the_rest(site, fetcher):
    result = fetcher.fetch(site.url("/gzip-bomb.png"))
    assert result.cause == "too_large"
    assert LIMIT < result.size <= LIMIT + 1


def test_a_slow_trickle_is_cut_by_the_deadline(site):
    result = Fetcher(make_settings(fetch_deadline=1.0)).fetch(site.url("/trickle.jpg"))
    assert (result.outcome, result.cause) == (Outcome.FAILED, "deadline")
    assert 0 < result.size < 1_000_000


def test_a_closed_port_fails_as_a_refused_connection(fetcher):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetcher.fetch(f"http://127.0.0.1:{port}/picture.png")
    assert (result.outcome, result.cause) == (Outcome.FAILED, "connection")
    assert "127.0.0.1" in result.reason


@pytest.mark.parametrize("path", ["/gzipped.png", "/deflated.png", "/raw-deflated.png"])
def test_a_compressed_body_is_read_decompressed(site, fetcher, path):
    result = fetcher.fetch(site.url(path))
    assert result.fetched and result.body == PICTURE and result.size == len(PICTURE)


def test_corrupt_and_cut_pictures_are_fetched_as_sent_for_hashing_to_judge(site, fetcher):
    corrupt, cut = fetcher.fetch(site.url("/corrupt.jpg")), fetcher.fetch(site.url("/cut.jpg"))
    assert corrupt.fetched and corrupt.body.startswith(b"\xff\xd8")
    assert cut.fetched and cut.size == len(JPEG) // 2


def test_the_accepted_media_types_can_be_narrowed_per_fetch(site, fetcher):
    result = fetcher.fetch(site.url("/page.html"), accept=("image/*", "video/*"))
    assert (result.outcome, result.cause) == (Outcome.REFUSED, "content_type")
    assert fetcher.fetch(site.url("/page.html")).fetched


def test_over_https_the_name_goes_in_sni_and_the_certificate_is_checked_against_it(tmp_path):
    server_tls, client_tls = make_tls("hotline.example", tmp_path)
    names: list[str | None] = []
    server_tls.sni_callback = lambda sock, name, ctx: names.append(name)
    with Site({"/picture.png": body("image/png", PICTURE)}, tls=server_tls) as secure:
        fetcher = Fetcher(
            make_settings(), resolver=lambda h, p: ["127.0.0.1"], ssl_context=client_tls
        )
        result = fetcher.fetch(secure.url("/picture.png", "hotline.example"))
        assert result.fetched and result.body == PICTURE and result.address == "127.0.0.1"
        assert names == ["hotline.example"]
        assert secure.seen[0].host == f"hotline.example:{secure.port}"

        other = fetcher.fetch(secure.url("/picture.png", "other.example"))
        assert (other.outcome, other.cause) == (Outcome.FAILED, "connection")
        assert "certificate" in other.reason.lower()
        assert len(secure.seen) == 1


class Scripted:
    """A server that answers whatever bytes a test draws."""

    payload = b""


def _scripted(h: Handler) -> None:
    h.wfile.write(Scripted.payload)
    h.close_connection = True


HEADS = [
    b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n",
    b"HTTP/1.1 302 Found\r\nLocation: ",
    b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: image/png\r\n"
    b"Content-Length: 5\r\n",
    b"",
]


@pytest.fixture(scope="module")
def scripted_site() -> Iterator[Site]:
    with Site({"/x": _scripted}) as running:
        yield running


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(head=st.sampled_from(HEADS), tail=st.binary(max_size=200))
def test_whatever_bytes_a_server_sends_the_fetcher_returns_a_result(scripted_site, head, tail):
    Scripted.payload = head + tail
    result = Fetcher(make_settings(fetch_deadline=2.0)).fetch(scripted_site.url("/x"))
    assert result.outcome in set(Outcome)
    assert (result.reason is None) == (result.outcome is Outcome.FETCHED)
