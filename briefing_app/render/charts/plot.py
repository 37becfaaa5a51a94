"""The plot every chart is drawn in: a pyqtgraph PlotWidget with themed axes and hover
tooltips over registered boxes, plus the small helpers the chart kinds share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleInterface,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPaintEngine,
    QPainter,
    QPicture,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAccessibleWidget,
    QApplication,
    QGraphicsView,
    QToolTip,
)

from briefing_app.render.charts.axes import GridAxis, GridAxisMixin, NumberAxis
from briefing_app.render.kept import KeptPicture
from briefing_app.render.labels import rich_tooltip
from briefing_app.render.themes import Theme

if TYPE_CHECKING:
    from briefing_app.render.charts.room import TopRoom

pg.setConfigOptions(antialias=True, background=None, foreground="k")


@dataclass
class HitBox:
    rect: QRectF
    text: str

    def __post_init__(self) -> None:
        # a bar of a negative value runs down from 0: a rect of negative height contains
        # nothing until normalised
        self.rect = self.rect.normalized()


@dataclass
class ChartContent:
    """What a built chart exposes: the plot, hover boxes and the legend entries."""

    plot: pg.PlotWidget
    hits: list[HitBox] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)


def font_for(theme: Theme, size: float, bold: bool = False) -> QFont:
    f = QFont(theme.font_family)
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


def qcolour(c: str, alpha: int = 255) -> QColor:
    q = QColor(c)
    q.setAlpha(alpha)
    return q


def text_item(
    theme: Theme, text: str, colour: str | None = None, anchor=(0.5, 1.0), size=None, bold=False
):
    item = pg.TextItem(anchor=anchor, color=qcolour(colour or theme.plot_foreground))
    item.setText(text)  # plain text: never HTML
    item.setFont(font_for(theme, size or theme.font_axis, bold))
    return item


class ChartInterface(QAccessibleWidget):
    """A plot to assistive technology: a chart (Qt would make it an unnamed filler),
    with the plot's accessible name, and its description (its data in words) as
    `Plot.accessibleDescription` gives it: made when first asked for."""

    def text(self, t: QAccessible.Text) -> str:
        if t == QAccessible.Text.Description:
            plot = self.object()
            if isinstance(plot, Plot):
                return plot.accessibleDescription()
        return super().text(t)


def chart_role(key: str, obj: QObject) -> QAccessibleInterface | None:
    """A plot's accessible interface (`ChartInterface`)."""
    if isinstance(obj, Plot):
        return ChartInterface(obj, QAccessible.Role.Chart)
    return None


class Plot(pg.PlotWidget):
    """PlotWidget with hover tooltips over registered hit boxes."""

    #: whether `chart_role` is installed (once, when the first plot is made)
    _role_installed = False

    def __init__(self, theme: Theme) -> None:
        if not Plot._role_installed:
            QAccessible.installFactory(chart_role)
            Plot._role_installed = True
        super().__init__(
            background=theme.plot_background,
            axisItems={"left": NumberAxis("left"), "bottom": GridAxis("bottom")},
            enableMenu=False,  # never shown (below): not building it saves ~3-15 ms a chart
        )
        self.theme = theme
        self.hits: list[HitBox] = []
        #: texts drawn in the plot whose hover is the whole story (event labels)
        self.label_hits: list[tuple[pg.TextItem, str]] = []
        #: the room above the data for labels (`TopRoom`), on charts that have one
        self.top_room: TopRoom | None = None
        #: the hover of the points of a line: scene point -> text or None (line charts)
        self.nearest: Callable[[QPointF], str | None] | None = None
        #: a timeline's event labels with the index of the event each names (past
        #: `timeline.MAX_LABELS` events only every k-th is labelled), and its "As of" label
        self.timeline_labels: list[tuple[pg.TextItem, int]] = []
        self.as_of_label: pg.TextItem | None = None
        #: what keeps a chart's labels inside the plot as it is resized (timeline), which a
        #: slide that places them its own way disconnects and undoes
        self.label_fit: Callable[..., None] | None = None
        #: what makes the description when it is first asked for (`describe_later`)
        self._describe: Callable[[], str] | None = None
        self._description: str | None = None
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        # no keyboard use, and no focus mark: a Tab stop here would be invisible.  The
        # rows behind a chart are reached with its Table button (or T)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hideButtons()
        pi = self.getPlotItem()
        for name in ("left", "bottom"):
            self._style_axis(pi.getAxis(name))
        pi.showGrid(x=False, y=True, alpha=theme.grid_alpha)
        self.setMinimumHeight(220)
        # pyqtgraph moves the data into view (ViewBox.updateMatrix) only when the next paint
        # begins, which marks the scene dirty again and costs a second paint of the whole
        # chart per pan or resize; doing it as soon as the range or size changes saves it
        vb = pi.vb
        vb.sigRangeChanged.connect(self._update_matrix)
        vb.sigResized.connect(self._update_matrix)
        #: what the chart painted, while its scene is the same (see paintEvent)
        self._kept = KeptPicture()
        self._scene_watch = _SceneWatch(self)
        self.scene().installEventFilter(self._scene_watch)
        pi.installEventFilter(self._scene_watch)  # its layout: axes sized to their text
        #: not painted yet: its side axes are sized to their labels at each resize
        self._unpainted = True

    def describe_later(self, describe: Callable[[], str]) -> None:
        """Let *describe()* make the chart's description (its data in words) when a screen
        reader or a caller first asks for it (`accessibleDescription`).  Made with every
        chart it cost ~3 ms a chart while a tab was built, for users without one (#22)."""
        self._describe, self._description = describe, None

    def accessibleDescription(self) -> str:
        """The description made by the function given to `describe_later` (made once,
        when first asked for), else the one given to `setAccessibleDescription`."""
        describe, self._describe = self._describe, None
        if describe is not None:
            # made once (a failure is reported once, not at every question); kept here,
            # not set as Qt's property: that would tell assistive technology that the
            # description changed, in the middle of its asking
            self._description = describe()
        if self._description is not None:
            return self._description
        return super().accessibleDescription()

    def setAccessibleDescription(self, text: str) -> None:
        """Qt's own, which replaces one still to be made (`describe_later`)."""
        self._describe = self._description = None
        super().setAccessibleDescription(text)

    def _style_axis(self, ax: pg.AxisItem) -> None:
        theme = self.theme
        ax.setPen(pg.mkPen(theme.plot_foreground, width=max(1.0, theme.pen_width / 2)))
        ax.setTextPen(pg.mkPen(theme.plot_foreground))
        tick_font = font_for(theme, theme.font_axis)
        ax.setTickFont(tick_font)
        if ax.orientation == "bottom":
            # pyqtgraph sizes the bottom axis from the labels it measured at its first
            # paint, to 80 % of their height: a window grabbed once (or a chart painted
            # once) had the descenders of its tick labels cut off.  A line's height, now.
            ax.setStyle(autoExpandTextSpace=False, tickTextHeight=QFontMetrics(tick_font).height())
        if isinstance(ax, GridAxisMixin):
            ax.grid_background = QColor(theme.plot_background)
            # the grid is opaque (see GridAxisMixin), so it goes behind the data: below
            # the view box (z -100) rather than pyqtgraph's 0.5 above it
            ax.setZValue(-150)

    def set_bottom_axis(self, ax: pg.AxisItem) -> None:
        """Replace the bottom axis (styled like the others)."""
        self.setAxisItems({"bottom": ax})
        self._style_axis(ax)

    def _update_matrix(self, *_) -> None:
        self.getPlotItem().vb.updateMatrix()

    def _settle_auto_range(self, *_) -> None:
        # with clip-to-view, a pan gives the curves new (visible) data and so new y
        # bounds; pyqtgraph then applies the y auto-range in prepareForPaint, inside the
        # next paint, which dirties the chart again and costs a second paint for most
        # pans.  Connected after the data items' own slots, this applies it at once.
        vb = self.getPlotItem().vb
        if getattr(vb, "_autoRangeNeedsUpdate", True):
            vb.updateAutoRange()

    # -- the picture painted once, put back while the scene is the same ------------------
    # A tab switch paints every chart in sight, and the scene draws every item anew: its
    # axes' text shaped and drawn, its bars, lines and labels (over a quarter of the
    # instructions of a switch between two tabs of charts; callgrind, 3 Dec 2026).  From
    # its second paint on at one size and place, a chart keeps what it painted
    # (`render.kept.KeptPicture`) and puts that back while its scene has not changed.  Any
    # change to the scene's items has the scene process it at the next turn of the event
    # loop, a call queued to the scene (`_SceneWatch`), and that call is where the scene
    # has the view repaint it: the chart forgets its picture then, before that repaint.
    # (The scene's `changed` signal would tell the same, but connecting it switches Qt's
    # views to an older way of being updated: it repaints nothing for a rectangle too
    # large for whole pixels, a line chart's curve, and left PySide with a stale wrapper
    # that took a live menu's.)  The view's own transform and backgrounds are part of the
    # key, and a change of palette, font or style forgets.  The chart paints its whole
    # viewport (an opaque background), so nothing under it is kept.  A paint between a
    # change and that turn of the event loop (a grab() straight after a change) puts back
    # the picture from before the change; the repaint the scene asks for follows at once.

    def paintEvent(self, event) -> None:
        self._unpainted = False
        vb = self.getPlotItem().vb
        if getattr(vb, "_matrixNeedsUpdate", True) or getattr(vb, "_autoRangeNeedsUpdate", True):
            self._kept.forget()  # the data is moved into view now (below), as it is drawn
        self.scene().prepareForPaint()  # as pyqtgraph's GraphicsView.paintEvent does
        background = self.backgroundBrush()
        if background.style() != Qt.BrushStyle.SolidPattern or background.color().alpha() < 255:
            QGraphicsView.paintEvent(self, event)  # what shows under it would be kept too
            return
        viewport = self.viewport()
        p = QPainter(viewport)
        rect = viewport.rect()
        t = self.viewportTransform()
        key = (
            rect.width(),
            rect.height(),
            (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()),
            background.color().rgba(),
            self.foregroundBrush(),
            self.renderHints(),
        )
        dpr = viewport.devicePixelRatioF()
        if not self._kept.begin(p, rect, event.region(), dpr, key, compare=False):
            return  # put back
        p.end()
        painted = False
        try:
            QGraphicsView.paintEvent(self, event)
            painted = True
        finally:
            self._kept.end(painted)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.__dict__.get("_unpainted"):  # not while QGraphicsView is being set up
            self._size_axes_to_text()

    def _size_axes_to_text(self) -> None:
        """Size the side axes to their tick labels now, before the chart is first painted.

        pyqtgraph measures an axis's labels while painting it, and widens the axis after
        that paint when they need more room: the chart is laid out anew and painted a
        second time (a second frame of the first tab, 10-15 ms, and a second offscreen
        paint of each tab built ahead).  Measured here at each size the chart is given
        before its first paint, as its paint will measure them (same painter font), the
        first paint is the last."""
        pi = self.getPlotItem()
        for _ in range(3):  # a wider axis narrows the view: its ticks may change once more
            # the data's range applied, as the paint would first (pyqtgraph leaves it
            # until then): the labels measured are those of the range shown
            self.scene().prepareForPaint()
            widened = False
            for name in ("left", "right"):
                ax = pi.axes.get(name, {}).get("item")
                if ax is None or not ax.isVisible() or not ax.style["autoExpandTextSpace"]:
                    continue
                before = ax.width()
                picture = QPicture()
                painter = QPainter(picture)
                try:
                    if ax.style["tickFont"]:
                        painter.setFont(ax.style["tickFont"])
                    ax.generateDrawSpecs(painter)  # measures the labels (_updateMaxTextSize)
                finally:
                    painter.end()
                widened |= ax.width() != before
            if not widened:
                return
            pi.layout.activate()  # the view box takes the room that is left

    def changeEvent(self, event: QEvent) -> None:
        kept = self.__dict__.get("_kept")  # None while QGraphicsView is being set up
        if kept is not None:
            kept.forget()
        super().changeEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        # QGraphicsView (de)activates the scene when its viewport is shown or hidden, e.g. on
        # every tab switch, and each pyqtgraph item then schedules a repaint of itself: one
        # to three extra paints of every chart after the first.  A chart looks the same
        # active or not, so showing and hiding skip that step.
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            return QAbstractScrollArea.viewportEvent(self, event)
        if event.type() == QEvent.Type.ToolTip:
            # Qt asks for a tooltip once the pointer has rested ~0.7 s; the scene would
            # answer that none of its items has one and hide the chart's own tooltip (a
            # user saw it for under a second). The chart answers with its hover text.
            self._on_mouse_moved(self.mapToScene(event.pos()))
            event.accept()
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, ev: QWheelEvent) -> None:
        canvas = getattr(self, "map_canvas", None)
        up = ev.angleDelta().y()
        if canvas is not None and up and not canvas.may_zoom(up > 0):
            # the map is as far in or out as it goes: the wheel scrolls the page it is on
            # (given to it here: Qt passes an ignored wheel event on to the parents only
            # when it came from the window system)
            ev.accept()
            area = self.parentWidget()
            while area is not None and not isinstance(area, QAbstractScrollArea):
                area = area.parentWidget()
            if area is not None:
                port = area.viewport()
                QApplication.sendEvent(
                    port,
                    QWheelEvent(
                        port.mapFromGlobal(ev.globalPosition()),
                        ev.globalPosition(),
                        ev.pixelDelta(),
                        ev.angleDelta(),
                        ev.buttons(),
                        ev.modifiers(),
                        ev.phase(),
                        ev.inverted(),
                    ),
                )
            return
        super().wheelEvent(ev)

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        super().mouseMoveEvent(ev)
        # every move, not the scene's sigMouseMoved: pyqtgraph drops a move that comes
        # within 10 ms of the last one (mouseRateLimit), and the one dropped can be where
        # the pointer comes to rest, leaving the tooltip of where it passed (or none)
        self._on_mouse_moved(self.mapToScene(ev.position().toPoint()))

    def _on_mouse_moved(self, pos: QPointF) -> None:
        text = self.hover_text(pos)
        if text is None:
            QToolTip.hideText()
            return
        # QGraphicsView.mapFromScene(QPointF) gives a QPoint (view coordinates, whole pixels)
        QToolTip.showText(self.mapToGlobal(self.mapFromScene(pos)), rich_tooltip(text), self)

    def hover_text(self, pos: QPointF) -> str | None:
        """What pointing at scene point *pos* shows: an event label's story, a hover box's
        text, or a line's nearest point (`nearest`); None outside the data's box."""
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(pos):
            return None
        for item, text in self.label_hits:
            if item.isVisible() and item.sceneBoundingRect().contains(pos):
                return text
        p = vb.mapSceneToView(pos)
        for h in self.hits:
            if h.rect.contains(p):
                return h.text
        return self.nearest(pos) if self.nearest is not None else None

    def hit_at(self, x: float, y: float) -> str | None:
        """The hover text at data coordinates (x, y), for tests and keyboard users."""
        for h in self.hits:
            if h.rect.contains(QPointF(x, y)):
                return h.text
        return None


class _SceneWatch(QObject):
    """Makes *plot* forget what it painted whenever its scene is about to process a change
    (a call queued to the scene: its items' changes, an item added or removed), and when
    its plot item lays its parts out anew (pyqtgraph sizes an axis to the text it measured
    while painting, and the new size comes with the layout, before the scene hears of it:
    a grab in between would put back the axis without its labels)."""

    def __init__(self, plot: Plot) -> None:
        super().__init__(plot)
        self._plot = plot

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MetaCall, QEvent.Type.LayoutRequest):
            self._plot._kept.forget()
        return False


class Curve(pg.PlotCurveItem):
    """A curve stroked segment by segment on raster devices when that is much cheaper.

    Qt's software rasteriser strokes an antialiased line wider than 1 px as one
    polygon, whose cost grows steeply with the points (1,000 points at 2 px: ~6-13 ms,
    5,000: ~40 ms, on every pan); the same line as separate segments costs ~0.6 ms per
    1,000 points and looks the same for an opaque solid pen (the overlaps at the joints
    are hidden under the pen).  Vector devices (PDF, SVG) keep the single path.
    """

    def paint(self, p, opt, widget):
        pen = self.opts["pen"]
        engine = p.paintEngine()
        fast = (
            engine is not None
            and engine.type() == QPaintEngine.Type.Raster
            and pen is not None
            and pen.widthF() > 1.0
            and pen.style() == Qt.PenStyle.SolidLine
            and pen.isSolid()
            and pen.color().alpha() == 255
        )
        self.opts["segmentedLineMode"] = "on" if fast else "auto"
        super().paint(p, opt, widget)


class Series(pg.PlotDataItem):
    """PlotDataItem whose curve is a `Curve`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__()
        old = self.curve
        old.setParentItem(None)
        old.deleteLater()
        self.curve = Curve()
        self.curve.setParentItem(self)
        self.curve.sigClicked.connect(self.sigClicked)
        self.setData(*args, **kwargs)


def rows_by_series(values, *columns: str) -> dict[int, list[tuple]]:
    """The rows of a chart's values grouped by ``series_index``, in their order, as
    tuples of *columns*: one pass over plain lists, not a pandas filter a series (20
    filters of 2,860 rows took longer than drawing the bars)."""
    out: dict[int, list[tuple]] = {}
    if not len(values):
        return out
    cells = [values[c].tolist() for c in ("series_index", *columns)]
    for si, *row in zip(*cells, strict=True):
        out.setdefault(int(si), []).append(tuple(row))
    return out


def category_axis(plot: Plot, labels: list[str]) -> None:
    ax = plot.getPlotItem().getAxis("bottom")
    ax.setTicks([list(enumerate(labels)), []])
