"""All events in date order on one axis, with their sources."""

from __future__ import annotations

import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QWidget

from briefing_app.model.types import Briefing, Tab, fmt_date
from briefing_app.themes import Theme
from briefing_app.ui.cards import LATER
from briefing_app.ui.charts import DateAxis, HitBox, _Plot, _text
from briefing_app.ui.data_table import DataTableView
from briefing_app.ui.style import plain_label
from briefing_app.ui.tabs.base import TabView


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
        label = f"{fmt_date(e.date)}: {e.title}" + (f" ({LATER.lower()})" if later else "")
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


class TimelineTab(TabView):
    def __init__(
        self, tab: Tab, briefing: Briefing, theme: Theme, parent: QWidget | None = None
    ) -> None:
        super().__init__(tab, briefing, theme, parent)
        self.plot = timeline_plot(briefing, theme)
        self.plot.setMinimumHeight(max(320, 46 * len(briefing.events)))
        self.body.addWidget(self.plot, 2)
        self.body.addWidget(plain_label("Events, in date order", "section"))
        events = sorted(briefing.events.values(), key=lambda e: e.date)
        frame = pd.DataFrame(
            {
                "date": [pd.Timestamp(e.date) for e in events],
                "event": [e.title for e in events],
                "description": [e.description for e in events],
                "sources": ["; ".join(briefing.source_name(s) for s in e.sources) for e in events],
            }
        )
        self.table = DataTableView(frame)
        self.table.setAccessibleName("Events table")
        self.table.setMinimumHeight(min(420, 40 + 30 * len(events)))
        self.body.addWidget(self.table, 1)
        for chart in tab.charts:
            self.add_chart(chart)


if __name__ == "__main__":
    from briefing_app.ui.preview import preview_tab

    preview_tab("timeline")
