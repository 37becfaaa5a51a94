"""Poll: a horizontal bar per answer, its share at the end, the answer's text above it
(wrapped, the bar growing thinner to give it room; cut with "…" only when even that is
not enough: the hover has it whole)."""

from __future__ import annotations

from dataclasses import dataclass

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
    rows: list[_Row] = []
    for k, (a, hover) in enumerate(zip(poll.answers, data.points["hover"], strict=True)):
        y = n - 1 - k  # first answer on top
        colour = theme.series_colour(0)
        bar = pg.BarGraphItem(
            x0=[0],
            y=[y - 0.12],
            height=[0.42],
            width=[a.share],
            brush=pg.mkBrush(colour),
            pen=pg.mkPen(theme.plot_foreground, width=theme.bar_outline * 0.5),
        )
        plot.addItem(bar)
        t = text_item(theme, a.answer, anchor=(0, 0.0), size=theme.font_axis)
        t.setPos(0, y + POLL_LABEL_TOP)
        v = text_item(theme, a.share_text, anchor=(0, 0.5), bold=True)
        v.setPos(a.share, y - 0.12)
        for text in (t, v):
            # on the plot's background: the value grid stops at the text rather than
            # running through it (on a projector, bright lines through every answer);
            # under the bars, whose outline the background's edge would otherwise cut
            text.fill = pg.mkBrush(theme.plot_background)
            text.setZValue(-1)
            plot.addItem(text)
        hit = HitBox(QRectF(0, y - 0.33, max(a.share, 1), 0.42), hover)
        plot.hits.append(hit)
        plot.label_hits.append((t, hover))
        rows.append(_Row(y, a.share, a.answer, t, bar, v, hit))
    xmax = max((a.share for a in poll.answers), default=100)
    pi.vb.setRange(xRange=(0, min(100, xmax * 1.25) or 1), yRange=(-0.5, n - 0.3), padding=0)
    pi.vb.sigResized.connect(lambda *_: _fit_answers(plot, rows))
    plot.poll_rows = rows  # for `height_for_width`


@dataclass
class _Row:
    """An answer's items: its label above its bar, its share at the bar's end."""

    y: float
    share: float
    answer: str
    label: pg.TextItem
    bar: pg.BarGraphItem
    value: pg.TextItem
    hit: HitBox


#: a poll answer's label hangs from this far above its bar's centre line (y units) ...
POLL_LABEL_TOP = 0.48
#: ... down to at most the bar's top
POLL_BAR_TOP = 0.09
#: a bar runs down to this far below its centre line (y units)
POLL_BAR_BOTTOM = -0.33
#: a bar gives its answer room down to this thickness (y units), and no further
POLL_BAR_MIN = 0.16


def _fit_answers(plot: Plot, rows: list[_Row]) -> None:
    """Fit the poll answers' labels between the plot's edges and above their bars.

        A label too long for the plot's width wraps; where its lines need more room than
        the space above its bar, the bars grow thinner (down to `POLL_BAR_MIN`, or their
    figure's height) to give it;
        only a label that still does not fit is cut with "…" (the hover has it whole).
    """
    vb = plot.getPlotItem().vb
    width, height = vb.width(), vb.height()
    if width < 2 or height < 2 or not rows or not rows[0].label.isVisible():
        return  # not laid out yet, or the answers are written elsewhere (slides)
    _, (y0, y1) = vb.viewRange()
    per_unit = height / (y1 - y0) if y1 > y0 else 0.0
    # a bar stays as thick as its share's figure beside it, which would otherwise reach
    # up into its answer's last line
    figure_h = max(row.value.textItem.boundingRect().height() for row in rows)
    thinnest = max(POLL_BAR_MIN, figure_h / per_unit if per_unit else POLL_BAR_MIN)
    thinnest = min(thinnest, POLL_BAR_TOP - POLL_BAR_BOTTOM)
    most = (POLL_LABEL_TOP - POLL_BAR_BOTTOM - thinnest) * per_unit
    needed = 0.0
    for row in rows:
        text_item = row.label.textItem
        margin = 2 * text_item.document().documentMargin()
        room_w = width - margin - 4
        metrics = QFontMetricsF(text_item.font())
        row.label.setText(row.answer)
        if metrics.horizontalAdvance(row.answer) <= room_w:
            text_item.setTextWidth(-1)
        else:
            row.label.setTextWidth(max(1.0, room_w + margin))
            if text_item.boundingRect().height() > most:
                text_item.setTextWidth(-1)
                row.label.setText(
                    metrics.elidedText(row.answer, Qt.TextElideMode.ElideRight, room_w)
                )
        needed = max(needed, text_item.boundingRect().height())
        row.label.updateTextPos()
    # every bar the same thickness: the tallest label sets where the bars' tops are
    top = POLL_BAR_TOP
    if per_unit > 0 and needed > (POLL_LABEL_TOP - POLL_BAR_TOP) * per_unit:
        top = max(POLL_BAR_BOTTOM + thinnest, POLL_LABEL_TOP - needed / per_unit)
    thick = top - POLL_BAR_BOTTOM
    centre = POLL_BAR_BOTTOM + thick / 2
    for row in rows:
        row.bar.setOpts(y=[row.y + centre], height=[thick])
        row.value.setPos(row.share, row.y + centre)
        row.hit.rect = QRectF(0, row.y + POLL_BAR_BOTTOM, max(row.share, 1), thick)


def height_for_width(plot: Plot, width: float) -> int:
    """The least height of a poll chart *width* wide whose every answer, wrapped to the
    plot's width, fits above its bar (with the bar as thick as its figure), axes
    included; 0 for a plot that is not a poll's.  A chart given less cuts an answer with
    "…" (the window and the handout give it at least this)."""
    rows: list[_Row] = getattr(plot, "poll_rows", [])
    if not rows or width < 2:
        return 0
    pi = plot.getPlotItem()
    axis = pi.getAxis("bottom")
    # the value axis and its title under the plot: two lines of its type and the ticks
    axis_font = axis.style.get("tickFont") or axis.label.font()
    axis_h = 2.4 * QFontMetricsF(axis_font).lineSpacing() + 12
    room_w = max(1.0, width - 12)
    label_h = 0.0
    for row in rows:
        doc = row.label.textItem.document()
        metrics = QFontMetricsF(row.label.textItem.font())
        margin = 2 * doc.documentMargin()
        box = metrics.boundingRect(
            QRectF(0, 0, room_w - margin - 4, 1e6), int(Qt.TextFlag.TextWordWrap), row.answer
        )
        label_h = max(label_h, box.height() + margin)
    figure_h = max(row.value.textItem.boundingRect().height() for row in rows)
    per_unit = (label_h + figure_h) / (POLL_LABEL_TOP - POLL_BAR_BOTTOM)
    _, (y0, y1) = pi.vb.viewRange()
    return int(per_unit * (y1 - y0) + axis_h + 1)
