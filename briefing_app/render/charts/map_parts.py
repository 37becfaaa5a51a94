"""The parts of a map drawing that are not the map itself: its colours, its shapes as
painter paths, where its place labels go without overlapping, its scale bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPen,
    QStaticText,
    Qt,
    QTransform,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from briefing_app.content.chartdata.map import Rings
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import tr
from briefing_app.render.text import plain_font
from briefing_app.render.themes import Theme

#: lengths a scale bar may have: 1, 2 and 5 times a power of ten (km)
_NICE = (1.0, 2.0, 5.0)


def mix(a: str, b: str, share: float, alpha: int = 255) -> QColor:
    """Colour *a* with *share* of colour *b* (0: a, 1: b)."""
    ca, cb = QColor(a), QColor(b)
    c = QColor(
        round(ca.red() + (cb.red() - ca.red()) * share),
        round(ca.green() + (cb.green() - ca.green()) * share),
        round(ca.blue() + (cb.blue() - ca.blue()) * share),
    )
    c.setAlpha(alpha)
    return c


@dataclass(frozen=True)
class MapColours:
    """A theme's colours for a map: land, neighbours, the layer, what is new."""

    land: QColor
    country_edge: QColor
    neighbour: QColor
    neighbour_edge: QColor
    layer: QColor
    layer_edge: QColor
    new: QColor
    ink: QColor
    paper: QColor


def map_colours(t: Theme) -> MapColours:
    bg, fg = t.plot_background, t.plot_foreground
    return MapColours(
        # land a shade off the sea: on black the sea and the land would be one
        land=mix(bg, fg, 0.07 if t.is_dark else 0.02),
        country_edge=mix(bg, fg, 0.85),
        neighbour=mix(bg, fg, 0.13),
        neighbour_edge=mix(bg, fg, 0.40),
        # the layer a tint of the highlight, what is new the highlight itself: one hue,
        # the newer the stronger, in every theme (vermilion on white, yellow on black)
        layer=mix(bg, t.highlight, 0.38),
        layer_edge=mix(bg, t.highlight, 0.70),
        new=QColor(t.highlight),
        ink=QColor(fg),
        paper=QColor(bg),
    )


def layer_colour(t: Theme) -> str:
    """The legend's colour for a map's layer (a tint of the highlight)."""
    return map_colours(t).layer.name()


def rings_path(r: Rings, tolerance: float | None = None) -> QPainterPath:
    """The polygons of *r* as one path, holes as holes (odd-even fill: the rings of a
    layer never overlap but where a hole lies in its outline).

    With *tolerance* (km), vertices closer together than that are merged first (each
    snapped to a grid of that size; a ring that shrinks below a triangle is left out):
    at half a pixel the map looks the same and draws in a fraction of the time.
    """
    x, y, start = r.x, r.y, r.start
    if tolerance is not None and len(x):
        x, y, start = _simplified(x, y, start, tolerance)
    if not len(x):
        return QPainterPath()
    # built from arrays in one go (a QDataStream), not point by point in Python
    connect = np.ones(len(x), dtype=np.int32)
    connect[start[1:] - 1] = 0  # the last vertex of a ring does not run on to the next
    path = pg.arrayToQPath(x, y, connect=connect, finiteCheck=False)
    path.setFillRule(Qt.FillRule.OddEvenFill)
    return path


def _simplified(
    x: np.ndarray, y: np.ndarray, start: np.ndarray, tol: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    qx, qy = np.round(x / tol), np.round(y / tol)
    keep = np.ones(len(x), dtype=bool)
    keep[1:] = (qx[1:] != qx[:-1]) | (qy[1:] != qy[:-1])
    keep[start[:-1]] = True  # every ring keeps its first and last (closing) vertex
    keep[start[1:] - 1] = True
    kept = np.add.reduceat(keep.astype(np.int64), start[:-1]) if len(start) > 1 else []
    ring = np.repeat(np.arange(len(start) - 1), np.diff(start))
    keep &= (np.asarray(kept) >= 4)[ring]  # a ring of under four vertices is gone
    new_start = np.concatenate([[0], np.cumsum(np.where(np.asarray(kept) >= 4, kept, 0))])
    return x[keep], y[keep], np.unique(new_start).astype(np.int64)


class MapShape(QGraphicsPathItem):
    """A filled shape and its outline.

    The outline may be a path of its own (`set_outline`): a still picture cuts its shapes
    to the view, and the cut edges are no border. When wider than a pixel, the outline is
    stroked segment by segment on raster devices: Qt's software rasteriser strokes a wide
    antialiased outline as one polygon, some 10 ms for a country's border against a
    fraction of a millisecond for its segments (as `plot.Curve` does for lines)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._outline: QPainterPath | None = None
        self._lines: list[QLineF] | None = None

    def setPath(self, path: QPainterPath) -> None:  # Qt's name
        self._lines = None
        super().setPath(path)

    def set_outline(self, outline: QPainterPath | None) -> None:
        """What is stroked, when it is not the filled path's own edge."""
        self._outline = outline
        self._lines = None
        self.update()

    def paint(self, p, option, widget=None) -> None:
        pen = self.pen()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.brush())
        p.drawPath(self.path())
        if pen.style() == Qt.PenStyle.NoPen:
            return
        outline = self._outline if self._outline is not None else self.path()
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        engine = p.paintEngine()
        if pen.widthF() <= 1.0 or engine is None or engine.type() != QPaintEngine.Type.Raster:
            p.drawPath(outline)
            return
        if self._lines is None:
            self._lines = _segments(outline)
        p.drawLines(self._lines)


def clipped_outline(r: Rings, rect: QRectF) -> QPainterPath:
    """The edges of the rings of *r* inside *rect*, cut where they leave it (Liang-Barsky),
    as separate segments: the border of a shape cut to a view, without the cut."""
    if len(r.x) < 2:
        return QPainterPath()
    ends = np.zeros(len(r.x), dtype=bool)
    ends[r.start[1:] - 1] = True  # a ring's last vertex has no edge to the next ring
    keep = ~ends[:-1]
    x0, y0, x1, y1 = r.x[:-1][keep], r.y[:-1][keep], r.x[1:][keep], r.y[1:][keep]
    dx, dy = x1 - x0, y1 - y0
    lo, hi = np.zeros(len(x0)), np.ones(len(x0))
    ok = np.ones(len(x0), dtype=bool)
    for pk, qk in (
        (-dx, x0 - rect.left()),
        (dx, rect.right() - x0),
        (-dy, y0 - rect.top()),
        (dy, rect.bottom() - y0),
    ):
        parallel = pk == 0
        ok &= ~(parallel & (qk < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(parallel, 0.0, qk / np.where(parallel, 1.0, pk))
        lo = np.where(~parallel & (pk < 0), np.maximum(lo, t), lo)
        hi = np.where(~parallel & (pk > 0), np.minimum(hi, t), hi)
    ok &= lo <= hi
    xs = np.column_stack([x0 + lo * dx, x0 + hi * dx])[ok].ravel()
    ys = np.column_stack([y0 + lo * dy, y0 + hi * dy])[ok].ravel()
    if not len(xs):
        return QPainterPath()
    return pg.arrayToQPath(xs, ys, connect="pairs", finiteCheck=False)


def _segments(path: QPainterPath) -> list[QLineF]:
    lines = []
    prev = None
    for i in range(path.elementCount()):
        e = path.elementAt(i)
        if e.isLineTo() and prev is not None:
            lines.append(QLineF(prev.x, prev.y, e.x, e.y))
        prev = e
    return lines


class MapLabel(QGraphicsItem):
    """A text of a fixed size in pixels over the map: a place's name, a marker's number.

    Placed in the view box's pixels (not the map's km), at the top-left corner the label
    layout chose; plain text (package text is never markup) on a backdrop, laid out once
    (QStaticText). Cheaper to make and to paint than a pyqtgraph TextItem, and it scales
    with the painter, so an export drawn at another scale keeps it in proportion.
    """

    def __init__(
        self, text: str, font: QFont, ink: QColor, paper: QColor, pad: float, parent=None
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._font = plain_font(font)
        self._ink, self._paper = ink, paper
        self._static = QStaticText(text)
        self._static.setTextFormat(Qt.TextFormat.PlainText)
        self._static.prepare(QTransform(), self._font)
        fm = QFontMetricsF(self._font)
        self._pad = pad
        w = max(fm.horizontalAdvance(text), self._static.size().width())
        self._rect = QRectF(0, 0, w + 2 * pad, fm.height() + 2 * pad)

    def text(self) -> str:
        return self._text

    def font(self) -> QFont:
        return QFont(self._font)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p, option, widget=None) -> None:
        if self._paper.alpha():
            p.fillRect(self._rect, self._paper)
        p.setFont(self._font)
        p.setPen(self._ink)
        if p.paintEngine() is not None and p.paintEngine().type() == QPaintEngine.Type.Raster:
            w = self._static.size().width()
            x = (self._rect.width() - w) / 2
            p.drawStaticText(QPointF(x, self._pad), self._static)
        else:  # text a PDF or SVG reader can find and copy
            p.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self._text)


class Dots(QGraphicsItem):
    """The dots of the places shown, in the view box's pixels: one item, a circle each."""

    def __init__(self, radius: float, ink: QColor, paper: QColor, parent=None) -> None:
        super().__init__(parent)
        self._r = radius
        self._ink, self._paper = ink, paper
        self._points: list[QPointF] = []
        self._rect = QRectF()

    def set_points(self, points: list[QPointF]) -> None:
        self.prepareGeometryChange()
        self._points = points
        r = self._r + 1
        self._rect = QRectF()
        for q in points:
            self._rect = self._rect.united(QRectF(q.x() - r, q.y() - r, 2 * r, 2 * r))

    def points(self) -> list[QPointF]:
        return list(self._points)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, p, option, widget=None) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(self._paper, 1.0))
        p.setBrush(self._ink)
        for q in self._points:
            p.drawEllipse(q, self._r, self._r)


def scale_length(km_per_px: float, most_px: float) -> float:
    """The longest round length (1, 2 or 5 × 10^k km) no longer than *most_px* pixels."""
    if km_per_px <= 0 or not np.isfinite(km_per_px):
        return 0.0
    most = km_per_px * most_px
    power = 10 ** np.floor(np.log10(most))
    best = 0.0
    for k in (power / 10, power):
        for n in _NICE:
            if n * k <= most:
                best = max(best, n * k)
    return float(best)


def km_text(km: float) -> str:
    if km >= 1:
        return tr("{n} km").format(n=fmt_number(round(km)))
    return tr("{n} m").format(n=fmt_number(round(km * 1000)))


@dataclass
class Candidate:
    """A place label to place: where its point is (pixels) and its text's size."""

    x: float
    y: float
    w: float
    h: float
    #: pixels between the point and the label (more around a marker's badge)
    gap: float
    #: half the side of the place's dot (0 where a marker's badge stands for it)
    dot: float = 0.0

    def dot_rect(self) -> QRectF:
        return QRectF(self.x - self.dot, self.y - self.dot, 2 * self.dot, 2 * self.dot)


#: where a label may go around its point, tried in order: right, left, above, below;
#: (dx, dy) of the label's top-left corner in units of its width and height, and the gap
_SIDES = ((0.0, -0.5, 1), (-1.0, -0.5, -1), (-0.5, -1.0, 0), (-0.5, 0.0, 0))


def place_labels(
    cands: Sequence[Candidate], inside: QRectF, taken: list[QRectF]
) -> list[tuple[int, QRectF] | None]:
    """A rectangle for each label, in order (the most important first), or None for a
    place left out: no label overlaps another label, another place's dot, a taken
    rectangle (markers, the scale bar) or leaves *inside*. Greedy: each place takes the
    first free side of its point, if its dot is free."""
    out: list[tuple[int, QRectF] | None] = []
    placed = list(taken)
    dots = [c.dot_rect() for c in cands]
    for i, c in enumerate(cands):
        chosen = None
        dot = dots[i]
        if not inside.contains(QPointF(c.x, c.y)) or any(dot.intersects(p) for p in placed):
            out.append(None)
            continue
        # a side that covers no other place's dot if there is one, so that the places
        # after this one keep theirs; else any side that covers nothing placed
        others = dots[:i] + dots[i + 1 :]
        for avoid in (placed + others, placed):
            for k, (fx, fy, sign) in enumerate(_SIDES):
                dx = sign * c.gap if k < 2 else 0.0
                dy = 0.0 if k < 2 else (-c.gap if k == 2 else c.gap)
                rect = QRectF(c.x + fx * c.w + dx, c.y + fy * c.h + dy, c.w, c.h)
                if inside.contains(rect) and not any(rect.intersects(p) for p in avoid):
                    chosen = (k, rect)
                    break
            if chosen is not None:
                break
        out.append(chosen)
        if chosen is not None:
            placed += [chosen[1], dot]
    return out


class Region:
    """Where a hover text applies: a test on view coordinates (a map's land is no box)."""

    def __init__(self, inside: Callable[[QPointF], bool], bounds: QRectF | None = None) -> None:
        self._inside = inside
        #: a box holding the region, in view coordinates (None: unknown)
        self.bounds = bounds

    def contains(self, p: QPointF) -> bool:
        return self._inside(p)

    def sample(self, steps: int = 24) -> QPointF | None:
        """A point of the region (the first on a grid over its box, from its centre out),
        for keyboard users and tests to aim at; None if the grid finds none."""
        if self.bounds is None or self.bounds.isEmpty():
            return None
        b = self.bounds
        cells = [(i, j) for i in range(steps + 1) for j in range(steps + 1)]
        cells.sort(key=lambda ij: (ij[0] - steps / 2) ** 2 + (ij[1] - steps / 2) ** 2)
        for i, j in cells:
            p = QPointF(b.left() + b.width() * i / steps, b.top() + b.height() * j / steps)
            if self._inside(p):
                return p
        return None
