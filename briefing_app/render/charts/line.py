"""Line chart: series over time on a date axis in UTC, downsampled to the screen; the
highlighted period shaded; events as dashed lines."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QPointF

from briefing_app.content.chartdata import ChartData, hover_text
from briefing_app.model.fmt import fmt_date, fmt_number, fmt_period, with_unit
from briefing_app.render.charts.axes import AUTO_DOWNSAMPLE_FACTOR, DateAxis
from briefing_app.render.charts.plot import Plot, Series, qcolour
from briefing_app.render.charts.room import TopRoom, add_events
from briefing_app.render.themes import Theme

#: the pointer shows a line's point when it is at most this many pixels from it
NEAR_PX = 12.0


def seconds(x: pd.Series):
    """Dates as seconds since the epoch (pyqtgraph's date axis); pandas keeps microseconds."""
    return pd.to_datetime(x).astype("datetime64[s]").astype("int64").to_numpy(dtype=float)


def draw(plot: Plot, data: ChartData, theme: Theme) -> None:
    axis = DateAxis(orientation="bottom")
    plot.set_bottom_axis(axis)
    axis.setPen(pg.mkPen(theme.plot_foreground))  # the date axis had a 1 px line
    pi = plot.getPlotItem()
    # large daily series: draw only what is visible, at screen resolution
    pi.setDownsampling(auto=True, mode="peak")
    pi.setClipToView(True)
    plot.setMouseEnabled(x=True, y=False)
    points = data.points
    lines: list[tuple[np.ndarray, np.ndarray, pd.DataFrame]] = []
    for si, f in points.groupby("series_index", sort=False) if len(points) else ():
        x = seconds(f["x"])
        y = f["value"].to_numpy(dtype=float)
        order = np.argsort(x, kind="stable")
        lines.append((x[order], y[order], f.iloc[order]))
        colour = theme.series_colour(int(si))
        many = len(x) > 5000
        pen = pg.mkPen(colour, width=1.0 if many else theme.pen_width)
        # autoDownsampleFactor 1: peak mode then keeps the highest and lowest value of each
        # pixel column, the same line on screen; pyqtgraph's default (5) still draws up to
        # ten points per pixel, all 10,000 of a series just wider than the plot
        item = Series(
            x,
            y,
            pen=pen,
            antialias=not many,
            skipFiniteCheck=True,
            autoDownsampleFactor=AUTO_DOWNSAMPLE_FACTOR,
        )
        plot.addItem(item)
    plot.nearest = NearestPoint(plot, lines)
    if data.highlight is not None:
        # the period shaded behind the lines, its last day included
        start, end = (pd.Timestamp(d) for d in data.highlight)
        region = pg.LinearRegionItem(
            values=(float(start.timestamp()), float((end + pd.Timedelta(days=1)).timestamp())),
            movable=False,
            brush=pg.mkBrush(qcolour(theme.highlight, 60)),
            pen=pg.mkPen(None),
        )
        region.setZValue(-10)
        pi.addItem(region, ignoreBounds=True)
    if data.chart.events:
        lo = points["x"].min() if len(points) else None
        hi = points["x"].max() if len(points) else None

        def xpos(d: pd.Timestamp) -> float | None:
            if lo is None or d < pd.Timestamp(lo) or d > pd.Timestamp(hi):
                return None
            return float(pd.Timestamp(d).timestamp())

        room = TopRoom(plot, theme, 0.0, fixed_y=False)
        plot.top_room = room
        span = (
            float(pd.Timestamp(hi).timestamp() - pd.Timestamp(lo).timestamp())
            if lo is not None
            else 0
        )
        add_events(plot, data.events, theme, xpos, room, half_width=max(span / 400, 43_200.0))
        room.track_range()
    # after the items' slots (see Plot._settle_auto_range)
    pi.vb.sigRangeChanged.connect(plot._settle_auto_range)


class NearestPoint:
    """A line chart's hover: the point of any series nearest the pointer (within
    `NEAR_PX`), with its value as published, date and source."""

    def __init__(self, plot: Plot, lines: list[tuple[np.ndarray, np.ndarray, pd.DataFrame]]):
        self.plot = plot
        #: per series: its x (seconds, sorted), its y, and its points in that order
        self.lines = lines

    def __call__(self, pos: QPointF) -> str | None:
        vb = self.plot.getPlotItem().vb
        x = vb.mapSceneToView(pos).x()
        best: tuple[float, pd.DataFrame, int] | None = None
        for xs, ys, rows in self.lines:
            i = int(np.searchsorted(xs, x))
            for j in (i - 1, i):  # the points either side of the pointer
                if 0 <= j < len(xs) and math.isfinite(ys[j]):
                    at = vb.mapViewToScene(QPointF(xs[j], ys[j]))
                    d = math.hypot(at.x() - pos.x(), at.y() - pos.y())
                    if d <= NEAR_PX and (best is None or d < best[0]):
                        best = (d, rows, j)
        if best is None:
            return None
        return point_hover(best[1].iloc[best[2]])


def point_hover(row: pd.Series) -> str:
    """The hover text of one point of a line: its own, or series, value, date, source."""
    if row["hover"]:
        return str(row["hover"])
    value = with_unit(row["text"] or fmt_number(row["value"]), row["unit"])
    start, end = row["period_start"], row["period_end"]
    when = fmt_period(start, end) if not pd.isna(start) else fmt_date(pd.Timestamp(row["x"]))
    return hover_text(str(row["series"]), value, when, str(row["attribution"] or ""))
