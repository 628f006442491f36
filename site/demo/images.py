"""Calm abstract illustrations for the demo content, drawn with Pillow (nothing downloaded).

Each picture is drawn from a seeded random generator, so the same title always gives the same
picture, and the PNG bytes are cached per process so a second run (or a test) draws nothing twice.
"""

import functools
import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

# Warm, quiet palettes: (sky top, sky bottom, accents...).
PALETTES = {
    "dusk": ("#f6d8b8", "#e9a27c", "#b5543c", "#7a3b2e", "#f3c969", "#5b4a6b"),
    "sage": ("#eef1e4", "#cdd8bd", "#6f8f6a", "#3f5e4a", "#e2b86b", "#a3b18a"),
    "clay": ("#f7e6d6", "#e8bfa0", "#c0704f", "#8a4b3a", "#d99a6c", "#6d5a4e"),
    "dawn": ("#fbe9dc", "#f4c3b0", "#d77a6a", "#8c4d61", "#f2b880", "#6c7a9c"),
    "honey": ("#fdf1d6", "#f3cf8a", "#d08a3a", "#8a5a2b", "#b8643c", "#56704f"),
    "lilac": ("#efe6f0", "#d6c1d9", "#9a7aa0", "#5e4b6b", "#e8a87c", "#7f9c8f"),
    "moss": ("#e7ecd9", "#bfcca0", "#7d9460", "#4a5e3a", "#d9a45b", "#8c6d4f"),
    "sea": ("#e4eef0", "#b9d3d6", "#5f8f96", "#35555e", "#e6b17e", "#c2705a"),
}


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _rgba(hex_colour, alpha):
    return (*_rgb(hex_colour), alpha)


def _gradient(size, top, bottom, angle=0):
    """A soft two-colour gradient filling ``size``, tilted by ``angle`` degrees."""
    width, height = size
    diagonal = int(math.hypot(width, height)) + 2
    mask = Image.linear_gradient("L").resize((diagonal, diagonal))
    mask = mask.rotate(angle, resample=Image.Resampling.BICUBIC)
    left, upper = (diagonal - width) // 2, (diagonal - height) // 2
    mask = mask.crop((left, upper, left + width, upper + height))
    return Image.composite(
        Image.new("RGB", size, _rgb(bottom)), Image.new("RGB", size, _rgb(top)), mask
    ).convert("RGBA")


def _layer(size):
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    return layer, ImageDraw.Draw(layer)


def _soften(layer, radius):
    """Blur with premultiplied alpha, so shapes do not get dark rims from transparent black."""
    return layer.convert("RGBa").filter(ImageFilter.GaussianBlur(radius)).convert("RGBA")


def _blend(base, layer, blur=0):
    if blur > 8:
        # A wide blur is slow at full size and looks the same done small and scaled back up.
        small = layer.resize((layer.width // 4, layer.height // 4), Image.Resampling.BILINEAR)
        small = _soften(small, blur / 4)
        layer = small.resize(layer.size, Image.Resampling.BICUBIC)
    elif blur:
        # Soften only the part that was drawn on.
        box = layer.getbbox()
        if box:
            pad = blur * 3
            box = (
                max(box[0] - pad, 0),
                max(box[1] - pad, 0),
                min(box[2] + pad, layer.width),
                min(box[3] + pad, layer.height),
            )
            layer.paste(_soften(layer.crop(box), blur), box[:2])
    return Image.alpha_composite(base, layer)


def _glow(base, rng, palette, count=3):
    """Large blurred discs, like low sun through a window."""
    width, height = base.size
    layer, draw = _layer(base.size)
    for _ in range(count):
        radius = rng.uniform(0.15, 0.35) * height
        x, y = rng.uniform(0.1, 0.9) * width, rng.uniform(0.1, 0.6) * height
        colour = rng.choice(palette[2:])
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=_rgba(colour, 70))
    return _blend(base, layer, blur=height // 12)


def _sun(base, rng, palette):
    width, height = base.size
    layer, draw = _layer(base.size)
    radius = rng.uniform(0.12, 0.18) * height
    x, y = rng.uniform(0.55, 0.8) * width, rng.uniform(0.22, 0.38) * height
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=_rgba(palette[4], 235))
    return _blend(base, layer, blur=2)


def _hills(base, rng, palette, layers=3, top=0.55):
    """Rolling hills, paler in the distance."""
    width, height = base.size
    colours = [palette[5], palette[2], palette[3]][-layers:]
    for i, colour in enumerate(colours):
        layer, draw = _layer(base.size)
        baseline = height * (top + i * (1 - top) / (layers + 0.5))
        amplitude = height * rng.uniform(0.03, 0.07)
        phase, freq = rng.uniform(0, math.tau), rng.uniform(0.8, 1.8)
        points = [
            (
                x,
                baseline
                + amplitude * math.sin(phase + freq * math.tau * x / width)
                + amplitude * 0.4 * math.sin(phase * 2 + 3.1 * math.tau * x / width),
            )
            for x in range(0, width + 20, 20)
        ]
        draw.polygon([*points, (width, height), (0, height)], fill=_rgba(colour, 150 + i * 40))
        base = _blend(base, layer, blur=1)
    return base


def _leaf(draw, x, y, length, angle, colour, vein):
    """A leaf from two arcs, with a centre vein."""
    width = length * 0.32
    outline = []
    for side in (1, -1):
        steps = range(0, 21) if side == 1 else range(20, -1, -1)
        for step in steps:
            t = step / 20
            outline.append((t * length, side * width * math.sin(math.pi * t) ** 0.9))
    cos, sin = math.cos(angle), math.sin(angle)
    points = [(x + px * cos - py * sin, y + px * sin + py * cos) for px, py in outline]
    draw.polygon(points, fill=colour)
    draw.line(
        [(x, y), (x + length * 0.9 * cos, y + length * 0.9 * sin)], fill=vein, width=2, joint=None
    )


def _leaves(base, rng, palette, count=14):
    width, height = base.size
    layer, draw = _layer(base.size)
    for _ in range(count):
        x = rng.choice([rng.uniform(-0.05, 0.25), rng.uniform(0.75, 1.05)]) * width
        y = rng.uniform(0.05, 1.0) * height
        colour = _rgba(rng.choice([palette[2], palette[3], palette[5]]), rng.randint(150, 220))
        _leaf(
            draw,
            x,
            y,
            rng.uniform(0.12, 0.24) * height,
            rng.uniform(0, math.tau),
            colour,
            _rgba(palette[0], 120),
        )
    return _blend(base, layer, blur=1)


def _bezier(p0, p1, p2, steps):
    for i in range(steps + 1):
        t = i / steps
        yield (
            (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * p1[0] + t**2 * p2[0],
            (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * p1[1] + t**2 * p2[1],
        )


def _brush_strokes(base, rng, palette, count=7):
    """Broad, translucent strokes that swell and taper like a loaded brush."""
    width, height = base.size
    for _ in range(count):
        layer, draw = _layer(base.size)
        colour = _rgba(rng.choice(palette[2:]), rng.randint(110, 170))
        start = (rng.uniform(-0.1, 0.4) * width, rng.uniform(0.1, 0.9) * height)
        end = (rng.uniform(0.6, 1.1) * width, rng.uniform(0.1, 0.9) * height)
        control = (rng.uniform(0.3, 0.7) * width, rng.uniform(-0.2, 1.2) * height)
        thickness = rng.uniform(0.03, 0.07) * height
        steps = 90
        for i, (x, y) in enumerate(_bezier(start, control, end, steps)):
            r = thickness * (0.35 + math.sin(math.pi * i / steps) ** 0.6)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
        base = _blend(base, layer, blur=3)
    return base


def _ripples(base, rng, palette):
    """Concentric rings on still water: meditation."""
    width, height = base.size
    layer, draw = _layer(base.size)
    x, y = rng.uniform(0.35, 0.65) * width, rng.uniform(0.55, 0.7) * height
    for i in range(1, 7):
        rx, ry = i * width * 0.06, i * height * 0.025
        draw.ellipse(
            (x - rx, y - ry, x + rx, y + ry), outline=_rgba(palette[0], 200 - i * 25), width=3
        )
    return _blend(base, layer, blur=1)


def _stones(base, rng, palette):
    """A small cairn of balanced stones."""
    width, height = base.size
    layer, draw = _layer(base.size)
    x, y = rng.uniform(0.3, 0.45) * width, height * 0.8
    for i, size in enumerate([0.16, 0.13, 0.1, 0.075, 0.055]):
        w, h = size * height * 2.2, size * height * 0.8
        colour = _rgba([palette[3], palette[2], palette[5], palette[2], palette[3]][i], 235)
        draw.ellipse((x - w / 2, y - h, x + w / 2, y), fill=colour)
        y -= h * 0.92
        x += rng.uniform(-0.01, 0.01) * width
    return _blend(base, layer, blur=1)


def _path(base, rng, palette):
    """A winding footpath into the hills: walking."""
    width, height = base.size
    layer, draw = _layer(base.size)
    x = width * rng.uniform(0.4, 0.6)
    points = []
    for i in range(0, 41):
        t = i / 40
        y = height * (1.0 - 0.42 * t)
        points.append((x + math.sin(t * 5 + 1) * width * 0.12 * (1 - t), y, (1 - t) * 0.07 + 0.006))
    for px, py, r in points:
        r *= height
        draw.ellipse(
            (px - r * 1.6, py - r * 0.5, px + r * 1.6, py + r * 0.5), fill=_rgba(palette[0], 190)
        )
    return _blend(base, layer, blur=2)


def _trees(base, rng, palette, count=5):
    width, height = base.size
    layer, draw = _layer(base.size)
    for _ in range(count):
        x, ground = rng.uniform(0.05, 0.95) * width, rng.uniform(0.68, 0.8) * height
        r = rng.uniform(0.05, 0.09) * height
        draw.rectangle(
            (x - r * 0.08, ground - r, x + r * 0.08, ground), fill=_rgba(palette[3], 230)
        )
        draw.ellipse(
            (x - r, ground - r * 2.6, x + r, ground - r * 0.7),
            fill=_rgba(rng.choice([palette[5], palette[2]]), 220),
        )
    return _blend(base, layer, blur=1)


def _building(base, rng, palette):
    """A simple hall with a pitched roof and warm windows."""
    width, height = base.size
    layer, draw = _layer(base.size)
    w, h = rng.uniform(0.32, 0.42) * width, rng.uniform(0.26, 0.32) * height
    x0, ground = rng.uniform(0.22, 0.4) * width, height * 0.8
    wall, roof = _rgba(palette[2], 245), _rgba(palette[3], 250)
    draw.rectangle((x0, ground - h, x0 + w, ground), fill=wall)
    draw.polygon(
        [
            (x0 - w * 0.05, ground - h),
            (x0 + w / 2, ground - h - h * 0.5),
            (x0 + w * 1.05, ground - h),
        ],
        fill=roof,
    )
    columns = 4
    for col in range(columns):
        wx = x0 + w * (0.1 + col * 0.8 / columns)
        for row in range(2):
            if row == 1 and col == 2:
                continue  # the door goes here
            wy = ground - h * (0.85 - row * 0.42)
            draw.rounded_rectangle(
                (wx, wy, wx + w * 0.12, wy + h * 0.26), radius=6, fill=_rgba(palette[4], 240)
            )
    door_x = x0 + w * 0.5
    draw.rounded_rectangle(
        (door_x, ground - h * 0.36, door_x + w * 0.12, ground), radius=8, fill=roof
    )
    return _blend(base, layer, blur=1)


def _circle_of_chairs(base, rng, palette):
    """Seen from above: a ring of seats around a rug, as a support group sits."""
    width, height = base.size
    layer, draw = _layer(base.size)
    cx, cy = width * 0.5, height * 0.52
    rug = height * 0.2
    draw.ellipse((cx - rug * 1.3, cy - rug, cx + rug * 1.3, cy + rug), fill=_rgba(palette[4], 170))
    seats = rng.randint(7, 10)
    for i in range(seats):
        a = math.tau * i / seats + rng.uniform(-0.05, 0.05)
        sx, sy = cx + math.cos(a) * rug * 1.9, cy + math.sin(a) * rug * 1.45
        r = height * 0.045
        colour = _rgba(rng.choice(palette[2:4] + palette[5:]), 235)
        draw.rounded_rectangle((sx - r, sy - r, sx + r, sy + r), radius=int(r * 0.45), fill=colour)
    return _blend(base, layer, blur=1)


def _window(base, rng, palette):
    """An interior: a tall window of soft light and a plant on the sill."""
    width, height = base.size
    layer, draw = _layer(base.size)
    x0, y0 = width * rng.uniform(0.2, 0.5), height * 0.12
    w, h = width * 0.28, height * 0.62
    draw.rounded_rectangle((x0, y0, x0 + w, y0 + h), radius=int(w / 2), fill=_rgba(palette[0], 235))
    draw.line((x0 + w / 2, y0 + 10, x0 + w / 2, y0 + h), fill=_rgba(palette[1], 255), width=8)
    draw.line((x0, y0 + h * 0.55, x0 + w, y0 + h * 0.55), fill=_rgba(palette[1], 255), width=8)
    draw.rectangle((x0 - 30, y0 + h, x0 + w + 30, y0 + h + 18), fill=_rgba(palette[3], 240))
    pot_x = x0 + w * 0.7
    pot_top = y0 + h - height * 0.09
    draw.polygon(
        [(pot_x - 40, pot_top), (pot_x + 40, pot_top), (pot_x + 30, y0 + h), (pot_x - 30, y0 + h)],
        fill=_rgba(palette[2], 250),
    )
    base = _blend(base, layer, blur=1)
    layer, draw = _layer(base.size)
    for i in range(7):
        angle = -math.pi / 2 + (i - 3) * 0.32
        _leaf(
            draw,
            pot_x,
            pot_top,
            height * 0.14,
            angle,
            _rgba(palette[5], 235),
            _rgba(palette[0], 90),
        )
    return _blend(base, layer, blur=1)


def _screen(base, rng, palette):
    """A video call, abstracted: four tiles, each with a small figure."""
    width, height = base.size
    layer, draw = _layer(base.size)
    w, h = width * 0.46, height * 0.52
    x0, y0 = (width - w) / 2, height * 0.18
    draw.rounded_rectangle(
        (x0 - 18, y0 - 18, x0 + w + 18, y0 + h + 18), radius=28, fill=_rgba(palette[3], 235)
    )
    draw.polygon(
        [
            (x0 - 60, y0 + h + 40),
            (x0 + w + 60, y0 + h + 40),
            (x0 + w + 110, y0 + h + 80),
            (x0 - 110, y0 + h + 80),
        ],
        fill=_rgba(palette[3], 220),
    )
    gap = 10
    tile_w, tile_h = (w - gap) / 2, (h - gap) / 2
    for row in range(2):
        for col in range(2):
            tx, ty = x0 + col * (tile_w + gap), y0 + row * (tile_h + gap)
            draw.rounded_rectangle(
                (tx, ty, tx + tile_w, ty + tile_h),
                radius=12,
                fill=_rgba(rng.choice([palette[0], palette[1], palette[4]]), 245),
            )
            fx, fy, r = tx + tile_w / 2, ty + tile_h * 0.42, tile_h * 0.16
            figure = _rgba(rng.choice([palette[2], palette[5]]), 240)
            draw.ellipse((fx - r, fy - r, fx + r, fy + r), fill=figure)
            draw.chord((fx - r * 2, fy + r * 1.3, fx + r * 2, fy + r * 5), 180, 360, fill=figure)
    return _blend(base, layer, blur=1)


def _mugs(base, rng, palette):
    """Two mugs of tea on a table, steam rising: the start of every group."""
    width, height = base.size
    layer, draw = _layer(base.size)
    table = height * 0.74
    draw.rectangle((0, table, width, height), fill=_rgba(palette[3], 200))
    for i, cx in enumerate((width * 0.4, width * 0.6)):
        cx += rng.uniform(-0.03, 0.03) * width
        w, h = height * 0.2, height * 0.24
        colour = _rgba([palette[2], palette[5]][i], 250)
        draw.rounded_rectangle(
            (cx - w / 2, table - h, cx + w / 2, table + 6), radius=22, fill=colour
        )
        draw.ellipse(
            (cx + w / 2 - 22, table - h * 0.8, cx + w / 2 + 48, table - h * 0.25),
            outline=colour,
            width=16,
        )
        for k in range(2):
            sx = cx - w * 0.15 + k * w * 0.3
            steam = [(sx + math.sin(t / 6 + k) * 14, table - h - 20 - t * 4) for t in range(0, 30)]
            draw.line(steam, fill=_rgba(palette[0], 200), width=9, joint="curve")
    return _blend(base, layer, blur=1)


MOTIFS = {
    "meditation": lambda base, rng, p: _ripples(_stones(_glow(base, rng, p), rng, p), rng, p),
    "art": lambda base, rng, p: _brush_strokes(_glow(base, rng, p), rng, p),
    "movement": lambda base, rng, p: _leaves(
        _hills(_sun(_glow(base, rng, p), rng, p), rng, p), rng, p
    ),
    "walking": lambda base, rng, p: _trees(
        _path(_hills(_sun(base, rng, p), rng, p), rng, p), rng, p
    ),
    "support": lambda base, rng, p: _leaves(
        _circle_of_chairs(_glow(base, rng, p), rng, p), rng, p, 8
    ),
    "online": lambda base, rng, p: _leaves(_screen(_glow(base, rng, p), rng, p), rng, p, 8),
    "venue": lambda base, rng, p: _trees(
        _building(_hills(_sun(base, rng, p), rng, p, 2, 0.62), rng, p), rng, p, 4
    ),
    "park": lambda base, rng, p: _trees(
        _ripples(_hills(_sun(base, rng, p), rng, p), rng, p), rng, p, 7
    ),
    "interior": lambda base, rng, p: _window(_glow(base, rng, p), rng, p),
    "tea": lambda base, rng, p: _leaves(_mugs(_glow(base, rng, p), rng, p), rng, p, 6),
    "room": lambda base, rng, p: _circle_of_chairs(_glow(base, rng, p), rng, p),
}


def _to_png(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=False, compress_level=3)
    return buffer.getvalue()


@functools.cache
def illustration(seed, motif, palette, size=(1200, 800)):
    """PNG bytes of a calm landscape-format illustration of ``motif`` in ``palette``."""
    rng = random.Random(seed)  # noqa: S311 (decoration, not security)
    colours = PALETTES[palette]
    base = _gradient(size, colours[0], colours[1], angle=rng.uniform(-20, 20))
    return _to_png(MOTIFS[motif](base, rng, colours))


@functools.cache
def portrait(seed, palette, size=(600, 600)):
    """PNG bytes of an abstract head-and-shoulders silhouette on a soft ground."""
    rng = random.Random(seed)  # noqa: S311 (decoration, not security)
    colours = PALETTES[palette]
    width, height = size
    base = _glow(
        _gradient(size, colours[0], colours[1], angle=rng.uniform(-30, 30)), rng, colours, 2
    )
    layer, draw = _layer(size)
    body = _rgba(colours[3], 235)
    cx = width / 2 + rng.uniform(-0.04, 0.04) * width
    shoulders = height * 0.7
    draw.ellipse((cx - width * 0.34, shoulders, cx + width * 0.34, height * 1.35), fill=body)
    draw.rectangle((cx - width * 0.07, height * 0.5, cx + width * 0.07, shoulders + 30), fill=body)
    head_rx, head_ry = width * 0.15, height * 0.19
    head_y = height * 0.42
    draw.ellipse((cx - head_rx, head_y - head_ry, cx + head_rx, head_y + head_ry), fill=body)
    hair = _rgba(colours[2], 200)
    style = rng.choice(["bun", "short", "long", "curls"])
    if style == "bun":
        draw.ellipse((cx - 50, head_y - head_ry - 70, cx + 50, head_y - head_ry + 20), fill=hair)
    elif style == "long":
        # Hair behind the face, falling to the shoulders, then the face again on top.
        draw.ellipse(
            (
                cx - head_rx * 1.3,
                head_y - head_ry * 1.12,
                cx + head_rx * 1.3,
                head_y + head_ry * 1.7,
            ),
            fill=hair,
        )
        draw.ellipse((cx - head_rx, head_y - head_ry, cx + head_rx, head_y + head_ry), fill=body)
    elif style == "curls":
        for i in range(9):
            a = math.pi + math.pi * i / 8
            x, y = cx + math.cos(a) * head_rx, head_y - head_ry * 0.2 + math.sin(a) * head_ry
            draw.ellipse((x - 34, y - 34, x + 34, y + 34), fill=hair)
    else:
        draw.chord(
            (cx - head_rx * 1.05, head_y - head_ry * 1.05, cx + head_rx * 1.05, head_y + head_ry),
            180,
            360,
            fill=hair,
        )
    base = _blend(base, layer, blur=2)
    base = _leaves(base, rng, colours, count=5)
    return _to_png(base)
