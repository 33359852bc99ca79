import gzip
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.hotline.bodies import BodyError, Counter, Inflater, read_within


def pieces(data: bytes, size: int = 65536) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_a_gzip_bomb_is_never_inflated_past_the_limit():
    bomb = gzip.compress(b"\0" * 200_000_000, compresslevel=9)  # 200 MB in about 200 KB
    inflater = Inflater("gzip")
    largest = max(len(inflater.inflate(chunk, 1001)) for chunk in pieces(bomb)[:3])
    assert largest <= 1001
    counter = Counter()
    with pytest.raises(BodyError, match="more than 1000000 bytes came out of decompression"):
        read_within(pieces(bomb), "gzip", 1_000_000, counter)
    assert counter.decoded == 1_000_001
    assert counter.received < len(bomb)


def test_raw_bytes_are_counted_as_they_arrive():
    counter = Counter()
    with pytest.raises(BodyError, match="more than 10 bytes arrived") as caught:
        read_within([b"12345", b"67890", b"x"], "", 10, counter)
    assert caught.value.cause == "too_large"
    assert counter.received == 11


@given(st.binary(max_size=5000), st.sampled_from(["gzip", "x-gzip", "deflate", "identity", ""]))
def test_what_is_encoded_is_read_back_whole(data, encoding):
    encoded = {
        "gzip": gzip.compress,
        "x-gzip": gzip.compress,
        "deflate": zlib.compress,
    }.get(encoding, lambda d: d)(data)
    assert read_within(pieces(encoded, 7), encoding, 10_000, Counter()) == data


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
def test_an_encoding_the_fetcher_did_not_ask_for_is_refused(encoding):
    with pytest.raises(BodyError, match="does not read") as caught:
        read_within([b"x"], encoding, 100, Counter())
    assert caught.value.cause == "content_encoding"
