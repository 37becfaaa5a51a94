"""pyqtgraph charts for the chart kinds of the format: bar, grouped_bar, comparison, line, poll.

Every text drawn inside a plot comes from the package, so it goes through
``TextItem.setText`` (plain text) or ``html.escape`` (axis labels, which
pyqtgraph renders as HTML).  Hovering a bar or point shows its value, period,
unit and source.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import ZoomLevel as DateZoomLevel
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPaintEngine,
    QPainter,
    QPen,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from briefing_app.model.types import Briefing, Chart, fmt_date, fmt_number, fmt_period, shorten
from briefing_app.render.labels import rich_tooltip
from briefing_app.render.themes import Theme

#: event labels inside a chart are shortened; the hover and the Timeline tab have them whole
EVENT_LABEL_CHARS = 48

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


def _font(theme: Theme, size: float, bold: bool = False) -> QFont:
    f = QFont(theme.font_family)
    f.setPointSizeF(size)
    f.setBold(bold)
    return f


def _colour(c: str, alpha: int = 255) -> QColor:
    q = QColor(c)
    q.setAlpha(alpha)
    return q


def _text(
    theme: Theme, text: str, colour: str | None = None, anchor=(0.5, 1.0), size=None, bold=False
):
    item = pg.TextItem(anchor=anchor, color=_colour(colour or theme.plot_foreground))
    item.setText(text)  # plain text: never HTML
    item.setFont(_font(theme, size or theme.font_axis, bold))
    return item


def _blend(fg: QColor, bg: QColor, alpha: int) -> QColor:
    """*fg* at *alpha* over *bg*, as one opaque colour."""
    a = alpha / 255.0
    return QColor(
        round(fg.red() * a + bg.red() * (1 - a)),
        round(fg.green() * a + bg.green() * (1 - a)),
        round(fg.blue() * a + bg.blue() * (1 - a)),
    )


#: a date axis leaves out a finer tick level whose ticks would be closer than this
MIN_TICK_PX = 8

#: line charts downsample to about this many peak-mode bins per pixel of the plot's width
#: (each bin keeps its highest and lowest value)
AUTO_DOWNSAMPLE_FACTOR = 1.0

#: grid lines are drawn for this many tick levels (major, minor); pyqtgraph's third level
#: (a tenth of the major spacing, at alpha ~8) is barely visible and is most of the lines
GRID_LEVELS = 2


class _GridAxisMixin:
    """Grid lines that are cheap to paint in software.

    pyqtgraph draws a grid as the axis's tick lines stretched across the plot, at three
    tick levels in translucent pens (alpha ~63, ~31, ~8 for the theme's 0.25).  Qt's
    software rasteriser blends translucent lines about four times slower than it draws
    opaque ones, and the third level alone is 40-60 lines a chart, repainted on every
    pan.  So: the lines of the first two levels are drawn opaque, in the translucent
    colour blended over the plot background beforehand (the same colour where they
    cross empty plot), behind the data (`_Plot._style_axis`) so that they do not cross
    bars and lines in that colour; the third level is not drawn.  Tick labels are
    unchanged.
    """

    grid_background: QColor | None = None
    _opaque_pens: dict[tuple[int, float], QPen]

    def generateDrawSpecs(self, p: QPainter):
        specs = super().generateDrawSpecs(p)
        if specs is None or self.grid is False or self.grid_background is None:
            return specs
        axis_spec, tick_specs, text_specs = specs
        levels: list[int] = []  # id() of each level's pen: pyqtgraph makes one a level
        kept = []
        for pen, p1, p2 in tick_specs:
            if id(pen) not in levels:
                levels.append(id(pen))
            if len(levels) > GRID_LEVELS:
                break  # specs come level by level
            kept.append((self._opaque(pen), p1, p2))
        return axis_spec, kept, text_specs

    def _opaque(self, pen: QPen) -> QPen:
        colour = pen.color()
        if colour.alpha() == 255 or self.grid_background is None:
            return pen
        if not hasattr(self, "_opaque_pens"):
            self._opaque_pens = {}
        key = (colour.rgba(), pen.widthF())
        out = self._opaque_pens.get(key)
        if out is None:
            out = QPen(pen)
            out.setColor(_blend(colour, self.grid_background, colour.alpha()))
            self._opaque_pens[key] = out
        return out


ELLIPSIS = "\u2026"


def fit_label_html(
    style: dict, text_html: str, room: float, font: QFont, margin: float
) -> tuple[str, str | None]:
    """The HTML of an axis label that is at most *room* pixels long, and the full plain
    text when it had to be shortened (else None).

    *text_html* is the label's (escaped) text, *style* its CSS; a label too long for
    *room* is cut at the end with an ellipsis, never at both ends.
    """
    css = ";".join(f"{k}: {v}" for k, v in style.items())

    def span(body: str) -> str:
        return f"<span style='{css}'>{body}</span>"

    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(margin)
    full = span(text_html)
    doc.setHtml(full)
    if doc.size().width() <= room:
        return full, None
    plain = doc.toPlainText().strip()
    cursor = QTextCursor(doc)
    cursor.setPosition(min(1, max(0, doc.characterCount() - 1)))
    metrics = QFontMetricsF(cursor.charFormat().font().resolve(font))
    avail = room - 2 * margin - 1
    shown = ""
    for _ in range(12):  # the metrics of the span's font, checked against the layout
        shown = metrics.elidedText(plain, Qt.TextElideMode.ElideRight, max(0.0, avail))
        doc.setHtml(span(html.escape(shown)))
        if doc.size().width() <= room or not shown:
            break
        avail -= max(2.0, metrics.averageCharWidth())
    if shown in ("", ELLIPSIS):
        shown = ""  # no room even for a letter: no label (the full text is in the tooltip)
    return span(html.escape(shown)), plain


class _FittedLabelMixin:
    """An axis label that is never longer than its axis.

    pyqtgraph centres the (rotated) label on the axis, so a label longer than the plot
    is tall loses both its ends.  Here it is cut at the end with "…" to the axis's
    length, again whenever the axis is resized; the full text is the label's tooltip.
    """

    _label_fit_key: tuple | None = None
    #: the full text of the label when the axis shows it shortened, else None
    label_full_text: str | None = None

    def _updateLabel(self):
        self._label_fit_key = None
        self._fit_label()
        self._adjustSize()
        self.picture = None
        self.update()

    def resizeEvent(self, ev=None):
        if self.label is not None:
            self._fit_label()
        super().resizeEvent(ev)

    def _fit_label(self) -> None:
        full = self.labelString()
        size = self.size()
        room = size.height() if self.orientation in ("left", "right") else size.width()
        key = (full, round(room), self.label.font().key())
        if key == self._label_fit_key:
            return
        self._label_fit_key = key
        if room < 1:  # not laid out yet
            self.label.setHtml(full)
            return
        match = re.fullmatch(r"<span style='[^']*'>(.*)</span>", full, re.DOTALL)
        text_html = match.group(1).strip() if match else html.escape(full)
        shown, whole = fit_label_html(
            self.labelStyle,
            text_html,
            room,
            self.label.font(),
            self.label.document().documentMargin(),
        )
        self.label.setHtml(shown)
        self.label_full_text = whole
        self.label.setToolTip(whole or "")


class GridAxis(_FittedLabelMixin, _GridAxisMixin, pg.AxisItem):
    """pyqtgraph's axis with the cheap grid of `_GridAxisMixin` and a label that fits."""


class NumberAxis(GridAxis):
    """Axis with thousands separators."""

    def tickStrings(self, values, scale, spacing):
        return [fmt_number(round(v * scale, 6)) for v in values]


class _UtcZoomLevel(DateZoomLevel):
    """A zoom level of pyqtgraph's date axis for UTC (offset 0), which needs no shifting.

    pyqtgraph moves every tick from UTC to the local time zone with a few QDateTime
    conversions per tick (~1,100 a repaint over 27 years of months), on every pan.  In
    UTC that move is the identity, so it is skipped; the ticks are the same.
    """

    def extendTimeRangeForSpacing(self, spacing, minVal, maxVal):
        return minVal, maxVal

    def moveTicksToLocalTimeCoords(self, ticks, spacing, skipFactor):
        return ticks

    #: finer tick levels than this (seconds between ticks) are left out (see DateAxis)
    finest: float = 0.0

    def tickValues(self, minVal, maxVal, minSpc):
        specs = self.tickSpecs
        keep = specs[:1] + [s for s in specs[1:] if s.spacing >= self.finest]
        if len(keep) == len(specs):
            return super().tickValues(minVal, maxVal, minSpc)
        self.tickSpecs = keep
        try:
            return super().tickValues(minVal, maxVal, minSpc)
        finally:
            self.tickSpecs = specs


#: tick labels of the date axes, by (format, seconds): a pan shows mostly the same dates
_DATE_LABELS: dict[tuple[str, float], str] = {}


class DateAxis(_FittedLabelMixin, _GridAxisMixin, pg.DateAxisItem):
    """pyqtgraph's date axis, in UTC, with the cheap grid of `_GridAxisMixin`.

    The line charts' x values are the series' dates as seconds since the epoch at
    midnight UTC, so the axis shows UTC: in the machine's time zone (pyqtgraph's
    default) a date would be labelled, and its month ticks placed, a few hours off,
    i.e. on the previous day west of Greenwich.
    """

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation=orientation, utcOffset=0)
        self._max_text_level: int = self.style["maxTextLevel"]
        self._widths: dict[str, int] = {}
        self.zoomLevels = type(self.zoomLevels)(
            (spacing, _UtcZoomLevel(level.tickSpecs, level.exampleText))
            for spacing, level in self.zoomLevels.items()
        )

    def tickValues(self, minVal, maxVal, size):
        # finer levels whose ticks are closer than MIN_TICK_PX are a grey smear, not marks
        # one can count (27 years of months on a laptop screen: ~320 ticks 3-6 px apart),
        # and each tick is Python work on every pan; pyqtgraph keeps them down to ~1 px
        finest = MIN_TICK_PX * (maxVal - minVal) / size if size > 0 else 0.0
        for level in self.zoomLevels.values():
            level.finest = finest
        levels = super().tickValues(minVal, maxVal, size)
        # pyqtgraph formats and measures every label of a tick level before it finds the
        # level too crowded to label (27 years of months: ~320 labels on every pan).  A
        # level whose labels alone fill the axis is crowded whatever the measure, so it
        # (and every finer level) is not offered for labels at all.
        limit = max((lim for _, lim in self.style["textFillLimits"]), default=0.8)
        text_level = self._max_text_level
        for i, (spacing, values) in enumerate(levels):
            if i == 0 or i > text_level:
                continue
            width = sum(self._label_width(t) for t in self.tickStrings(values, 1.0, spacing))
            if width >= size * (limit + 0.15):
                text_level = i - 1
                break
        self.style["maxTextLevel"] = text_level
        return levels

    def _label_width(self, text: str) -> int:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self.fontMetrics.horizontalAdvance(text)
        return width

    def setTickFont(self, font):
        self._widths = {}
        super().setTickFont(font)

    def tickStrings(self, values, scale, spacing):
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        if spec is None:
            return super().tickStrings(values, scale, spacing)
        out = []
        for v in values:
            key = (spec.format, v)
            text = _DATE_LABELS.get(key)
            if text is None:
                text = super().tickStrings([v], scale, spacing)[0]
                if len(_DATE_LABELS) > 20_000:
                    _DATE_LABELS.clear()
                _DATE_LABELS[key] = text
            out.append(text)
        return out


class _Plot(pg.PlotWidget):
    """PlotWidget with hover tooltips over registered hit boxes."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(
            background=theme.plot_background,
            axisItems={"left": NumberAxis("left"), "bottom": GridAxis("bottom")},
            enableMenu=False,  # never shown (below): not building it saves ~3-15 ms a chart
        )
        self.theme = theme
        self.hits: list[HitBox] = []
        #: texts drawn in the plot whose hover is the whole story (event labels)
        self.label_hits: list[tuple[pg.TextItem, str]] = []
        #: the room above the data for labels (`_TopRoom`), on charts that have one
        self.top_room: _TopRoom | None = None
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        pi = self.getPlotItem()
        for name in ("left", "bottom"):
            self._style_axis(pi.getAxis(name))
        pi.showGrid(x=False, y=True, alpha=theme.grid_alpha)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.setMinimumHeight(220)
        # pyqtgraph moves the data into view (ViewBox.updateMatrix) only when the next paint
        # begins, which marks the scene dirty again and costs a second paint of the whole
        # chart per pan or resize; doing it as soon as the range or size changes saves it
        vb = pi.vb
        vb.sigRangeChanged.connect(self._update_matrix)
        vb.sigResized.connect(self._update_matrix)

    def _style_axis(self, ax: pg.AxisItem) -> None:
        theme = self.theme
        ax.setPen(pg.mkPen(theme.plot_foreground, width=max(1.0, theme.pen_width / 2)))
        ax.setTextPen(pg.mkPen(theme.plot_foreground))
        tick_font = _font(theme, theme.font_axis)
        ax.setTickFont(tick_font)
        if ax.orientation == "bottom":
            # pyqtgraph sizes the bottom axis from the labels it measured at its first
            # paint, to 80 % of their height: a window grabbed once (or a chart painted
            # once) had the descenders of its tick labels cut off.  A line's height, now.
            ax.setStyle(autoExpandTextSpace=False, tickTextHeight=QFontMetrics(tick_font).height())
        if isinstance(ax, _GridAxisMixin):
            ax.grid_background = QColor(theme.plot_background)
            # the grid is opaque (see _GridAxisMixin), so it goes behind the data: below
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

    def viewportEvent(self, event: QEvent) -> bool:
        # QGraphicsView (de)activates the scene when its viewport is shown or hidden, e.g. on
        # every tab switch, and each pyqtgraph item then schedules a repaint of itself: one
        # to three extra paints of every chart after the first.  A chart looks the same
        # active or not, so showing and hiding skip that step.
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            return QAbstractScrollArea.viewportEvent(self, event)
        return super().viewportEvent(event)

    def _on_mouse_moved(self, pos: QPointF) -> None:
        vb = self.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(pos):
            QToolTip.hideText()
            return
        gp = self.mapToGlobal(self.mapFromScene(pos).toPoint())
        for item, text in self.label_hits:
            if item.isVisible() and item.sceneBoundingRect().contains(pos):
                QToolTip.showText(gp, rich_tooltip(text), self)
                return
        p = vb.mapSceneToView(pos)
        for h in self.hits:
            if h.rect.contains(p):
                QToolTip.showText(gp, rich_tooltip(h.text), self)
                return
        QToolTip.hideText()

    def hit_at(self, x: float, y: float) -> str | None:
        """The hover text at data coordinates (x, y), for tests and keyboard users."""
        for h in self.hits:
            if h.rect.contains(QPointF(x, y)):
                return h.text
        return None


class _Curve(pg.PlotCurveItem):
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


class _Series(pg.PlotDataItem):
    """PlotDataItem whose curve is a `_Curve`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__()
        old = self.curve
        old.setParentItem(None)
        old.deleteLater()
        self.curve = _Curve()
        self.curve.setParentItem(self)
        self.curve.sigClicked.connect(self.sigClicked)
        self.setData(*args, **kwargs)


def _month_key(ts: pd.Timestamp) -> tuple[int, int]:
    return (ts.year, ts.month)


def _category_axis(plot: _Plot, labels: list[str]) -> None:
    ax = plot.getPlotItem().getAxis("bottom")
    ax.setTicks([list(enumerate(labels)), []])


def _hover(label: str, value: float, unit: str, period: str, source: str, extra: str = "") -> str:
    lines = [label, f"{fmt_number(value)} {unit}".strip(), period]
    if extra:
        lines.append(extra)
    if source:
        lines.append(f"Source: {source}")
    return "\n".join(x for x in lines if x)


def _event_x(date: pd.Timestamp, months: list[tuple[int, int]]) -> float | None:
    """Position of a date on a monthly category axis (bar i spans i-0.5..i+0.5)."""
    key = _month_key(date)
    if key not in months:
        return None
    i = months.index(key)
    days = pd.Timestamp(date).days_in_month
    return i - 0.5 + (date.day - 0.5) / days


@dataclass
class _EventMark:
    x: float
    long: str  # the label when there is room: date and (shortened) title
    short: str  # the date alone
    day: str
    month: str
    hover: str
    item: pg.TextItem
    row: int = 0  # counted from the top


#: pixels between stacked labels, and between the value labels and the bars' tops
LABEL_GAP = 2
#: at most this share of the plot's height goes to labels above the data
MAX_LABEL_SHARE = 0.45


class _TopRoom:
    """Room above the data for the value labels on bars and the stacked event labels.

    Both are text of a fixed size in pixels over data whose scale changes with the
    chart's size, so the room is worked out in pixels, from the labels' font metrics
    and the plot's height, whenever the plot is resized: event labels are stacked in
    as few rows as keep them apart, the rows go above the highest value label, and the
    y range is stretched to make that room.  When the plot is too short for the rows,
    the labels shrink to their dates, then the rows that do not fit are left out (each
    event keeps its line and its hover text).  Line charts (*fixed_y* False) keep their
    y range, which follows the data; only their event labels are stacked at the top.
    """

    def __init__(self, plot: _Plot, theme: Theme, top: float, *, fixed_y: bool = True) -> None:
        self.plot = plot
        self.theme = theme
        self.top = top
        self.fixed_y = fixed_y
        #: (label, y of what it sits on)
        self.values: list[tuple[pg.TextItem, float]] = []
        self.events: list[_EventMark] = []
        #: the rows of event labels shown at the last layout (tests, diagnostics)
        self.rows = 0
        vb = plot.getPlotItem().vb
        vb.sigResized.connect(self.relayout)

    @property
    def bottom(self) -> float:
        """The lowest value labelled, or 0: bars run from 0 to their value."""
        return min([0.0, *(y for _, y in self.values)])

    def fit(self, top: float, categories: int, headroom: float) -> None:
        """The first range of a bar chart: every category, 0, and the highest and lowest
        value with *headroom*; `relayout` works out the labels' room once it has a size."""
        self.top = top
        self.plot.getPlotItem().vb.setRange(
            xRange=(-0.6, categories - 0.4),
            yRange=(self.bottom * headroom, top * headroom or 1),
            padding=0,
        )

    def track_range(self) -> None:
        """Keep the event labels at the top of a y range that follows the data."""
        self.plot.getPlotItem().vb.sigYRangeChanged.connect(self._place_events)

    # -- layout ---------------------------------------------------------------------------
    def _row_height(self) -> float:
        return max((m.item.textItem.boundingRect().height() for m in self.events), default=0.0)

    def _value_height(self) -> float:
        return max((lab.textItem.boundingRect().height() for lab, _ in self.values), default=0.0)

    def _spans(self, groups: list[list[_EventMark]], texts: list[str], width: float, x0, x1):
        """Each group's label text (cut to fit in the plot), its left and right pixel,
        whether it runs leftwards of its line, and the event whose line it hangs on."""
        out = []
        for group, text in zip(groups, texts, strict=True):

            def px(m: _EventMark) -> float:
                return (m.x - x0) / (x1 - x0) * width if x1 > x0 else 0.0

            # in the right half of the plot, labels run leftwards so they stay inside it
            left_run = (px(group[0]) + px(group[-1])) / 2 > width / 2
            at = group[-1] if left_run else group[0]
            p = px(at)
            doc = at.item.textItem.document()
            margin = 2 * doc.documentMargin()
            metrics = QFontMetricsF(at.item.textItem.font())
            room = (p if left_run else width - p) - margin - 2
            w = metrics.horizontalAdvance(text)
            if w > room:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, room))
                w = metrics.horizontalAdvance(text)
            w += margin
            out.append((text, p - w if left_run else p, p if left_run else p + w, left_run, at))
        return out

    @staticmethod
    def _stack(spans) -> list[int]:
        """The row of each label: the first in which it overlaps no other."""
        rows: list[list[tuple[float, float]]] = []
        out = []
        for _, lo, hi, *_ in spans:
            for k, row in enumerate(rows):
                if all(hi + 4 <= a or lo >= b + 4 for a, b in row):
                    row.append((lo, hi))
                    out.append(k)
                    break
            else:
                rows.append([(lo, hi)])
                out.append(len(rows) - 1)
        return out

    @staticmethod
    def _merge(spans) -> list[list[_EventMark]]:
        """Events whose date labels would touch, as groups (in order)."""
        groups: list[list[_EventMark]] = []
        hi_px = -1e9
        for _, lo, hi, _, m in spans:
            if groups and lo < hi_px + 4:
                groups[-1].append(m)
                hi_px = max(hi_px, hi)
            else:
                groups.append([m])
                hi_px = hi
        return groups

    @staticmethod
    def _dates(group: list[_EventMark]) -> str:
        if len({m.month for m in group}) == 1:
            return ", ".join(m.day for m in group) + f" {group[0].month}"
        return ", ".join(m.short for m in group)

    def relayout(self, *_) -> None:
        vb = self.plot.getPlotItem().vb
        width, height = vb.width(), vb.height()
        if width < 2 or height < 2:
            return
        row_h = self._row_height()
        value_h = self._value_height() + LABEL_GAP if self.values else 0.0
        budget = height * MAX_LABEL_SHARE - value_h - LABEL_GAP
        max_rows = max(0, int(budget // row_h)) if row_h > 0 else 0
        (x0, x1), _ = vb.viewRange()
        labels: list[tuple[str, int, bool, _EventMark, list[_EventMark]]] = []
        if self.events:
            # whole labels; else dates alone; else the dates of neighbours as one label
            singles = [[m] for m in self.events]
            short = self._spans(singles, [m.short for m in self.events], width, x0, x1)
            merged = self._merge(short)
            for groups, texts in (
                (singles, [m.long for m in self.events]),
                (singles, [m.short for m in self.events]),
                (merged, [self._dates(g) for g in merged]),
            ):
                spans = self._spans(groups, texts, width, x0, x1)
                rows = self._stack(spans)
                labels = [
                    (text, row, left, at, g)
                    for (text, _, _, left, at), row, g in zip(spans, rows, groups, strict=True)
                ]
                if max(rows) < max_rows:
                    break
        self.rows = 0
        hovers: list[tuple[pg.TextItem, str]] = []
        for m in self.events:
            m.item.setVisible(False)
        for text, row, left, at, group in labels:
            if row >= max_rows or not text:
                continue  # no room: the event keeps its line and its hover
            at.item.setAnchor((1, 0) if left else (0, 0))
            at.item.setText(text)
            at.item.setVisible(True)
            at.row = row
            self.rows = max(self.rows, row + 1)
            hovers.append((at.item, "\n\n".join(m.hover for m in group)))
        items = {id(m.item) for m in self.events}
        self.plot.label_hits = [h for h in self.plot.label_hits if id(h[0]) not in items]
        self.plot.label_hits += hovers
        if self.fixed_y:
            # bars run from 0 to their value, up or down: the range takes in 0, the
            # highest and the lowest value, with room for the labels above the highest
            # (values, then event rows) and below the lowest (its value label)
            top, bottom = max(self.top, 0.0), self.bottom
            need = value_h + (self.rows * row_h + LABEL_GAP if self.rows else 0) + LABEL_GAP
            need_below = value_h + LABEL_GAP if bottom < 0 else 0.0
            frac = min((need + need_below) / height, 0.9)
            data = top - bottom
            span = max(data / (1 - frac), data * 1.1) if data > 0 else 1.0
            y0 = bottom - span * need_below / height if bottom < 0 else 0.0
            vb.setYRange(y0, y0 + span, padding=0)
            lift = LABEL_GAP * span / height
            for lab, y in self.values:
                # a negative value's label hangs under its bar
                lab.setAnchor((lab.anchor.x(), 0.0 if y < 0 else 1.0))
                lab.setPos(lab.pos().x(), y - lift if y < 0 else y + lift)
        self._place_events()

    def _place_events(self, *_) -> None:
        if not self.events:
            return
        vb = self.plot.getPlotItem().vb
        height = vb.height()
        if height < 2:
            return
        _, (y0, y1) = vb.viewRange()
        per_px = (y1 - y0) / height
        row_h = self._row_height()
        for m in self.events:
            if m.item.isVisible():
                m.item.setPos(m.x, y1 - (LABEL_GAP + m.row * row_h) * per_px)


def _add_events(
    plot: _Plot,
    b: Briefing,
    chart: Chart,
    theme: Theme,
    xpos,
    room: _TopRoom,
    half_width: float = 0.04,
) -> None:
    """A dashed line and a label for each of the chart's events, laid out by *room*;
    *half_width* is half the width, in x units, of the line's hover box."""
    pen = pg.mkPen(theme.event, width=max(1.0, theme.pen_width * 0.6), style=Qt.PenStyle.DashLine)
    backdrop = _colour(theme.plot_background, 225)
    marks = []
    for eid in chart.events:
        ev = b.events[eid]
        x = xpos(pd.Timestamp(ev.date))
        if x is None:
            continue
        line = pg.InfiniteLine(pos=x, angle=90, pen=pen)
        line.setZValue(2)  # over the bars, under every label
        plot.addItem(line)
        day, month = str(ev.date.day), f"{ev.date:%b}"
        date = f"{day} {month}"
        label = pg.TextItem(anchor=(0, 0), color=_colour(theme.event), fill=pg.mkBrush(backdrop))
        label.textItem.document().setDocumentMargin(2)
        label.setFont(_font(theme, theme.font_small))
        label.setText(date)  # plain text: never HTML
        label.setZValue(5)
        plot.addItem(label)
        src = ", ".join(b.source_name(s) for s in ev.sources)
        hover = f"{ev.date.isoformat()}: {ev.title}\n{ev.description}\nSource: {src}"
        hover = hover.replace("\n\n", "\n")
        plot.hits.append(HitBox(QRectF(x - half_width, -1e300, 2 * half_width, 2e300), hover))
        long = shorten(f"{date}: {ev.title}", EVENT_LABEL_CHARS)
        marks.append(_EventMark(x, long, date, day, month, hover, label))
    marks.sort(key=lambda m: m.x)
    room.events = marks


def build_chart(chart: Chart, b: Briefing, theme: Theme) -> ChartContent:
    builder = {
        "bar": _bar,
        "grouped_bar": _grouped_bar,
        "comparison": _comparison,
        "line": _line,
        "poll": _poll,
    }[chart.kind]
    plot = _Plot(theme)
    plot.setAccessibleName(f"Chart: {chart.title}")
    legend = builder(plot, chart, b, theme)
    if chart.y_label:
        plot.getPlotItem().getAxis("left").setLabel(html.escape(chart.y_label))
    return ChartContent(plot, plot.hits, legend or [])


def _bar(plot: _Plot, chart: Chart, b: Briefing, theme: Theme) -> list[tuple[str, str]]:
    frames = [(ref, b.series_observations(ref)) for ref in chart.series]
    months = sorted({_month_key(t) for _, f in frames for t in f["period_start"]})
    labels = [pd.Timestamp(year=y, month=m, day=1).strftime("%b %Y") for y, m in months]
    _category_axis(plot, labels)
    n = max(1, len(frames))
    width = 0.8 / n
    legend: list[tuple[str, str]] = []
    ymax = 0.0
    hl = chart.highlight
    room = _TopRoom(plot, theme, 0.0)
    plot.top_room = room
    #: value labels by month, and the top of what they sit on
    value_labels: dict[int, list[pg.TextItem]] = {}
    for si, (ref, f) in enumerate(frames):
        colour = theme.series_colour(si)
        xs, ys, brushes = [], [], []
        for _, r in f.iterrows():
            i = months.index(_month_key(r["period_start"]))
            x = i - 0.4 + width * (si + 0.5)
            in_hl = (
                hl is not None
                and r["period_start"].date() >= hl[0]
                and r["period_end"].date() <= hl[1]
            )
            xs.append(x)
            ys.append(float(r["value"]))
            brushes.append(pg.mkBrush(theme.highlight if in_hl else colour))
            src = b.observation_attribution(r)
            later = (
                " (later than the briefing's as-of date)"
                if b.is_later(r["period_end"].date())
                else ""
            )
            plot.hits.append(
                HitBox(
                    QRectF(x - width / 2, 0, width, float(r["value"])),
                    _hover(
                        ref.label,
                        r["value"],
                        r["unit"],
                        fmt_period(r["period_start"], r["period_end"]) + later,
                        src,
                    ),
                )
            )
            lab = _text(
                theme,
                fmt_number(r["value"]),
                theme.plot_foreground,
                anchor=(0.5, 1.0),
                size=theme.font_small if n > 1 else theme.font_axis,
            )
            lab.setPos(x, float(r["value"]))
            lab.setZValue(4)  # over the event lines, on a backdrop: lines pass behind
            lab.fill = pg.mkBrush(_colour(theme.plot_background, 225))
            plot.addItem(lab)
            value_labels.setdefault(i, []).append(lab)
            room.values.append((lab, float(r["value"])))
        if xs:
            item = pg.BarGraphItem(
                x=np.array(xs),
                height=np.array(ys),
                width=width * 0.92,
                brushes=brushes,
                pen=pg.mkPen(theme.plot_foreground, width=theme.bar_outline * 0.5),
            )
            plot.addItem(item)
            ymax = max(ymax, max(ys))
        legend.append((ref.label, colour))
    if hl is not None:
        legend.append(
            (
                f"Headline months ({fmt_period(pd.Timestamp(hl[0]), pd.Timestamp(hl[1]))})",
                theme.highlight,
            )
        )
    # reported figures that differ from the series: a marker on the bar
    if chart.reported:
        rep = b.observation_rows(chart.reported)
        series_vals = {}
        for _, f in frames:
            for _, r in f.iterrows():
                series_vals.setdefault(_month_key(r["period_start"]), float(r["value"]))
        for _, r in rep.iterrows():
            key = _month_key(r["period_start"])
            if key not in months:
                continue
            if series_vals.get(key) == float(r["value"]):
                continue
            i = months.index(key)
            v = float(r["value"])
            pen = pg.mkPen(theme.plot_foreground, width=theme.pen_width)
            plot.addItem(pg.PlotDataItem([i - 0.45, i + 0.45], [v, v], pen=pen))
            # the label sits inside the bar, on its own background, clear of the value on top
            tag = pg.TextItem(
                anchor=(0.5, 0.5),
                color=_colour(theme.plot_foreground),
                fill=pg.mkBrush(theme.plot_background),
                border=pg.mkPen(theme.plot_foreground, width=1),
            )
            tag.setText(f"Reported\n{fmt_number(v)}")
            tag.setFont(_font(theme, theme.font_small, bold=True))
            tag.setPos(i, v * 0.5)
            tag.setZValue(6)
            plot.addItem(tag)
            src = b.observation_attribution(r)
            diff = v - series_vals.get(key, v)
            plot.hits.append(
                HitBox(
                    QRectF(i - 0.45, v - max(v, 1) * 0.02, 0.9, max(v, 1) * 0.04),
                    _hover(
                        f"Reported: {r['series']}",
                        v,
                        r["unit"],
                        fmt_period(r["period_start"], r["period_end"]),
                        src,
                        f"differs from the series by {fmt_number(diff)}",
                    ),
                )
            )
            ymax = max(ymax, v)
            # a reported figure above the bar: its month's value labels go over its line
            room.values = [
                (lab, max(y, v) if lab in value_labels.get(i, ()) else y) for lab, y in room.values
            ]
        legend.append(
            ("Reported figure where it differs from the series (line)", theme.plot_foreground)
        )
    room.fit(ymax, len(months), 1.32)
    if chart.events:
        _add_events(plot, b, chart, theme, lambda d: _event_x(d, months), room)
    return legend


def _grouped_bar(plot: _Plot, chart: Chart, b: Briefing, theme: Theme) -> list[tuple[str, str]]:
    frames = [(ref, b.series_observations(ref)) for ref in chart.series]
    periods = sorted(
        {(r["period_start"], r["period_end"]) for _, f in frames for _, r in f.iterrows()}
    )
    labels = [fmt_period(s, e) for s, e in periods]
    _category_axis(plot, labels)
    n = max(1, len(frames))
    width = 0.84 / n
    ymax = 0.0
    legend = []
    room = _TopRoom(plot, theme, 0.0)
    plot.top_room = room
    for si, (ref, f) in enumerate(frames):
        colour = theme.series_colour(si)
        xs, ys = [], []
        for _, r in f.iterrows():
            i = periods.index((r["period_start"], r["period_end"]))
            x = i - 0.42 + width * (si + 0.5)
            v = float(r["value"])
            xs.append(x)
            ys.append(v)
            src = b.observation_attribution(r)
            plot.hits.append(
                HitBox(
                    QRectF(x - width / 2, 0, width, v),
                    _hover(
                        ref.label, v, r["unit"], fmt_period(r["period_start"], r["period_end"]), src
                    ),
                )
            )
            lab = _text(theme, fmt_number(v), anchor=(0.5, 1.0), size=theme.font_small)
            lab.setPos(x, v)
            plot.addItem(lab)
            room.values.append((lab, v))
        if xs:
            plot.addItem(
                pg.BarGraphItem(
                    x=np.array(xs),
                    height=np.array(ys),
                    width=width * 0.9,
                    brush=pg.mkBrush(colour),
                    pen=pg.mkPen(theme.plot_foreground, width=theme.bar_outline * 0.5),
                )
            )
            ymax = max(ymax, max(ys))
        legend.append((ref.label, colour))
    room.fit(ymax, len(periods), 1.2)
    return legend


def _comparison(plot: _Plot, chart: Chart, b: Briefing, theme: Theme) -> list[tuple[str, str]]:
    rows = b.observation_rows(chart.observations)
    labels = []
    ymax = 0.0
    room = _TopRoom(plot, theme, 0.0)
    plot.top_room = room
    # several series (sources) side by side: a colour each, which the legend names; their
    # bars may share a period, so the axis alone would not tell them apart
    series = list(dict.fromkeys(str(s) for s in rows["series"]))
    by_series = len(series) > 1
    for i, (_, r) in enumerate(rows.iterrows()):
        v = float(r["value"])
        period = fmt_period(r["period_start"], r["period_end"])
        labels.append(period)
        hl = chart.highlight
        in_hl = (
            hl is not None and r["period_start"].date() >= hl[0] and r["period_end"].date() <= hl[1]
        )
        if by_series:
            colour = theme.series_colour(series.index(str(r["series"])))
        else:
            colour = theme.highlight if in_hl else theme.series_colour(0)
        plot.addItem(
            pg.BarGraphItem(
                x=[i],
                height=[v],
                width=0.6,
                brush=pg.mkBrush(colour),
                pen=pg.mkPen(theme.plot_foreground, width=theme.bar_outline * 0.5),
            )
        )
        q = f"{r['qualifier']} " if isinstance(r.get("qualifier"), str) and r["qualifier"] else ""
        lab = _text(theme, f"{q}{fmt_number(v)}", anchor=(0.5, 1.0), bold=True)
        lab.setPos(i, v)
        plot.addItem(lab)
        room.values.append((lab, v))
        src = b.observation_attribution(r)
        plot.hits.append(
            HitBox(QRectF(i - 0.3, 0, 0.6, v), _hover(str(r["series"]), v, r["unit"], period, src))
        )
        ymax = max(ymax, v)
    _category_axis(plot, labels)
    room.fit(ymax, len(labels), 1.2)
    return [(name, theme.series_colour(k if by_series else 0)) for k, name in enumerate(series)]


def _line(plot: _Plot, chart: Chart, b: Briefing, theme: Theme) -> list[tuple[str, str]]:
    axis = DateAxis(orientation="bottom")
    plot.set_bottom_axis(axis)
    axis.setPen(pg.mkPen(theme.plot_foreground))  # the date axis had a 1 px line
    frame = b.chart_frame(chart)
    legend = []
    pi = plot.getPlotItem()
    # large daily series: draw only what is visible, at screen resolution
    pi.setDownsampling(auto=True, mode="peak")
    pi.setClipToView(True)
    plot.setMouseEnabled(x=True, y=False)
    for si, (label, f) in enumerate(frame.groupby("series", sort=False)):
        x = pd.to_datetime(f["x"]).astype("datetime64[s]").astype("int64").to_numpy(dtype=float)
        y = f["value"].to_numpy(dtype=float)
        colour = theme.series_colour(si)
        many = len(x) > 5000
        pen = pg.mkPen(colour, width=1.0 if many else theme.pen_width)
        # autoDownsampleFactor 1: peak mode then keeps the highest and lowest value of each
        # pixel column, the same line on screen; pyqtgraph's default (5) still draws up to
        # ten points per pixel, all 10,000 of a series just wider than the plot
        item = _Series(
            x,
            y,
            pen=pen,
            antialias=not many,
            skipFiniteCheck=True,
            autoDownsampleFactor=AUTO_DOWNSAMPLE_FACTOR,
        )
        plot.addItem(item)
        legend.append((str(label), colour))
    if chart.highlight is not None:
        # the period shaded behind the lines, its last day included
        start, end = (pd.Timestamp(d) for d in chart.highlight)
        region = pg.LinearRegionItem(
            values=(float(start.timestamp()), float((end + pd.Timedelta(days=1)).timestamp())),
            movable=False,
            brush=pg.mkBrush(_colour(theme.highlight, 60)),
            pen=pg.mkPen(None),
        )
        region.setZValue(-10)
        pi.addItem(region, ignoreBounds=True)
        legend.append((f"Headline period ({fmt_period(start, end)})", theme.highlight))
    if chart.events:
        lo = frame["x"].min() if len(frame) else None
        hi = frame["x"].max() if len(frame) else None

        def xpos(d: pd.Timestamp) -> float | None:
            if lo is None or d < pd.Timestamp(lo) or d > pd.Timestamp(hi):
                return None
            return float(pd.Timestamp(d).timestamp())

        room = _TopRoom(plot, theme, 0.0, fixed_y=False)
        plot.top_room = room
        span = (
            float(pd.Timestamp(hi).timestamp() - pd.Timestamp(lo).timestamp())
            if lo is not None
            else 0
        )
        _add_events(plot, b, chart, theme, xpos, room, half_width=max(span / 400, 43_200.0))
        room.track_range()
    # after the items' slots (see _settle_auto_range)
    pi.vb.sigRangeChanged.connect(plot._settle_auto_range)
    return legend


def _poll(plot: _Plot, chart: Chart, b: Briefing, theme: Theme) -> list[tuple[str, str]]:
    poll = b.polls[chart.poll or ""]
    n = len(poll.answers)
    pi = plot.getPlotItem()
    pi.hideAxis("left")
    pi.showGrid(x=True, y=False, alpha=theme.grid_alpha)
    pi.getAxis("bottom").setLabel("% of respondents")
    src = b.attribution(poll.source)
    answers: list[tuple[pg.TextItem, str]] = []
    for k, a in enumerate(poll.answers):
        y = n - 1 - k  # first answer on top
        colour = theme.series_colour(0)
        plot.addItem(
            pg.BarGraphItem(
                x0=[0],
                y=[y - 0.12],
                height=[0.42],
                width=[a.share],
                brush=pg.mkBrush(colour),
                pen=pg.mkPen(theme.plot_foreground, width=theme.bar_outline * 0.5),
            )
        )
        t = _text(theme, a.answer, anchor=(0, 0.0), size=theme.font_axis)
        t.setPos(0, y + POLL_LABEL_TOP)
        plot.addItem(t)
        v = _text(theme, f"{fmt_number(a.share)}%", anchor=(0, 0.5), bold=True)
        v.setPos(a.share, y - 0.12)
        plot.addItem(v)
        hover = _hover(a.answer, a.share, "%", f"fieldwork {poll.fieldwork_text()}", src)
        plot.hits.append(HitBox(QRectF(0, y - 0.33, max(a.share, 1), 0.42), hover))
        plot.label_hits.append((t, hover))
        answers.append((t, a.answer))
    xmax = max((a.share for a in poll.answers), default=100)
    pi.vb.setRange(xRange=(0, min(100, xmax * 1.25) or 1), yRange=(-0.5, n - 0.3), padding=0)
    pi.vb.sigResized.connect(lambda *_: _fit_answers(plot, answers))
    return []


#: a poll answer's label hangs from this far above its bar's centre line (y units) ...
POLL_LABEL_TOP = 0.48
#: ... down to at most the bar's top
POLL_BAR_TOP = 0.09


def _fit_answers(plot: _Plot, answers: list[tuple[pg.TextItem, str]]) -> None:
    """Fit the poll answers' labels between the plot's edges and above their bars.

    A label too long for the plot's width wraps when the lines fit above its bar, and is
    otherwise cut with "…" (the hover has the whole answer).
    """
    vb = plot.getPlotItem().vb
    width, height = vb.width(), vb.height()
    if width < 2 or height < 2:
        return
    _, (y0, y1) = vb.viewRange()
    room_h = (POLL_LABEL_TOP - POLL_BAR_TOP) * height / (y1 - y0) if y1 > y0 else 0.0
    for item, answer in answers:
        text_item = item.textItem
        margin = 2 * text_item.document().documentMargin()
        room_w = width - margin - 4
        metrics = QFontMetricsF(text_item.font())
        if metrics.horizontalAdvance(answer) <= room_w:
            text_item.setTextWidth(-1)
            item.setText(answer)
        else:
            item.setText(answer)
            item.setTextWidth(max(1.0, room_w + margin))
            if text_item.boundingRect().height() > room_h:
                text_item.setTextWidth(-1)
                item.setText(metrics.elidedText(answer, Qt.TextElideMode.ElideRight, room_w))
        item.updateTextPos()


def timeline_plot(b: Briefing, theme: Theme) -> _Plot:
    events = sorted(b.events.values(), key=lambda e: e.date)
    plot = _Plot(theme)
    plot.setAccessibleName("Timeline of events")
    # the line charts' date axis: UTC like the event dates, and its opaque grid lines
    # (translucent ones cost ~4x as much to draw in software, on every repaint)
    axis = DateAxis(orientation="bottom")
    plot.set_bottom_axis(axis)
    axis.setPen(pg.mkPen(theme.plot_foreground))
    pi = plot.getPlotItem()
    pi.hideAxis("left")
    pi.showGrid(x=True, y=False, alpha=theme.grid_alpha)
    if not events:
        return plot
    xs = [pd.Timestamp(e.date).timestamp() for e in events]
    lo, hi = min(xs), max(xs)
    span = max(hi - lo, 86400 * 30)
    n = len(events)
    as_of = pd.Timestamp(b.as_of).timestamp()
    for i, (e, x) in enumerate(zip(events, xs, strict=True)):
        y = n - 1 - i
        later = b.is_later(e.date)
        colour = theme.event if later else theme.accent
        plot.addItem(
            pg.ScatterPlotItem(
                [x], [y], size=8 + theme.pen_width * 2, brush=pg.mkBrush(colour), pen=None
            )
        )
        plot.addItem(
            pg.PlotDataItem([lo - span * 0.02, x], [y, y], pen=pg.mkPen(theme.border, width=1))
        )
        right = x > lo + span * 0.55
        label = f"{fmt_date(e.date)}: {e.title}" + (" (later than the as-of date)" if later else "")
        t = _text(theme, label, anchor=(1, 0.5) if right else (0, 0.5), size=theme.font_small)
        t.setPos(x + (-1 if right else 1) * span * 0.012, y)
        # on a backdrop above the as-of line, which would otherwise run through the text
        t.fill = pg.mkBrush(theme.plot_background)
        t.setZValue(2)
        plot.addItem(t)
        srcs = ", ".join(b.source_name(s) for s in e.sources)
        plot.hits.append(
            HitBox(
                QRectF(x - span * 0.01, y - 0.3, span * 0.02, 0.6),
                f"{e.date.isoformat()}: {e.title}\n{e.description}\nSource: {srcs}",
            )
        )
    if lo <= as_of <= hi + span:
        line = pg.InfiniteLine(
            pos=as_of, angle=90, pen=pg.mkPen(theme.highlight, width=theme.pen_width)
        )
        line.setZValue(1)
        plot.addItem(line)
        t = _text(
            theme,
            f"As of {fmt_date(b.as_of)}",
            theme.highlight,
            anchor=(0, 0),
            size=theme.font_small,
        )
        t.setPos(as_of, n - 0.4)
        t.fill = pg.mkBrush(theme.plot_background)
        t.setZValue(2)
        plot.addItem(t)
    pi.vb.setRange(xRange=(lo - span * 0.04, hi + span * 0.04), yRange=(-0.7, n - 0.2), padding=0)
    return plot
