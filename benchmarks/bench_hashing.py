"""PDQ hashing speed and faithfulness, against Meta's reference in the same run.

Baseline: Pillow full decode + ``pdqhash.compute`` (Meta's C++), one image at a time on
one core. Vigil's default path (JPEG shrink-on-load to a short side of 512, its own
numpy filter) and its fast mode (short side 128) hash the same benign JPEGs, generated
here. Printed per size: images/s per core, the ratio to the baseline, and the Hamming
distance of every hash to the reference's (max and mean).
Targets (default path): >= 3x at 1920x1080, >= 8x at 4000x3000, max distance <= 2,
mean <= 0.5.

    python benchmarks/bench_hashing.py [--images N] [--seconds S]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one core, whatever numpy links
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import io
import time
from collections.abc import Callable

import numpy as np
import pdqhash
from PIL import Image

from tests.hashing.pictures import jpeg
from vigil.hashing import images, pdq
from vigil.hashing.signals import HashOptions, distance, hash_bytes

SIZES = ((640, 480), (1920, 1080), (4000, 3000))


def reference(data: bytes) -> str:
    rgb = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    bits, _quality = pdqhash.compute(rgb)
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


def vigil_pdq(short_side: int) -> Callable[[bytes], str]:
    """Vigil's PDQ alone (decode + hash), comparable with the reference."""

    def run(data: bytes) -> str:
        luma = images.decode(data, max_pixels=200_000_000, short_side=short_side)
        full = (luma.height, luma.width)
        result = pdq.from_luma(
            luma.pixels, scale=luma.scale, full_shape=full, reversed_axes=luma.reversed_axes
        )
        return result.hex

    return run


def vigil_file(data: bytes) -> str:
    """Everything `vigil hash` computes for a file: PDQ plus MD5, SHA-1 and SHA-256."""
    return hash_bytes(data, options=HashOptions(max_pixels=200_000_000)).pdq or ""


def rate(
    method: Callable[[bytes], str], corpus: list[bytes], seconds: float
) -> tuple[float, list[str]]:
    """Images per second over at least one pass and about ``seconds``; the first pass's hashes."""
    hashes = [method(d) for d in corpus[:1]]  # warm caches (filter matrices, imports)
    start, done, hashes = time.perf_counter(), 0, []
    while done < len(corpus) or time.perf_counter() - start < seconds:
        result = method(corpus[done % len(corpus)])
        if done < len(corpus):
            hashes.append(result)
        done += 1
    return done / (time.perf_counter() - start), hashes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=12, help="distinct JPEGs per size")
    parser.add_argument("--seconds", type=float, default=4.0, help="time per method and size")
    args = parser.parse_args()
    methods = {
        "vigil default (512)": vigil_pdq(512),
        "vigil fast (128)": vigil_pdq(128),
        "vigil file (pdq+md5+sha)": vigil_file,
    }
    print(f"{'size':>10} {'method':<26} {'img/s':>8} {'ratio':>6} {'max d':>6} {'mean d':>7}")
    for width, height in SIZES:
        corpus = [jpeg(width, height, seed=s, quality=88) for s in range(args.images)]
        base_rate, base = rate(reference, corpus, args.seconds)
        print(f"{width}x{height:<5} {'pdqhash full decode':<26} {base_rate:8.1f} {1:6.1f}")
        for name, method in methods.items():
            speed, hashes = rate(method, corpus, args.seconds)
            gaps = [distance(a, b) for a, b in zip(base, hashes, strict=True)]
            print(
                f"{width}x{height:<5} {name:<26} {speed:8.1f} {speed / base_rate:6.1f} "
                f"{max(gaps):6d} {np.mean(gaps):7.2f}"
            )


if __name__ == "__main__":
    main()
