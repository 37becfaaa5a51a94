"""Map: a map chart's layers, places and events drawn in the chart's plot.

Shapes are painter paths in the plane of `content.chartdata.map` (an equal-area
projection, km), so they are vectors in the PDF and the SVG and are not stretched: both
axes have one scale.  What is new between the two compared dates is drawn by painting
the later layer in the highlight colour and the earlier one over it in the layer colour,
so no polygon needs clipping.

A still picture (slides, the handout, images) shows the compared pair side by side,
before and after; the window shows one map and steps through the layers with its date
slider (`MapCanvas.show_step`, from `ui.map_controls`), and can be panned and zoomed.
Headings, the numbered events' key, the source and licence line and the scale bar are
laid out in pixels around and over the map, again whenever it is resized or moved;
place labels that would overlap another label, a marker or the scale bar are left out,
the less important first (the places' order in the chart).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem

from briefing_app.content.chartdata import ChartData
from briefing_app.content.chartdata.map import MapData
from briefing_app.render.charts.map_parts import (
    Candidate,
    Region,
    km_text,
    map_colours,
    place_labels,
    rings_path,
    scale_length,
)
from briefing_app.render.charts.plot import HitBox, Plot, font_for, text_item
from briefing_app.render.themes import Theme

#: the gap between the two maps of a pair, as a share of one map's width
PAIR_GAP = 0.05
#: pixels around the map inside the plot
PAD = 6.0


def draw(plot: Plot, data: ChartData, theme: Theme) -> None:
    pi = plot.getPlotItem()
    for name in ("left", "bottom"):
        pi.hideAxis(name)
    pi.showGrid(x=False, y=False)
    if data.geo is None:
        return
    plot.map_canvas = MapCanvas(plot, data.geo, theme)  # for the window's date slider


class MapHit(HitBox):
    """A hover region of the map: any shape, not a box."""

    def __post_init__(self) -> None:  # a Region, which has no normalised form
        pass


@dataclass
class Panel:
    """One map of the picture: the step it shows, where it is (km), its frame (which
    holds its shapes, dots and markers) and its heading."""

    step: int | None
    dx: float
    frame: QGraphicsRectItem
    heading: pg.TextItem | None = None
    #: the dots of the places whose labels are shown
    dots: pg.ScatterPlotItem | None = None


class MapCanvas(QObject):
    """The map in one plot: its items, its furniture, its step."""

    #: the step shown changed (the window's slider follows it)
    step_changed = Signal(int)

    def __init__(self, plot: Plot, geo: MapData, theme: Theme) -> None:
        super().__init__(plot)
        self.plot, self.geo, self.theme = plot, geo, theme
        self.colours = map_colours(theme)
        self.vb = plot.getPlotItem().vb
        self.vb.disableAutoRange()
        self.step_paths = [rings_path(s.rings) for s in geo.steps]
        self.shape_paths = [rings_path(s.rings) for s in geo.shapes]
        x0, y0, x1, y1 = geo.view
        self.width_km, self.height_km = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
        self.panels: list[Panel] = []
        self.live = False
        #: the map is fitted to the plot (not panned or zoomed by hand)
        self.fitted = True
        self._fitting = False
        self.key = self._screen_text("\n".join(m.text for m in geo.markers), theme.font_small)
        self.credit = self._screen_text(geo.credit, theme.font_small * 0.9, muted=True)
        self.top_strip, self.bottom_strip = self._strip(), self._strip()
        self.scale_bar = QGraphicsPathItem(self.vb)
        self.scale_bar.setZValue(30)
        self.scale_text = self._screen_text("", theme.font_small * 0.9)
        self.labels: list[pg.TextItem] = []
        self.vb.sigResized.connect(self.layout)
        self.vb.sigRangeChanged.connect(self._moved)
        self.vb.sigRangeChangedManually.connect(self._moved_by_hand)
        self.show_still()

    # -- what is shown -----------------------------------------------------------------------
    def show_still(self) -> None:
        """The picture of slides, the handout and images: the compared pair, or one map."""
        self.live = False
        self._build(list(self.geo.shown()) or [None])
        self.plot.setMouseEnabled(x=False, y=False)

    def show_step(self, i: int) -> None:
        """One map at step *i* of the layers, for the window: it can be panned and zoomed."""
        if not self.geo.steps:
            return
        i = max(0, min(i, len(self.geo.steps) - 1))
        if not self.live:
            self.live = True
            self.plot.setMouseEnabled(x=True, y=True)
            self.vb.setAspectLocked(True, 1.0)
        self._build([i])
        self.step_changed.emit(i)

    @property
    def step(self) -> int | None:
        return self.panels[0].step if self.panels else None

    # -- items -------------------------------------------------------------------------------
    def _path_item(self, parent, path: QPainterPath, fill, edge, width: float, z: float):
        item = QGraphicsPathItem(path, parent)
        item.setBrush(QBrush(fill))
        pen = QPen(edge, width)
        pen.setCosmetic(True)  # a line's width in pixels, whatever the map's scale
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        item.setPen(pen if width > 0 else QPen(Qt.PenStyle.NoPen))
        item.setZValue(z)
        return item

    def _clear(self) -> None:
        for panel in self.panels:
            self.vb.removeItem(panel.frame)
            if panel.heading is not None:
                self.plot.scene().removeItem(panel.heading)
        for lab in self.labels:
            self.vb.removeItem(lab)
        self.labels = []
        self.plot.hits.clear()
        self.plot.label_hits.clear()
        self.panels = []

    def _build(self, steps: list[int | None]) -> None:
        self._clear()
        c, geo, t = self.colours, self.geo, self.theme
        edge = max(0.6, t.pen_width * 0.4)
        x0, y0, _, _ = geo.view
        for k, step in enumerate(steps):
            dx = k * self.width_km * (1 + PAIR_GAP)
            # a still map is cut to its view and framed; the window's map runs on when moved
            frame = QGraphicsRectItem(QRectF(x0 + dx, y0, self.width_km, self.height_km))
            frame.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, not self.live)
            pen = QPen(c.neighbour_edge, 1.0)
            pen.setCosmetic(True)
            frame.setPen(pen if not self.live else QPen(Qt.PenStyle.NoPen))
            self.vb.addItem(frame, ignoreBounds=True)
            clip = None if self.live else frame.rect()
            hits: list[HitBox] = []
            for shape, path in zip(geo.shapes, self.shape_paths, strict=True):
                if shape.country:
                    item = self._path_item(frame, path, c.land, c.country_edge, edge * 1.6, 1)
                else:
                    item = self._path_item(frame, path, c.neighbour, c.neighbour_edge, edge, 0)
                item.setPos(dx, 0)
                hits.append(MapHit(self._region(path, None, dx, clip), shape.name))
            if step is not None:
                base, new = geo.base_step(step), geo.new_step(step)
                base_path = self.step_paths[base]
                if new is not None:  # the later layer under the earlier: what is new shows
                    new_path = self.step_paths[new]
                    self._path_item(frame, new_path, c.new, c.new, 0, 2).setPos(dx, 0)
                    region = self._region(new_path, base_path, dx, clip)
                    hits.insert(0, MapHit(region, geo.layer_hover(step, new=True)))
                item = self._path_item(frame, base_path, c.layer, c.layer_edge, edge, 3)
                item.setPos(dx, 0)
                region = self._region(base_path, None, dx, clip)
                hits.insert(0, MapHit(region, geo.layer_hover(step, new=False)))
            dots = self._places_and_markers(frame, dx, step)
            heading = None
            if step is not None and not self.live:  # the window's slider says it
                heading = self._screen_text(geo.heading(step), t.font_small, bold=True)
            self.panels.append(Panel(step, dx, frame, heading, dots))
            self.plot.hits += hits
        self.fitted = True
        self.layout()

    def _region(
        self, path: QPainterPath, minus: QPainterPath | None, dx: float, clip: QRectF | None
    ) -> Region:
        def inside(p: QPointF) -> bool:
            if clip is not None and not clip.contains(p):
                return False
            q = QPointF(p.x() - dx, p.y())
            return path.contains(q) and (minus is None or not minus.contains(q))

        return Region(inside)

    def _places_and_markers(
        self, frame: QGraphicsRectItem, dx: float, step: int | None
    ) -> pg.ScatterPlotItem | None:
        """The places' dots and labels, and the markers of events; returns the dots."""
        geo, t, c = self.geo, self.theme, self.colours
        dots = None
        if geo.places:
            dots = pg.ScatterPlotItem(
                size=4 + t.pen_width, brush=pg.mkBrush(c.ink), pen=pg.mkPen(c.paper, width=1)
            )
            dots.setParentItem(frame)
            dots.setZValue(10)
        for p in geo.places:
            lab = text_item(t, p.name, anchor=(0, 0), size=t.font_small)
            backdrop = QColor(c.paper)
            backdrop.setAlpha(130)  # the label stays legible over any land
            lab.fill = pg.mkBrush(backdrop)
            lab.setZValue(11)
            lab.setPos(p.x + dx, p.y)
            self.vb.addItem(lab, ignoreBounds=True)
            self.labels.append(lab)
            self.plot.label_hits.append((lab, p.hover))
        # events are marked where they happened, on the map of the end (or the one map)
        if not self._marks(Panel(step, dx, frame)):
            return dots
        for m in geo.markers:
            badge = pg.TextItem(
                str(m.number),
                color=c.paper,
                anchor=(0.5, 0.5),
                fill=pg.mkBrush(c.ink),
                border=pg.mkPen(c.paper, width=1),
            )
            badge.setFont(font_for(t, t.font_small, bold=True))
            badge.setParentItem(frame)
            badge.setPos(m.x + dx, m.y)
            badge.setZValue(20)
            self.plot.label_hits.append((badge, m.hover))
        return dots

    def _strip(self) -> QGraphicsRectItem:
        strip = QGraphicsRectItem(self.vb)
        strip.setBrush(QBrush(self.colours.paper))
        strip.setPen(QPen(Qt.PenStyle.NoPen))
        strip.setZValue(35)
        return strip

    def _screen_text(self, text: str, size: float, bold=False, muted=False) -> pg.TextItem:
        """Text placed in pixels over the plot (not moved by panning), plain text."""
        colour = self.theme.muted if muted and not self.theme.is_dark else None
        item = text_item(self.theme, text, colour, anchor=(0, 0), size=size, bold=bold)
        item.setParentItem(self.vb)
        item.setZValue(40)
        return item

    # -- layout in pixels --------------------------------------------------------------------
    def _text_height(self, item: pg.TextItem, width: float) -> float:
        if not item.textItem.toPlainText():
            return 0.0
        item.setTextWidth(max(40.0, width))
        return item.textItem.boundingRect().height()

    def _frame(self) -> QRectF:
        """Where the maps go (pixels of the view box), after the headings, key and credit."""
        r = self.vb.boundingRect()
        w = r.width() - 2 * PAD
        n = max(1, len(self.panels))
        panel_w = (w - (n - 1) * w * PAIR_GAP / (1 + PAIR_GAP)) / n
        top = max(
            (self._text_height(p.heading, panel_w) for p in self.panels if p.heading), default=0.0
        )
        bottom = self._text_height(self.key, w) + self._text_height(self.credit, w)
        return QRectF(PAD, PAD + top, w, max(10.0, r.height() - 2 * PAD - top - bottom))

    def layout(self, *_) -> None:
        """Fit the maps to the plot (unless moved by hand), then place the furniture."""
        if not self.panels:
            return
        frame = self._frame()
        if self.fitted:
            n = len(self.panels)
            total_w = self.width_km * (n + (n - 1) * PAIR_GAP)
            s = min(frame.width() / total_w, frame.height() / self.height_km)
            r = self.vb.boundingRect()
            x0, _, _, y1 = self.geo.view
            left = x0 - (frame.left() + (frame.width() - total_w * s) / 2) / s
            top = y1 + (frame.top() + (frame.height() - self.height_km * s) / 2) / s
            self._fitting = True
            try:
                self.vb.setRange(
                    xRange=(left, left + r.width() / s),
                    yRange=(top - r.height() / s, top),
                    padding=0,
                )
            finally:
                self._fitting = False
        self._furniture(frame)

    def _moved_by_hand(self, *_) -> None:
        self.fitted = False  # panned or zoomed: a resize keeps the view

    def _moved(self, *_) -> None:
        if not self._fitting:
            self._furniture(self._frame())

    def _panel_rect(self, panel: Panel, frame: QRectF) -> QRectF:
        """Where *panel*'s map is, in pixels of the view box (the frame, for the window's)."""
        if self.live:
            return frame
        r = panel.frame.rect()
        a = self.vb.mapFromView(r.topLeft())
        b = self.vb.mapFromView(r.bottomRight())
        return QRectF(a, b).normalized().intersected(frame)

    def _furniture(self, frame: QRectF) -> None:
        r = self.vb.boundingRect()
        vr = self.vb.viewRect()
        if vr.width() <= 0 or r.width() <= 0:
            return
        km_per_px = vr.width() / r.width()
        y = frame.bottom()
        for item in (self.key, self.credit):
            item.setPos(PAD, y)
            y += self._text_height(item, r.width() - 2 * PAD)
        # opaque strips under the text around the map: a moved map runs under them
        self.top_strip.setRect(QRectF(0, 0, r.width(), frame.top()))
        self.bottom_strip.setRect(QRectF(0, frame.bottom(), r.width(), r.height() - frame.bottom()))
        rects = [self._panel_rect(p, frame) for p in self.panels]
        for p, rect in zip(self.panels, rects, strict=True):
            if p.heading is not None:
                p.heading.setPos(rect.left(), PAD)
                p.heading.setTextWidth(max(40.0, rect.width()))
        taken: list[QRectF] = []
        self._scale_bar(rects[0], km_per_px, taken)
        self._labels(rects, taken)

    def _scale_bar(self, rect: QRectF, km_per_px: float, taken: list[QRectF]) -> None:
        km = scale_length(km_per_px, min(160.0, rect.width() * 0.3))
        if km <= 0:
            self.scale_bar.setPath(QPainterPath())
            self.scale_text.setText("")
            return
        px = km / km_per_px
        x, y = rect.left() + PAD * 2, rect.bottom() - PAD * 2
        tick = 4.0 + self.theme.pen_width
        path = QPainterPath()
        path.moveTo(x, y - tick)
        path.lineTo(x, y)
        path.lineTo(x + px, y)
        path.lineTo(x + px, y - tick)
        pen = QPen(self.colours.ink, max(1.0, self.theme.pen_width * 0.6))
        self.scale_bar.setPen(pen)
        self.scale_bar.setPath(path)
        self.scale_text.setText(km_text(km))
        h = QFontMetricsF(self.scale_text.textItem.font()).height()
        w = QFontMetricsF(self.scale_text.textItem.font()).horizontalAdvance(km_text(km))
        self.scale_text.setTextWidth(-1)
        self.scale_text.setPos(x + px + 4, y - h * 0.8)
        taken.append(QRectF(x - 2, y - h - 2, px + 10 + w, h + 4))

    def _labels(self, rects: list[QRectF], taken: list[QRectF]) -> None:
        """Place labels where they overlap nothing, the chart's first places first."""
        geo, t = self.geo, self.theme
        if not geo.places:
            return
        fm = QFontMetricsF(font_for(t, t.font_small))
        badge = QFontMetricsF(font_for(t, t.font_small, bold=True)).height() + 4
        gap, dot = 3.0 + t.pen_width, 3.0 + t.pen_width / 2
        for k, (panel, rect) in enumerate(zip(self.panels, rects, strict=True)):
            labels = self.labels[k * len(geo.places) : (k + 1) * len(geo.places)]
            marked = set()
            spots = list(taken)
            if self._marks(panel):  # no label covers a marker's badge
                for m in geo.markers:
                    at = self.vb.mapFromView(QPointF(m.x + panel.dx, m.y))
                    spots.append(QRectF(at.x() - badge / 2, at.y() - badge / 2, badge, badge))
                    marked.add((round(m.x, 3), round(m.y, 3)))
            cands = []
            for p in geo.places:
                at = self.vb.mapFromView(QPointF(p.x + panel.dx, p.y))
                under = (round(p.x, 3), round(p.y, 3)) in marked  # a badge stands for it
                w, h = fm.horizontalAdvance(p.name) + 6, fm.height() + 2
                cands.append(
                    Candidate(
                        at.x(), at.y(), w, h, badge / 2 + 2 if under else gap, 0 if under else dot
                    )
                )
            chosen = place_labels(cands, rect, spots)
            for lab, cand, spot in zip(labels, cands, chosen, strict=True):
                lab.setVisible(spot is not None)
                if spot is not None:
                    # the label's anchor follows the side it was given
                    lab.setAnchor(
                        ((cand.x - spot[1].left()) / cand.w, (cand.y - spot[1].top()) / cand.h)
                    )
            if panel.dots is not None:  # a place left out loses its dot too
                shown = [
                    p
                    for p, c, spot in zip(geo.places, cands, chosen, strict=True)
                    if spot and c.dot
                ]
                panel.dots.setData([p.x + panel.dx for p in shown], [p.y for p in shown])

    def _marks(self, panel: Panel) -> bool:
        """Whether *panel* shows the events' markers."""
        return self.live or self.geo.end is None or panel.step == self.geo.end
