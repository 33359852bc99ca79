"""Benign pictures generated in code: smooth colour waves, a few shapes and some grain.

Each seed gives a different, textured picture, so unrelated seeds hash far apart and
PDQ's quality is high."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw


def scene(width: int = 320, height: int = 240, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    pixels = np.full((height, width, 3), 128.0, np.float32)
    for channel in range(3):
        for _ in range(4):
            fx, fy = rng.uniform(0.5, 6, 2) * 2 * np.pi
            phase = rng.uniform(0, 6.3)
            amplitude = rng.uniform(20, 60)
            pixels[:, :, channel] += amplitude * np.sin(fx * x / width + fy * y / height + phase)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    _shapes(ImageDraw.Draw(image), rng, width, height)
    grain = rng.normal(0, 6, (height, width, 3))
    return Image.fromarray(np.clip(np.asarray(image) + grain, 0, 255).astype(np.uint8))


def _shapes(draw: ImageDraw.ImageDraw, rng: np.random.Generator, width: int, height: int) -> None:
    for _ in range(12):
        x0, y0 = rng.uniform(0, width), rng.uniform(0, height)
        size = rng.uniform(0.05, 0.3) * min(width, height)
        colour = tuple(int(v) for v in rng.integers(0, 256, 3))
        box = [x0, y0, x0 + size * rng.uniform(0.5, 2), y0 + size]
        if rng.random() < 0.5:
            draw.ellipse(box, fill=colour)
        else:
            draw.rectangle(box, fill=colour)


def encode(image: Image.Image, format: str = "PNG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def jpeg(width: int = 320, height: int = 240, seed: int = 0, quality: int = 90) -> bytes:
    return encode(scene(width, height, seed), "JPEG", quality=quality)


def transparent(width: int = 320, height: int = 240, seed: int = 0) -> Image.Image:
    """An RGBA scene, opaque in the middle, clear in a frame around it: partners' tools
    hash the colours under the frame, a person sees white there."""
    picture = scene(width, height, seed).convert("RGBA")
    alpha = np.zeros((height, width), np.uint8)
    alpha[height // 6 : height * 5 // 6, width // 6 : width * 5 // 6] = 255
    picture.putalpha(Image.fromarray(alpha))
    return picture


def on_white(picture: Image.Image) -> Image.Image:
    """What a browser shows of a transparent picture on a white page."""
    white = Image.new("RGBA", picture.size, "white")
    return Image.alpha_composite(white, picture.convert("RGBA")).convert("RGB")
