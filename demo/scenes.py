"""Flat illustrations of the demo's subjects, drawn with Pillow: a lab for health, a plant
for chemistry, server racks for digital, office blocks for a business park, and so on.

No download and no licence question. Each drawing is deterministic (its seed), drawn at
twice its size and scaled down for smooth edges, and saved as a JPEG of a few tens of KB.
``SUBJECTS`` maps each subject to its drawing and to the description of what it shows (the
image's alt text, in French and in English).
"""

import io
import math
import random

from PIL import Image, ImageDraw

SCALE = 2
SIZE = (960, 600)

SKY_TOP, SKY_BOTTOM = "#7fb8e0", "#e4f1f8"
CLOUD = "#ffffff"
GRASS, GRASS_DARK = "#8cbf6a", "#5f9a4c"
TREE, TREE_DARK, TRUNK = "#4f9142", "#2f6b35", "#7a5230"
ROAD, KERB = "#8d969e", "#c4cbd1"
WALL, WALL_SHADE = "#eef1f4", "#cdd6de"
GLASS, GLASS_DARK = "#8fc1e3", "#4d82ad"
ROOF, STEEL = "#59636d", "#9aa5af"
WOOD, WOOD_DARK = "#c08a54", "#8a5a31"
ROOM, FLOOR = "#f3eee6", "#cdb897"
INK = "#25323d"
SKINS = ("#f1c7a5", "#d9a07a", "#a8704c", "#7a4a2e")
CLOTHES = ("#3b6ea5", "#c0504d", "#4f9142", "#e0a43a", "#7b5ea7", "#2f3e4c")


def _rgb(color) -> tuple[int, int, int]:
    if isinstance(color, tuple):
        return color
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(_rgb(a), _rgb(b), strict=True))


class Canvas:
    """A drawing in logical pixels (960 × 600), kept at SCALE times that size."""

    def __init__(self, top=SKY_TOP, bottom=SKY_BOTTOM, size=SIZE, horizon=None):
        self.size = size
        width, height = size
        self.image = Image.new("RGB", (width * SCALE, height * SCALE))
        self.draw = ImageDraw.Draw(self.image)
        limit = (horizon or height) * SCALE
        for y in range(height * SCALE):
            t = min(y / max(limit - 1, 1), 1)
            self.draw.line([(0, y), (width * SCALE, y)], fill=_mix(top, bottom, t))

    @staticmethod
    def _xy(points):
        return [(x * SCALE, y * SCALE) for x, y in points]

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        box = [x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE]
        if radius:
            self.draw.rounded_rectangle(box, radius=radius * SCALE, fill=_rgb(fill))
        else:
            self.draw.rectangle(box, fill=_rgb(fill))

    def ellipse(self, cx, cy, rx, ry, fill):
        box = [(cx - rx) * SCALE, (cy - ry) * SCALE, (cx + rx) * SCALE, (cy + ry) * SCALE]
        self.draw.ellipse(box, fill=_rgb(fill))

    def poly(self, points, fill):
        self.draw.polygon(self._xy(points), fill=_rgb(fill))

    def line(self, points, fill, width):
        self.draw.line(self._xy(points), fill=_rgb(fill), width=int(width * SCALE), joint="curve")

    def jpeg(self) -> bytes:
        buffer = io.BytesIO()
        image = self.image.resize(self.size, Image.LANCZOS)
        image.save(buffer, format="JPEG", quality=84, optimize=True, progressive=True)
        return buffer.getvalue()


# --- Pieces -------------------------------------------------------------------------


def cloud(c: Canvas, x, y, w):
    for dx, dy, r in ((0, 0, 0.22), (0.22, -0.1, 0.28), (0.5, 0, 0.22), (0.25, 0.06, 0.25)):
        c.ellipse(x + dx * w, y + dy * w, r * w, r * w * 0.7, CLOUD)


def sun(c: Canvas, x, y, r, color):
    c.ellipse(x, y, r * 1.6, r * 1.6, _mix(color, SKY_BOTTOM, 0.6))
    c.ellipse(x, y, r, r, color)


def ground(c: Canvas, y, color=GRASS):
    c.rect(0, y, c.size[0], c.size[1], color)


def tree(c: Canvas, x, base, h, color=TREE):
    c.rect(x - h * 0.05, base - h * 0.45, x + h * 0.05, base, TRUNK)
    c.ellipse(x, base - h * 0.65, h * 0.3, h * 0.36, color)
    c.ellipse(x - h * 0.08, base - h * 0.72, h * 0.16, h * 0.18, _mix(color, "#ffffff", 0.15))


def pine(c: Canvas, x, base, h, color=TREE_DARK):
    c.rect(x - h * 0.04, base - h * 0.15, x + h * 0.04, base, TRUNK)
    for step in range(3):
        top = base - h + step * h * 0.22
        half = h * (0.18 + 0.08 * step)
        c.poly([(x, top), (x - half, top + h * 0.4), (x + half, top + h * 0.4)], color)


def windows(c: Canvas, x0, y0, x1, y1, rows, cols, color=GLASS, gap=10, lit=None, rng=None):
    w = (x1 - x0 - gap * (cols + 1)) / cols
    h = (y1 - y0 - gap * (rows + 1)) / rows
    for row in range(rows):
        for col in range(cols):
            x = x0 + gap + col * (w + gap)
            y = y0 + gap + row * (h + gap)
            shade = lit if lit and rng and rng.random() < 0.2 else color
            c.rect(x, y, x + w, y + h, shade)


def block(c: Canvas, x0, y0, x1, y1, rows, cols, wall=WALL, rng=None, accent=None):
    """An office block: a wall, a roof edge, rows of windows and a glass door."""
    c.rect(x0 + 8, y0 + 8, x1 + 8, y1, WALL_SHADE)
    c.rect(x0, y0, x1, y1, wall)
    c.rect(x0 - 4, y0 - 10, x1 + 4, y0, ROOF)
    windows(c, x0, y0, x1, y1 - 50, rows, cols, lit=accent, rng=rng)
    mid = (x0 + x1) / 2
    c.rect(mid - 26, y1 - 46, mid + 26, y1, GLASS_DARK)
    c.line([(mid, y1 - 46), (mid, y1)], WALL, 3)


def person(c: Canvas, x, base, h, shirt, skin=SKINS[0], coat=None):
    """A standing person, front view: legs, body, arms, head and hair."""
    c.rect(x - h * 0.09, base - h * 0.42, x - h * 0.01, base, INK)
    c.rect(x + h * 0.01, base - h * 0.42, x + h * 0.09, base, INK)
    c.rect(x - h * 0.16, base - h * 0.78, x + h * 0.16, base - h * 0.38, coat or shirt, h * 0.06)
    if coat:
        c.poly(
            [
                (x - h * 0.05, base - h * 0.78),
                (x + h * 0.05, base - h * 0.78),
                (x, base - h * 0.66),
            ],
            shirt,
        )
    c.ellipse(x, base - h * 0.88, h * 0.1, h * 0.11, skin)
    c.ellipse(x, base - h * 0.95, h * 0.1, h * 0.05, INK)


def seated(c: Canvas, x, seat, h, shirt, skin):
    """A person seen from behind or at a table: shoulders and head only."""
    c.rect(x - h * 0.2, seat - h * 0.42, x + h * 0.2, seat, shirt, h * 0.08)
    c.ellipse(x, seat - h * 0.55, h * 0.12, h * 0.14, skin)
    c.ellipse(x, seat - h * 0.62, h * 0.12, h * 0.08, INK)


def truck(c: Canvas, x, base, color, length=260):
    c.rect(x, base - 110, x + length, base - 24, WALL)
    c.rect(x, base - 110, x + length, base - 96, color)
    c.rect(x + length + 4, base - 78, x + length + 70, base - 24, color, 8)
    c.rect(x + length + 30, base - 70, x + length + 62, base - 48, GLASS)
    for wheel in (x + 40, x + length - 40, x + length + 44):
        c.ellipse(wheel, base - 20, 20, 20, INK)
        c.ellipse(wheel, base - 20, 8, 8, STEEL)


def car(c: Canvas, x, base, color):
    c.rect(x, base - 38, x + 120, base - 12, color, 10)
    c.poly(
        [(x + 24, base - 38), (x + 40, base - 60), (x + 86, base - 60), (x + 102, base - 38)], color
    )
    c.poly(
        [(x + 34, base - 40), (x + 46, base - 55), (x + 80, base - 55), (x + 92, base - 40)], GLASS
    )
    for wheel in (x + 28, x + 92):
        c.ellipse(wheel, base - 12, 13, 13, INK)


def trapezoid(c: Canvas, x, top, bottom, half_top, half_bottom, fill):
    """A shape centred on x, ``half_top`` wide on each side at ``top``, ``half_bottom`` at
    ``bottom``: a flask's liquid, a flower pot."""
    c.poly(
        [
            (x - half_top, top),
            (x + half_top, top),
            (x + half_bottom, bottom),
            (x - half_bottom, bottom),
        ],
        fill,
    )


def flask(c: Canvas, x, base, h, liquid):
    neck = h * 0.12
    c.poly(
        [
            (x - neck, base - h),
            (x + neck, base - h),
            (x + neck, base - h * 0.6),
            (x + h * 0.42, base),
            (x - h * 0.42, base),
            (x - neck, base - h * 0.6),
        ],
        "#dff0f7",
    )
    trapezoid(c, x, base - h * 0.28, base, h * 0.3, h * 0.42, liquid)
    c.rect(x - neck - 3, base - h - 6, x + neck + 3, base - h, STEEL)


def screen(c: Canvas, x0, y0, x1, y1, rng, accent):
    c.rect(x0, y0, x1, y1, INK, 6)
    c.rect(x0 + 8, y0 + 8, x1 - 8, y1 - 8, "#1d2b36")
    y = y0 + 20
    while y < y1 - 20:
        indent = rng.choice((0, 0, 16, 32))
        length = rng.uniform(0.25, 0.7) * (x1 - x0 - 40 - indent)
        color = rng.choice(("#7fd1ae", "#8fc1e3", accent, "#e0e6eb"))
        c.rect(x0 + 18 + indent, y, x0 + 18 + indent + length, y + 6, color, 3)
        y += 16
    mid = (x0 + x1) / 2
    c.rect(mid - 8, y1, mid + 8, y1 + 26, STEEL)
    c.rect(mid - 40, y1 + 24, mid + 40, y1 + 32, STEEL, 4)


def interior(c: Canvas, floor_y, wall=ROOM, floor=FLOOR):
    c.rect(0, 0, c.size[0], floor_y, wall)
    c.rect(0, floor_y, c.size[0], c.size[1], floor)
    c.rect(0, floor_y - 6, c.size[0], floor_y, _mix(wall, INK, 0.2))


def wall_window(c: Canvas, x0, y0, x1, y1):
    c.rect(x0 - 8, y0 - 8, x1 + 8, y1 + 8, "#ffffff")
    c.rect(x0, y0, x1, y1, SKY_TOP)
    c.rect(x0, (y0 + y1) / 2, x1, y1, SKY_BOTTOM)
    tree(c, x0 + (x1 - x0) * 0.3, y1 + 10, (y1 - y0) * 0.8)
    c.line([((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)], "#ffffff", 6)


def plant(c: Canvas, x, base, h):
    trapezoid(c, x, base - h * 0.3, base, h * 0.2, h * 0.15, WOOD_DARK)
    for angle in (-0.9, -0.45, 0, 0.45, 0.9):
        tip = (x + math.sin(angle) * h * 0.55, base - h * 0.3 - math.cos(angle) * h * 0.7)
        c.line([(x, base - h * 0.3), tip], TREE, h * 0.09)
        c.ellipse(tip[0], tip[1], h * 0.1, h * 0.07, TREE)


def outdoor_sky(c: Canvas, rng, accent, horizon):
    sun(c, c.size[0] * 0.82, 90, 34, accent)
    for _ in range(3):
        cloud(
            c,
            rng.uniform(40, c.size[0] * 0.65),
            rng.uniform(50, horizon * 0.35),
            rng.uniform(110, 170),
        )


def outdoors(palette, rng, horizon) -> Canvas:
    """A daytime scene: sky, sun and clouds above ``horizon``, grass below."""
    c = Canvas(horizon=horizon)
    outdoor_sky(c, rng, palette["sun"], horizon)
    ground(c, horizon)
    return c


# --- Subjects -----------------------------------------------------------------------


def lab(palette, rng):
    c = Canvas()
    interior(c, 430, wall="#eef4f6", floor="#b9c6cc")
    wall_window(c, 620, 60, 900, 250)
    for shelf_y in (120, 210):
        c.rect(60, shelf_y, 520, shelf_y + 10, WOOD_DARK)
        x = 80
        while x < 500:
            h = rng.uniform(30, 60)
            c.rect(
                x,
                shelf_y - h,
                x + 26,
                shelf_y,
                rng.choice(("#cfe6ef", palette["card_top"], "#e7d3a8", "#b5d99c")),
                4,
            )
            x += rng.uniform(36, 60)
    person(c, 690, 475, 300, "#8fc1e3", rng.choice(SKINS), coat="#ffffff")
    c.rect(0, 360, 960, 384, "#dfe6ea")
    c.rect(0, 384, 960, 600, "#9fb0b8")
    for x in range(30, 960, 190):
        c.rect(x, 400, x + 170, 580, "#b7c5cc", 6)
        c.rect(x + 70, 420, x + 100, 428, STEEL, 3)
    # microscope: foot, pillar, arm, tube, eyepiece, stage
    c.rect(130, 340, 250, 360, INK, 6)
    c.rect(210, 200, 234, 345, "#3d4c58", 8)
    c.line([(222, 215), (180, 250)], "#3d4c58", 22)
    c.line([(180, 250), (160, 320)], STEEL, 26)
    c.rect(150, 180, 196, 200, INK, 4)
    c.line([(173, 200), (178, 250)], STEEL, 18)
    c.rect(130, 300, 215, 312, INK)
    flask(c, 330, 360, 90, palette["sun"])
    flask(c, 420, 360, 70, "#7fd1ae")
    c.rect(470, 318, 590, 330, WOOD_DARK)
    for index, x in enumerate(range(482, 590, 22)):
        c.rect(x, 280, x + 12, 346, "#dff0f7", 6)
        c.rect(
            x,
            312,
            x + 12,
            346,
            ("#c0504d", "#8fc1e3", palette["sun"], "#7fd1ae", "#7b5ea7")[index % 5],
            6,
        )
    c.rect(470, 340, 590, 360, WOOD)
    return c


def chemistry(palette, rng):
    c = outdoors(palette, rng, 430)
    c.rect(0, 500, 960, 530, ROAD)
    # a distillation column, two tanks, a chimney, pipes between them
    c.rect(140, 120, 200, 440, STEEL)
    for y in range(150, 430, 50):
        c.rect(132, y, 208, y + 8, "#6f7b86")
    c.rect(168, 90, 174, 120, "#6f7b86")
    c.line([(108, 200), (100, 135)], "#6f7b86", 6)
    for x, w, h in ((260, 170, 170), (460, 150, 130)):
        c.rect(x, 440 - h, x + w, 440, "#e3e8ec")
        c.ellipse(x + w / 2, 440 - h, w / 2, 18, "#f6f8f9")
        c.rect(x, 440 - h * 0.55, x + w, 440 - h * 0.45, palette["card_top"])
    c.line([(200, 260), (260, 300), (430, 300), (460, 330)], "#c0504d", 10)
    c.line([(200, 380), (640, 380)], "#e0a43a", 10)
    c.line([(520, 310), (520, 230), (700, 230), (700, 300)], "#6f7b86", 8)
    c.rect(640, 300, 860, 440, WALL)
    c.rect(630, 290, 870, 304, ROOF)
    windows(c, 640, 300, 860, 400, 2, 4)
    c.rect(790, 110, 830, 300, "#b7bfc6")
    c.rect(790, 130, 830, 145, "#c0504d")
    c.rect(790, 165, 830, 180, "#c0504d")
    for index in range(4):
        cloud(c, 800 + index * 26, 90 - index * 22, 50 + index * 12)
    for x in (40, 920):
        tree(c, x, 470, 110)
    return c


def digital(palette, rng):
    c = Canvas()
    interior(c, 420, wall="#e8edf2", floor="#aeb7bf")
    # server racks on the right
    for x in (610, 730, 850):
        c.rect(x, 90, x + 100, 470, "#2f3e4c", 6)
        for y in range(110, 450, 34):
            c.rect(x + 10, y, x + 90, y + 24, "#1d2b36", 3)
            for led in range(3):
                color = ("#7fd1ae", palette["sun"], "#8fc1e3")[(led + y // 34) % 3]
                c.ellipse(x + 20 + led * 12, y + 12, 3.5, 3.5, color)
            c.rect(x + 58, y + 9, x + 84, y + 15, "#4d5d6b", 2)
    # a desk with two screens and a laptop
    c.rect(40, 400, 560, 420, WOOD)
    c.rect(60, 420, 80, 560, WOOD_DARK)
    c.rect(520, 420, 540, 560, WOOD_DARK)
    screen(c, 70, 190, 290, 340, rng, palette["sun"])
    screen(c, 310, 190, 530, 340, rng, palette["sun"])
    c.rect(200, 386, 360, 400, STEEL, 3)
    c.poly([(220, 386), (340, 386), (330, 346), (230, 346)], "#c9d2d9")
    c.rect(120, 388, 180, 398, "#4d5d6b", 3)
    c.rect(420, 360, 450, 400, palette["card_top"], 6)
    plant(c, 500, 400, 80)
    return c


def business_park(palette, rng):
    c = outdoors(palette, rng, 420)
    c.poly([(0, 520), (960, 480), (960, 540), (0, 600)], ROAD)
    c.poly([(0, 512), (960, 472), (960, 480), (0, 520)], KERB)
    block(c, 60, 170, 300, 440, 6, 4, rng=rng, accent=palette["sun"])
    block(c, 360, 90, 580, 440, 8, 4, wall="#e4ebf1", rng=rng, accent=palette["sun"])
    block(c, 640, 230, 900, 440, 4, 5, rng=rng, accent=palette["sun"])
    c.rect(330, 470, 340, 520, INK)
    c.rect(300, 430, 370, 475, palette["card_top"], 4)
    c.rect(310, 445, 360, 452, "#ffffff", 2)
    c.rect(310, 458, 345, 464, "#ffffff", 2)
    for x in (30, 330, 610, 930):
        tree(c, x, 470, 120)
    car(c, 620, 535, palette["card_top"])
    return c


def factory(palette, rng):
    c = outdoors(palette, rng, 430)
    c.rect(0, 500, 960, 540, ROAD)
    # two chimneys with smoke, a saw-tooth roof covered in solar panels
    for x, top in ((150, 80), (230, 130)):
        c.rect(x, top, x + 40, 300, "#b7bfc6")
        c.rect(x, top + 20, x + 40, top + 34, "#c0504d")
        for index in range(3):
            cloud(c, x + 20 + index * 30, top - 30 - index * 26, 40 + index * 12)
    c.rect(80, 300, 880, 460, WALL)
    for index in range(5):
        x = 80 + index * 160
        c.poly([(x, 300), (x + 120, 230), (x + 160, 230), (x + 160, 300)], WALL_SHADE)
        c.poly([(x + 6, 296), (x + 118, 236), (x + 118, 300)], GLASS_DARK)
        for k in range(1, 4):
            c.line([(x + 6 + k * 28, 296 - k * 15), (x + 6 + k * 28, 300)], "#8fc1e3", 2)
        c.rect(x + 120, 230, x + 160, 300, GLASS)
    windows(c, 80, 320, 560, 400, 1, 6)
    c.rect(610, 340, 700, 460, "#aeb7bf")
    c.rect(730, 340, 820, 460, "#aeb7bf")
    for y in range(350, 460, 14):
        c.line([(610, y), (700, y)], "#9aa3ab", 2)
        c.line([(730, y), (820, y)], "#9aa3ab", 2)
    c.rect(80, 300, 880, 310, palette["card_top"])
    truck(c, 560, 540, palette["card_top"])
    tree(c, 40, 470, 110)
    tree(c, 920, 470, 120)
    return c


def _warehouse(c: Canvas, x0, x1, top, base, palette):
    c.poly([(x0, top + 30), ((x0 + x1) / 2, top), (x1, top + 30), (x1, base), (x0, base)], WALL)
    c.rect(x0, top + 30, x1, top + 44, palette["card_top"])
    doors = max(2, int((x1 - x0) // 130))
    step = (x1 - x0) / doors
    for index in range(doors):
        x = x0 + index * step + step * 0.18
        c.rect(x, base - 110, x + step * 0.64, base, "#aeb7bf")
        for y in range(int(base - 104), int(base), 14):
            c.line([(x, y), (x + step * 0.64, y)], "#9aa3ab", 2)
        c.rect(x - 6, base - 118, x + step * 0.64 + 6, base - 110, ROOF)


def warehouse(palette, rng):
    c = outdoors(palette, rng, 450)
    c.rect(0, 470, 960, 600, ROAD)
    for x in range(40, 960, 120):
        c.rect(x, 560, x + 60, 566, "#ffffff")
    _warehouse(c, 60, 900, 200, 470, palette)
    truck(c, 330, 560, palette["card_top"])
    tree(c, 30, 460, 120)
    return c


def logistics(palette, rng):
    c = Canvas(horizon=400)
    outdoor_sky(c, rng, palette["sun"], 400)
    c.rect(0, 400, 960, 600, ROAD)
    c.rect(0, 540, 960, 600, _mix(palette.get("water", GLASS_DARK), "#ffffff", 0.15))
    _warehouse(c, 30, 420, 200, 420, palette)
    colours = ("#c0504d", palette["card_top"], "#e0a43a", "#4f9142", "#7b5ea7")
    for row in range(3):
        for col in range(3 - (row == 2)):
            x, y = 470 + col * 130, 500 - (row + 1) * 50
            color = colours[(row * 3 + col + rng.randint(0, 4)) % len(colours)]
            c.rect(x, y, x + 124, y + 46, color)
            for k in range(1, 8):
                c.line([(x + k * 15, y + 4), (x + k * 15, y + 42)], _mix(color, INK, 0.25), 2)
    # a gantry crane over the stacks
    c.rect(450, 120, 466, 520, "#e0a43a")
    c.rect(880, 120, 896, 520, "#e0a43a")
    c.rect(440, 110, 920, 132, "#e0a43a")
    c.rect(640, 132, 690, 160, INK)
    c.line([(665, 160), (665, 260)], INK, 3)
    c.rect(620, 260, 710, 272, INK)
    truck(c, 60, 530, palette["card_top"], length=240)
    return c


def land(palette, rng):
    c = Canvas(horizon=360)
    outdoor_sky(c, rng, palette["sun"], 360)
    c.poly(
        [(0, 360), (200, 300), (420, 340), (640, 290), (960, 350), (960, 380), (0, 380)], "#a9c98f"
    )
    ground(c, 370, GRASS)
    for band in range(6):
        y = 400 + band * 34
        c.line([(0, y + 20), (960, y)], _mix(GRASS, GRASS_DARK, 0.3 + 0.1 * (band % 2)), 8)
    for x in range(20, 960, 70):
        c.rect(x, 470, x + 8, 530, WOOD_DARK)
    c.line([(0, 486), (960, 486)], WOOD_DARK, 4)
    c.line([(0, 510), (960, 510)], WOOD_DARK, 4)
    c.rect(620, 300, 634, 520, INK)
    c.rect(700, 300, 714, 520, INK)
    c.rect(580, 230, 760, 360, palette["card_top"], 6)
    c.rect(600, 252, 740, 276, "#ffffff", 4)
    c.rect(600, 292, 700, 304, "#ffffff", 3)
    c.rect(600, 318, 720, 330, "#ffffff", 3)
    for x in (120, 240, 880):
        tree(c, x, 380, 110 if x != 240 else 80)
    return c


def office(palette, rng):
    c = outdoors(palette, rng, 460)
    c.rect(0, 520, 960, 600, ROAD)
    c.rect(230, 60, 730, 480, "#dfe7ee")
    c.rect(220, 48, 740, 62, ROOF)
    for y in range(80, 420, 56):
        c.rect(250, y, 710, y + 44, GLASS)
        for x in range(250, 711, 58):
            c.line([(x, y), (x, y + 44)], "#dfe7ee", 5)
        c.poly([(250, y + 44), (330, y), (360, y), (280, y + 44)], "#b3d6ee")
    c.rect(420, 420, 540, 480, GLASS_DARK)
    c.line([(480, 420), (480, 480)], "#dfe7ee", 4)
    c.rect(400, 410, 560, 420, palette["card_top"])
    for x in (80, 170, 800, 890):
        tree(c, x, 500, 150 if x in (170, 800) else 120)
    car(c, 120, 575, palette["card_top"])
    return c


def coworking(palette, rng):
    c = Canvas()
    interior(c, 380)
    for x0 in (40, 340, 640):
        c.rect(x0, 50, x0 + 280, 320, SKY_TOP)
        c.rect(x0, 185, x0 + 280, 320, SKY_BOTTOM)
        tree(c, x0 + 80 + rng.uniform(-20, 20), 330, 170, TREE)
        c.rect(x0 - 6, 44, x0 + 286, 56, "#ffffff")
        c.rect(x0 - 6, 316, x0 + 286, 326, "#ffffff")
        c.rect(x0 + 136, 50, x0 + 144, 320, "#ffffff")
    for x in (220, 480, 740):
        c.line([(x, 0), (x, 60)], INK, 2)
        c.poly([(x - 34, 96), (x - 14, 60), (x + 14, 60), (x + 34, 96)], palette["sun"])
    # people on the far side of a long table, laptops on it
    for index, x in enumerate(range(170, 860, 175)):
        seated(
            c,
            x,
            430,
            150,
            CLOTHES[(index + rng.randint(0, 5)) % len(CLOTHES)],
            SKINS[index % len(SKINS)],
        )
    c.rect(60, 430, 900, 452, WOOD)
    c.rect(90, 452, 110, 580, WOOD_DARK)
    c.rect(850, 452, 870, 580, WOOD_DARK)
    for x in range(120, 860, 175):
        c.poly([(x, 430), (x + 100, 430), (x + 90, 392), (x + 10, 392)], "#c9d2d9")
        c.rect(x - 10, 428, x + 110, 434, STEEL, 2)
        c.ellipse(x + 50, 411, 6, 6, "#ffffff")
    c.rect(610, 405, 640, 430, palette["card_top"], 5)
    plant(c, 40, 580, 140)
    plant(c, 920, 580, 120)
    return c


def forest(palette, rng):
    c = Canvas(horizon=360)
    outdoor_sky(c, rng, palette["sun"], 360)
    c.poly(
        [
            (0, 300),
            (180, 200),
            (360, 280),
            (560, 180),
            (760, 260),
            (960, 210),
            (960, 420),
            (0, 420),
        ],
        "#7fa88a",
    )
    for x in range(-20, 980, 34):
        pine(
            c,
            x + rng.uniform(-10, 10),
            400 + rng.uniform(-10, 10),
            rng.uniform(110, 160),
            _mix(TREE_DARK, "#16261a", rng.random() * 0.4),
        )
    ground(c, 400, "#9cc06f")
    c.rect(0, 520, 960, 600, "#b59b73")
    # the sawmill: an open shed on posts, a pile of logs in front
    c.poly([(540, 250), (900, 250), (940, 300), (500, 300)], WOOD_DARK)
    c.rect(520, 300, 920, 470, WOOD)
    for x in range(540, 920, 40):
        c.line([(x, 300), (x, 470)], WOOD_DARK, 3)
    c.rect(640, 360, 760, 470, "#5b3a1f")
    for row in range(4):
        for col in range(6 - row):
            cx = 120 + col * 62 + row * 31
            cy = 500 - row * 52
            c.ellipse(cx, cy, 30, 28, "#d9a86c")
            c.ellipse(cx, cy, 18, 16, "#e8c08c")
            c.ellipse(cx, cy, 6, 5, WOOD_DARK)
    return c


def farm(palette, rng):
    c = Canvas(horizon=320)
    outdoor_sky(c, rng, palette["sun"], 320)
    colours = ("#e3c565", "#9cc06f", "#c9a64b", "#7fb069", "#e8d48b")
    for band in range(6):
        y = 300 + band * 55
        c.poly(
            [(0, y + 40), (960, y - 10), (960, y + 60), (0, y + 110)], colours[band % len(colours)]
        )
    # a barn and a silo
    c.rect(560, 190, 760, 360, "#b4463b")
    c.poly([(545, 200), (660, 120), (775, 200)], "#6d2a24")
    c.rect(630, 260, 690, 360, "#ffffff")
    c.rect(636, 266, 684, 360, "#8b3229")
    c.line([(636, 266), (684, 360)], "#ffffff", 5)
    c.line([(684, 266), (636, 360)], "#ffffff", 5)
    c.rect(790, 130, 860, 360, "#d3d9de")
    c.ellipse(825, 130, 35, 30, "#aeb7bf")
    for y in range(160, 360, 40):
        c.line([(790, y), (860, y)], "#aeb7bf", 3)
    for x, base in ((140, 470), (300, 500), (440, 455)):
        c.rect(x - 50, base - 60, x + 40, base - 20, "#ffffff", 16)
        c.ellipse(x - 15, base - 45, 16, 12, INK)
        c.ellipse(x + 20, base - 35, 10, 8, INK)
        for leg in (x - 40, x - 22, x + 14, x + 30):
            c.rect(leg, base - 24, leg + 8, base, "#ffffff")
        c.rect(x + 30, base - 80, x + 66, base - 50, "#ffffff", 10)
        c.ellipse(x + 58, base - 58, 10, 7, "#e8b4b0")
    for x in (60, 930):
        tree(c, x, 330, 120)
    return c


def outdoor(palette, rng):
    c = Canvas(horizon=300)
    outdoor_sky(c, rng, palette["sun"], 300)
    for peaks, color, snow in (
        (((-40, 360), (200, 110), (420, 360)), "#7d8fa3", True),
        (((260, 360), (560, 80), (860, 360)), "#6a7d92", True),
        (((620, 360), (820, 170), (1020, 360)), "#8498ab", True),
    ):
        c.poly(list(peaks), color)
        if snow:
            (x0, _), (xt, yt), (x1, _) = peaks
            c.poly(
                [
                    (xt, yt),
                    (xt - (xt - x0) * 0.28, yt + (360 - yt) * 0.28),
                    (xt, yt + (360 - yt) * 0.2),
                    (xt + (x1 - xt) * 0.28, yt + (360 - yt) * 0.28),
                ],
                "#ffffff",
            )
    c.rect(0, 350, 960, 420, "#5c9fd1")
    c.rect(0, 360, 960, 366, "#8fc1e3")
    c.poly([(0, 410), (960, 400), (960, 600), (0, 600)], GRASS)
    for x in range(0, 960, 60):
        pine(c, x + rng.uniform(-8, 8), 430 + rng.uniform(0, 20), rng.uniform(70, 110))
    c.poly([(380, 600), (470, 470), (560, 470), (700, 600)], "#d9c9a0")
    # a cyclist on the greenway
    x, base = 520, 560
    for wheel in (x - 50, x + 50):
        c.ellipse(wheel, base, 34, 34, INK)
        c.ellipse(wheel, base, 27, 27, "#d9c9a0")
    c.line(
        [(x - 50, base), (x - 5, base - 50), (x + 35, base - 50), (x + 50, base)],
        palette["card_top"],
        7,
    )
    c.line([(x - 5, base - 50), (x + 5, base)], palette["card_top"], 7)
    c.line([(x - 15, base - 60), (x + 10, base - 120)], "#c0504d", 22)
    c.line([(x + 10, base - 110), (x + 40, base - 62)], "#f1c7a5", 8)
    c.line([(x - 12, base - 60), (x + 10, base - 10)], INK, 10)
    c.ellipse(x + 18, base - 136, 15, 16, "#f1c7a5")
    c.ellipse(x + 16, base - 146, 17, 9, palette["sun"])
    return c


def workshop(palette, rng):
    c = Canvas()
    interior(c, 400, wall="#efe6d8", floor="#b89d78")
    c.rect(80, 60, 560, 280, "#d9c39e")
    for x in range(100, 560, 24):
        for y in range(80, 280, 24):
            c.ellipse(x, y, 2.5, 2.5, "#b89f77")
    # hammer, saw, square, screwdrivers on the pegboard
    c.rect(130, 100, 144, 240, WOOD_DARK)
    c.rect(108, 96, 166, 122, INK, 4)
    c.poly([(200, 110), (330, 110), (330, 150), (200, 230)], "#c4cbd1")
    c.rect(180, 100, 214, 140, palette["card_top"], 8)
    c.rect(370, 100, 384, 250, STEEL)
    c.rect(370, 236, 460, 250, STEEL)
    for index, x in enumerate((490, 520)):
        c.rect(x, 100, x + 14, 150, ("#c0504d", palette["sun"])[index], 4)
        c.rect(x + 5, 150, x + 9, 230, STEEL)
    wall_window(c, 640, 70, 880, 250)
    person(c, 760, 500, 320, "#3b6ea5", rng.choice(SKINS), coat="#5a6b3c")
    # the workbench, planks and shavings
    c.rect(40, 380, 920, 410, WOOD)
    c.rect(40, 410, 920, 420, WOOD_DARK)
    for x in (70, 880):
        c.rect(x, 420, x + 30, 590, WOOD_DARK)
    c.rect(100, 470, 860, 480, WOOD_DARK)
    for index in range(3):
        c.rect(
            120 + index * 12,
            350 - index * 16,
            560 + index * 10,
            366 - index * 16,
            ("#d9a86c", "#e8c08c", "#c99558")[index],
            3,
        )
    for _ in range(12):
        x = rng.uniform(100, 640)
        c.ellipse(x, 376, rng.uniform(6, 12), 4, "#f0d4a4")
    return c


def event(palette, rng):
    c = Canvas(top="#2f3e4c", bottom="#46576a")
    c.rect(0, 330, 960, 600, "#3a4756")
    # the stage: a screen with a chart, a speaker at a lectern
    c.rect(220, 40, 740, 300, "#ffffff", 6)
    c.rect(240, 60, 720, 280, "#f1f5f8")
    for index, h in enumerate((60, 100, 80, 140, 170)):
        c.rect(
            290 + index * 80,
            260 - h,
            340 + index * 80,
            260,
            (palette["card_top"], palette["sun"])[index == 4],
        )
    c.line([(280, 262), (700, 262)], INK, 3)
    c.rect(0, 300, 960, 340, "#5b3a1f")
    person(c, 820, 310, 230, "#ffffff", rng.choice(SKINS), coat=palette["card_top"])
    c.poly([(770, 230), (870, 230), (860, 320), (780, 320)], WOOD)
    c.rect(780, 248, 860, 256, palette["sun"])
    # the audience, from behind, in rows
    for row, (y, h) in enumerate(((430, 120), (510, 150), (620, 190))):
        step = h * 0.62
        x = -10 + (row % 2) * step / 2
        while x < 980:
            seated(c, x, y, h, rng.choice(CLOTHES), rng.choice(SKINS))
            x += step
    return c


def market(palette, rng):
    c = Canvas(horizon=380)
    outdoor_sky(c, rng, palette["sun"], 380)
    block(c, -20, 120, 300, 380, 4, 4, wall="#efe2c8")
    block(c, 660, 150, 980, 380, 3, 4, wall="#e7d7cf")
    c.rect(0, 380, 960, 600, "#cdbfa6")
    for index, x in enumerate((60, 360, 660)):
        stripe = ("#c0504d", palette["card_top"], "#4f9142")[index]
        c.rect(x + 10, 250, x + 18, 470, WOOD_DARK)
        c.rect(x + 232, 250, x + 240, 470, WOOD_DARK)
        for k in range(8):
            c.poly(
                [
                    (x + k * 31, 230),
                    (x + (k + 1) * 31, 230),
                    (x + (k + 1) * 31, 270),
                    (x + k * 31, 270),
                ],
                stripe if k % 2 == 0 else "#ffffff",
            )
        c.rect(x, 380, x + 250, 400, WOOD)
        c.rect(x + 10, 400, x + 240, 470, WOOD_DARK)
        for crate in range(3):
            cx = x + 20 + crate * 75
            c.rect(cx, 350, cx + 65, 382, WOOD)
            fruit = rng.choice(("#e0a43a", "#c0504d", "#7fb069", "#f4d35e", "#7b5ea7"))
            for k in range(4):
                c.ellipse(cx + 10 + k * 15, 346, 9, 9, fruit)
    for index, x in enumerate((250, 540, 850)):
        person(
            c, x, 580, 210, CLOTHES[(index * 2 + 1) % len(CLOTHES)], SKINS[(index + 1) % len(SKINS)]
        )
    return c


def cellar(palette, rng):
    c = Canvas(top="#5a4632", bottom="#3b2d20")
    c.ellipse(480, 330, 520, 330, "#8a7356")
    c.ellipse(480, 350, 470, 300, "#6e5a43")
    c.rect(0, 480, 960, 600, "#4a3a2a")
    for x0 in (70, 520):
        for y in (170, 260, 350, 440):
            c.rect(x0, y, x0 + 370, y + 12, WOOD)
            x = x0 + 14
            while x < x0 + 340:
                c.rect(x, y - 46, x + 70, y, "#e8c46a", 10)
                c.rect(x + 4, y - 40, x + 66, y - 30, "#f2d88f", 4)
                x += 82
        c.rect(x0, 120, x0 + 12, 480, WOOD_DARK)
        c.rect(x0 + 358, 120, x0 + 370, 480, WOOD_DARK)
    c.ellipse(480, 60, 14, 14, palette["sun"])
    return c


def _subjects():
    return {
        "lab": (
            lab,
            "Laboratoire : une chercheuse en blouse blanche devant une paillasse avec "
            "microscope, flacons et tubes à essai",
            "Laboratory: a researcher in a white coat behind a bench with a microscope, flasks "
            "and test tubes",
        ),
        "chemistry": (
            chemistry,
            "Site chimique : colonne de distillation, réservoirs et tuyauteries, une cheminée "
            "qui fume",
            "Chemical plant: a distillation column, tanks and pipes, a smoking chimney",
        ),
        "digital": (
            digital,
            "Bureau informatique : deux écrans de code, un ordinateur portable et des baies de "
            "serveurs",
            "Computer room: two screens of code, a laptop and server racks",
        ),
        "business_park": (
            business_park,
            "Parc d'activités : trois immeubles de bureaux le long d'une allée plantée d'arbres",
            "Business park: three office buildings along a tree-lined road",
        ),
        "factory": (
            factory,
            "Usine au toit en sheds couvert de panneaux solaires, deux cheminées et un camion",
            "Factory with a saw-tooth roof of solar panels, two chimneys and a lorry",
        ),
        "logistics": (
            logistics,
            "Plateforme logistique au bord de l'eau : entrepôt, conteneurs empilés, portique et "
            "camion",
            "Waterside logistics hub: a warehouse, stacked containers, a gantry crane and a lorry",
        ),
        "land": (
            land,
            "Terrain à bâtir clôturé avec un panneau de commercialisation, collines au loin",
            "Fenced building plot with a for-sale sign, hills in the distance",
        ),
        "office": (
            office,
            "Immeuble de bureaux vitré entouré d'arbres",
            "Glass office building among trees",
        ),
        "warehouse": (
            warehouse,
            "Entrepôt avec portes de quai et un camion en chargement",
            "Warehouse with dock doors and a lorry being loaded",
        ),
        "coworking": (
            coworking,
            "Espace de coworking : une grande table partagée, des ordinateurs portables, de "
            "grandes baies vitrées",
            "Coworking space: a long shared table, laptops and tall windows",
        ),
        "forest": (
            forest,
            "Forêt de sapins, une pile de grumes devant une scierie en bois",
            "Fir forest, a pile of logs in front of a timber sawmill",
        ),
        "farm": (
            farm,
            "Ferme : champs cultivés, grange rouge, silo et vaches au pré",
            "Farm: fields, a red barn, a silo and cows in the meadow",
        ),
        "outdoor": (
            outdoor,
            "Montagnes enneigées au-dessus d'un lac, une cycliste sur la voie verte",
            "Snowy mountains above a lake, a cyclist on the greenway",
        ),
        "workshop": (
            workshop,
            "Atelier de menuiserie : établi, planches, outils au mur et un artisan",
            "Joinery workshop: a workbench, planks, tools on the wall and a craftsman",
        ),
        "event": (
            event,
            "Conférence : un orateur au pupitre devant un graphique, le public de dos",
            "Conference: a speaker at a lectern in front of a chart, the audience from behind",
        ),
        "market": (
            market,
            "Marché de producteurs : étals sous des auvents rayés, cagettes de fruits, visiteurs",
            "Producers' market: stalls under striped awnings, crates of fruit, visitors",
        ),
        "cellar": (
            cellar,
            "Cave d'affinage voûtée : étagères en bois chargées de meules de fromage",
            "Vaulted ripening cellar: wooden shelves stacked with cheese wheels",
        ),
    }


SUBJECTS = _subjects()


def picture(palette: dict, subject: str, seed: int = 3) -> bytes:
    """The JPEG of ``subject`` (a key of SUBJECTS), in the territory's colours."""
    rng = random.Random(f"{subject}:{seed}")  # noqa: S311 - a drawing, not a secret
    draw = SUBJECTS[subject][0]
    return draw(palette, rng).jpeg()


def description(subject: str, language: str = "fr") -> str:
    """What the picture of ``subject`` shows: its alt text."""
    return SUBJECTS[subject][1 if language == "fr" else 2]
