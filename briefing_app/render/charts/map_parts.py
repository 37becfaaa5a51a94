"""The parts of a map drawing that are not the map itself: its colours, its shapes as
painter paths, where its place labels go without overlapping, its scale bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPolygonF, Qt

from briefing_app.content.chartdata.map import Rings
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
        land=mix(bg, fg, 0.02),
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


def rings_path(r: Rings) -> QPainterPath:
    """The polygons of *r* as one path; holes are holes (odd-even fill: the rings of one
    layer never overlap but where a hole lies in its outline)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    xs, ys = r.x, r.y
    for a, z in zip(r.start[:-1].tolist(), r.start[1:].tolist(), strict=True):
        poly = QPolygonF(
            [QPointF(x, y) for x, y in zip(xs[a:z].tolist(), ys[a:z].tolist(), strict=True)]
        )
        path.addPolygon(poly)
        path.closeSubpath()
    return path


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
    return f"{km:,.0f} km" if km >= 1 else f"{km * 1000:,.0f} m"


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

    def __init__(self, inside: Callable[[QPointF], bool]) -> None:
        self._inside = inside

    def contains(self, p: QPointF) -> bool:
        return self._inside(p)
