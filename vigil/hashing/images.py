"""Decode image bytes to the luma a person would see, ready for PDQ.

What a person sees is what gets hashed:

* **EXIF orientation is applied.** A phone photo stored sideways with an orientation
  tag is shown upright by every viewer, and the same picture re-saved without the tag
  (as platforms do) is stored upright. Hashing the upright picture makes both copies
  match without a dihedral search.
* **Palette images are converted through their palette**, never hashed from their
  indices; **transparency is composited on white**, as a browser shows it on a page.
* **16-bit greyscale is scaled** to 0-255 (Pillow's own conversion clips it to white);
  **CMYK** goes through Pillow's conversion, which undoes Adobe's inverted CMYK JPEGs.
* **JPEGs are decoded smaller** when they are large (libjpeg's shrink-on-load averages
  2x2, 4x4 or 8x8 blocks for a fraction of the cost), down to ``short_side`` pixels on
  the short side; :mod:`vigil.hashing.pdq` folds the reference filter onto the blocks.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, UnidentifiedImageError

from vigil.hashing import pdq

# For each EXIF orientation: after the transpose, is the (rows, columns) axis reversed
# compared with the stored image? A reversed axis has its partial shrink block first.
_REVERSED = {
    1: (False, False),
    2: (False, True),
    3: (True, True),
    4: (True, False),
    5: (False, False),
    6: (False, True),
    7: (True, True),
    8: (True, False),
}
_SIXTEEN_BIT = {"I;16", "I;16B", "I;16L", "I;16N", "I"}


class ImageProblem(Exception):
    """The bytes are not an image this module can hash; the message says why."""


@dataclass(frozen=True)
class Luma:
    """Float luma of an image as shown, perhaps decoded ``scale`` times smaller than its
    ``width`` x ``height`` (the size a person sees, after EXIF orientation)."""

    pixels: npt.NDArray[np.float32]
    width: int
    height: int
    scale: int = 1
    reversed_axes: tuple[bool, bool] = (False, False)


def decode(data: bytes, *, max_pixels: int, short_side: int = 0) -> Luma:
    """Decode ``data``. A JPEG whose short side is over ``short_side`` (0: never) is
    decoded smaller. Raise ImageProblem for an empty, unknown, corrupt or too large image."""
    if not data:
        raise ImageProblem("the file is empty (0 bytes)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return _decode(data, max_pixels, short_side)
        except Image.DecompressionBombError as exc:
            raise ImageProblem(f"refused as a decompression bomb: {exc}") from None
        except UnidentifiedImageError:
            raise ImageProblem("not an image format Vigil can read") from None
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise ImageProblem(f"the image is corrupt or truncated: {exc}") from None


def _decode(data: bytes, max_pixels: int, short_side: int) -> Luma:
    image = Image.open(io.BytesIO(data))
    width, height = image.size
    if width * height > max_pixels:
        raise ImageProblem(
            f"{width}x{height} is {width * height:,} pixels, over the limit of "
            f"{max_pixels:,} (VIGIL_MAX_IMAGE_PIXELS); refused as a possible decompression bomb"
        )
    if image.format == "PNG":
        # Pillow decodes a PNG whose pixel data is damaged into black without a word;
        # its checksums are what tell.
        Image.open(io.BytesIO(data)).verify()
    orientation = _orientation(image)
    scale = _shrink(image, short_side)
    image.load()
    upright = ImageOps.exif_transpose(image)
    if orientation >= 5:
        width, height = height, width
    return Luma(_luma(upright), width, height, scale, _REVERSED.get(orientation, (False, False)))


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(0x0112, 1)
    except Exception:  # a broken EXIF block must not lose the picture
        return 1
    return value if value in _REVERSED else 1


def _shrink(image: Image.Image, short_side: int) -> int:
    """Ask libjpeg for a smaller decode (JPEG only); return the factor it chose."""
    if short_side <= 0 or image.format != "JPEG":
        return 1
    width, height = image.size
    factor = min(width, height) / short_side
    if factor < 2:
        return 1
    image.draft(image.mode, (int(width / factor), int(height / factor)))
    shrunk = image.size[0]
    return next(s for s in (8, 4, 2, 1) if -(-width // s) == shrunk)


def _luma(image: Image.Image) -> npt.NDArray[np.float32]:
    """The reference's luma of the image as shown (see the module docstring)."""
    if image.mode in _SIXTEEN_BIT:
        wide = np.asarray(image).astype(np.float32)
        return np.clip(wide, 0, 65535) / np.float32(257.0)
    if image.mode == "L":
        return np.asarray(image).astype(np.float32)
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        image.mode == "P" and "transparency" in image.info
    )
    if has_alpha:
        return _on_white(image.convert("RGBA"))
    return pdq.luma_of(np.asarray(image.convert("RGB")))


def _on_white(rgba: Image.Image) -> npt.NDArray[np.float32]:
    pixels = np.asarray(rgba).astype(np.float32)
    alpha = pixels[:, :, 3:4] / 255.0
    shown = pixels[:, :, :3] * alpha + 255.0 * (1.0 - alpha)
    r, g, b = pdq.LUMA
    luma: npt.NDArray[np.float32] = shown[:, :, 0] * r + shown[:, :, 1] * g + shown[:, :, 2] * b
    return luma.astype(np.float32)
