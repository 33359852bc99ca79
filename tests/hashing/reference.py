"""The reference PDQ: Meta's C++ (the pdqhash package) on a full RGB decode."""

from __future__ import annotations

import io

import numpy as np
import pdqhash
from PIL import Image, ImageOps


def reference_pdq(data: bytes, *, upright: bool = True) -> tuple[str, int]:
    image = Image.open(io.BytesIO(data))
    if upright:
        image = ImageOps.exif_transpose(image)
    rgb = np.asarray(image.convert("RGB"))
    return reference_pdq_of_rgb(rgb)


def reference_pdq_of_rgb(rgb: np.ndarray) -> tuple[str, int]:
    bits, quality = pdqhash.compute(np.ascontiguousarray(rgb))
    return np.packbits(bits.astype(np.uint8)).tobytes().hex(), int(quality)
