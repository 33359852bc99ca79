"""Signals: what Vigil computes from a file to recognise it again.

* ``pdq``: Meta's 256-bit perceptual hash, written as 64 lowercase hex characters, with
  a quality from 0 to 100. Near-identical pictures have hashes a few bits apart. It is
  the hash partners compute with Meta's tools (the alpha channel dropped, 16-bit
  greyscale clipped; see :mod:`vigil.hashing.images`); where a person sees the picture
  otherwise, its hash as seen is kept in ``as_seen`` and matched as well.
* ``md5``, ``sha1``, ``sha256``: hashes of the exact bytes, as hotline lists share them.

:func:`hash_bytes` and :func:`hash_file` never raise for a bad file: the result carries
the problem in ``error`` so that a batch of a thousand files goes on past the one that
is broken. The exact hashes are filled in whenever the bytes could be read.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from vigil.errors import InputError
from vigil.hashing import images, pdq

if TYPE_CHECKING:
    from vigil.settings import Settings


class Signal(enum.StrEnum):
    PDQ = "pdq"
    MD5 = "md5"
    SHA1 = "sha1"
    SHA256 = "sha256"

    @property
    def hex_length(self) -> int:
        return HEX_LENGTHS[self]

    @property
    def exact(self) -> bool:
        """True for hashes of the bytes, matched only when equal."""
        return self is not Signal.PDQ


HEX_LENGTHS = {Signal.PDQ: 64, Signal.MD5: 32, Signal.SHA1: 40, Signal.SHA256: 64}
_HEX = frozenset("0123456789abcdef")


def check_hash(signal: Signal, text: str) -> str:
    """Return ``text`` as the canonical lowercase hex of ``signal``. Raise InputError (a
    ValueError) with what is wrong (length or characters) otherwise."""
    value = text.strip().lower()
    if len(value) != signal.hex_length:
        raise InputError(
            "a %(signal)s hash has %(wanted)s hex characters, this one has %(length)s",
            signal=signal.value,
            wanted=signal.hex_length,
            length=len(value),
        )
    bad = sorted(set(value) - _HEX)
    if bad:
        raise InputError(
            "a %(signal)s hash is hexadecimal; '%(bad)s' is not",
            signal=signal.value,
            bad="".join(bad),
        )
    return value


def distance(a: str, b: str) -> int:
    """Hamming distance between two hex hashes of the same length."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


@dataclass(frozen=True)
class HashOptions:
    """How to hash. ``short_side`` is the smallest short side a JPEG is decoded at (0: full
    decode); ``min_quality`` is the PDQ quality under which a hash is not used to match."""

    max_pixels: int = 89_478_485
    short_side: int = 512
    min_quality: int = 50
    dihedral: bool = False

    @classmethod
    def from_settings(cls, settings: Settings, *, dihedral: bool = False) -> HashOptions:
        return cls(
            max_pixels=settings.max_image_pixels,
            short_side=settings.jpeg_decode_side,
            min_quality=settings.pdq_min_quality,
            dihedral=dihedral,
        )


@dataclass(frozen=True)
class AsSeen:
    """The PDQ of a picture as a person sees it (transparency on white, 16-bit greyscale
    scaled), kept where it differs from the ``pdq`` partners compute. ``dihedral`` holds
    its 8 variants when they were asked for."""

    pdq: str
    quality: int
    dihedral: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileHashes:
    """What was computed from one file; ``error`` is None when the picture was hashed."""

    path: str
    md5: str | None = None
    sha1: str | None = None
    sha256: str | None = None
    pdq: str | None = None
    quality: int | None = None
    width: int | None = None
    height: int | None = None
    error: str | None = None
    dihedral: tuple[str, ...] = field(default=(), repr=False)
    as_seen: AsSeen | None = field(default=None, repr=False)

    def low_quality(self, min_quality: int) -> bool:
        return self.quality is not None and self.quality < min_quality

    def as_record(self) -> dict[str, Any]:
        """The JSON Lines / CSV record (the keys of ``vigil hash``)."""
        return {
            "path": self.path,
            "pdq": self.pdq,
            "quality": self.quality,
            "md5": self.md5,
            "sha1": self.sha1,
            "sha256": self.sha256,
            "width": self.width,
            "height": self.height,
            "error": self.error,
        }


RECORD_KEYS = tuple(FileHashes(path="").as_record())


def hash_bytes(data: bytes, path: str = "", options: HashOptions | None = None) -> FileHashes:
    """Compute every signal of ``data``; a picture that cannot be decoded keeps its exact
    hashes and says why in ``error``. ``pdq`` is the partners' hash; ``as_seen`` is set
    only when the picture as a person sees it hashes otherwise."""
    options = options or HashOptions()
    exact = FileHashes(
        path=path,
        md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        sha1=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    try:
        luma = images.decode(data, max_pixels=options.max_pixels, short_side=options.short_side)
    except images.ImageProblem as exc:
        return replace(exact, error=str(exc))
    result = _pdq(luma, luma.pixels, options)
    seen = None if luma.as_seen is None else _pdq(luma, luma.as_seen, options)
    return replace(
        exact,
        pdq=result.hex,
        quality=result.quality,
        width=luma.width,
        height=luma.height,
        dihedral=_hex(result.dihedral),
        as_seen=(
            AsSeen(seen.hex, seen.quality, _hex(seen.dihedral))
            if seen is not None and seen.hash != result.hash
            else None
        ),
    )


def _pdq(luma: images.Luma, pixels: npt.NDArray[np.float32], options: HashOptions) -> pdq.PdqResult:
    return pdq.from_luma(
        pixels,
        scale=luma.scale,
        full_shape=(luma.height, luma.width),
        reversed_axes=luma.reversed_axes,
        dihedral=options.dihedral,
    )


def _hex(hashes: tuple[bytes, ...]) -> tuple[str, ...]:
    return tuple(h.hex() for h in hashes)


def hash_file(path: Path | str, options: HashOptions | None = None) -> FileHashes:
    """Hash the file at ``path``; an unreadable path gives a result with its ``error``."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return FileHashes(path=str(path), error=f"cannot read the file: {exc.strerror or exc}")
    return hash_bytes(data, str(path), options)
