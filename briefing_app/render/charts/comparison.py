"""Comparison: one bar per observation, in the order listed, with its qualifier ("over
6,000"); bars of several series (sources) get a colour each."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF

from briefing_app.content.chartdata import ChartData
from briefing_app.render.charts.plot import HitBox, Plot, category_axis, text_item
from briefing_app.render.charts.room import TopRoom
from briefing_app.render.themes import Theme


def draw(plot: Plot, data: ChartData, theme: Theme) -> None:
    ymax = 0.0
    room = TopRoom(plot, theme, 0.0)
    plot.top_room = room
    pts = data.values
    for i, (v, si, in_hl, text, hover) in enumerate(
        zip(
            pts["value"],
            pts["series_index"],
            pts["highlight"],
            pts["text"],
            pts["hover"],
            strict=True,
        )
    ):
        v = float(v)
        # several series side by side: a colour each, which the legend names; their bars may
        # share a period, so the axis alone would not tell them apart
        if data.by_series:
            colour = theme.series_colour(int(si))
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
        # the figure as its source gave it: "over 6,000", "about 28"
        lab = text_item(theme, text, anchor=(0.5, 1.0), bold=True)
        lab.setPos(i, v)
        plot.addItem(lab)
        room.values.append((lab, v))
        plot.hits.append(HitBox(QRectF(i - 0.3, 0, 0.6, v), hover))
        ymax = max(ymax, v)
    category_axis(plot, list(data.categories))
    room.fit(ymax, len(data.categories), 1.2)
