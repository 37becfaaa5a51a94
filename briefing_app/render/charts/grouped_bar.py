"""Grouped bars: the series side by side in each period, a colour each."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from briefing_app.content.chartdata import ChartData
from briefing_app.render.charts.plot import HitBox, Plot, category_axis, rows_by_series, text_item
from briefing_app.render.charts.room import MAX_VALUE_LABELS, TopRoom
from briefing_app.render.themes import Theme


def draw(plot: Plot, data: ChartData, theme: Theme) -> None:
    category_axis(plot, list(data.categories))
    n = max(1, data.series_count)
    width = 0.84 / n
    ymax = 0.0
    room = TopRoom(plot, theme, 0.0)
    plot.top_room = room
    values = data.values
    labelled = len(values) <= MAX_VALUE_LABELS
    series_rows = rows_by_series(values, "category", "value", "text", "hover")
    for si in range(data.series_count):
        xs, ys = [], []
        for i, v, text, hover in series_rows.get(si, ()):
            x = i - 0.42 + width * (si + 0.5)
            v = float(v)
            xs.append(x)
            ys.append(v)
            plot.hits.append(HitBox(QRectF(x - width / 2, 0, width, v), hover))
            if not labelled:
                continue
            lab = text_item(theme, text, anchor=(0.5, 1.0), size=theme.font_small)
            lab.setPos(x, v)
            plot.addItem(lab)
            room.values.append((lab, v))
        if xs:
            plot.addItem(
                pg.BarGraphItem(
                    x=np.array(xs),
                    height=np.array(ys),
                    width=width * 0.9,
                    brush=pg.mkBrush(theme.series_colour(si)),
                    pen=pg.mkPen(theme.plot_foreground, width=theme.bar_outline * 0.5),
                )
            )
            ymax = max(ymax, max(ys))
    room.fit(ymax, len(data.categories), 1.2)
