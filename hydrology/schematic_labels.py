"""Where the älvschema's words go, so that no two of them overlap.

Plotly draws a text exactly where it is told and never moves it out of another's way; on a river
whose gauges, dams and towns crowd near the sea (Umeå: Vännäsby, Harrsele, Stornorrfors within
20 km) the names would print over each other. :func:`place_labels` decides every label's spot
before anything is drawn:

- each label asks for an anchor (a point in the figure's data coordinates), its text in one or more
  versions (preferred first: the full three lines of a gauge, then shorter ones) and the spots it
  may take around the anchor (above, below, beside; further off with a thin leader line, in one line of
  text: a taller text there would take the rows the names next to the rivers need);
- labels are placed in the order given — the most important first (the dam-failure wave, the
  main-stem gauges nearest the sea) — each at the first spot where its box stays inside the figure
  and touches no box already placed and no obstacle (markers, the rivers' lines);
- a label that finds no free spot in any version is left out: its marker stays, with its words on
  hover. Whatever is drawn, no two label boxes overlap.

Boxes are in pixels, y upwards from the figure's bottom edge, for a figure of a given size: the
narrowest the figure is shown at (the meeting screen's column at 1280×720). Each text is drawn at its
anchor point (the point its ``xanchor``/``yanchor`` refers to, which lies on the text's box) given in
data coordinates (:func:`text_point`), never as a pixel shift from its marker: a wider figure stretches
the x axis, every text's anchor point moves with the markers and lines, and each box keeps its pixel
size around its own anchor point, so two boxes (or a box and a marker or line) that were apart stay
apart — further apart (:func:`drawn_box` gives a label's box at any drawn width). Text sizes are
estimated from the characters and the font size with the glyph widths of the font the figure asks
for (DejaVu Sans; the fallbacks are narrower), a little generously; the browser test measures the
drawn texts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

#: The schema's font: DejaVu Sans first. It is the font that is there on the servers and in CI (Debian's
#: fonts-dejavu-core, also fontconfig's "sans-serif"); Arial, Liberation Sans and Helvetica, where a
#: screen has no DejaVu, are narrower, so an estimate made for the widest of them holds for all.
FONT_FAMILY = "'DejaVu Sans', Arial, 'Liberation Sans', Helvetica, sans-serif"


def _widths(groups: dict[float, str]) -> dict[str, float]:
    return {char: width for width, chars in groups.items() for char in chars}


#: Advance widths [em] of each character: the larger of DejaVu Sans 2.37's and Liberation Sans 2.1's
#: (Arial's metric twin), read from the fonts' hmtx tables and rounded up to 0.01 em. Anything not
#: listed (▲ ◆ ⚠ ✖ ➜ …, at most 0.95 em in DejaVu) counts as a full em.
_WIDTHS_EM: dict[str, float] = _widths({
    0.28: "'ijl", 0.3: "I", 0.32: " ,.\u00a0·", 0.34: "/:;|", 0.36: "f", 0.37: "-", 0.4: "()t", 0.41: "!³",
    0.42: "r", 0.46: '"', 0.5: "J", 0.53: "sz", 0.55: "c", 0.56: "?L_–", 0.58: "k", 0.6: "vxy",
    0.62: "FTaeoäåéö", 0.64: "0123456789bdghnpquü", 0.67: "EKPSY", 0.69: "ABVXZÄÅ", 0.73: "CR", 0.74: "U",
    0.75: "N", 0.76: "H", 0.78: "&DG", 0.79: "OQÖ", 0.82: "w", 0.84: "+<=>≥", 0.87: "M", 0.96: "%", 0.98: "m",
    0.99: "W",
})
#: The same for the bold faces (a line with ``<b>`` is measured bold throughout).
_BOLD_WIDTHS_EM: dict[str, float] = _widths({
    0.31: "'", 0.35: " ijl\u00a0", 0.37: "/|", 0.38: ",.I·", 0.4: ":;", 0.42: "-", 0.44: "f³", 0.46: "!()",
    0.48: "t", 0.5: "r", 0.53: '"', 0.56: "J_–", 0.59: "z", 0.6: "cs", 0.62: "?", 0.64: "L", 0.65: "x",
    0.66: "vy", 0.67: "k", 0.68: "aeäåé", 0.69: "EFToö", 0.7: "0123456789", 0.72: "bdghnpquü", 0.73: "SYZ",
    0.74: "CP", 0.77: "B", 0.78: "AKRVXÄÅ", 0.82: "U", 0.83: "G", 0.84: "+<=>DHN≥", 0.86: "OQÖ", 0.88: "&",
    0.93: "w", 1.0: "M", 1.01: "%", 1.05: "m", 1.11: "W",
})
#: Every estimate is widened by this much (rendering, hinting) on top of the fonts' own widths.
SAFETY = 1.05
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


def text_point(canvas: Canvas, label: PlacedLabel) -> tuple[float, float]:
    """The data point [data coordinates] the label's text is anchored at: its anchor shifted by the spot's
    offset, converted at the canvas's size."""
    (x0, x1), (y0, y1) = canvas.x_range, canvas.y_range
    per_x = (canvas.width - 2 * canvas.margin) / (x1 - x0)  # [px per data unit]
    per_y = (canvas.height - 2 * canvas.margin) / (y1 - y0)
    return label.request.x + label.spot.dx / per_x, label.request.y + label.spot.dy / per_y


def drawn_box(canvas: Canvas, label: PlacedLabel, width: float) -> Box:
    """The box [px] the label takes when the figure laid out on ``canvas`` is drawn ``width`` px wide
    (same height): the text's size around its anchor point (:func:`text_point`) at that width."""
    wide = replace(canvas, width=float(width))
    tx, ty = text_point(canvas, label)
    spot = Spot(0.0, 0.0, label.spot.xanchor, label.spot.yanchor)
    return label_box(wide, replace(label.request, x=tx, y=ty), label.text, spot)


def text_size_px(text: str, font_size: float, angle: int = 0) -> tuple[float, float]:
    """Estimated (width, height) of a plotly text [px] in :data:`FONT_FAMILY`: its widest line, its lines."""
    lines = text.split("<br>")
    width = 0.0
    for line in lines:
        widths = _BOLD_WIDTHS_EM if "<b>" in line else _WIDTHS_EM
        em = sum(widths.get(char, 1.0) for char in _TAG.sub("", line))
        width = max(width, em * font_size * SAFETY)
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


def place_labels(canvas: Canvas, requests: Iterable[LabelRequest], obstacles: Sequence[Box] = (),
                 placed: Sequence[PlacedLabel] = ()) -> list[PlacedLabel]:  # fmt: skip
    """Every request at its first free spot (see the module's docstring); requests without one are left out.

    Requests are taken in runs of equal :attr:`LabelRequest.group`, in order. Within a run every label
    first tries the spots next to its anchor (the full text, then the shorter ones); only then do the
    labels still without a place try the spots further off (with a leader line), again full text first.
    So a label never takes another's place next to its marker by wandering off with a leader.
    ``placed``: labels already placed, kept as they are (the new ones are added after them).
    """
    placed = list(placed)
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


def place_labels_keeping(canvas: Canvas, requests: Sequence[LabelRequest], obstacles: Sequence[Box] = (),
                         keep: Callable[[LabelRequest], bool] = lambda _r: True, fixed_groups: Iterable[int] = (),
                         budget: int = 6000) -> list[PlacedLabel]:  # fmt: skip
    """:func:`place_labels`, making room for the labels ``keep`` says must be drawn (they come first in
    ``requests``).

    The kept labels are placed first as :func:`place_labels` would. A kept label that finds no free spot
    then takes the first spot (its full text first, then shorter ones; next to its marker, then further
    off) where at most two kept labels are in its way that can move elsewhere — to a free spot, or by
    moving a label in their own way in turn — never the labels of ``fixed_groups`` (the dam failure's
    words). At most ``budget`` spots are tried for this in all. Then the other labels are placed where
    there is room. So the places that must be named are, with shorter words or a leader line where
    crowded (the values stay on hover)."""
    kept = [r for r in requests if keep(r)]
    placed = place_labels(canvas, kept, obstacles)
    search = _RoomSearch(canvas, obstacles, frozenset(fixed_groups), budget)
    for request in kept:
        if all(label.request.key != request.key for label in placed):
            placed = search.make_room(request, placed, frozenset({request.key}), depth=3) or placed
    return place_labels(canvas, [r for r in requests if not keep(r)], obstacles, placed)


class _RoomSearch:
    """The search of :func:`place_labels_keeping`: which labels to move so that a kept one fits."""

    def __init__(self, canvas: Canvas, obstacles: Sequence[Box], fixed: frozenset[int], budget: int) -> None:
        self.canvas, self.obstacles, self.fixed, self.left = canvas, obstacles, fixed, budget
        self._static: dict[tuple[str, str, Spot], Box | None] = {}

    def candidates(self, request: LabelRequest) -> list[tuple[str, Spot, Box]]:
        """Every (text, spot, box) of ``request`` inside the figure and clear of the obstacles, preferred first."""
        found = []
        for leader in (False, True):
            for text in request.texts:
                for spot in (s for s in request.spots if s.leader is leader and _fits_spot(text, s)):
                    key = (request.key, text, spot)
                    if key not in self._static:
                        box = label_box(self.canvas, request, text, spot)
                        clear = box.inside(self.canvas.width, self.canvas.height) and not any(
                            box.overlaps(o) for o in self.obstacles) and (
                            not spot.leader or _leader_clear(self.canvas, request, spot, (), self.obstacles))
                        self._static[key] = box if clear else None
                    if self._static[key] is not None:
                        found.append((text, spot, self._static[key]))
        return found

    def in_way(self, label: PlacedLabel, placed: Sequence[PlacedLabel]) -> list[PlacedLabel]:
        """The placed labels ``label`` would touch: their boxes, or a leader line crossing a box or a leader."""
        return [other for other in placed if _touch(self.canvas, label, other)]

    def make_room(self, request: LabelRequest, placed: list[PlacedLabel], pinned: frozenset[str],
                  depth: int) -> list[PlacedLabel] | None:  # fmt: skip
        for text, spot, box in self.candidates(request):
            if self.left <= 0:
                return None
            self.left -= 1
            label = PlacedLabel(request, text, spot, box)
            blocking = self.in_way(label, placed)
            if not blocking:
                return [*placed, label]
            if (depth == 0 or len(blocking) > 2
                    or any(b.request.group in self.fixed or b.request.key in pinned for b in blocking)):
                continue
            rest = [p for p in placed if p not in blocking] + [label]
            for moved in blocking:
                found = self.make_room(moved.request, rest, pinned | {request.key}, depth - 1)
                if found is None:
                    break
                rest = found
            else:
                return rest
        return None


def _fits_spot(text: str, spot: Spot) -> bool:
    """A text further off with a leader line takes one line: a leader points at a line, and a taller text
    there would take the rows that the names next to the rivers need."""
    return not spot.leader or "<br>" not in text


def _touch(canvas: Canvas, a: PlacedLabel, b: PlacedLabel) -> bool:
    """True when two placed labels come too close: boxes within :data:`GAP_PX`, or a leader line through
    the other's box or across its leader."""
    if a.box.overlaps(b.box, GAP_PX):
        return True
    la, lb = _leader_of(canvas, a), _leader_of(canvas, b)
    if la and (_through(la, b.box) or (lb and _crosses(la, lb))):
        return True
    return bool(lb and _through(lb, a.box))


def _through(segment: tuple[tuple[float, float], tuple[float, float]], box: Box) -> bool:
    """True when the leader ``segment`` (from its standoff on) passes through ``box``."""
    (ax, ay), (bx, by) = segment
    length = max(1e-9, ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5)
    steps = int(length // 3) + 1
    for i in range(steps + 1):
        along = LEADER_STANDOFF_PX + (length - LEADER_STANDOFF_PX) * i / steps
        if along > length:
            break
        x, y = ax + (bx - ax) * along / length, ay + (by - ay) * along / length
        if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1:
            return True
    return False


def _first_free(canvas: Canvas, request: LabelRequest, placed: Sequence[PlacedLabel],
                obstacles: Sequence[Box], *, leader: bool) -> PlacedLabel | None:  # fmt: skip
    candidates = [(text, spot) for text in request.texts for spot in request.spots
                  if spot.leader is leader and _fits_spot(text, spot)]
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
        if any(_through(leader, box) for leader in (_leader_of(canvas, other) for other in placed) if leader):
            continue  # an earlier label's leader line would run through this text
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
