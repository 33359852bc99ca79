"""PDQ, Meta's perceptual hash, computed with numpy and agreeing with the reference.

The reference (``pdqhash``, Meta's C++) turns the image into float luma, blurs it
twice with box filters ("Jarosz filters") whose width depends on the image size,
samples 64x64 points, takes a 16x16 block of the DCT (skipping the DC row and
column), and sets a bit for each coefficient above the median.

Every step up to the 64x64 samples is linear, so the whole blur-and-sample is two
small matrices: ``samples = rows @ luma @ cols.T``. This module builds those
matrices exactly as the reference's filter would act at full resolution, and can
fold them onto an image that was decoded smaller (JPEG shrink-on-load averages
``scale x scale`` blocks): each column of the folded matrix is the sum of the
full-resolution weights over its block. That keeps the hash within a bit or two of
the full-resolution reference while touching 16 or 64 times fewer pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Bits = npt.NDArray[np.uint8]

SIZE = 64
MIN_DIMENSION = 5  # the reference refuses smaller images (quality 0)
# Luma weights of the reference (ITU-R BT.601), also those of JPEG's Y channel.
LUMA = (0.299, 0.587, 0.114)

DIHEDRAL_NAMES = (
    "original",
    "rotate90",
    "rotate180",
    "rotate270",
    "flipx",
    "flipy",
    "flipplus1",
    "flipminus1",
)


@dataclass(frozen=True)
class PdqResult:
    """A PDQ hash as 32 bytes (the 64 hex characters, most significant first) and its
    quality (0-100). ``dihedral`` holds the 8 variants in ``DIHEDRAL_NAMES`` order when
    they were asked for (the first is the hash itself)."""

    hash: bytes
    quality: int
    dihedral: tuple[bytes, ...] = ()

    @property
    def hex(self) -> str:
        return self.hash.hex()


def window_size(old: int, new: int = SIZE) -> int:
    """The reference's Jarosz box width for shrinking ``old`` pixels to ``new``."""
    return (old + 2 * new - 1) // (2 * new)


def _box_bounds(n: int, window: int) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The reference's 1-D box filter: output ``o`` is the mean of the inputs
    ``low[o] .. high[o]`` (inclusive), a window clipped at the ends of the line."""
    half = (window + 2) // 2
    index = np.arange(n)
    low = np.maximum(index - (window - half), 0)
    high = np.minimum(index + half - 1, n - 1)
    return low, high


def _sample_points(n: int) -> npt.NDArray[np.int64]:
    """The rows (or columns) the reference keeps when it decimates to 64."""
    return ((np.arange(SIZE) + 0.5) * n / SIZE).astype(np.int64)


def _full_filter(n: int) -> FloatArray:
    """Rows of ``box @ box`` at the sample points, built without the n x n matrix: the
    first box gives each sample's weights directly; the second spreads each weight over
    its own window through a difference array."""
    low, high = _box_bounds(n, window_size(n))
    points = _sample_points(n)
    columns = np.arange(n)
    inside = (columns >= low[points, None]) & (columns <= high[points, None])
    first = inside / (high[points] - low[points] + 1)[:, None]
    share = first / (high - low + 1)[None, :]
    spread = np.zeros((SIZE, n + 1))
    for row in range(SIZE):
        np.add.at(spread[row], low, share[row])
        np.add.at(spread[row], high + 1, -share[row])
    result: FloatArray = np.cumsum(spread, axis=1)[:, :n]
    return result


@lru_cache(maxsize=64)
def filter_matrix(n: int, scale: int = 1, reverse: bool = False) -> FloatArray:
    """Weights (64 x ceil(n / scale)) that blur twice and sample 64 points of a line of
    ``n`` full-resolution pixels, folded onto pixels that each average ``scale`` of them.
    The partial block of a line that is not a multiple of ``scale`` is the last pixel,
    or the first if the line was ``reverse``d (an image turned by its EXIF orientation)."""
    full = _full_filter(n)
    if scale == 1:
        return full
    blocks = -(-n // scale)
    padded = np.zeros((SIZE, blocks * scale))
    start = blocks * scale - n if reverse else 0
    padded[:, start : start + n] = full
    folded: FloatArray = padded.reshape(SIZE, blocks, scale).sum(axis=2)
    return folded


@lru_cache(maxsize=1)
def _dct_matrix() -> FloatArray:
    """The reference's 16 x 64 DCT-II rows 1..16 (the DC row is skipped)."""
    i = np.arange(1, 17)[:, None]
    j = np.arange(SIZE)[None, :]
    matrix: FloatArray = math.sqrt(2.0 / SIZE) * np.cos(math.pi / 2 / SIZE * i * (2 * j + 1))
    return matrix


def _samples(
    luma: npt.NDArray[np.floating],
    full_shape: tuple[int, int],
    scale: int,
    reversed_axes: tuple[bool, bool],
) -> FloatArray:
    """The reference's 64x64 blurred samples of the full-resolution image."""
    row_weights = filter_matrix(full_shape[0], scale, reversed_axes[0])
    col_weights = filter_matrix(full_shape[1], scale, reversed_axes[1])
    if row_weights.shape[1] != luma.shape[0] or col_weights.shape[1] != luma.shape[1]:
        raise ValueError(f"luma {luma.shape} is not {full_shape} shrunk by {scale}")
    data = luma.astype(np.float32, copy=False)
    partial = row_weights.astype(np.float32) @ data
    return (partial.astype(np.float64) @ col_weights.T).astype(np.float64)


def quality(block: FloatArray) -> int:
    """The reference's quality: the sum of truncated gradients of the 64x64 samples / 90."""
    vertical = np.trunc((block[:-1, :] - block[1:, :]) * 100 / 255)
    horizontal = np.trunc((block[:, :-1] - block[:, 1:]) * 100 / 255)
    total = int(np.abs(vertical).sum() + np.abs(horizontal).sum())
    return min(total // 90, 100)


def dct16(block: FloatArray) -> FloatArray:
    dct = _dct_matrix()
    result: FloatArray = dct @ block @ dct.T
    return result


def to_bits(coefficients: FloatArray) -> bytes:
    """Threshold at the reference's median (the 128th smallest) and pack most significant
    bit first, so that the bytes read as the reference's hex string."""
    flat = coefficients.reshape(-1)
    median = np.partition(flat, 127)[127]
    bits: Bits = (flat > median).astype(np.uint8)
    return np.packbits(bits[::-1]).tobytes()


def dihedral_coefficients(coefficients: FloatArray) -> list[FloatArray]:
    """The DCT of the 8 rotations and mirrors, in ``DIHEDRAL_NAMES`` order.

    Mirroring the image negates the coefficients of odd frequency along that axis;
    transposing it transposes them (the reference's dct16OriginalTo* functions)."""
    k = np.arange(1, 17)
    odd = np.where(k % 2 == 1, -1.0, 1.0)
    flip_rows = odd[:, None] * coefficients  # image flipped top-bottom
    flip_cols = coefficients * odd[None, :]  # image flipped left-right
    both = flip_rows * odd[None, :]
    return [
        coefficients,
        flip_cols.T,
        both,
        flip_rows.T,
        flip_rows,
        flip_cols,
        coefficients.T,
        both.T,
    ]


def from_luma(
    luma: npt.NDArray[np.floating],
    *,
    scale: int = 1,
    full_shape: tuple[int, int] | None = None,
    reversed_axes: tuple[bool, bool] = (False, False),
    dihedral: bool = False,
) -> PdqResult:
    """Hash a 2-D luma array. If it was decoded ``scale`` times smaller than the image,
    give ``scale`` and the image's ``full_shape`` (rows, columns) so the reference's
    full-resolution filter is applied. An image under 5 pixels a side has quality 0."""
    shape = full_shape or (luma.shape[0], luma.shape[1])
    if min(shape) < MIN_DIMENSION:
        zero = bytes(32)
        return PdqResult(zero, 0, (zero,) * 8 if dihedral else ())
    block = _samples(luma, shape, scale, reversed_axes)
    coefficients = dct16(block)
    variants = dihedral_coefficients(coefficients) if dihedral else [coefficients]
    hashes = tuple(to_bits(c) for c in variants)
    return PdqResult(hashes[0], quality(block), hashes if dihedral else ())


def luma_of(rgb: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """The reference's float luma of an H x W x 3 RGB array."""
    r, g, b = LUMA
    luma = rgb[:, :, 0] * r + rgb[:, :, 1] * g + rgb[:, :, 2] * b
    result: npt.NDArray[np.float32] = luma.astype(np.float32)
    return result
