"""Marks on a drawn chart for the figures that changed since the last edition.

A hook beside the chart kinds, not inside them: a chart is drawn as always
(`render.charts`), and `mark_changes` then adds a star over each point whose
observation is new or changed, with a hover box saying so.  Where a point is comes
from what the chart kind recorded while drawing: the hover box of a bar (the same
hover text as the point's), or, on a line chart, the point's date and value.  A kind
that records neither is left unmarked.  Removing the items `mark_changes` returns takes
the marks off again.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pyqtgraph as pg

from briefing_app.content.chartdata import ChartData
from briefing_app.render.charts.line import seconds
from briefing_app.render.charts.plot import Plot
from briefing_app.render.themes import Theme

#: the mark's symbol and size in pixels
SYMBOL, SIZE = "star", 18


def changed_points(data: ChartData, ids: set[str]) -> list[int]:
    """Positions in ``data.points`` of the drawn points whose observation is in *ids*."""
    pts = data.points
    if not len(pts) or "id" not in pts:
        return []
    shown = pts["shown"].tolist() if "shown" in pts else [True] * len(pts)
    return [
        k for k, (i, s) in enumerate(zip(pts["id"].tolist(), shown, strict=True)) if i in ids and s
    ]


def mark_changes(
    plot: Plot, data: ChartData, ids: set[str], theme: Theme, note: Callable[[int], str]
) -> list[pg.GraphicsObject]:
    """Star each drawn point of *data* whose observation is in *ids*; *note(k)* is the
    hover text of point k.  Returns the items added (remove them to unmark)."""
    rows = changed_points(data, ids)
    if not rows:
        return []
    pts = data.points
    xs: list[float] = []
    ys: list[float] = []
    tips: list[str] = []
    hits = {h.text: h for h in getattr(plot, "hits", [])}
    for k in rows:
        row = pts.iloc[k]
        hit = hits.get(str(row.get("hover", "")))
        if hit is not None:
            r = hit.rect
            x, y = r.center().x(), max(r.top(), r.bottom())
        elif data.kind == "line" and "x" in pts:
            x, y = float(seconds(pts["x"].iloc[k : k + 1])[0]), float(row["value"])
        else:
            continue
        xs.append(x)
        ys.append(y)
        tips.append(note(k))
    if not xs:
        return []
    item = pg.ScatterPlotItem(
        x=xs,
        y=ys,
        data=tips,
        symbol=SYMBOL,
        size=SIZE,
        brush=pg.mkBrush(theme.highlight),
        pen=pg.mkPen(theme.plot_foreground, width=1.2),
        hoverable=True,
        # a tool tip is rich text when it looks like markup: package text is escaped
        tip=lambda x, y, data: "<span>" + html.escape(data).replace("\n", "<br>") + "</span>",
    )
    item.setZValue(20)  # over bars, labels and event lines
    plot.addItem(item)
    return [item]


def unmark(plot: Plot, items: list[pg.GraphicsObject]) -> None:
    """Remove marks `mark_changes` added."""
    for item in items:
        plot.removeItem(item)
