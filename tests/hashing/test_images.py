"""Every image mode hashes as a person sees it, and bad files say what is wrong."""

from __future__ import annotations

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


def test_a_palette_picture_with_transparency_is_shown_on_white() -> None:
    palette = scene(320, 240, seed=12).quantize(64)
    palette.info["transparency"] = 0
    data = encode(palette, transparency=0)
    white = Image.new("RGBA", palette.size, "white")
    shown = Image.alpha_composite(white, Image.open_bytes(data) if False else _rgba(data))
    expected, _ = reference_pdq_of_rgb(np.asarray(shown.convert("RGB")))
    assert distance(pdq(data), expected) <= 1


def _rgba(data: bytes) -> Image.Image:
    from io import BytesIO

    return Image.open(BytesIO(data)).convert("RGBA")


def test_a_greyscale_picture_hashes_like_its_rgb_copy() -> None:
    grey = scene(320, 240, seed=13).convert("L")
    expected, _ = reference_pdq_of_rgb(np.asarray(grey.convert("RGB")))
    assert pdq(encode(grey)) == expected


def test_a_16_bit_greyscale_picture_is_scaled_not_clipped_to_white() -> None:
    grey = scene(320, 240, seed=14).convert("L")
    wide = Image.fromarray(np.asarray(grey).astype(np.uint16) * 257)
    assert wide.mode == "I;16"
    assert distance(pdq(encode(wide)), pdq(encode(grey))) <= 1


def test_a_cmyk_jpeg_is_not_inverted() -> None:
    picture = scene(320, 240, seed=15)
    data = encode(picture.convert("CMYK"), "JPEG", quality=95)
    assert Image.open(__import__("io").BytesIO(data)).mode == "CMYK"
    assert distance(pdq(data), pdq(encode(picture))) <= 12


def test_transparency_is_composited_on_white() -> None:
    picture = scene(320, 240, seed=16).convert("RGBA")
    alpha = np.zeros((240, 320), np.uint8)
    alpha[40:200, 60:260] = 255
    picture.putalpha(Image.fromarray(alpha))
    shown = Image.alpha_composite(Image.new("RGBA", picture.size, "white"), picture)
    expected, _ = reference_pdq_of_rgb(np.asarray(shown.convert("RGB")))
    assert distance(pdq(encode(picture)), expected) <= 1


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
