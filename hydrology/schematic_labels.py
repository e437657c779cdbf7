"""Where the älvschema's words go, so that no two of them overlap.

Plotly draws a text exactly where it is told and never moves it out of another's way; on a river
whose gauges, dams and towns crowd near the sea (Umeå: Vännäsby, Harrsele, Stornorrfors within
20 km) the names would print over each other. :func:`place_labels` decides every label's spot
before anything is drawn:

- each label asks for an anchor (a point in the figure's data coordinates), its text in one or more
  versions (preferred first: the full three lines of a gauge, then shorter ones) and the spots it
  may take around the anchor (above, below, beside; further off with a thin leader line);
- labels are placed in the order given — the most important first (the dam-failure wave, the
  main-stem gauges nearest the sea) — each at the first spot where its box stays inside the figure
  and touches no box already placed and no obstacle (markers, the rivers' lines);
- a label that finds no free spot in any version is left out: its marker stays, with its words on
  hover. Whatever is drawn, no two label boxes overlap.

Boxes are in pixels, y upwards from the figure's bottom edge, for a figure of a given size: the
narrowest the figure is shown at (the meeting screen's column at 1280×720). A wider figure only
spreads the anchors further apart, so what is free at that width stays free. Text sizes are
estimated from the characters and the font size with Arial's glyph widths (the figure asks for Arial
or its metric twin), a little generously; the browser test measures the drawn texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The schema's font: Arial where there is one (Windows, macOS), its metric twin Liberation Sans on
#: Linux (Debian's fonts-liberation). The widths below are Arial's; the figure sets this family so the
#: estimate holds on every machine.
FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, sans-serif"
#: Glyph widths [em] of Arial, grouped; anything not listed (▲ ◆ ⚠ ✖ ➜ …) counts as a full em.
_WIDTHS_EM: dict[str, float] = {
    **dict.fromkeys(" \u00a0.,:;·'!|", 0.28), **dict.fromkeys("ijlI", 0.25), **dict.fromkeys("frt()/³-", 0.34),
    **dict.fromkeys("0123456789–≥", 0.56), **dict.fromkeys("mwMW", 0.84),
    **dict.fromkeys("abcdeghknopqsuvxyzåäöüé?", 0.56), **dict.fromkeys("ABCDEFGHJKLNOPQRSTUVXYZÅÄÖ", 0.72),
}
#: Bold text is wider by this factor; every estimate is widened by SAFETY on top.
BOLD_FACTOR = 1.1
SAFETY = 1.08
#: Line height [em] of plotly's multi-line text (measured: 3 lines of 13 px take 49 px).
LINE_EM = 1.3
#: Free space kept between two labels [px].
GAP_PX = 2.0

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Box:
    """A rectangle in figure pixels (x to the right, y upwards from the bottom edge)."""

    x0: float
    y0: float
    x1: float
    y1: float
    #: A leader line may cross it (a river's line, a dam's tick, a town's dot) — never a status marker
    #: or another label.
    crossable: bool = False

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """True when the two boxes share area (or come closer than ``gap`` [px])."""
        return (self.x0 < other.x1 + gap and other.x0 < self.x1 + gap
                and self.y0 < other.y1 + gap and other.y0 < self.y1 + gap)

    def inside(self, width: float, height: float) -> bool:
        return self.x0 >= 0 and self.y0 >= 0 and self.x1 <= width and self.y1 <= height


@dataclass(frozen=True)
class Spot:
    """Where a label's text box goes relative to its anchor.

    dx, dy : offset [px] of the text's anchor point from the label's anchor (y upwards);
    xanchor : which side of the text sits at the offset point: ``"left"``, ``"center"``, ``"right"``;
    yanchor : ``"bottom"``, ``"middle"``, ``"top"``;
    leader : draw a thin line from the anchor to the text (for spots further off).
    """

    dx: float
    dy: float
    xanchor: str = "center"
    yanchor: str = "bottom"
    leader: bool = False


@dataclass(frozen=True)
class LabelRequest:
    """One label to place: ``texts`` its versions (plotly text with ``<br>``, ``<b>``, ``<i>``), preferred
    first; ``spots`` where it may go, preferred first; ``x``, ``y`` its anchor [data coordinates]."""

    key: str
    x: float
    y: float
    texts: tuple[str, ...]
    spots: tuple[Spot, ...]
    font_size: int
    colour: str = "#0D1B2A"
    angle: int = 0
    #: Labels of one group share the spots next to their anchors before any of them goes further off.
    group: int = 0


@dataclass(frozen=True)
class PlacedLabel:
    """A label with its chosen text and spot, and the box it takes [px]."""

    request: LabelRequest
    text: str
    spot: Spot
    box: Box


@dataclass(frozen=True)
class Canvas:
    """The figure's size [px], its margins [px] and its axes' ranges [data units]."""

    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    margin: float = 4.0

    def to_px(self, x: float, y: float) -> tuple[float, float]:
        """The data point (x, y) in figure pixels (y upwards)."""
        plot_w = self.width - 2 * self.margin
        plot_h = self.height - 2 * self.margin
        (x0, x1), (y0, y1) = self.x_range, self.y_range
        return (self.margin + (x - x0) / (x1 - x0) * plot_w, self.margin + (y - y0) / (y1 - y0) * plot_h)


def text_size_px(text: str, font_size: float, angle: int = 0) -> tuple[float, float]:
    """Estimated (width, height) of a plotly text [px] in :data:`FONT_FAMILY`: its widest line, its lines."""
    lines = text.split("<br>")
    width = 0.0
    for line in lines:
        factor = BOLD_FACTOR if "<b>" in line else 1.0
        em = sum(_WIDTHS_EM.get(char, 1.0) for char in _TAG.sub("", line))
        width = max(width, em * font_size * factor * SAFETY)
    height = len(lines) * font_size * LINE_EM
    return (height, width) if angle in (90, -90, 270) else (width, height)


def label_box(canvas: Canvas, request: LabelRequest, text: str, spot: Spot) -> Box:
    """The box ``text`` takes when put at ``spot`` around the request's anchor [px]."""
    width, height = text_size_px(text, request.font_size, request.angle)
    px, py = canvas.to_px(request.x, request.y)
    ax, ay = px + spot.dx, py + spot.dy
    x0 = {"left": ax, "center": ax - width / 2, "right": ax - width}[spot.xanchor]
    y0 = {"bottom": ay, "middle": ay - height / 2, "top": ay - height}[spot.yanchor]
    return Box(x0, y0, x0 + width, y0 + height)


def point_box(canvas: Canvas, x: float, y: float, size_px: float, crossable: bool = False) -> Box:
    """A square of ``size_px`` around the data point (x, y): a marker as an obstacle."""
    px, py = canvas.to_px(x, y)
    half = size_px / 2
    return Box(px - half, py - half, px + half, py + half, crossable)


def line_boxes(canvas: Canvas, xs: Sequence[float], ys: Sequence[float], thickness_px: float) -> list[Box]:
    """A polyline as small boxes along it (one per data point and between them every ~8 px)."""
    boxes = []
    points = [canvas.to_px(x, y) for x, y in zip(xs, ys, strict=True)]
    half = thickness_px / 2
    for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
        steps = max(1, int(max(abs(bx - ax), abs(by - ay)) / 8))
        for i in range(steps + 1):
            x, y = ax + (bx - ax) * i / steps, ay + (by - ay) * i / steps
            boxes.append(Box(x - 4, y - half, x + 4, y + half, crossable=True))
    return boxes


def place_labels(canvas: Canvas, requests: Iterable[LabelRequest], obstacles: Sequence[Box] = ()) -> list[PlacedLabel]:
    """Every request at its first free spot (see the module's docstring); requests without one are left out.

    Requests are taken in runs of equal :attr:`LabelRequest.group`, in order. Within a run every label
    first tries the spots next to its anchor (the full text, then the shorter ones); only then do the
    labels still without a place try the spots further off (with a leader line), again full text first.
    So a label never takes another's place next to its marker by wandering off with a leader.
    """
    placed: list[PlacedLabel] = []
    runs: list[list[LabelRequest]] = []
    for request in requests:
        if runs and runs[-1][0].group == request.group:
            runs[-1].append(request)
        else:
            runs.append([request])
    for run in runs:
        waiting = []
        for request in run:
            chosen = _first_free(canvas, request, placed, obstacles, leader=False)
            if chosen is None:
                waiting.append(request)
            else:
                placed.append(chosen)
        for request in waiting:
            chosen = _first_free(canvas, request, placed, obstacles, leader=True)
            if chosen is not None:
                placed.append(chosen)
    return placed


def _first_free(canvas: Canvas, request: LabelRequest, placed: Sequence[PlacedLabel],
                obstacles: Sequence[Box], *, leader: bool) -> PlacedLabel | None:  # fmt: skip
    candidates = [(text, spot) for text in request.texts for spot in request.spots if spot.leader is leader]
    for text, spot in candidates:
        box = label_box(canvas, request, text, spot)
        if not box.inside(canvas.width, canvas.height):
            continue
        if any(box.overlaps(other.box, GAP_PX) for other in placed):
            continue
        if any(box.overlaps(obstacle) for obstacle in obstacles):
            continue
        if spot.leader and not _leader_clear(canvas, request, spot, placed, obstacles):
            continue
        return PlacedLabel(request, text, spot, box)
    return None


#: A leader line starts this far from its anchor [px] (outside the marker) and must touch nothing else.
LEADER_STANDOFF_PX = 12.0


def _leader_clear(canvas: Canvas, request: LabelRequest, spot: Spot, placed: Sequence[PlacedLabel],
                  obstacles: Sequence[Box]) -> bool:  # fmt: skip
    """True when the leader from the marker to the text crosses no other marker, river line or label:
    a line that passes another marker would seem to point at it. It may cross a river's line."""
    px, py = canvas.to_px(request.x, request.y)
    length = (spot.dx**2 + spot.dy**2) ** 0.5
    boxes = [*(b for b in obstacles if not b.crossable), *(label.box for label in placed)]
    here = ((px, py), (px + spot.dx, py + spot.dy))
    if any(_crosses(here, leader) for leader in (_leader_of(canvas, label) for label in placed) if leader):
        return False
    steps = int(length // 3)
    for i in range(steps + 1):
        along = LEADER_STANDOFF_PX + (length - LEADER_STANDOFF_PX) * i / max(1, steps)
        if along > length:
            break
        x, y = px + spot.dx * along / length, py + spot.dy * along / length
        if any(b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1 for b in boxes):
            return False
    return True


def _leader_of(canvas: Canvas, label: PlacedLabel) -> tuple[tuple[float, float], tuple[float, float]] | None:
    if not label.spot.leader:
        return None
    px, py = canvas.to_px(label.request.x, label.request.y)
    return (px, py), (px + label.spot.dx, py + label.spot.dy)


def _crosses(a: tuple[tuple[float, float], tuple[float, float]],
             b: tuple[tuple[float, float], tuple[float, float]]) -> bool:  # fmt: skip
    """True when the segments a and b cross (touching at an end does not count)."""

    def side(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float]) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    d1, d2 = side(*b, a[0]), side(*b, a[1])
    d3, d4 = side(*a, b[0]), side(*a, b[1])
    return d1 * d2 < 0 and d3 * d4 < 0


def spots_around(gap: float, far: Sequence[float] = ()) -> tuple[Spot, ...]:
    """The usual spots of a marker's label: above or below, leaning right, centred or leaning left, then
    beside it; then for each distance in ``far`` [px] spots further off with a leader line."""
    # Text to the upper or lower right first (labels are placed from the sea upstream, so the room to
    # the left stays for the next one), then centred, then to the left, then beside the marker.
    near = (
        Spot(-gap * 0.5, gap, "left", "bottom"), Spot(-gap * 0.5, -gap, "left", "top"),
        Spot(0, gap, "center", "bottom"), Spot(0, -gap, "center", "top"),
        Spot(gap * 0.5, gap, "right", "bottom"), Spot(gap * 0.5, -gap, "right", "top"),
        Spot(gap, 0, "left", "middle"), Spot(-gap, 0, "right", "middle"),
    )
    further = tuple(
        Spot(dx, sign * distance, anchor, "bottom" if sign > 0 else "top", leader=True)
        for distance in far
        for sign in (1, -1)
        for dx, anchor in ((0, "center"), *((side * distance * k, "left" if side > 0 else "right")
                                            for k in (0.6, 1.5, 2.5) for side in (1, -1)))
    )
    return near + further
