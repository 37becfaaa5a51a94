"""Bar chart: a bar per month of each series, its value on top; the highlighted months in
the highlight colour; reported figures that differ from the series as a line across the
bar with a label; events as dashed lines."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

from briefing_app.content.chartdata import ChartData
from briefing_app.model.i18n import tr
from briefing_app.render.charts.plot import (
    HitBox,
    Plot,
    category_axis,
    font_for,
    qcolour,
    rows_by_series,
    text_item,
)
from briefing_app.render.charts.room import MAX_VALUE_LABELS, TopRoom, add_events, event_x
from briefing_app.render.themes import Theme


def draw(plot: Plot, data: ChartData, theme: Theme) -> None:
    category_axis(plot, list(data.categories))
    n = max(1, data.series_count)
    width = 0.8 / n
    ymax = 0.0
    room = TopRoom(plot, theme, 0.0)
    plot.top_room = room
    #: value labels by month, and the top of what they sit on
    value_labels: dict[int, list[pg.TextItem]] = {}
    values = data.values
    labelled = len(values) <= MAX_VALUE_LABELS
    series_rows = rows_by_series(values, "category", "value", "text", "highlight", "hover")
    for si in range(data.series_count):
        colour = theme.series_colour(si)
        # one brush for the series' bars and one for its highlighted months, shared: a
        # chart of 20 series over 143 months made 2,860 of them
        fills = {False: pg.mkBrush(colour), True: pg.mkBrush(theme.highlight)}
        xs, ys, brushes = [], [], []
        for i, v, text, in_hl, hover in series_rows.get(si, ()):
            x = i - 0.4 + width * (si + 0.5)
            v = float(v)
            xs.append(x)
            ys.append(v)
            brushes.append(fills[bool(in_hl)])
            plot.hits.append(HitBox(QRectF(x - width / 2, 0, width, v), hover))
            if not labelled:
                continue
            lab = text_item(
                theme,
                text,
                theme.plot_foreground,
                anchor=(0.5, 1.0),
                size=theme.font_small if n > 1 else theme.font_axis,
            )
            lab.setPos(x, v)
            lab.setZValue(4)  # over the event lines, on a backdrop: lines pass behind
            lab.fill = pg.mkBrush(qcolour(theme.plot_background, 225))
            plot.addItem(lab)
            value_labels.setdefault(int(i), []).append(lab)
            room.values.append((lab, v))
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
    # reported figures that differ from the series: a marker on the bar
    rep = data.reported
    for i, v, text, hover in zip(
        rep["category"], rep["value"], rep["text"], rep["hover"], strict=True
    ):
        i, v = int(i), float(v)
        pen = pg.mkPen(theme.plot_foreground, width=theme.pen_width)
        plot.addItem(pg.PlotDataItem([i - 0.45, i + 0.45], [v, v], pen=pen))
        # the label sits inside the bar, on its own background, clear of the value on top
        tag = pg.TextItem(
            anchor=(0.5, 0.5),
            color=qcolour(theme.plot_foreground),
            fill=pg.mkBrush(theme.plot_background),
            border=pg.mkPen(theme.plot_foreground, width=1),
        )
        tag.setText(tr("Reported") + f"\n{text}")
        tag.setFont(font_for(theme, theme.font_small, bold=True))
        tag.setPos(i, v * 0.5)
        tag.setZValue(6)
        plot.addItem(tag)
        plot.hits.append(
            HitBox(QRectF(i - 0.45, v - max(v, 1) * 0.02, 0.9, max(v, 1) * 0.04), hover)
        )
        ymax = max(ymax, v)
        # a reported figure above the bar: its month's value labels go over its line
        room.values = [
            (lab, max(y, v) if lab in value_labels.get(i, ()) else y) for lab, y in room.values
        ]
    room.fit(ymax, len(data.categories), 1.32)
    if data.events:
        months = {m: i for i, m in enumerate(data.months)}
        add_events(plot, data.events, theme, lambda d: event_x(d, months), room)
