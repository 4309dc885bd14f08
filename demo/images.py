"""Demo banners and logos drawn with Pillow (the subjects' pictures are demo/scenes.py):
no download, no licence question, a few KB each.

Every drawing is deterministic (seeded), so re-running the seed produces the same bytes.
"""

import io
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


# What each banner shows (the home page's alt text of it), in French and in English.
HERO_ALT = {
    "city": (
        "Deux rivières se rejoignent au pied des immeubles de la ville au crépuscule, vues "
        "depuis un pont",
        "Two rivers meeting below the city's skyline at dusk, seen from a bridge",
    ),
    "valley": (
        "Collines boisées, un village et son clocher au fond de la vallée sous le soleil du matin",
        "Wooded hills, a village and its steeple in the valley under the morning sun",
    ),
}


def hero_alt(style: str, language: str) -> str:
    return HERO_ALT[style][0 if language == "fr" else 1]


def city_hero(palette: dict, size=(1600, 700), seed=1) -> bytes:
    """Two rivers meeting below a skyline at dusk, seen from a bridge: the metropolis."""
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
    # the quays, then two rivers that widen towards the viewer and meet below the city
    draw.rectangle(
        [0, horizon, width, height], fill=_mix(palette["sky_bottom"], palette["ink"], 0.7)
    )
    meet = (width * 0.56, horizon + 6)
    for near_left, near_right in ((-0.1, 0.42), (0.7, 1.15)):
        draw.polygon(
            [
                (meet[0] - 30, meet[1]),
                (meet[0] + 30, meet[1]),
                (width * near_right, height),
                (width * near_left, height),
            ],
            fill=_rgb(palette["water"]),
        )
    # a bridge across the near river
    deck = horizon + (height - horizon) * 0.45
    draw.rectangle([0, deck, width, deck + 12], fill=_mix(palette["ink"], "#000000", 0.2))
    for x in range(40, width, 160):
        draw.rectangle([x, deck + 12, x + 14, height], fill=_mix(palette["ink"], "#000000", 0.2))
    return _jpeg(image.filter(ImageFilter.GaussianBlur(0.6)))


def valley_hero(palette: dict, size=(1600, 700), seed=2) -> bytes:
    """Layered hills, a forest edge, a village and a morning sun: the rural valley."""
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
    _village(draw, int(width * 0.62), int(height * 0.8), palette)
    return _jpeg(image.filter(ImageFilter.GaussianBlur(0.5)))


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


def _village(draw: ImageDraw.ImageDraw, x: int, base: int, palette: dict) -> None:
    """A village in the valley: houses with red roofs around a church and its steeple."""
    wall, roof, window = _rgb("#f3ead8"), _rgb("#b4463b"), _rgb(palette["sun"])
    for dx, w, h in ((-260, 90, 60), (-150, 110, 70), (140, 100, 64), (260, 84, 56), (360, 96, 62)):
        left = x + dx
        draw.rectangle([left, base - h, left + w, base], fill=wall)
        draw.polygon(
            [(left - 10, base - h), (left + w / 2, base - h - 44), (left + w + 10, base - h)],
            fill=roof,
        )
        draw.rectangle(
            [left + w * 0.2, base - h * 0.7, left + w * 0.38, base - h * 0.4], fill=window
        )
        draw.rectangle(
            [left + w * 0.6, base - h * 0.7, left + w * 0.78, base - h * 0.4], fill=window
        )
    # the church: a nave and a steeple
    draw.rectangle([x - 30, base - 90, x + 110, base], fill=wall)
    draw.polygon([(x - 40, base - 90), (x + 40, base - 140), (x + 120, base - 90)], fill=roof)
    draw.rectangle([x - 20, base - 190, x + 30, base], fill=wall)
    draw.polygon(
        [(x - 28, base - 190), (x + 5, base - 270), (x + 38, base - 190)], fill=_rgb("#59636d")
    )
    draw.ellipse([x - 6, base - 170, x + 16, base - 148], fill=window)
