"""Bar charts drawn on the server: the geometry of an SVG picture, no JavaScript, no service.

``bar_chart`` turns labelled values into positions; templates/events/admin/reports/_bar_chart.html
draws them as an SVG with role="img", a <title> and a <desc>, next to a table of the same values.
A value that is not shown (fewer than 5 people) gets no bar, only a dashed mark at the base, so
the picture never tells more than the table does.
"""

import math
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 260
LEFT = 52
RIGHT = 12
TOP = 16
BOTTOM = 44
MAX_LABELS = 12


@dataclass(frozen=True)
class Point:
    label: str  # in full, for the description: "March 2026"
    value: float | None  # None: not shown
    text: str
    tick: str = ""  # under the bar: "Mar"
    subtick: str = ""  # under that, when it helps: "2026"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    text: str
    suppressed: bool
    tick: str
    subtick: str

    @property
    def centre(self):
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Gridline:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    bars: list
    gridlines: list
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def tick_y(self):
        return self.baseline + 16

    @property
    def subtick_y(self):
        return self.baseline + 31

    @property
    def empty(self):
        return not self.bars

    @property
    def has_suppressed(self):
        return any(bar.suppressed for bar in self.bars)


def nice_ceiling(value):
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``value``."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _number(value, unit):
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text}{unit}"


def describe(points, unit=""):
    """A sentence for the <desc>: the highest shown value, and how many are not shown."""
    shown = [p for p in points if p.value is not None]
    hidden = len(points) - len(shown)
    parts = []
    if shown:
        top = max(shown, key=lambda p: p.value)
        parts.append(f"Highest: {top.label}, {top.text}.")
    else:
        parts.append("No value is large enough to show.")
    if hidden:
        parts.append(f"{hidden} of {len(points)} not shown (fewer than 5).")
    return " ".join(parts)


def bar_chart(points, *, chart_id, title, description="", maximum=None, unit=""):
    """Vertical bars, one per point, on a scale from 0 to ``maximum`` (or a round ceiling)."""
    points = [p if isinstance(p, Point) else Point(*p) for p in points]
    values = [p.value for p in points if p.value is not None]
    top = maximum or nice_ceiling(max(values, default=0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(points), 1)
    bar_width = round(min(slot * 0.7, 48), 1)
    every = math.ceil(len(points) / MAX_LABELS) if points else 1
    bars = []
    for n, point in enumerate(points):
        x = round(LEFT + n * slot + (slot - bar_width) / 2, 1)
        if point.value is None:
            height = 4.0
        else:
            height = round(plot_height * min(point.value, top) / top, 1)
        bars.append(
            Bar(
                x=x,
                y=round(HEIGHT - BOTTOM - height, 1),
                width=bar_width,
                height=height,
                label=point.label,
                text=point.text,
                suppressed=point.value is None,
                tick=(point.tick or point.label) if n % every == 0 else "",
                subtick=point.subtick if n % every == 0 else "",
            )
        )
    gridlines = [
        Gridline(
            y=round(HEIGHT - BOTTOM - plot_height * step / 4, 1),
            text=_number(top * step / 4, unit),
        )
        for step in range(5)
    ]
    summary = describe(points, unit)
    return BarChart(
        id=chart_id,
        title=title,
        description=f"{description} {summary}".strip(),
        bars=bars,
        gridlines=gridlines,
    )
