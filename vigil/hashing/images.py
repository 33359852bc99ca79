"""Decode image bytes to the luma PDQ is computed from, as partners compute it.

Hash lists come from partners who hash with Meta's tools (``pdqhash``,
python-threatexchange, the Hasher-Matcher-Actioner), which hash Pillow's RGB conversion
of the picture. The ``pixels`` of a :class:`Luma` are that conversion's luma, so that the
``pdq`` Vigil computes is the one on the partners' lists:

* **An alpha channel is dropped**: the colours under a transparent area are hashed as
  they are stored (RGBA, LA, PA, and palette or RGB pictures with a transparent colour).
* **16-bit greyscale is clipped** to 0-255 (everything over 255 becomes white), as
  Pillow's conversion does.
* **Palette pictures go through their palette**, never their indices; **CMYK** goes
  through Pillow's conversion, which undoes Adobe's inverted CMYK JPEGs.

Where a person would see something else, the luma of what they see is kept too, as
``as_seen``: **transparency composited on white** (as a browser shows it on a page) and
**16-bit greyscale scaled** to 0-255. Vigil matches both.

Both are of the picture upright:

* **EXIF orientation is applied.** A phone photo stored sideways with an orientation
  tag is shown upright by every viewer, and the same picture re-saved without the tag
  (as platforms do) is stored upright. Hashing the upright picture makes both copies
  match without a dihedral search. (python-threatexchange hashes the stored pixels; that
  hash is within a few bits of one of the dihedral variants of Vigil's.)
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
    """Float luma of an image as partners' tools compute it, perhaps decoded ``scale``
    times smaller than its ``width`` x ``height`` (the size a person sees, after EXIF
    orientation). ``as_seen`` is the luma a person sees, where it differs (transparency
    on white, 16-bit greyscale scaled), else None; it has the shape of ``pixels``."""

    pixels: npt.NDArray[np.float32]
    width: int
    height: int
    scale: int = 1
    reversed_axes: tuple[bool, bool] = (False, False)
    as_seen: npt.NDArray[np.float32] | None = None


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
    pixels, as_seen = _lumas(upright)
    reversed_axes = _REVERSED.get(orientation, (False, False))
    return Luma(pixels, width, height, scale, reversed_axes, as_seen)


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


def _lumas(
    image: Image.Image,
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32] | None]:
    """The luma as partners compute it, and the luma as shown where that differs (see the
    module docstring)."""
    if image.mode in _SIXTEEN_BIT:
        wide = np.asarray(image).astype(np.float32)
        return np.clip(wide, 0, 255), np.clip(wide, 0, 65535) / np.float32(257.0)
    if image.mode == "L" and not image.has_transparency_data:
        return np.asarray(image).astype(np.float32), None
    pixels = pdq.luma_of(np.asarray(image.convert("RGB")))
    if not image.has_transparency_data:
        return pixels, None
    rgba = np.asarray(image.convert("RGBA"))
    if rgba[:, :, 3].min() == 255:  # an alpha channel that hides nothing
        return pixels, None
    return pixels, _on_white(rgba)


def _on_white(rgba: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    pixels = rgba.astype(np.float32)
    alpha = pixels[:, :, 3:4] / 255.0
    shown = pixels[:, :, :3] * alpha + 255.0 * (1.0 - alpha)
    r, g, b = pdq.LUMA
    luma: npt.NDArray[np.float32] = shown[:, :, 0] * r + shown[:, :, 1] * g + shown[:, :, 2] * b
    return luma.astype(np.float32)
