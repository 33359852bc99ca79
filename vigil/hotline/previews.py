"""What an analyst is shown of a media item: never its bytes, a picture made from them.

By default the preview is reduced (at most PREVIEW_SIDE pixels on its longer side),
greyscale and strongly blurred, then encoded anew as JPEG without any metadata. "Show
clearer" is a deliberate step: in colour and sharper, still reduced and encoded anew.
A video (or anything Pillow cannot read) is shown as a grey square that says so.
"""

from __future__ import annotations

import io

from PIL import Image, ImageFilter, ImageOps

PREVIEW_SIDE = 320
CLEARER_SIDE = 640
BLUR_RADIUS = 12
MAX_PIXELS = 89_478_485


def preview(data: bytes, *, clearer: bool = False) -> bytes:
    """A JPEG made from ``data``: blurred and greyscale, or, ``clearer``, sharper in colour."""
    try:
        picture = _opened(data)
    except (OSError, ValueError, Image.DecompressionBombError):
        picture = Image.new("L", (PREVIEW_SIDE, PREVIEW_SIDE), 128)
    side = CLEARER_SIDE if clearer else PREVIEW_SIDE
    picture.thumbnail((side, side), Image.Resampling.LANCZOS)
    if clearer:
        picture = picture.convert("RGB").filter(ImageFilter.GaussianBlur(1))
    else:
        picture = picture.convert("L").filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=70)
    return out.getvalue()


def _opened(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > MAX_PIXELS:
            raise ValueError("too large to decode")
        image.draft("RGB", (CLEARER_SIDE, CLEARER_SIDE))
        upright = ImageOps.exif_transpose(image)
        return upright.copy() if upright is image else upright
