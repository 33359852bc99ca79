"""Every image mode hashes as partners hash it, and as a person sees it where that differs;
bad files say what is wrong."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.hashing.pictures import encode, jpeg, scene
from tests.hashing.reference import reference_pdq, reference_pdq_of_rgb
from vigil.hashing.signals import HashOptions, distance, hash_bytes, hash_file

FULL = HashOptions(short_side=0)


def pdq(data: bytes, options: HashOptions = FULL) -> str:
    result = hash_bytes(data, options=options)
    assert result.error is None, result.error
    assert result.pdq is not None
    return result.pdq


def test_a_palette_picture_is_hashed_through_its_palette_not_its_indices() -> None:
    palette = scene(320, 240, seed=11).quantize(64)
    expected, _ = reference_pdq_of_rgb(np.asarray(palette.convert("RGB")))
    assert pdq(encode(palette)) == expected


def test_a_greyscale_picture_hashes_like_its_rgb_copy() -> None:
    grey = scene(320, 240, seed=13).convert("L")
    expected, _ = reference_pdq_of_rgb(np.asarray(grey.convert("RGB")))
    assert pdq(encode(grey)) == expected


def test_a_cmyk_jpeg_is_not_inverted() -> None:
    picture = scene(320, 240, seed=15)
    data = encode(picture.convert("CMYK"), "JPEG", quality=95)
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    assert distance(pdq(data), pdq(encode(picture))) <= 12


# Every mode hashes as partners hash it with Meta's tools: Pillow's RGB conversion, which
# drops an alpha channel and clips 16-bit greyscale, then pdqhash.


def _holes() -> Image.Image:
    """An alpha mask: opaque in the middle, a ramp on the left, a transparent frame."""
    alpha = np.zeros((240, 320), np.uint8)
    alpha[40:200, 60:260] = 255
    alpha[40:200, 20:60] = np.linspace(0, 255, 40, dtype=np.uint8)
    return Image.fromarray(alpha)


def _with_alpha(mode: str) -> Image.Image:
    picture = scene(320, 240, seed=16).convert(mode)
    picture.putalpha(_holes())
    return picture


def _chequered(picture: Image.Image, colour: int | tuple[int, ...]) -> Image.Image:
    """``picture`` with a chequer of 40-pixel squares painted in ``colour``."""
    for x in range(0, 320, 80):
        for y in range(0, 240, 80):
            picture.paste(colour, (x, y, x + 40, y + 40))
    return picture


def _key_coloured(mode: str) -> bytes:
    """A chequer in a colour that a PNG tRNS chunk makes transparent."""
    key = (12, 34, 56) if mode == "RGB" else 7
    return encode(_chequered(scene(320, 240, seed=17).convert(mode), key), transparency=key)


def _palette_with_transparency(format: str = "PNG") -> bytes:
    """A dark chequer whose palette colour is made transparent."""
    picture = _chequered(scene(320, 240, seed=12), (12, 34, 56)).quantize(64)
    return encode(picture, format, transparency=picture.getpixel((0, 0)))


def _sixteen_bit(mode: str = "I;16") -> Image.Image:
    """16-bit greyscale made from an 8-bit picture: its top half over the full 16-bit
    range (a person sees it; partners' tools clip it to white), its bottom half under
    256 (partners' tools keep it; a person sees black)."""
    grey = np.asarray(scene(320, 240, seed=14).convert("L")).astype(np.uint16)
    grey[:120] *= 257
    if mode == "I;16B":
        return Image.frombytes(mode, (320, 240), grey.astype(">u2").tobytes())
    if mode == "I":
        return Image.fromarray(grey.astype(np.int32))
    return Image.fromarray(grey)


MODES = {
    "RGB": lambda: encode(scene(320, 240, seed=10)),
    "RGBA": lambda: encode(_with_alpha("RGBA")),
    "RGBA as WebP": lambda: encode(_with_alpha("RGBA"), "WEBP", lossless=True),
    "LA": lambda: encode(_with_alpha("LA")),
    "L": lambda: encode(scene(320, 240, seed=13).convert("L")),
    "P": lambda: encode(scene(320, 240, seed=11).quantize(64)),
    "P with transparency": _palette_with_transparency,
    "P with transparency as GIF": lambda: _palette_with_transparency("GIF"),
    "RGB with a transparent colour": lambda: _key_coloured("RGB"),
    "L with a transparent colour": lambda: _key_coloured("L"),
    "I;16": lambda: encode(_sixteen_bit()),
    "I;16B as TIFF": lambda: encode(_sixteen_bit("I;16B"), "TIFF"),
    "I as TIFF": lambda: encode(_sixteen_bit("I"), "TIFF"),
    "F as TIFF": lambda: encode(
        Image.fromarray(np.asarray(_sixteen_bit()).astype(np.float32)), "TIFF"
    ),
    "1": lambda: encode(scene(320, 240, seed=18).convert("1")),
    "CMYK": lambda: encode(scene(320, 240, seed=15).convert("CMYK"), "JPEG", quality=95),
}


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_hashes_within_two_bits_of_the_partners_tools(mode: str) -> None:
    data = MODES[mode]()
    result = hash_bytes(data, options=HashOptions())
    expected, quality = reference_pdq(data)
    assert distance(result.pdq or "", expected) <= 2
    assert result.quality is not None and abs(result.quality - quality) <= 1


def _shown_on_white(data: bytes) -> str:
    picture = Image.open(io.BytesIO(data)).convert("RGBA")
    shown = Image.alpha_composite(Image.new("RGBA", picture.size, "white"), picture)
    return reference_pdq_of_rgb(np.asarray(shown.convert("RGB")))[0]


@pytest.mark.parametrize(
    "mode",
    [
        "RGBA",
        "RGBA as WebP",
        "LA",
        "P with transparency",
        "P with transparency as GIF",
        "RGB with a transparent colour",
        "L with a transparent colour",
    ],
)
def test_a_transparent_picture_is_also_hashed_as_seen_on_white(mode: str) -> None:
    data = MODES[mode]()
    result = hash_bytes(data, options=FULL)
    assert result.as_seen is not None
    assert distance(result.as_seen.pdq, _shown_on_white(data)) <= 2
    assert distance(result.as_seen.pdq, result.pdq or "") > 31


@pytest.mark.parametrize("mode", ["I;16", "I;16B as TIFF", "I as TIFF"])
def test_a_16_bit_picture_is_clipped_as_partners_do_and_also_hashed_scaled(mode: str) -> None:
    data = MODES[mode]()
    result = hash_bytes(data, options=FULL)
    assert (result.pdq, result.quality) == reference_pdq(data)
    scaled = (np.asarray(_sixteen_bit()) / 257).round().astype(np.uint8)
    seen, quality = reference_pdq_of_rgb(np.stack([scaled] * 3, axis=2))
    assert result.as_seen is not None
    assert distance(result.as_seen.pdq, seen) <= 2 and result.as_seen.quality == quality
    assert distance(result.as_seen.pdq, result.pdq or "") > 31


@pytest.mark.parametrize("mode", ["RGB", "L", "P", "CMYK", "F as TIFF"])
def test_a_picture_seen_as_it_is_stored_has_no_second_hash(mode: str) -> None:
    assert hash_bytes(MODES[mode](), options=FULL).as_seen is None


def test_an_alpha_channel_that_hides_nothing_adds_no_second_hash() -> None:
    picture = scene(320, 240, seed=19).convert("RGBA")
    assert hash_bytes(encode(picture), options=FULL).as_seen is None


# Orientation n stores the picture turned by the inverse of what the tag says to apply.
_STORE = {
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_90],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_270],
}


@pytest.mark.parametrize("orientation", range(2, 9))
def test_an_exif_rotated_photo_hashes_as_it_is_shown(orientation: int) -> None:
    upright = scene(1203, 1601, seed=orientation)
    stored = upright
    for step in _STORE[orientation]:
        stored = stored.transpose(step)
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = encode(stored, "JPEG", quality=92, exif=exif.tobytes())
    reference, shown = reference_pdq(data)[0], pdq(encode(upright, compress_level=1))
    for short_side in (0, 512):  # the whole picture, and one decoded smaller
        result = hash_bytes(data, options=HashOptions(short_side=short_side))
        assert (result.width, result.height) == (1203, 1601), short_side
        assert distance(result.pdq or "", reference) <= 2, short_side
        assert distance(result.pdq or "", shown) <= 8, short_side


# Bad files: each gives a result with a clear error, never an exception.


def _problem(data: bytes, options: HashOptions = FULL) -> str:
    result = hash_bytes(data, "bad", options)
    assert result.pdq is None and result.error is not None
    assert result.sha256 is not None
    return result.error


def test_an_empty_file_is_reported_as_empty() -> None:
    assert "empty" in _problem(b"")


def test_a_text_file_is_not_an_image() -> None:
    assert "not an image" in _problem(b"hello, this is a note\n" * 10)


def test_a_truncated_jpeg_is_reported_as_truncated() -> None:
    data = jpeg(320, 240, seed=17)
    assert "truncated" in _problem(data[: len(data) // 2])


def test_a_png_with_damaged_pixel_data_is_reported_as_corrupt() -> None:
    data = bytearray(encode(scene(64, 64, seed=18)))
    data[60:200] = b"\xff" * 140
    assert "corrupt" in _problem(bytes(data))


def test_a_png_signature_followed_by_garbage_is_reported() -> None:
    assert "corrupt" in _problem(b"\x89PNG\r\n\x1a\n" + b"garbage" * 5)


def test_a_picture_over_the_pixel_limit_is_refused() -> None:
    error = _problem(jpeg(320, 240), HashOptions(max_pixels=10_000))
    assert "76,800 pixels" in error and "VIGIL_MAX_IMAGE_PIXELS" in error


def _png_claiming(width: int, height: int) -> bytes:
    data = bytearray(encode(Image.new("L", (8, 8))))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def test_a_decompression_bomb_is_refused_before_it_is_decoded() -> None:
    error = _problem(_png_claiming(200_000, 200_000), HashOptions())
    assert "decompression bomb" in error


def test_a_missing_path_is_reported_not_raised(tmp_path: Path) -> None:
    result = hash_file(tmp_path / "gone.jpg")
    assert result.error is not None and "cannot read" in result.error
    assert result.md5 is None


def test_a_folder_given_as_a_file_is_reported(tmp_path: Path) -> None:
    assert hash_file(tmp_path).error is not None
