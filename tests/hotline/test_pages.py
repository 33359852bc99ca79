import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.hotline.pages import css_urls, is_media_file, read_page, srcset_urls

PAGE = "http://site.example/dir/page.html"


def media_of(html: str, url: str = PAGE) -> tuple[str, ...]:
    return read_page(html.encode(), url).media


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<img src="a.png">', "http://site.example/dir/a.png"),
        ('<img src=" /b.jpg\n">', "http://site.example/b.jpg"),
        ('<img data-src="lazy.jpg">', "http://site.example/dir/lazy.jpg"),
        ('<picture><source srcset="p.webp 1x"></picture>', "http://site.example/dir/p.webp"),
        ('<video poster="poster.jpg"></video>', "http://site.example/dir/poster.jpg"),
        ('<video src="clip.mp4"></video>', "http://site.example/dir/clip.mp4"),
        (
            '<video><source src="v.webm" type="video/webm"></video>',
            "http://site.example/dir/v.webm",
        ),
        (
            '<meta property="og:image" content="https://cdn.example/og.jpg">',
            "https://cdn.example/og.jpg",
        ),
        ('<meta property="og:image:secure_url" content="/s.jpg">', "http://site.example/s.jpg"),
        ('<meta property="og:video" content="/v.mp4">', "http://site.example/v.mp4"),
        ('<meta name="twitter:image" content="t.png">', "http://site.example/dir/t.png"),
        ('<link rel="image_src" href="/i.png">', "http://site.example/i.png"),
        ("<div style=\"background: url('bg.gif') no-repeat\">", "http://site.example/dir/bg.gif"),
        (
            '<div style="background-image:URL( &quot;q.png&quot; )">',
            "http://site.example/dir/q.png",
        ),
        ("<style>body { background: url(/css.png) }</style>", "http://site.example/css.png"),
        ('<a href="full/size.JPEG">big</a>', "http://site.example/dir/full/size.JPEG"),
        ('<a href="//other.example/x.mp4">clip</a>', "http://other.example/x.mp4"),
        ('<img src="HTTP://Site.Example:80/./dir/%61.png#x">', "http://site.example/dir/a.png"),
    ],
)
def test_it_finds_the_media_a_page_shows(html, found):
    assert media_of(html) == (found,)


def test_it_finds_every_picture_of_a_srcset():
    html = '<img src="a.jpg" srcset="a.jpg 1x, b.jpg 2x,c,1.jpg 640w, d.jpg (x, y) 3x , e.jpg">'
    assert [m.rsplit("/", 1)[1] for m in media_of(html)] == [
        "a.jpg",
        "b.jpg",
        "c,1.jpg",
        "d.jpg",
        "e.jpg",
    ]


@pytest.mark.parametrize(
    ("srcset", "urls"),
    [
        ("a.jpg", ["a.jpg"]),
        ("a.jpg 1x,b.jpg 2x", ["a.jpg", "b.jpg"]),
        ("a.jpg, b.jpg", ["a.jpg", "b.jpg"]),
        (" , ,a.jpg 100w(x,y), b.jpg", ["a.jpg", "b.jpg"]),
        ("", []),
    ],
)
def test_a_srcset_is_split_as_the_html_standard_splits_it(srcset, urls):
    assert srcset_urls(srcset) == urls


def test_css_urls_are_read_quoted_or_not():
    assert css_urls("a{b:url(x.png)} c{d:url( 'y.png' )} e{f:url(\"z.png\")}") == [
        "x.png",
        "y.png",
        "z.png",
    ]


def test_relative_urls_resolve_against_the_base_element():
    html = '<base href="/assets/"><img src="a.png"><a href="next.html">n</a>'
    page = read_page(html.encode(), PAGE)
    assert page.media == ("http://site.example/assets/a.png",)
    assert page.links == ("http://site.example/assets/next.html",)


def test_links_are_the_pages_anchors_that_are_no_media_files():
    html = (
        '<a href="/a">a</a><a href="mailto:x@y">m</a><a href="b.png">b</a>'
        '<a href="/a#top">a</a><a href="javascript:x">j</a>'
    )
    page = read_page(html.encode(), PAGE)
    assert page.links == ("http://site.example/a",)
    assert page.media == ("http://site.example/dir/b.png",)


def test_duplicates_are_dropped_whatever_their_spelling():
    html = (
        '<img src="a.png"><img src="/dir/a.png"><img src="A.PNG">'
        '<meta property="og:image" content="./a.png">'
    )
    assert media_of(html) == ("http://site.example/dir/a.png", "http://site.example/dir/A.PNG")


def test_a_media_source_that_is_no_web_address_is_recorded_as_skipped():
    html = (
        '<img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)">'
        '<img src="http://[::1"><img src="ok.png">'
    )
    page = read_page(html.encode(), PAGE)
    assert page.media == ("http://site.example/dir/ok.png",)
    reasons = [s.reason for s in page.skipped]
    assert "inline data: URL" in reasons[0]
    assert "only http:// and https://" in reasons[1]
    assert "not a valid URL" in reasons[2]


def test_the_charset_of_the_content_type_is_used_to_read_the_page():
    html = '<img src="café.png">'.encode("latin-1")
    assert read_page(html, PAGE, "iso-8859-1").media == ("http://site.example/dir/caf%C3%A9.png",)
    assert read_page(html, PAGE, "no-such-charset").media == (
        "http://site.example/dir/caf%EF%BF%BD.png",
    )
    assert read_page(html, PAGE, "rot13").media


def test_other_open_graph_properties_are_no_media():
    assert (
        media_of(
            '<meta property="og:image:width" content="600">'
            '<meta property="og:title" content="x.png">'
        )
        == ()
    )


def test_is_media_file_reads_the_path_only():
    assert is_media_file("http://a/x.JPG?size=big")
    assert not is_media_file("http://a/x.html?file=y.jpg")


TAGS = st.sampled_from(
    ["img", "a", "video", "source", "meta", "base", "link", "div", "style", "picture", "p"]
)
ATTRS = st.sampled_from(
    ["src", "srcset", "href", "poster", "content", "property", "style", "rel", "data-src"]
)
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["url(", "http://[", "//", "data:", "../../..", "og:image", "image_src", "%", "a.jpg 1x,"]
    ),
)


@st.composite
def hostile_html(draw: st.DrawFn) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag, attr, value = draw(TAGS), draw(ATTRS), draw(VALUES)
        parts.append(f'<{tag} {attr}="{value}">{draw(st.text(max_size=10))}')
    return "".join(parts).encode("utf-8", "surrogatepass")


@given(
    st.one_of(hostile_html(), st.binary(max_size=300)),
    st.sampled_from([None, "utf-8", "utf-16", "bogus", "hex"]),
)
def test_no_page_makes_the_reader_raise_and_everything_found_is_a_web_address(html, charset):
    page = read_page(html, "https://site.example/a/b", charset)
    for url in page.media + page.links:
        assert url.startswith(("http://", "https://"))
