"""Map: a map chart's layers, places and events drawn in the chart's plot.

Shapes are painter paths in the plane of `content.chartdata.map` (an equal-area
projection, km), so they are vectors in the PDF and the SVG and are not stretched: both
axes have one scale.  What is new between the two compared dates is drawn by painting
the later layer in the highlight colour and the earlier one over it in the layer colour,
so no polygon needs clipping.

A still picture (slides, the handout, images) shows the compared pair side by side,
before and after, in full detail; the window shows one map and steps through the layers
with its date slider (`MapCanvas.show_step`, from `ui.map_controls`), and can be panned
and zoomed: there the shapes are drawn at half a pixel's detail, which looks the same
and paints in a fraction of the time.  Headings, the numbered events' key, the source
and licence line and the scale bar are laid out in pixels around and over the map, and
the place labels where they overlap no other label, no marker and no dot (the less
important left out, the chart's places being listed most important first), again
whenever the map is resized or zoomed; a pan moves the labels with the map and lays them
out again once it stops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem

from briefing_app.content.chartdata import ChartData
from briefing_app.content.chartdata.map import MapData
from briefing_app.render.charts.map_furniture import Furniture
from briefing_app.render.charts.map_parts import (
    Candidate,
    Dots,
    MapLabel,
    MapShape,
    Region,
    clipped_outline,
    map_colours,
    place_labels,
    rings_path,
)
from briefing_app.render.charts.plot import HitBox, Plot, font_for
from briefing_app.render.themes import Theme

#: the gap between the two maps of a pair, as a share of one map's width
PAIR_GAP = 0.05
#: a pan lays the labels out again once it has stopped this long (ms)
RELAYOUT_MS = 120
#: the window's map zooms out to this share of its fitted size at most (`may_zoom`)
ZOOM_LEAST = 0.5
#: and in to this many times its fitted size
ZOOM_MOST = 40.0


def draw(plot: Plot, data: ChartData, theme: Theme) -> None:
    pi = plot.getPlotItem()
    for name in ("left", "bottom"):
        pi.hideAxis(name)
        # a hidden axis still follows every pan and zoom (ticks, SI prefixes): not a map's
        pi.getAxis(name).unlinkFromView()
    pi.showGrid(x=False, y=False)
    if data.geo is not None:
        plot.map_canvas = MapCanvas(plot, data.geo, theme)  # for the window's date slider


class MapHit(HitBox):
    """A hover region of the map: any shape, not a box."""

    def __post_init__(self) -> None:  # a Region, which has no normalised form
        pass


@dataclass
class Panel:
    """One map of the picture: the step it shows, where it is (km), its frame (which holds
    its shapes, layers and dots), and what is placed over it in pixels."""

    step: int | None
    dx: float
    frame: QGraphicsRectItem
    shapes: list[QGraphicsPathItem]
    new: QGraphicsPathItem
    base: QGraphicsPathItem
    dots: Dots
    labels: list[MapLabel]
    #: the events' numbered markers, in the order of the map's markers (or none)
    badges: list[MapLabel]
    hits: list[HitBox] = field(default_factory=list)
    #: where each label and badge was put at the last layout (pixels), None if left out
    spots: list[QRectF | None] = field(default_factory=list)


class MapCanvas(QObject):
    """The map in one plot: its panels, its furniture, its step."""

    #: the step shown changed (the window's slider follows it)
    step_changed = Signal(int)

    def __init__(self, plot: Plot, geo: MapData, theme: Theme) -> None:
        super().__init__(plot)
        self.plot, self.geo, self.theme = plot, geo, theme
        self.colours = map_colours(theme)
        self.vb = plot.getPlotItem().vb
        self.vb.disableAutoRange()
        x0, y0, x1, y1 = geo.view
        self.width_km, self.height_km = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
        self.panels: list[Panel] = []
        self.live = False
        #: the map is fitted to the plot (not panned or zoomed by hand)
        self.fitted = True
        self._fitting = False
        #: what to show: the steps of the panels, and whether it is the window's map
        self._want: tuple[list[int | None], bool] = (list(geo.shown()) or [None], False)
        #: the detail the window's shapes are drawn at (km; None: full, in still pictures)
        self._tolerance: float | None = None
        self._paths: dict[tuple[str, int, float | None], QPainterPath] = {}
        #: the view's scale and a reference point (pixels) at the last layout of the labels
        self._laid: tuple[float, QPointF] | None = None
        #: what is around and over the map in pixels: key, credit, scale bar, strips
        self.furniture = Furniture(self.vb, geo, theme, self.colours)
        #: a slide's fonts (`for_room`): (other text, the areas), None for the theme's
        self.room: tuple[QFont, QFont] | None = None
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(RELAYOUT_MS)
        self._relayout.timeout.connect(self.layout)
        self.vb.sigResized.connect(self.layout)
        self.vb.sigRangeChanged.connect(self._moved)
        self.vb.sigRangeChangedManually.connect(self._moved_by_hand)
        # built at the first layout, once the plot has its size and the window has said
        # which step it shows (a still picture, or the slider's date): not twice

    # -- what is shown -----------------------------------------------------------------------
    def show_still(self) -> None:
        """The picture of the handout and images: the compared pair, or one map; on a
        slide (`for_room`), one map."""
        self._want = (self._still_steps(), False)
        self._apply()

    def _still_steps(self) -> list[int | None]:
        shown = list(self.geo.shown())
        if self.room is not None and self.geo.end is not None:
            return [self.geo.end]  # the end, with what is new since the start highlighted
        return shown or [None]

    def for_room(self, small: QFont, figures: QFont, min_map: float = 0.0) -> None:
        """The map for a slide, read from the back of the room: its place labels, marker
        numbers, dates, key and scale bar in *small*, its areas in *figures* (a slide's
        pixel fonts); one map, at the end of the comparison with what is new since its
        start in the highlight (the areas of both dates written beside it), as two maps
        side by side would leave each too small for labels of that size; the credit line
        left to the slide's source line. Fewer place labels then fit: the less important
        are left out, as always. The key is shortened to each event's place and date
        where the whole would leave the map under *min_map* pixels high."""
        self.room = (small, figures)
        self.furniture.for_room(small, figures, min_map)
        if not self.live:
            self.show_still()

    def show_step(self, i: int) -> None:
        """One map at step *i* of the layers, for the window: it can be panned and zoomed."""
        if not self.geo.steps:
            return
        i = max(0, min(i, len(self.geo.steps) - 1))
        self._want = ([i], True)
        self._apply()
        self.step_changed.emit(i)

    @property
    def step(self) -> int | None:
        if self.panels:
            return self.panels[0].step
        steps, _ = self._want
        return steps[0] if steps else None

    def _apply(self) -> None:
        steps, live = self._want
        r = self.vb.boundingRect()
        if r.width() < 2 or r.height() < 2:
            return  # built when the plot has its size (its first layout)
        if self.panels and live and self.live and len(self.panels) == 1:
            self._set_step(self.panels[0], steps[0])  # another date: only the layers change
            self._collect_hits()
            self._furniture(self._arrangement())
            return
        self._build(steps, live)

    # -- items -------------------------------------------------------------------------------
    def _path(self, kind: str, i: int) -> QPainterPath:
        """Shape or step *i* as a path, at the detail the map is drawn at (cached): in a
        still picture, cut to the view, for an SVG reader does not clip what Qt clips."""
        key = (kind, i, self._tolerance if self.live else "still")
        path = self._paths.get(key)
        if path is None:
            if self.live:
                rings = (self.geo.shapes if kind == "shape" else self.geo.steps)[i].rings
                path = rings_path(rings, self._tolerance)
            else:
                x0, y0, x1, y1 = self.geo.view
                view = QPainterPath()
                view.addRect(QRectF(x0, y0, x1 - x0, y1 - y0))
                path = self._full(kind, i).intersected(view)
                path.setFillRule(Qt.FillRule.OddEvenFill)
            self._paths[key] = path
        return path

    def _outline(self, kind: str, i: int) -> QPainterPath | None:
        """A still picture's outline of shape or step *i*: its edges inside the view, not
        the view's edge where the shape is cut (None in the window: the shape's own)."""
        if self.live:
            return None
        key = (kind, i, "outline")
        if key not in self._paths:
            x0, y0, x1, y1 = self.geo.view
            rings = (self.geo.shapes if kind == "shape" else self.geo.steps)[i].rings
            self._paths[key] = clipped_outline(rings, QRectF(x0, y0, x1 - x0, y1 - y0))
        return self._paths[key]

    def _full(self, kind: str, i: int) -> QPainterPath:
        """The path in full detail (what hovering is tested against)."""
        key = (kind, i, None)
        if key not in self._paths:
            rings = (self.geo.shapes if kind == "shape" else self.geo.steps)[i].rings
            self._paths[key] = rings_path(rings)
        return self._paths[key]

    def _path_item(self, parent, fill, edge, width: float, z: float, dx: float):
        item = MapShape(parent)
        item.setBrush(QBrush(fill))
        pen = QPen(edge, width)
        pen.setCosmetic(True)  # a line's width in pixels, whatever the map's scale
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        item.setPen(pen if width > 0 else QPen(Qt.PenStyle.NoPen))
        item.setZValue(z)
        item.setPos(dx, 0)
        return item

    def _clear(self) -> None:
        for panel in self.panels:
            self.vb.removeItem(panel.frame)
            for item in (*panel.labels, *panel.badges, panel.dots):
                self.plot.scene().removeItem(item)
        self.panels = []

    def _build(self, steps: list[int | None], live: bool) -> None:
        self._clear()
        self.live = live
        self.plot.setMouseEnabled(x=live, y=live)
        self._tolerance = None
        if live:
            self.vb.setAspectLocked(True, 1.0)
            self._fit(self._arrangement(1).maps, 1)  # first: the shapes get their detail once
            self._tolerance = self._detail()
        c, geo, t = self.colours, self.geo, self.theme
        # outlines of a pixel at most, but the country's: a wider one costs more to draw
        edge = min(1.0, max(0.6, t.pen_width * 0.4))
        border = max(1.0, t.pen_width * 0.6)
        x0, y0, _, _ = geo.view
        font = font_for(t, t.font_small) if self.room is None else QFont(self.room[0])
        bold = QFont(font)
        bold.setBold(True)
        backdrop = QColor(c.paper)
        backdrop.setAlpha(130)  # a label stays legible over any land
        for k, step in enumerate(steps):
            dx = k * self.width_km * (1 + PAIR_GAP)
            # a still map is cut to its view and framed; the window's map runs on when moved
            frame = QGraphicsRectItem(QRectF(x0 + dx, y0, self.width_km, self.height_km))
            frame.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, not live)
            pen = QPen(c.neighbour_edge, 1.0)
            pen.setCosmetic(True)
            frame.setPen(pen if not live else QPen(Qt.PenStyle.NoPen))
            self.vb.addItem(frame, ignoreBounds=True)
            shapes = []
            for i, shape in enumerate(geo.shapes):
                if shape.country:
                    item = self._path_item(frame, c.land, c.country_edge, border, 1, dx)
                else:
                    item = self._path_item(frame, c.neighbour, c.neighbour_edge, edge, 0, dx)
                item.setPath(self._path("shape", i))
                item.set_outline(self._outline("shape", i))
                shapes.append(item)
            new = self._path_item(frame, c.new, c.new, 0, 2, dx)
            base = self._path_item(frame, c.layer, c.layer_edge, edge, 3, dx)
            dots = Dots(2.0 + t.pen_width / 2, c.ink, c.paper, self.vb)
            dots.setZValue(10)
            labels = [MapLabel(p.name, font, c.ink, backdrop, 2.0, self.vb) for p in geo.places]
            badges = []
            if live or geo.end is None or step == geo.end:  # markers on the map of the end
                badges = [
                    MapLabel(str(m.number), bold, c.paper, c.ink, 3.0, self.vb) for m in geo.markers
                ]
            for z, item in ((11, labels), (20, badges)):
                for lab in item:
                    lab.setZValue(z)
            panel = Panel(step, dx, frame, shapes, new, base, dots, labels, badges)
            self._set_step(panel, step)
            self.panels.append(panel)
        summary = list(self.geo.shown()) if self.room is not None and not live else None
        self.furniture.show_steps(steps, still=not live, summary=summary)
        self._collect_hits()
        self.fitted = True
        self.layout()

    def _set_step(self, panel: Panel, step: int | None) -> None:
        """Show *step* on *panel*: its layer, and what is new since the start under it."""
        geo = self.geo
        panel.step = step
        clip = None if self.live else panel.frame.rect()
        hits: list[HitBox] = []
        if step is None:
            panel.new.setVisible(False)
            panel.base.setVisible(False)
        else:
            base, new = geo.base_step(step), geo.new_step(step)
            panel.base.setPath(self._path("step", base))
            panel.base.set_outline(self._outline("step", base))
            panel.base.setVisible(True)
            panel.new.setVisible(new is not None)
            if new is not None:
                panel.new.setPath(self._path("step", new))
                region = self._region(
                    self._full("step", new), self._full("step", base), panel.dx, clip
                )
                hits.append(MapHit(region, geo.layer_hover(step, new=True)))
            region = self._region(self._full("step", base), None, panel.dx, clip)
            hits.insert(0, MapHit(region, geo.layer_hover(step, new=False)))
        for i, shape in enumerate(geo.shapes):
            hits.append(
                MapHit(self._region(self._full("shape", i), None, panel.dx, clip), shape.name)
            )
        panel.hits = hits

    def _collect_hits(self) -> None:
        self.plot.hits[:] = [h for p in self.panels for h in p.hits]
        hovers = [p.hover for p in self.geo.places]
        markers = [m.hover for m in self.geo.markers]
        self.plot.label_hits[:] = [
            pair
            for p in self.panels
            for pair in (*zip(p.badges, markers, strict=False), *zip(p.labels, hovers, strict=True))
        ]

    def _region(
        self, path: QPainterPath, minus: QPainterPath | None, dx: float, clip: QRectF | None
    ) -> Region:
        def inside(p: QPointF) -> bool:
            if clip is not None and not clip.contains(p):
                return False
            q = QPointF(p.x() - dx, p.y())
            return path.contains(q) and (minus is None or not minus.contains(q))

        bounds = path.boundingRect().translated(dx, 0)
        return Region(inside, bounds & clip if clip is not None else bounds)

    def texts(self) -> list[tuple[QGraphicsItem, str, QFont]]:
        """Every text shown over and around the map, with its font: place labels, marker
        numbers, dates, the areas, the key, the credit, the scale bar (for tests)."""
        out: list[tuple[QGraphicsItem, str, QFont]] = []
        for panel in self.panels:
            for lab in (*panel.labels, *panel.badges):
                if lab.isVisible():
                    out.append((lab, lab.text(), lab.font()))
        f = self.furniture
        for item in (*f.dates, f.summary, f.key, f.credit, f.scale_text):
            text = item.textItem.toPlainText()
            if item.isVisible() and text:
                out.append((item, text, item.textItem.font()))
        return out

    # -- layout in pixels --------------------------------------------------------------------
    def _arrangement(self, n: int | None = None):
        """Where the maps and the text go (`map_furniture.Arrangement`), for *n* maps."""
        n = n or max(1, len(self.panels))
        return self.furniture.arrange(self.width_km * (n + (n - 1) * PAIR_GAP), self.height_km)

    def layout(self, *_) -> None:
        """Fit the maps to the plot (unless moved by hand), then place the furniture."""
        if not self.panels:
            self._apply()  # the first layout, at the plot's size, builds the map
            return
        arranged = self._arrangement()
        if self.fitted:
            self._fit(arranged.maps, len(self.panels))
        self._set_detail()
        self._furniture(arranged)

    def _fit_scale(self, frame: QRectF, n: int) -> float:
        """Pixels per km of *n* maps side by side fitted to *frame*."""
        total_w = self.width_km * (n + (n - 1) * PAIR_GAP)
        return min(frame.width() / total_w, frame.height() / self.height_km)

    def may_zoom(self, inward: bool) -> bool:
        """Whether the wheel may zoom the window's map further in (*inward*) or out:
        from half its fitted size to `ZOOM_MOST` times it.  Without a bound, a page
        scrolled with the pointer over the map zoomed it out to a speck; past either
        bound the wheel is the page's (`Plot.wheelEvent`)."""
        if not self.live or not self.panels:
            return True
        fit = self._fit_scale(self._arrangement().maps, len(self.panels))
        km = self._km_per_px()
        if fit <= 0 or km <= 0:
            return True
        zoom = 1.0 / (km * fit)  # 1: as fitted
        return zoom < ZOOM_MOST if inward else zoom > ZOOM_LEAST

    def _fit(self, frame: QRectF, n: int) -> None:
        """The view that shows *n* maps side by side in *frame*, at one scale both ways."""
        total_w = self.width_km * (n + (n - 1) * PAIR_GAP)
        s = self._fit_scale(frame, n)
        r = self.vb.boundingRect()
        x0, _, _, y1 = self.geo.view
        left = x0 - (frame.left() + (frame.width() - total_w * s) / 2) / s
        top = y1 + (frame.top() + (frame.height() - self.height_km * s) / 2) / s
        self._fitting = True
        try:
            self.vb.setRange(
                xRange=(left, left + r.width() / s), yRange=(top - r.height() / s, top), padding=0
            )
        finally:
            self._fitting = False

    def _km_per_px(self) -> float:
        r, vr = self.vb.boundingRect(), self.vb.viewRect()
        return vr.width() / r.width() if r.width() > 0 and vr.width() > 0 else 0.0

    def _detail(self) -> float | None:
        """The tolerance the window's shapes are drawn at: half a pixel, to a power of 2."""
        km = self._km_per_px()
        return 2.0 ** math.floor(math.log2(km / 2)) if km > 0 else None

    def _set_detail(self) -> None:
        if not self.live:
            return
        tol = self._detail()
        if tol == self._tolerance:
            return
        self._tolerance = tol
        for panel in self.panels:
            for i, item in enumerate(panel.shapes):
                item.setPath(self._path("shape", i))
            if panel.step is not None:
                panel.base.setPath(self._path("step", self.geo.base_step(panel.step)))
                new = self.geo.new_step(panel.step)
                if new is not None:
                    panel.new.setPath(self._path("step", new))

    def _moved_by_hand(self, *_) -> None:
        self.fitted = False  # panned or zoomed: a resize keeps the view

    def _moved(self, *_) -> None:
        if self._fitting or not self.panels:
            return
        self._set_detail()
        laid = self._laid
        if laid is not None and math.isclose(laid[0], self._km_per_px(), rel_tol=1e-9):
            # a pan: the labels move with the map now, and are laid out again once it stops
            delta = self.vb.mapFromView(QPointF(0.0, 0.0)) - laid[1]
            frame = self._arrangement().maps
            for panel in self.panels:
                for item, spot in zip((*panel.labels, *panel.badges), panel.spots, strict=True):
                    moved = spot.translated(delta) if spot is not None else None
                    item.setVisible(moved is not None and frame.contains(moved))
                    if moved is not None:
                        item.setPos(moved.topLeft())
                panel.dots.setPos(delta)
            self._relayout.start()
            return
        self._furniture(self._arrangement())

    def _furniture(self, arranged) -> None:
        km_per_px = self._km_per_px()
        if km_per_px <= 0:
            return
        rects = [self._panel_rect(p, arranged.maps) for p in self.panels]
        # the events' numbers first, at their places: the date and the scale bar go in
        # corners clear of them, and the place labels clear of all three
        badges = [self._badges(panel, rect) for panel, rect in zip(self.panels, rects, strict=True)]
        shown = [
            r
            for p, b in zip(self.panels, badges, strict=True)
            for item, r in zip(p.badges, b, strict=True)
            if item.isVisible()
        ]
        taken = self.furniture.place(arranged, rects, km_per_px, shown)
        for panel, rect, spots in zip(self.panels, rects, badges, strict=True):
            self._labels(panel, rect, taken + shown)
            # a pan moves what is shown; what is not waits for the layout after it
            panel.spots += [
                r if b.isVisible() else None for b, r in zip(panel.badges, spots, strict=True)
            ]
        self._laid = (km_per_px, self.vb.mapFromView(QPointF(0.0, 0.0)))

    def map_rects(self) -> list[QRectF]:
        """Where each map is drawn, in pixels of the view box."""
        arranged = self._arrangement()
        return [self._panel_rect(p, arranged.maps) for p in self.panels]

    def _panel_rect(self, panel: Panel, frame: QRectF) -> QRectF:
        """Where *panel*'s map is, in pixels of the view box (the frame, for the window's)."""
        if self.live:
            return frame
        r = panel.frame.rect()
        a = self.vb.mapFromView(r.topLeft())
        b = self.vb.mapFromView(r.bottomRight())
        return QRectF(a, b).normalized().intersected(frame)

    def _badges(self, panel: Panel, rect: QRectF) -> list[QRectF]:
        """Place the panel's event numbers at their places (inside the map, pixels of the
        view box); one that would cover an earlier one stands just under it (or over it),
        a stack of numbers rather than one hiding another, and on a map too small for
        that is left out (the key and the figures list every event). Returns where each
        is (the ones left out too)."""
        spots: list[QRectF] = []
        shown: list[QRectF] = []
        for m, item in zip(self.geo.markers, panel.badges, strict=False):
            at = self.vb.mapFromView(QPointF(m.x + panel.dx, m.y))
            size = item.boundingRect()
            spot = QRectF(
                at.x() - size.width() / 2, at.y() - size.height() / 2, size.width(), size.height()
            )
            for _ in range(len(spots) + 1):
                # a place at the map's edge: its number moved in, not cut by the frame
                spot.translate(
                    max(0.0, rect.left() - spot.left()) - max(0.0, spot.right() - rect.right()),
                    max(0.0, rect.top() - spot.top()) - max(0.0, spot.bottom() - rect.bottom()),
                )
                hit = next((s for s in shown if s.intersects(spot)), None)
                if hit is None:
                    break
                below = hit.bottom() + 1
                if below + spot.height() <= rect.bottom():
                    spot.moveTop(below)
                else:
                    spot.moveBottom(hit.top() - 1)
            clear = rect.contains(spot) and not any(s.intersects(spot) for s in shown)
            item.setPos(spot.topLeft())
            item.setVisible(rect.contains(at) and clear)
            if item.isVisible():
                shown.append(spot)
            spots.append(spot)
        return spots

    def _labels(self, panel: Panel, rect: QRectF, taken: list[QRectF]) -> None:
        """Place the panel's labels where they overlap nothing *taken* (the date, the
        scale bar, the event numbers), the chart's first places first; a place left out
        loses its dot too. A place an event number stands for keeps its name clear of
        the number."""
        geo, t = self.geo, self.theme
        spots: list[QRectF] = list(taken)
        marked = {(round(m.x, 3), round(m.y, 3)) for m in geo.markers} if panel.badges else set()
        around = max(
            (
                max(b.boundingRect().width(), b.boundingRect().height()) / 2 + 2
                for b in panel.badges
            ),
            default=0.0,
        )
        gap, dot = 3.0 + t.pen_width, 3.0 + t.pen_width / 2
        cands = []
        for p, item in zip(geo.places, panel.labels, strict=True):
            at = self.vb.mapFromView(QPointF(p.x + panel.dx, p.y))
            under = (round(p.x, 3), round(p.y, 3)) in marked  # a badge stands for it
            size = item.boundingRect()
            cands.append(
                Candidate(
                    at.x(),
                    at.y(),
                    size.width(),
                    size.height(),
                    around if under else gap,
                    0 if under else dot,
                )
            )
        chosen = place_labels(cands, rect, spots)
        label_spots: list[QRectF | None] = []
        for item, spot in zip(panel.labels, chosen, strict=True):
            item.setVisible(spot is not None)
            label_spots.append(spot[1] if spot is not None else None)
            if spot is not None:
                item.setPos(spot[1].topLeft())
        panel.spots = label_spots  # and the badges' (`_furniture`)
        panel.dots.setPos(0.0, 0.0)
        panel.dots.set_points(
            [QPointF(c.x, c.y) for c, spot in zip(cands, chosen, strict=True) if spot and c.dot]
        )
