"""The demo programme's images, drawn with Pillow: a badge for a logo, a scribble for a signature."""

import io
import math

from PIL import Image, ImageDraw, ImageFont


def badge(text: str, color: str, *, width: int = 240, height: int = 120) -> bytes:
    """A coloured rounded box with white letters: a logo that is plainly a demo's."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, width - 4, height - 4), radius=18, fill=color)
    font = ImageFont.load_default(size=48)
    box = draw.textbbox((0, 0), text, font=font)
    draw.text(((width - box[2]) / 2, (height - box[3]) / 2), text, font=font, fill="white")
    return _png(image)


def signature(*, width: int = 300, height: int = 100) -> bytes:
    """A handwritten-looking stroke on a transparent background."""
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [
        (20 + x, height / 2 + 22 * math.sin(x / 14) * math.exp(-x / 260) - x / 12)
        for x in range(0, width - 40, 3)
    ]
    draw.line(points, fill=(20, 40, 110, 255), width=4, joint="curve")
    draw.line([(40, height - 22), (width - 50, height - 30)], fill=(20, 40, 110, 255), width=3)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
