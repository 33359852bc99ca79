from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageEnhance

from tests.hashing.pictures import encode, jpeg, scene
from tests.hashing.reference import reference_pdq
from vigil.hashing.pdq import DIHEDRAL_NAMES
from vigil.hashing.signals import HashOptions, Signal, check_hash, distance, hash_bytes

FULL = HashOptions(short_side=0)


def pdq_of(image: Image.Image, options: HashOptions = FULL) -> str:
    result = hash_bytes(encode(image), options=options)
    assert result.error is None and result.pdq is not None
    return result.pdq


@pytest.mark.parametrize(("width", "height"), [(640, 480), (333, 517), (64, 64), (1280, 720)])
def test_pdq_agrees_bit_for_bit_with_the_reference_on_a_full_decode(
    width: int, height: int
) -> None:
    data = encode(scene(width, height, seed=width))
    result = hash_bytes(data, options=FULL)
    assert (result.pdq, result.quality) == reference_pdq(data)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (2049, 1537), (1203, 1601)])
def test_a_large_jpeg_decoded_smaller_stays_within_two_bits_of_the_reference(
    width: int, height: int
) -> None:
    data = jpeg(width, height, seed=height)
    fast = hash_bytes(data, options=HashOptions(short_side=512))
    assert fast.pdq is not None
    assert distance(fast.pdq, reference_pdq(data)[0]) <= 2
    assert (fast.width, fast.height) == (width, height)


def test_a_file_gets_its_exact_hashes_and_a_lowercase_hex_pdq() -> None:
    data = jpeg(seed=3)
    result = hash_bytes(data, "a.jpg")
    assert result.md5 == hashlib.md5(data).hexdigest()
    assert result.sha1 == hashlib.sha1(data).hexdigest()
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.pdq == check_hash(Signal.PDQ, result.pdq or "")
    assert result.error is None and 0 <= (result.quality or 0) <= 100


def test_the_same_bytes_always_hash_the_same() -> None:
    data = jpeg(seed=4)
    assert hash_bytes(data) == hash_bytes(data)


def test_a_flat_picture_is_low_quality() -> None:
    result = hash_bytes(encode(Image.new("RGB", (200, 200), (90, 90, 90))))
    assert result.quality is not None and result.low_quality(50)


_TURNS = {
    "rotate90": Image.Transpose.ROTATE_90,
    "rotate180": Image.Transpose.ROTATE_180,
    "rotate270": Image.Transpose.ROTATE_270,
    "flipx": Image.Transpose.FLIP_TOP_BOTTOM,
    "flipy": Image.Transpose.FLIP_LEFT_RIGHT,
    "flipplus1": Image.Transpose.TRANSPOSE,
    "flipminus1": Image.Transpose.TRANSVERSE,
}


@pytest.mark.parametrize("name", _TURNS)
def test_each_dihedral_variant_matches_the_turned_or_mirrored_picture(name: str) -> None:
    # Odd Jarosz windows (sides of 320 and 384) make the reference's filter symmetric.
    image = scene(320, 384, seed=5)
    variants = hash_bytes(encode(image), options=HashOptions(short_side=0, dihedral=True))
    turned = pdq_of(image.transpose(_TURNS[name]))
    assert distance(turned, variants.dihedral[DIHEDRAL_NAMES.index(name)]) <= 10
    assert variants.dihedral[0] == variants.pdq


@pytest.mark.parametrize(
    ("signal", "text", "problem"),
    [
        (Signal.PDQ, "ab" * 31, "64 hex characters, this one has 62"),
        (Signal.MD5, "zz" + "0" * 30, "'z' is not"),
        (Signal.SHA1, "", "40 hex characters, this one has 0"),
    ],
)
def test_a_malformed_hash_is_refused_saying_what_is_wrong(
    signal: Signal, text: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        check_hash(signal, text)


def test_hex_is_read_in_any_case_and_written_in_lowercase() -> None:
    assert check_hash(Signal.MD5, " " + "AB" * 16 + "\n") == "ab" * 16


# Edits a person or a platform makes keep a picture within the match threshold ...

edits = st.one_of(
    # down to half: shrunk to 40% (102x76), scene 0 moves 32 bits, in Meta's pdqhash too
    st.tuples(st.just("resize"), st.floats(0.5, 0.9)),
    st.tuples(st.just("jpeg"), st.integers(30, 95)),
    st.tuples(st.just("crop"), st.floats(0.0, 0.01)),
    st.tuples(st.just("brightness"), st.floats(0.75, 1.25)),
)


def _edit(image: Image.Image, edit: tuple[str, float]) -> Image.Image:
    kind, amount = edit
    width, height = image.size
    if kind == "resize":
        return image.resize((int(width * amount), int(height * amount)), Image.Resampling.LANCZOS)
    if kind == "jpeg":
        from io import BytesIO

        buffer = BytesIO(encode(image, "JPEG", quality=int(amount)))
        return Image.open(buffer).convert("RGB")
    if kind == "crop":
        dx, dy = int(width * amount), int(height * amount)
        return image.crop((dx, dy, width - dx, height - dy))
    return ImageEnhance.Brightness(image).enhance(amount)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), edit=edits)
def test_an_edited_picture_stays_within_31_bits(seed: int, edit: tuple[str, float]) -> None:
    image = scene(256, 192, seed)
    assert distance(pdq_of(image), pdq_of(_edit(image, edit))) <= 31


@settings(max_examples=25, deadline=None)
@given(seeds=st.lists(st.integers(0, 10_000), min_size=2, max_size=2, unique=True))
def test_unrelated_pictures_are_more_than_31_bits_apart(seeds: list[int]) -> None:
    first, second = (pdq_of(scene(192, 144, s)) for s in seeds)
    assert distance(first, second) > 31


def test_distance_counts_differing_bits() -> None:
    assert distance("0f", "f0") == 8
    assert distance("00" * 32, "00" * 31 + "01") == 1
    assert np.isclose(distance("ff", "ff"), 0)
