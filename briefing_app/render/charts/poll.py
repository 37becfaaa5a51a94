"""Poll: a horizontal bar per answer, its share at the end, the answer's text above it
(wrapped, or cut with "…" when there is no room; the hover has it whole)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from briefing_app.content.chartdata import ChartData
from briefing_app.model.i18n import tr
from briefing_app.render.charts.plot import HitBox, Plot, text_item
from briefing_app.render.themes import Theme


def draw(plot: Plot, data: ChartData, theme: Theme) -> None:
    poll = data.poll
    if poll is None:
        return
    n = len(poll.answers)
    pi = plot.getPlotItem()
    pi.hideAxis("left")
    pi.showGrid(x=True, y=False, alpha=theme.grid_alpha)
    pi.getAxis("bottom").setLabel(tr("% of respondents"))
    answers: list[tuple[pg.TextItem, str]] = []
    for k, (a, hover) in enumerate(zip(poll.answers, data.points["hover"], strict=True)):
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
        t = text_item(theme, a.answer, anchor=(0, 0.0), size=theme.font_axis)
        t.setPos(0, y + POLL_LABEL_TOP)
        plot.addItem(t)
        v = text_item(theme, a.share_text, anchor=(0, 0.5), bold=True)
        v.setPos(a.share, y - 0.12)
        plot.addItem(v)
        plot.hits.append(HitBox(QRectF(0, y - 0.33, max(a.share, 1), 0.42), hover))
        plot.label_hits.append((t, hover))
        answers.append((t, a.answer))
    xmax = max((a.share for a in poll.answers), default=100)
    pi.vb.setRange(xRange=(0, min(100, xmax * 1.25) or 1), yRange=(-0.5, n - 0.3), padding=0)
    pi.vb.sigResized.connect(lambda *_: _fit_answers(plot, answers))


#: a poll answer's label hangs from this far above its bar's centre line (y units) ...
POLL_LABEL_TOP = 0.48
#: ... down to at most the bar's top
POLL_BAR_TOP = 0.09


def _fit_answers(plot: Plot, answers: list[tuple[pg.TextItem, str]]) -> None:
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
