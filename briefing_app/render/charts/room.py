"""Room above a chart's data for its value labels and its event labels.

Bars carry their values on top, and time axes carry dated events as dashed lines with
labels; `TopRoom` stacks the labels so that none covers another and stretches the y
range to make room for them, again whenever the plot is resized.
"""

from __future__ import annotations

import bisect
import calendar
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from briefing_app.content.chartdata import EventMark
from briefing_app.model.fmt import month_abbr
from briefing_app.render.charts.plot import HitBox, Plot, font_for, qcolour
from briefing_app.render.themes import Theme

#: an event's title longer than this is not written inside a chart (its date is, and the
#: hover and the Timeline tab have it whole): a chart's label is never cut with "…"
EVENT_TITLE_CHARS = 60


def month_key(ts: pd.Timestamp) -> tuple[int, int]:
    return (ts.year, ts.month)


def event_x(
    date: pd.Timestamp, months: Sequence[tuple[int, int]] | Mapping[tuple[int, int], int]
) -> float | None:
    """Position of a date on a monthly category axis (bar i spans i-0.5..i+0.5);
    *months* the axis's (year, month) in order, or each one's place."""
    key = (date.year, date.month)
    if isinstance(months, Mapping):
        i = months.get(key)
    else:
        i = months.index(key) if key in months else None
    if i is None:
        return None
    days = calendar.monthrange(date.year, date.month)[1]
    return i - 0.5 + (date.day - 0.5) / days


@dataclass
class EventLabel:
    """An event's label: made (`item`) only when it is shown.  A chart marking 2,000
    events made 2,000 text items, most never shown (no row has room for them), and
    pyqtgraph's adding of each took longer the more there were."""

    x: float
    long: str  # the label when there is room: date and (shortened) title
    short: str  # the date alone
    day: str
    month: str
    hover: str
    make: Callable[[], pg.TextItem]
    row: int = 0  # counted from the top
    _item: pg.TextItem | None = None

    @property
    def item(self) -> pg.TextItem:
        """The label's text item, made and added to the plot the first time it is asked
        for (hidden until `TopRoom.relayout` shows it)."""
        if self._item is None:
            self._item = self.make()
        return self._item

    @property
    def made(self) -> bool:
        return self._item is not None


class EventLines(pg.GraphicsObject):
    """The dashed lines of a chart's events, one item for all of them, across the
    view's height (one InfiniteLine each made a chart of 2,000 events take minutes)."""

    def __init__(self, xs: Sequence[float], pen) -> None:
        super().__init__()
        self.xs = sorted(xs)
        self.pen = pen

    def viewRangeChanged(self) -> None:
        self.prepareGeometryChange()
        self.update()

    def dataBounds(self, axis: int, frac: float = 1.0, orthoRange=None):
        return (None, None)  # the lines take no part in the view's range

    def boundingRect(self) -> QRectF:
        view = self.viewRect()
        if view is None or not self.xs:
            return QRectF()
        return QRectF(self.xs[0], view.top(), self.xs[-1] - self.xs[0], view.height()).normalized()

    def paint(self, painter, *args) -> None:
        view = self.viewRect()
        if view is None:
            return
        painter.setPen(self.pen)
        top, bottom = view.top(), view.bottom()
        for x in self.xs:
            if view.left() <= x <= view.right():
                painter.drawLine(QPointF(x, top), QPointF(x, bottom))


#: bars carry their values when a chart has at most this many; past that the labels
#: (2,860 on a chart of 20 series over 143 months) cannot be read and took seconds to
#: make: each bar keeps its hover, and the figures under the chart and its table list
#: every value
MAX_VALUE_LABELS = 240

#: pixels between stacked labels, and between the value labels and the bars' tops
LABEL_GAP = 2
#: at most this share of the plot's height goes to labels above the data
MAX_LABEL_SHARE = 0.45


class TopRoom:
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

    def __init__(self, plot: Plot, theme: Theme, top: float, *, fixed_y: bool = True) -> None:
        self.plot = plot
        self.theme = theme
        self.top = top
        self.fixed_y = fixed_y
        #: (label, y of what it sits on)
        self.values: list[tuple[pg.TextItem, float]] = []
        self.events: list[EventLabel] = []
        #: the rows of event labels shown at the last layout (tests, diagnostics)
        self.rows = 0
        #: the share of the plot's height the labels may take (a slide's short chart more)
        self.max_share = MAX_LABEL_SHARE
        #: label widths by text, for the font of `_metrics`: a chart marking 2,000 events
        #: measured each label three times at each of its several layouts
        self._widths: dict[str, float] = {}
        self._metrics: tuple[object, QFontMetricsF] | None = None
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
    def _prototype(self) -> pg.TextItem | None:
        """A label's text item, for the metrics all of them share (one font, one margin)."""
        return self.events[0].item if self.events else None

    def _row_height(self) -> float:
        proto = self._prototype()
        return proto.textItem.boundingRect().height() if proto is not None else 0.0

    def _value_height(self) -> float:
        return max((lab.textItem.boundingRect().height() for lab, _ in self.values), default=0.0)

    def _measure(self) -> tuple[QFontMetricsF, Callable[[str], float]] | None:
        """The labels' font metrics and a width function that remembers each text's
        width (forgotten when the font changes: a slide retypes its charts)."""
        proto = self._prototype()
        if proto is None:
            return None
        font = proto.textItem.font()
        key = font.key()
        if self._metrics is None or self._metrics[0] != key:
            self._metrics = (key, QFontMetricsF(font))
            self._widths = {}
        metrics, widths = self._metrics[1], self._widths

        def width(text: str) -> float:
            w = widths.get(text)
            if w is None:
                w = widths[text] = metrics.horizontalAdvance(text)
            return w

        return metrics, width

    def _spans(self, groups: list[list[EventLabel]], texts: list[str], width: float, x0, x1):
        """Each group's label text (cut to fit in the plot), its left and right pixel,
        whether it runs leftwards of its line, and the event whose line it hangs on."""
        out = []
        proto = self._prototype()
        measured = self._measure()
        if proto is None or measured is None:
            return out
        margin = 2 * proto.textItem.document().documentMargin()
        metrics, advance = measured
        for group, text in zip(groups, texts, strict=True):

            def px(m: EventLabel) -> float:
                return (m.x - x0) / (x1 - x0) * width if x1 > x0 else 0.0

            # in the right half of the plot, labels run leftwards so they stay inside it
            left_run = (px(group[0]) + px(group[-1])) / 2 > width / 2
            at = group[-1] if left_run else group[0]
            p = px(at)
            room = (p if left_run else width - p) - margin - 2
            w = advance(text)
            if w > room and len(group) == 1 and text != at.short:
                # never a title cut with "…": the date alone, the hover has the rest
                text = at.short
                w = advance(text)
            if w > room:
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, room))
                w = advance(text)
            w += margin
            out.append((text, p - w if left_run else p, p if left_run else p + w, left_run, at))
        return out

    @staticmethod
    def _capacity(spans, width: float, max_rows: int) -> float:
        """The most labels no narrower than the narrowest of *spans* that *max_rows* rows
        hold side by side, 4 pixels apart as `_stack` keeps them, in a plot *width*
        pixels wide (labels are cut to stay inside it; a label of a single event is never
        narrower than its date alone)."""
        if not spans:
            return 0.0
        narrowest = min(hi - lo for _, lo, hi, *_ in spans)
        extent = max(hi for _, _, hi, *_ in spans) - min(lo for _, lo, *_ in spans)
        return max_rows * (max(extent, width) + 4) / (narrowest + 4)

    @staticmethod
    def _stack(spans, max_rows: int | None = None) -> list[int]:
        """The row of each label: the first in which it overlaps no other.  A label
        that fits in none of the first *max_rows* rows gets row *max_rows* (it is not
        shown): with 2,000 events the rows were searched label by label, to no end."""
        rows: list[list[tuple[float, float]]] = []  # each row's spans, by their left end
        out = []
        for _, lo, hi, *_ in spans:
            for k, row in enumerate(rows):
                # the spans of a row do not overlap: only the neighbours of lo can
                i = bisect.bisect_left(row, (lo, hi))
                if (i == 0 or lo >= row[i - 1][1] + 4) and (i == len(row) or hi + 4 <= row[i][0]):
                    row.insert(i, (lo, hi))
                    out.append(k)
                    break
            else:
                if max_rows is not None and len(rows) >= max_rows:
                    out.append(max_rows)
                    continue
                rows.append([(lo, hi)])
                out.append(len(rows) - 1)
        return out

    @staticmethod
    def _merge(spans) -> list[list[EventLabel]]:
        """Events whose date labels would touch, as groups (in order)."""
        groups: list[list[EventLabel]] = []
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
    def _dates(group: list[EventLabel]) -> str:
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
        budget = height * self.max_share - value_h - LABEL_GAP
        max_rows = max(0, int(budget // row_h)) if row_h > 0 else 0
        (x0, x1), _ = vb.viewRange()
        labels: list[tuple[str, int, bool, EventLabel, list[EventLabel]]] = []
        if self.events:
            # whole labels; else dates alone; else the dates of neighbours as one label
            singles = [[m] for m in self.events]
            short = self._spans(singles, [m.short for m in self.events], width, x0, x1)
            merged = self._merge(short)
            passes = [
                (singles, [m.long for m in self.events]),
                (singles, [m.short for m in self.events]),
                (merged, [self._dates(g) for g in merged]),
            ]
            if len(self.events) > self._capacity(short, width, max_rows):
                # more labels than the rows could hold side by side, however placed:
                # the single labels cannot all be shown (thousands of events)
                passes = passes[2:]
            for groups, texts in passes:
                spans = self._spans(groups, texts, width, x0, x1)
                rows = self._stack(spans, max_rows)
                labels = [
                    (text, row, left, at, g)
                    for (text, _, _, left, at), row, g in zip(spans, rows, groups, strict=True)
                ]
                if max(rows) < max_rows:
                    break
        self.rows = 0
        hovers: list[tuple[pg.TextItem, str]] = []
        for m in self.events:
            if m.made:
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
        items = {id(m.item) for m in self.events if m.made}
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
            if m.made and m.item.isVisible():
                m.item.setPos(m.x, y1 - (LABEL_GAP + m.row * row_h) * per_px)


def add_events(
    plot: Plot,
    events: Sequence[EventMark],
    theme: Theme,
    xpos: Callable[[pd.Timestamp], float | None],
    room: TopRoom,
    half_width: float = 0.04,
) -> None:
    """A dashed line and a label for each of the chart's events, laid out by *room*;
    *half_width* is half the width, in x units, of the line's hover box.  The lines are
    one item (`EventLines`) and a label is made only when *room* shows it."""
    pen = pg.mkPen(theme.event, width=max(1.0, theme.pen_width * 0.6), style=Qt.PenStyle.DashLine)
    backdrop = qcolour(theme.plot_background, 225)
    font = font_for(theme, theme.font_small)

    def make(date: str) -> pg.TextItem:
        label = pg.TextItem(anchor=(0, 0), color=qcolour(theme.event), fill=pg.mkBrush(backdrop))
        label.textItem.document().setDocumentMargin(2)
        label.setFont(font)
        label.setText(date)  # plain text: never HTML
        label.setZValue(5)
        label.setVisible(False)  # until the room shows it
        plot.addItem(label)
        return label

    marks = []
    for ev in events:
        x = xpos(pd.Timestamp(ev.date))
        if x is None:
            continue
        day, month = str(ev.date.day), month_abbr(ev.date.month)
        date = f"{day} {month}"
        hover = ev.hover
        plot.hits.append(HitBox(QRectF(x - half_width, -1e300, 2 * half_width, 2e300), hover))
        # whole, or the date alone where the title does not fit (`_spans`)
        long = f"{date}: {ev.title}" if len(ev.title) <= EVENT_TITLE_CHARS else date
        marks.append(EventLabel(x, long, date, day, month, hover, lambda d=date: make(d)))
    if marks:
        lines = EventLines([m.x for m in marks], pen)
        lines.setZValue(2)  # over the bars, under every label
        plot.addItem(lines, ignoreBounds=True)
    marks.sort(key=lambda m: m.x)
    room.events = marks
