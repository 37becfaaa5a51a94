"""Timeline: the chart's events in date order, one a row, on a date axis in UTC, with the
briefing's as-of date as a line; events after it in the event colour."""

from __future__ import annotations

import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt

from briefing_app.content.chartdata import ChartData
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import tr
from briefing_app.render.charts.axes import DateAxis
from briefing_app.render.charts.plot import HitBox, Plot, text_item
from briefing_app.render.themes import Theme

#: events a timeline labels at most; with more, every k-th one is labelled
MAX_LABELS = 100


def draw(plot: Plot, data: ChartData, theme: Theme) -> None:
    events = data.events
    # the line charts' date axis: UTC like the event dates, and its opaque grid lines
    # (translucent ones cost ~4x as much to draw in software, on every repaint)
    axis = DateAxis(orientation="bottom")
    plot.set_bottom_axis(axis)
    axis.setPen(pg.mkPen(theme.plot_foreground))
    pi = plot.getPlotItem()
    pi.hideAxis("left")
    pi.showGrid(x=True, y=False, alpha=theme.grid_alpha)
    if not events:
        return
    xs = [pd.Timestamp(e.date).timestamp() for e in events]
    lo, hi = min(xs), max(xs)
    span = max(hi - lo, 86400 * 30)
    n = len(events)
    as_of = pd.Timestamp(data.as_of).timestamp()
    ys = [n - 1 - i for i in range(n)]
    # one item for every dot and one for every stem: an item an event made a timeline of
    # 2,000 events take minutes (pyqtgraph's adding of each grows with their number)
    brushes = [pg.mkBrush(theme.event if e.later else theme.accent) for e in events]
    plot.addItem(pg.ScatterPlotItem(xs, ys, size=8 + theme.pen_width * 2, brush=brushes, pen=None))
    stems_x = [v for x in xs for v in (lo - span * 0.02, x)]
    stems_y = [v for y in ys for v in (y, y)]
    plot.addItem(
        pg.PlotDataItem(stems_x, stems_y, connect="pairs", pen=pg.mkPen(theme.border, width=1))
    )
    # a label a row, while the rows have room for them; past that every k-th event is
    # labelled (each keeps its dot, its stem and its hover; the tab lists every event)
    step = max(1, -(-n // MAX_LABELS))
    for i, (e, x, y) in enumerate(zip(events, xs, ys, strict=True)):
        plot.hits.append(HitBox(QRectF(x - span * 0.01, y - 0.3, span * 0.02, 0.6), e.hover))
        if i % step:
            continue
        right = x > lo + span * 0.55
        label = f"{fmt_date(e.date)}: {e.title}"
        label += tr(" (later than the as-of date)") if e.later else ""
        t = text_item(theme, label, anchor=(1, 0.5) if right else (0, 0.5), size=theme.font_small)
        t.setPos(x + (-1 if right else 1) * span * 0.012, y)
        # on a backdrop above the as-of line, which would otherwise run through the text
        t.fill = pg.mkBrush(theme.plot_background)
        t.setZValue(2)
        plot.addItem(t)
        plot.timeline_labels.append((t, i))
    if lo <= as_of <= hi + span:
        line = pg.InfiniteLine(
            pos=as_of, angle=90, pen=pg.mkPen(theme.highlight, width=theme.pen_width)
        )
        line.setZValue(1)
        plot.addItem(line)
        t = text_item(
            theme,
            tr("As of {date}").format(date=fmt_date(data.as_of)),
            theme.highlight,
            anchor=(0, 0),
            size=theme.font_small,
        )
        t.setPos(as_of, n - 0.4)
        t.fill = pg.mkBrush(theme.plot_background)
        t.setZValue(2)
        plot.addItem(t)
        plot.as_of_label = t
    pi.vb.setRange(xRange=(lo - span * 0.04, hi + span * 0.04), yRange=(-0.7, n - 0.2), padding=0)
    fit = LabelFit(plot)
    pi.vb.sigResized.connect(fit)
    plot.label_fit = fit
    fit()


class LabelFit:
    """Keeps a timeline's labels inside the plot at any width, whole: an event's label
    too long for the room beside its dot wraps in that room (a narrow window, a longer
    language), and the "As of" label goes to the left of its line when the right has no
    room for it. Again on every resize; a label that fits is given its one line back."""

    def __init__(self, plot: Plot) -> None:
        self.plot = plot

    def undo(self) -> None:
        """Every label on one line again, "As of" right of its line, as drawn."""
        plot = self.plot
        for item, _i in plot.timeline_labels:
            _wrap_to(item, float("inf"))
        if plot.as_of_label is not None:
            plot.as_of_label.setAnchor((0, 0))
            _wrap_to(plot.as_of_label, float("inf"))

    def __call__(self, *_) -> None:
        plot = self.plot
        vb = plot.getPlotItem().vb
        width = vb.width()
        (x0, x1), _ = vb.viewRange()
        if width < 2 or x1 <= x0:
            return
        px = width / (x1 - x0)
        for item, _i in plot.timeline_labels:
            at = (item.pos().x() - x0) * px
            room = at if item.anchor.x() == 1 else width - at
            _wrap_to(item, room - 4)
        item = plot.as_of_label
        if item is not None:
            at = (item.pos().x() - x0) * px
            natural = _natural_width(item)
            # to the right of the line where it fits there, else to its left
            left = natural > width - at - 4 and at > width - at
            anchor = (1, 0) if left else (0, 0)
            if tuple(item.anchor) != anchor:
                item.setAnchor(anchor)
            _wrap_to(item, (at if left else width - at) - 4)


def _natural_width(item: pg.TextItem) -> float:
    """The width of *item*'s text on one line, its margins included."""
    text = item.textItem
    width = text.textWidth()
    if width < 0:
        return text.document().size().width()
    text.setTextWidth(-1)
    natural = text.document().size().width()
    text.setTextWidth(width)
    return natural


def _wrap_to(item: pg.TextItem, room: float) -> None:
    """Wrap *item* to *room* pixels if its one line is wider, else one line."""
    room = max(room, 1.0)
    wanted = -1.0 if _natural_width(item) <= room else room
    if item.textItem.textWidth() != wanted:
        item.setTextWidth(wanted)
        # a label left of its dot or line ends at it, each of its lines
        align = Qt.AlignmentFlag.AlignRight if item.anchor.x() == 1 else Qt.AlignmentFlag.AlignLeft
        doc = item.textItem.document()
        option = doc.defaultTextOption()
        option.setAlignment(align)
        doc.setDefaultTextOption(option)
        item.updateTextPos()
