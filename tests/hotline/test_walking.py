"""The walk of a reported URL against a real site on 127.0.0.1 full of broken media."""

from collections import Counter
from collections.abc import Iterator

import pytest

from tests.hotline import servers
from tests.hotline.servers import LIMIT, Site, body, make_settings, redirect
from vigil.hotline.fetching import Fetcher, Outcome
from vigil.hotline.walking import explore, fetch_media, media_types, walk

PICTURES = {n: servers.png(seed=10 + n) for n in range(1, 6)}
JPEG = servers.jpeg(seed=20)


def html(*tags: str) -> servers.Answer:
    return body(
        "text/html; charset=utf-8", ("<html><body>" + "".join(tags) + "</body></html>").encode()
    )


ROUTES: dict[str, servers.Answer] = {
    "/": html(
        '<img src="/p1.png" srcset="/p1.png 1x, /p2.png 2x">',
        '<meta property="og:image" content="p3.png">',
        '<a href="/gallery.html">gallery</a>',
        '<a href="/gallery.html#again">gallery again</a>',
        '<a href="http://elsewhere.example/">elsewhere</a>',
        '<a href="/big.jpg">full size</a>',
        '<a href="/no-extension">an image behind a plain link</a>',
        '<a href="/gone.html">a dead page</a>',
        '<img src="/missing.png">',
        '<img src="/corrupt.jpg">',
        '<img src="/truncated.jpg">',
        '<img src="/bomb.png">',
        '<img src="http://10.0.0.1/inside.png">',
        '<img src="/hang.png">',
        '<img src="/actually-a-page.png">',
        '<img src="/moved.png">',
        '<img src="data:image/png;base64,AAAA">',
    ),
    "/gallery.html": html(
        '<img src="/p4.png">', '<img src="/p1.png">', '<a href="/level2.html">on</a>'
    ),
    "/level2.html": html('<img src="/p5.png">'),
    "/p1.png": body("image/png", PICTURES[1]),
    "/p2.png": body("image/png", PICTURES[2]),
    "/p3.png": body("image/png", PICTURES[3]),
    "/p4.png": body("image/png", PICTURES[4]),
    "/p5.png": body("image/png", PICTURES[5]),
    "/big.jpg": body("image/jpeg", JPEG),
    "/no-extension": body("image/jpeg", JPEG),
    "/corrupt.jpg": body("image/jpeg", b"\xff\xd8\xff garbage, no picture"),
    "/truncated.jpg": servers.truncated(JPEG[:200], announced=len(JPEG)),
    "/bomb.png": servers.gzip_bomb(20_000_000),
    "/hang.png": servers.hang(after_headers=False),
    "/actually-a-page.png": html("<p>not a picture</p>"),
    "/moved.png": redirect("/p2.png"),
}


@pytest.fixture
def site() -> Iterator[Site]:
    with Site(dict(ROUTES)) as running:
        yield running


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(make_settings())


def by_path(site, items):
    return {item.url.removeprefix(site.url("")): item for item in items}


def test_a_walk_reads_the_pages_of_the_site_and_fetches_every_media_item_once(site, fetcher):
    result = walk(site.url("/"), fetcher)
    assert result.url == site.url("/") and result.result.fetched
    assert result.result.body is None
    pages = by_path(site, result.pages)
    assert list(pages) == ["/", "/gallery.html", "/gone.html"]
    assert pages["/"].depth == 0 and pages["/gallery.html"].depth == 1
    assert pages["/gone.html"].result.outcome is Outcome.FAILED
    assert all(p.result.body is None for p in result.pages)

    media = by_path(site, result.media)
    assert {path: m.result.outcome for path, m in media.items()} == {
        "/p1.png": Outcome.FETCHED,
        "/p2.png": Outcome.FETCHED,
        "/p3.png": Outcome.FETCHED,
        "/missing.png": Outcome.FAILED,
        "/corrupt.jpg": Outcome.FETCHED,
        "/truncated.jpg": Outcome.FAILED,
        "/bomb.png": Outcome.REFUSED,
        "/hang.png": Outcome.FAILED,
        "/actually-a-page.png": Outcome.REFUSED,
        "/moved.png": Outcome.FETCHED,
        "/big.jpg": Outcome.FETCHED,
        "/no-extension": Outcome.FETCHED,
        "/p4.png": Outcome.FETCHED,
        "http://10.0.0.1/inside.png": Outcome.REFUSED,
    }
    assert media["/p1.png"].result.body == PICTURES[1]
    assert media["/moved.png"].result.body == PICTURES[2]
    assert media["/bomb.png"].result.cause == "too_large"
    assert media["http://10.0.0.1/inside.png"].result.cause == "private"
    assert media["/hang.png"].result.cause == "timeout"
    assert media["/actually-a-page.png"].result.cause == "content_type"
    assert media["/p4.png"].found_on == site.url("/gallery.html")
    assert media["/no-extension"].found_on == site.url("/")
    assert all(m.result.reason for m in result.media if not m.result.fetched)

    requests = Counter(seen.path for seen in site.seen)
    assert requests["/p1.png"] == 1 and requests["/gallery.html"] == 1
    assert "/level2.html" not in requests  # two links deep; the default depth is 1


def test_a_skipped_media_source_is_recorded_on_its_page(site, fetcher):
    page = explore(site.url("/"), fetcher).pages[0]
    assert [s.reason for s in page.skipped] == ["an inline data: URL (the picture is in the page)"]


def test_the_depth_and_page_count_bound_the_walk(site, fetcher):
    deeper = explore(site.url("/"), fetcher, depth=2)
    assert site.url("/level2.html") in [p.url for p in deeper.pages]
    assert site.url("/p5.png") in [m.url for m in deeper.media]
    only_one = explore(site.url("/"), fetcher, max_pages=1)
    assert [p.url for p in only_one.pages] == [site.url("/")]
    assert explore(site.url("/"), Fetcher(make_settings(fetch_link_depth=0))).pages[
        0
    ].url == site.url("/")
    assert len(explore(site.url("/"), Fetcher(make_settings(fetch_link_depth=0))).pages) == 1


def test_exploring_fetches_no_media_until_asked(site, fetcher):
    explored = explore(site.url("/"), fetcher)
    assert all(m.result is None for m in explored.media if m.url != site.url("/no-extension"))
    assert "/p1.png" not in {seen.path for seen in site.seen}
    first = next(fetch_media(explored, fetcher))
    assert first.url == site.url("/p1.png") and first.result.body == PICTURES[1]


def test_a_reported_picture_is_one_media_item(site, fetcher):
    result = walk(site.url("/p3.png"), fetcher)
    assert result.pages == ()
    assert [(m.url, m.found_on) for m in result.media] == [(site.url("/p3.png"), None)]
    assert result.media[0].result is result.result
    assert result.result.body == PICTURES[3]
    assert [seen.path for seen in site.seen] == ["/p3.png"]


def test_a_reported_url_that_fails_ends_the_walk_with_its_reason(site, fetcher):
    result = walk(site.url("/missing.png"), fetcher)
    assert (result.pages, result.media) == ((), ())
    assert result.result.outcome is Outcome.FAILED and "404" in result.result.reason


def test_a_reported_url_that_is_no_web_address_ends_in_a_refusal(fetcher):
    result = walk("javascript:alert(1)", fetcher)
    assert result.url == "javascript:alert(1)"
    assert result.result.outcome is Outcome.REFUSED and result.result.cause == "url"


def test_media_are_fetched_accepting_no_html():
    assert media_types(("image/*", "video/*", "text/html")) == ("image/*", "video/*")


def test_the_walk_keeps_media_bodies_within_the_limit(site, fetcher):
    result = walk(site.url("/"), fetcher)
    assert all(m.result.size <= LIMIT + 1 for m in result.media)
