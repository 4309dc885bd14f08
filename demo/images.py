"""Demo pictures drawn with Pillow: no download, no licence question, a few KB each.

Every drawing is deterministic (seeded), so re-running the seed produces the same bytes.
"""

import io
import itertools
import math
import random

from PIL import Image, ImageDraw, ImageFilter


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))


def _mix(a: str, b: str, t: float) -> tuple[int, int, int]:
    ca, cb = _rgb(a), _rgb(b)
    return tuple(round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))


def _gradient(size: tuple[int, int], top: str, bottom: str) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=_mix(top, bottom, y / max(height - 1, 1)))
    return image


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def city_hero(palette: dict, size=(1600, 700), seed=1) -> bytes:
    """Two rivers meeting below a skyline at dusk: the metropolis."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    width, height = size
    image = _gradient(size, palette["sky_top"], palette["sky_bottom"])
    draw = ImageDraw.Draw(image)
    sun = (int(width * 0.72), int(height * 0.38))
    for radius, alpha in ((190, 0.18), (120, 0.35), (70, 1.0)):
        color = _mix(palette["sky_bottom"], palette["sun"], alpha)
        draw.ellipse(
            [sun[0] - radius, sun[1] - radius, sun[0] + radius, sun[1] + radius], fill=color
        )
    horizon = int(height * 0.62)
    for layer, shade in ((0, 0.55), (1, 0.8)):
        x = -20
        while x < width:
            w = rng.randint(40, 110)
            h = rng.randint(60, 260) if layer else rng.randint(100, 330)
            color = _mix(palette["sky_bottom"], palette["ink"], shade)
            draw.rectangle([x, horizon - h, x + w, horizon], fill=color)
            if layer and rng.random() < 0.5:
                for wy in range(horizon - h + 14, horizon - 10, 22):
                    for wx in range(x + 8, x + w - 8, 16):
                        if rng.random() < 0.35:
                            draw.rectangle([wx, wy, wx + 6, wy + 9], fill=_rgb(palette["sun"]))
            x += w + rng.randint(0, 12)
    draw.rectangle([0, horizon, width, height], fill=_mix(palette["water"], palette["ink"], 0.35))
    for index, (start, end, thickness) in enumerate(((0.0, 0.55, 120), (1.0, 0.55, 90))):
        points = []
        for step in range(41):
            t = step / 40
            x = width * (start + (end - start) * t)
            y = height + 40 - (height - horizon + 40) * t + math.sin(t * math.pi * 2 + index) * 18
            points.append((x, y))
        draw.line(points, fill=_rgb(palette["water"]), width=int(thickness * 0.9), joint="curve")
    return _jpeg(image.filter(ImageFilter.GaussianBlur(0.6)))


def valley_hero(palette: dict, size=(1600, 700), seed=2) -> bytes:
    """Layered hills, a forest edge and a morning sun: the rural valley."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    width, height = size
    image = _gradient(size, palette["sky_top"], palette["sky_bottom"])
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        [width * 0.18, height * 0.12, width * 0.18 + 150, height * 0.12 + 150],
        fill=_rgb(palette["sun"]),
    )
    layers = 5
    for layer in range(layers):
        t = layer / (layers - 1)
        base = height * (0.42 + 0.13 * layer)
        color = _mix(palette["hill_far"], palette["hill_near"], t)
        phase = rng.random() * math.tau
        amplitude = 40 + 30 * layer
        points = [(0, height)]
        for x in range(0, width + 40, 40):
            y = base - amplitude * (0.5 + 0.5 * math.sin(x / (240 + 60 * layer) + phase))
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=color)
        if layer in (2, 3):
            for _ in range(70):
                x = rng.randint(0, width)
                y = base - amplitude * (0.5 + 0.5 * math.sin(x / (240 + 60 * layer) + phase)) + 8
                h = rng.randint(26, 58)
                tree = _mix(palette["hill_near"], palette["ink"], 0.45 + 0.2 * rng.random())
                draw.polygon([(x, y - h), (x - h * 0.32, y + 4), (x + h * 0.32, y + 4)], fill=tree)
    return _jpeg(image.filter(ImageFilter.GaussianBlur(0.5)))


def pattern_card(palette: dict, motif: str, size=(960, 600), seed=3) -> bytes:
    """An illustration for an industry or a news item: a gradient and a simple motif."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    width, height = size
    image = _gradient(size, palette["card_top"], palette["card_bottom"])
    draw = ImageDraw.Draw(image)
    light = _mix(palette["card_top"], "#ffffff", 0.35)
    strong = _rgb(palette["sun"])
    if motif == "molecules":
        nodes = [(rng.randint(80, width - 80), rng.randint(80, height - 80)) for _ in range(14)]
        for a, b in itertools.pairwise(nodes):
            draw.line([a, b], fill=light, width=6)
        for index, (x, y) in enumerate(nodes):
            r = 22 if index % 3 else 34
            draw.ellipse([x - r, y - r, x + r, y + r], fill=strong if index % 4 == 0 else light)
    elif motif == "grid":
        for x in range(0, width, 60):
            draw.line([(x, 0), (x, height)], fill=light, width=2)
        for y in range(0, height, 60):
            draw.line([(0, y), (width, y)], fill=light, width=2)
        for _ in range(18):
            x, y = rng.randrange(0, width, 60), rng.randrange(0, height, 60)
            draw.rectangle(
                [x + 4, y + 4, x + 56, y + 56], fill=strong if rng.random() < 0.3 else light
            )
    elif motif == "waves":
        for row in range(9):
            y0 = 40 + row * 70
            points = [(x, y0 + 22 * math.sin(x / 70 + row)) for x in range(0, width + 20, 20)]
            draw.line(points, fill=strong if row == 4 else light, width=8, joint="curve")
    elif motif == "trees":
        for _ in range(40):
            x, y, h = rng.randint(0, width), rng.randint(120, height + 60), rng.randint(90, 220)
            color = _mix(palette["card_bottom"], "#000000", 0.15 + 0.25 * rng.random())
            draw.polygon([(x, y - h), (x - h * 0.3, y), (x + h * 0.3, y)], fill=color)
        draw.ellipse([width - 230, 60, width - 90, 200], fill=strong)
    elif motif == "fields":
        for band in range(8):
            y = int(height * 0.3) + band * 50
            color = _mix(palette["card_top"], palette["sun"], (band % 3) / 4)
            draw.polygon([(0, y), (width, y - 60), (width, y + 60), (0, y + 110)], fill=color)
    else:  # "rings"
        cx, cy = width * 0.65, height * 0.5
        for r in range(420, 20, -50):
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=light, width=10)
        draw.ellipse([cx - 60, cy - 60, cx + 60, cy + 60], fill=strong)
    return _jpeg(image)


def emblem(palette: dict, shape: str, size=192) -> bytes:
    """The territory's logo: a white tile with a two-colour emblem (shown on the header)."""
    scale = 4  # draw large, then downsample for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    primary, accent = _rgb(palette["logo_primary"]), _rgb(palette["logo_accent"])
    pad = big * 0.12
    if shape == "confluence":
        draw.rounded_rectangle([pad, pad, big - pad, big - pad], radius=big * 0.18, fill=primary)
        w = int(big * 0.09)
        draw.line(
            [(pad * 1.6, pad * 1.8), (big / 2, big * 0.62), (big / 2, big - pad * 1.4)],
            fill=(255, 255, 255),
            width=w,
            joint="curve",
        )
        draw.line(
            [(big - pad * 1.6, pad * 1.8), (big / 2, big * 0.62)],
            fill=accent,
            width=w,
            joint="curve",
        )
    else:
        draw.ellipse([pad, pad, big - pad, big - pad], fill=primary)
        draw.polygon(
            [
                (pad * 1.5, big * 0.68),
                (big * 0.42, big * 0.32),
                (big * 0.6, big * 0.54),
                (big * 0.7, big * 0.42),
                (big - pad * 1.5, big * 0.68),
            ],
            fill=(255, 255, 255),
        )
        draw.ellipse([big * 0.6, big * 0.2, big * 0.74, big * 0.34], fill=accent)
    return _png(image.resize((size, size), Image.LANCZOS))


def building(palette: dict, kind: str, size=(960, 600), seed=5) -> bytes:
    """A property photo stand-in: an office block, a warehouse, a plot or a shared workspace."""
    rng = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    width, height = size
    image = _gradient(size, palette["sky_top"], palette["sky_bottom"])
    draw = ImageDraw.Draw(image)
    ground = int(height * 0.78)
    draw.rectangle([0, ground, width, height], fill=_mix(palette["card_bottom"], "#555555", 0.4))
    wall = _mix(palette["card_top"], "#ffffff", 0.55)
    glass = _mix(palette["card_top"], "#ffffff", 0.15)
    accent = _rgb(palette["sun"])
    if kind == "office":
        left, top = int(width * 0.25), int(height * 0.12)
        draw.rectangle([left, top, width - left, ground], fill=wall)
        for y in range(top + 20, ground - 40, 48):
            for x in range(left + 20, width - left - 40, 56):
                draw.rectangle([x, y, x + 36, y + 30], fill=glass if rng.random() < 0.8 else accent)
    elif kind == "warehouse":
        top = int(height * 0.4)
        draw.polygon(
            [
                (60, top),
                (width // 2, top - 70),
                (width - 60, top),
                (width - 60, ground),
                (60, ground),
            ],
            fill=wall,
        )
        for x in range(110, width - 140, 150):
            draw.rectangle([x, ground - 120, x + 100, ground], fill=glass)
        draw.rectangle([60, top + 20, width - 60, top + 34], fill=accent)
    elif kind == "land":
        for band in range(5):
            y = ground - 30 + band * 28
            draw.line(
                [(0, y), (width, y - 20)],
                fill=_mix(palette["card_bottom"], "#8a9a5b", 0.5),
                width=10,
            )
        draw.rectangle([width * 0.2, ground - 160, width * 0.2 + 8, ground], fill=accent)
        draw.rectangle([width * 0.2 + 8, ground - 160, width * 0.2 + 130, ground - 90], fill=wall)
    else:  # "coworking": a low building with a large glass front
        top = int(height * 0.35)
        draw.rectangle([120, top, width - 120, ground], fill=wall)
        draw.rectangle([160, top + 40, width - 160, ground - 20], fill=glass)
        for x in range(200, width - 200, 90):
            draw.line([(x, top + 40), (x, ground - 20)], fill=wall, width=6)
        draw.ellipse([width - 220, 40, width - 120, 140], fill=accent)
    return _jpeg(image)
