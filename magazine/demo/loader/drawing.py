"""Demo images drawn by code (no download): bar and line charts, stylised maps, patterns."""

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900
PAPER = (250, 249, 244)
INK = (27, 27, 27)
MUTED = (110, 110, 110)
ACCENT = (31, 78, 121)
SOFT = (168, 196, 222)
PALETTE = [(31, 78, 121), (179, 71, 0), (61, 122, 74), (120, 70, 140), (160, 130, 30)]


FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
]


@functools.cache
def _font(size):
    """DejaVu Sans (accented glyphs) where the system has it, else Pillow's own font."""
    for path in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _frame(title, unit=""):
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((80, 50), title, font=_font(48), fill=INK)
    if len(unit) > 3:
        draw.text((80, 115), f"En {unit}", font=_font(30), fill=MUTED)
    return image, draw


def _format(value, unit):
    """12 345,5 % — short units follow the number, long ones go under the title."""
    whole = f"{value:,.10g}".replace(",", "\u202f").replace(".", ",")
    return f"{whole}\u00a0{unit}" if unit and len(unit) <= 3 else whole


def bars(spec):
    labels, values, unit = spec["labels"], spec["values"], spec.get("unit", "")
    image, draw = _frame(spec["title"], unit)
    top, bottom, left, right = 170, HEIGHT - 110, 100, WIDTH - 80
    peak = max(values) or 1
    slot = (right - left) / len(values)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x0 = left + index * slot + slot * 0.18
        x1 = left + (index + 1) * slot - slot * 0.18
        y0 = bottom - (bottom - top - 60) * value / peak
        draw.rectangle((x0, y0, x1, bottom), fill=PALETTE[0])
        draw.text(
            ((x0 + x1) / 2, y0 - 12), _format(value, unit), font=_font(34), fill=INK, anchor="ms"
        )
        draw.text(((x0 + x1) / 2, bottom + 20), str(label), font=_font(30), fill=MUTED, anchor="ma")
    draw.line((left, bottom, right, bottom), fill=INK, width=3)
    return image


def line(spec):
    labels, values, unit = spec["labels"], spec["values"], spec.get("unit", "")
    image, draw = _frame(spec["title"], unit)
    top, bottom, left, right = 190, HEIGHT - 110, 140, WIDTH - 120
    low, high = min(0, min(values)), max(values) or 1
    step = (right - left) / max(1, len(values) - 1)
    points = [
        (left + index * step, bottom - (bottom - top) * (value - low) / (high - low))
        for index, value in enumerate(values)
    ]
    draw.line((left, bottom, right, bottom), fill=INK, width=3)
    draw.line(points, fill=PALETTE[1], width=8, joint="curve")
    for (x, y), label, value in zip(points, labels, values, strict=True):
        draw.ellipse((x - 12, y - 12, x + 12, y + 12), fill=PALETTE[1])
        draw.text((x, y - 24), _format(value, unit), font=_font(30), fill=INK, anchor="ms")
        draw.text((x, bottom + 20), str(label), font=_font(28), fill=MUTED, anchor="ma")
    return image


def _hexagon(cx, cy, radius):
    return [
        (
            cx + radius * math.cos(math.radians(60 * k + 30)),
            cy + radius * math.sin(math.radians(60 * k + 30)),
        )
        for k in range(6)
    ]


def stylised_map(spec):
    image, draw = _frame(spec["title"])
    total, highlighted = int(spec["total"]), int(spec["highlighted"])
    columns = max(4, math.ceil(math.sqrt(total * 1.8)))
    radius = min(46, 560 / (math.ceil(total / columns) * 1.6))
    chosen = set(random.Random(spec["title"]).sample(range(total), min(highlighted, total)))
    for index in range(total):
        row, column = divmod(index, columns)
        cx = 160 + column * radius * 1.75 + (radius * 0.87 if row % 2 else 0)
        cy = 220 + row * radius * 1.52
        colour = ACCENT if index in chosen else SOFT
        draw.polygon(_hexagon(cx, cy, radius * 0.95), fill=colour, outline=PAPER)
    legend_y = HEIGHT - 90
    draw.rectangle((100, legend_y, 140, legend_y + 40), fill=ACCENT)
    draw.text((160, legend_y + 4), spec.get("legend", ""), font=_font(32), fill=INK)
    return image


def pattern(spec):
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    rng = random.Random(spec.get("title", "motif"))
    for _ in range(90):
        x, y, size = rng.randrange(WIDTH), rng.randrange(HEIGHT), rng.randrange(20, 160)
        colour = PALETTE[rng.randrange(len(PALETTE))]
        draw.ellipse((x, y, x + size, y + size), outline=colour, width=6)
    return image


KINDS = {"bars": bars, "line": line, "map": stylised_map, "pattern": pattern}


def draw_png(spec):
    """The PNG bytes of the image a spec describes."""
    image = KINDS[spec["kind"]](spec)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
