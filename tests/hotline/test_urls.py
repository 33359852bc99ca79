import string
from ipaddress import IPv4Address

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from vigil.errors import InputError
from vigil.hotline.urls import normalise, remove_dot_segments


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("HTTP://Example.COM/", "http://example.com/"),
        ("http://example.com", "http://example.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        ("https://example.com:08443/a", "https://example.com:8443/a"),
        ("http://example.com/a#top", "http://example.com/a"),
        ("http://example.com/a?", "http://example.com/a"),
        ("http://example.com/%7euser/%41%62c", "http://example.com/~user/Abc"),
        ("http://example.com/a%2fb%3f?q=%3d%2b", "http://example.com/a%2Fb%3F?q=%3D%2B"),
        ("http://example.com/a/./b/../c/", "http://example.com/a/c/"),
        ("http://example.com/../../a", "http://example.com/a"),
        ("http://example.com/a/%2E%2e/b", "http://example.com/b"),
        ("http://example.com/a b/ä", "http://example.com/a%20b/%C3%A4"),
        ("http://example.com/100%", "http://example.com/100%25"),
        ("http://example.com/?q=a b&r=é", "http://example.com/?q=a%20b&r=%C3%A9"),
        ("https://Bücher.Example/", "https://xn--bcher-kva.example/"),
        ("https://ＢＵＣＨＥＲ。example/", "https://bucher.example/"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://2130706433/", "http://127.0.0.1/"),
        ("http://0177.0.0.1:8080/", "http://127.0.0.1:8080/"),
        ("http://[::FFFF:7F00:1]/", "http://[::ffff:7f00:1]/"),
        ("http://[2001:DB8:0:0::1]:80/", "http://[2001:db8::1]/"),
        ("  http://example.com/\n", "http://example.com/"),
        ("http://exa\tmple.com/", "http://example.com/"),
        ("http://example.com\\a\\b?c\\d", "http://example.com/a/b?c%5Cd"),
        ("http://%65xample.com/", "http://example.com/"),
    ],
)
def test_it_writes_a_url_in_its_canonical_spelling(raw, normal):
    assert normalise(raw) == normal


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("ftp://example.com/a.jpg", "only http:// and https:// URLs"),
        ("javascript:alert(1)", "only http:// and https:// URLs"),
        ("file:///etc/passwd", "only http:// and https:// URLs"),
        ("data:image/png;base64,AAAA", "only http:// and https:// URLs"),
        ("example.com/a.jpg", "has no scheme"),
        ("//example.com/a.jpg", "has no scheme"),
        ("http://user:secret@example.com/", "user name or password"),
        ("http://user@example.com/", "user name or password"),
        ("http://example.com\\@127.0.0.1/", None),
        ("http:///a", "has no host name"),
        ("http://", "has no host name"),
        ("http://example.com:0/", "not a number from 1 to 65535"),
        ("http://example.com:65536/", "not a number from 1 to 65535"),
        ("http://example.com:http/", "not a number from 1 to 65535"),
        ("http://1.2.3.256/", "looks like an IP address but is not one"),
        ("http://[::1/", "is not a valid URL"),
        ("http://[fe80::1%25eth0]/", "looks like an IP address"),
        ("http://exa mple.com/", "not a valid domain name"),
        ("http://-x.xn--a.example/", None),
        ("http://a..b/", "not a valid domain name"),
        ("http://" + "a" * 64 + ".example/", "not a valid domain name"),
        ("http://ex%ffample/", "not valid UTF-8"),
        ("http://☃_.example/", "not a valid domain name"),
    ],
)
def test_it_refuses_what_is_no_web_address_with_a_message_on_the_url_field(raw, message):
    if message is None:  # accepted as a harmless reading, like a browser's
        assert normalise(raw).startswith("http://")
        return
    with pytest.raises(InputError, match=message) as caught:
        normalise(raw)
    assert caught.value.field == "url"
    assert caught.value.values["url"] == raw
    assert "%(url)s" in caught.value.template


def test_a_backslash_before_an_at_sign_is_read_as_a_browser_reads_it():
    # Browsers read "\" as "/" in http URLs: the host is example.com, not 127.0.0.1.
    assert normalise("http://example.com\\@127.0.0.1/") == "http://example.com/@127.0.0.1/"


@pytest.mark.parametrize(
    ("path", "clean"),
    [
        ("/a/b/c/./../../g", "/a/g"),
        ("/mid/content=5/../6", "/mid/6"),
        ("/.", "/"),
        ("/..", "/"),
        ("/a/.", "/a/"),
        ("/a/..", "/"),
        ("/a//b/../c", "/a//c"),
        ("", ""),
    ],
)
def test_dot_segments_are_removed_as_rfc_3986_says(path, clean):
    assert remove_dot_segments(path) == clean


LABEL = st.text(string.ascii_letters + string.digits, min_size=1, max_size=12).filter(
    lambda label: not label.isdigit() and not label.lower().startswith("0x")
)
UNICODE_LABEL = st.text(st.sampled_from("abcdeéüößçñøåλж"), min_size=1, max_size=8)
SEGMENT = st.text(
    st.characters(codec="utf-8", exclude_characters="/?#\\", exclude_categories=("Cs",)),
    max_size=8,
)
QUERY = st.text(
    st.characters(codec="utf-8", exclude_characters="#", exclude_categories=("Cs",)), max_size=16
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    host = draw(
        st.one_of(
            st.lists(st.one_of(LABEL, UNICODE_LABEL), min_size=1, max_size=4).map(".".join),
            st.ip_addresses(v=4).map(str),
            st.ip_addresses(v=6).map(lambda a: f"[{a}]"),
        )
    )
    port = draw(st.one_of(st.none(), st.integers(1, 65535)))
    segments = draw(st.lists(st.one_of(SEGMENT, st.sampled_from([".", ".."])), max_size=5))
    query = draw(st.one_of(st.none(), QUERY))
    fragment = draw(st.one_of(st.none(), QUERY))
    return (
        f"{scheme}://{host}"
        + (f":{port}" if port else "")
        + "".join("/" + s for s in segments)
        + (f"?{query}" if query is not None else "")
        + (f"#{fragment}" if fragment is not None else "")
    )


def _normalise_or_none(raw: str) -> str | None:
    try:
        return normalise(raw)
    except InputError:
        return None


@given(st.one_of(urls(), st.text(max_size=60), st.text(max_size=40).map(lambda t: "http://" + t)))
@example("http://a/%2525")
@example("http://a/%%34%31")
@example("HTTP://²")  # a name that IDNA turns into a number
def test_normalising_twice_changes_nothing(raw):
    once = _normalise_or_none(raw)
    if once is not None:
        assert normalise(once) == once


@given(urls())
def test_a_url_normalises_to_text_that_is_a_valid_request_target(raw):
    normal = _normalise_or_none(raw)
    if normal is not None:
        assert normal.isascii()
        assert "#" not in normal and " " not in normal
        assert normal.startswith(("http://", "https://"))


@st.composite
def respellings(draw: st.DrawFn) -> tuple[str, str]:
    """A plain URL, and the same URL spelled differently in every way the rules allow."""
    scheme = draw(st.sampled_from(["http", "https"]))
    labels = draw(st.lists(LABEL, min_size=1, max_size=3))
    address = draw(st.one_of(st.none(), st.ip_addresses(v=4)))
    segments = draw(
        st.lists(st.text(string.ascii_letters + "-._~", min_size=1, max_size=6), max_size=4)
    )
    segments = [s for s in segments if s not in {".", ".."}]
    plain_host = str(address) if address else ".".join(labels).lower()
    plain = f"{scheme}://{plain_host}/" + "/".join(segments)

    host = _respell_address(draw, address) if address else _random_case(draw, ".".join(labels))
    port = draw(
        st.sampled_from(
            [
                "",
                ":80" if scheme == "http" else ":443",
                ":0" + ("80" if scheme == "http" else "443"),
            ]
        )
    )
    path = "".join("/" + _respell_segment(draw, s) for s in segments) or draw(
        st.sampled_from(["", "/"])
    )
    if draw(st.booleans()):
        path = "/./x/.." + path
    fragment = draw(st.sampled_from(["", "#", "#part"]))
    return plain, f"{_random_case(draw, scheme)}://{host}{port}{path}{fragment}"


def _random_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c for c, flip in zip(text, flips, strict=True))


def _respell_segment(draw: st.DrawFn, segment: str) -> str:
    encode = draw(st.lists(st.booleans(), min_size=len(segment), max_size=len(segment)))
    hex_case = draw(st.sampled_from([str.upper, str.lower]))
    return "".join(
        "%" + hex_case(f"{ord(c):02x}") if e else c for c, e in zip(segment, encode, strict=True)
    )


def _respell_address(draw: st.DrawFn, address: IPv4Address) -> str:
    value = int(address)
    octets = [int(x) for x in str(address).split(".")]
    return draw(
        st.sampled_from(
            [
                str(value),
                hex(value),
                ".".join("0" + oct(o)[2:] for o in octets),
                f"{octets[0]}.{value & 0xFFFFFF}",
                f"{octets[0]}.{octets[1]}.{value & 0xFFFF}",
            ]
        )
    )


@given(respellings())
def test_two_spellings_of_the_same_url_normalise_to_the_same_text(pair):
    plain, respelled = pair
    assert normalise(respelled) == normalise(plain)
