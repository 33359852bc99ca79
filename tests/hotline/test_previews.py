"""What an analyst is shown: a picture made anew, never the bytes kept. Pictures generated."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageStat

from tests.hashing.pictures import encode, scene
from vigil.hotline.previews import CLEARER_SIDE, PREVIEW_SIDE, preview


def _opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_the_preview_is_small_grey_blurred_and_without_the_originals_metadata():
    original = scene(1600, 1200, seed=3)
    exif = Image.Exif()
    exif[0x010E] = "a description that must not travel"
    data = encode(original, "JPEG", quality=95, exif=exif.tobytes())
    shown = preview(data)
    picture = _opened(shown)
    assert picture.format == "JPEG" and picture.mode == "L"
    assert max(picture.size) == PREVIEW_SIDE
    assert b"must not travel" not in shown and not picture.getexif()


def test_blurring_removes_detail_that_show_clearer_keeps():
    data = encode(scene(640, 480, seed=4), "PNG")
    blurred, clearer = _opened(preview(data)), _opened(preview(data, clearer=True))
    assert clearer.mode == "RGB" and max(clearer.size) <= CLEARER_SIDE

    def edges(image: Image.Image) -> float:
        grey = np.asarray(image.convert("L").resize((320, 240)), dtype=np.float64)
        return float(np.abs(np.diff(grey, axis=1)).mean())

    assert edges(blurred) * 2 < edges(clearer)


def test_what_cannot_be_read_as_a_picture_is_shown_as_a_grey_square():
    shown = _opened(preview(b"\x00\x00\x00\x18ftypmp42 not a picture"))
    assert shown.size == (PREVIEW_SIDE, PREVIEW_SIDE)
    assert ImageStat.Stat(shown).stddev[0] < 1
