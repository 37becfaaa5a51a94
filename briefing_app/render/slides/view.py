"""One slide, laid out for a screen: header, heading, takeaway, body, source line, footer.

Every slide shows the briefing's title and "as of" date (top), its number and total
and the caveat (bottom), and the source line of what is on it (above the footer).
Preview: ``python -m briefing_app.render.slides.deck [PACKAGE] [WxH] [THEME]``.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QGraphicsView, QLabel, QWidget

from briefing_app.content.slides import CONTINUES, Slide
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date
from briefing_app.render.slides.layout import (
    CardWidget,
    Metrics,
    make_label,
    place,
    place_fit,
    stylesheet,
)
from briefing_app.render.themes import Theme


def _pixel_font(font: QFont, px: int) -> QFont:
    f = QFont(font)
    f.setPixelSize(max(1, px))
    return f


def style_plot(plot: pg.PlotWidget, m: Metrics, theme: Theme) -> None:
    """Fonts of a chart in pixels for this slide (not points), and no mouse or focus."""
    pi = plot.getPlotItem()
    backdrop = QColor(theme.plot_background)
    backdrop.setAlpha(225)
    for item in list(pi.items) + list(pi.vb.addedItems):
        if isinstance(item, pg.TextItem):
            f = item.textItem.font()
            if f.pointSizeF() > 0:
                item.setFont(_pixel_font(f, round(f.pointSizeF() * 96 / 72)))
            # text stays readable over grid, event and connector lines (values sitting on top
            # of a bar, anchored at their bottom, keep no backdrop: it would cut the bar's edge)
            if item.fill.style() == Qt.BrushStyle.NoBrush and item.anchor.y() < 1.0:
                item.fill = pg.mkBrush(backdrop)
            item.setZValue(max(item.zValue(), 8))
    tick = QFont(theme.font_family)
    tick.setPixelSize(m.axis)
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        ax.setTickFont(tick)
        ax.setStyle(tickTextOffset=m.sp(6), tickLength=-m.sp(8))
        if name == "bottom":
            # reserve the tick labels' height now, not after a first paint
            ax.setStyle(autoExpandTextSpace=False, tickTextHeight=QFontMetrics(tick).height())
        if ax.labelText:
            ax.setLabel(
                ax.labelText,
                units=ax.labelUnits or None,
                **{
                    "font-size": f"{m.axis}px",
                    "color": theme.plot_foreground,
                    "font-family": theme.font_family,
                },
            )
    plot.setMouseEnabled(x=False, y=False)
    plot.setMinimumSize(0, 0)
    # no cached copy of the plain background (a pixmap the size of the chart, 4-5 MB at
    # 1920x1080, kept per slide view): filling it costs no more than copying it
    plot.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)


def plot_text_rects(plot: pg.PlotWidget) -> list[tuple[pg.TextItem, QRectF]]:
    """Each text item of a chart with its rectangle in the chart's pixels."""
    pi = plot.getPlotItem()
    vb = pi.vb
    out = []
    for item in pi.items:
        if isinstance(item, pg.TextItem) and item.isVisible():
            br = item.textItem.boundingRect()
            at = vb.mapViewToScene(item.pos())
            left = at.x() - item.anchor.x() * br.width()
            top = at.y() - item.anchor.y() * br.height()
            out.append((item, QRectF(left, top, br.width(), br.height())))
    return out


def fit_plot_texts(plot: pg.PlotWidget, pad: float) -> None:
    """Wrap chart labels (long poll answers, say) that would run past the plot's right edge."""
    box = plot.getPlotItem().vb.sceneBoundingRect()
    if box.width() <= 0:
        return
    for item, r in plot_text_rects(plot):
        if r.right() > box.right() - pad and item.anchor.x() == 0:
            room = box.right() - pad - max(r.left(), box.left())
            if room > 40:
                item.setTextWidth(room)


class SlideView(QWidget):
    """A slide at ``m.width`` x ``m.height`` logical pixels."""

    def __init__(
        self,
        slide: Slide,
        briefing: Briefing,
        theme: Theme,
        m: Metrics,
        parent: QWidget | None = None,
        *,
        build_body: bool = True,
    ) -> None:
        super().__init__(parent)
        self.slide = slide
        self.briefing = briefing
        self.theme = theme
        self.m = m
        self.setObjectName("slide")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(stylesheet(theme, m))
        self.setFixedSize(m.width, m.height)
        self.cards: list[CardWidget] = []
        self.plot: pg.PlotWidget | None = None
        self.legend_labels: list[QLabel] = []
        self.continues_label: QLabel | None = None
        self.takeaway_label: QLabel | None = None
        self._frame()
        if build_body:
            self._body()
        for w in self.findChildren(QWidget):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(f"Slide {slide.counter}: {slide.title}")

    # -- frame ----------------------------------------------------------------------------
    def _label(self, text: str, name: str, *, wrap: bool = True) -> QLabel:
        return make_label(self, text, name, wrap=wrap)

    def _frame(self) -> None:
        m, s, b = self.m, self.slide, self.briefing
        x0, width = m.margin_x, m.content_width
        y = m.margin_y
        self.meta_title = self.meta_as_of = None
        self.heading_label = self.subheading_label = None
        if s.kind != "title":
            as_of = self._label(f"As of {fmt_date(b.as_of)}", "s_meta", wrap=False)
            as_of.ensurePolished()
            aw = as_of.sizeHint().width()
            title = self._label(b.title, "s_meta")
            th = place(title, x0, y, width - aw - m.gap)
            ah = as_of.sizeHint().height()
            as_of.setGeometry(x0 + width - aw, y, aw, ah)
            self.meta_title, self.meta_as_of = title, as_of
            y += max(th, ah) + m.gap
            if s.heading:
                self.heading_label = self._label(s.heading, "s_heading")
                y += place(self.heading_label, x0, y, width) + m.small_gap
            if s.subheading:
                self.subheading_label = self._label(s.subheading, "s_subheading")
                y += place(self.subheading_label, x0, y, width) + m.small_gap
            if s.takeaway and s.kind != "takeaway":
                y += m.small_gap
                self.takeaway_label = self._label(s.takeaway, "s_takeaway")
                y += place(self.takeaway_label, x0, y, width) + m.small_gap
            y += m.gap - m.small_gap

        # footer: caveat on the left, slide number on the right
        self.number_label = self._label(s.counter, "s_number", wrap=False)
        self.number_label.ensurePolished()
        nw, nh = self.number_label.sizeHint().width(), self.number_label.sizeHint().height()
        self.caveat_label = None
        ch = 0
        if b.caveat:
            self.caveat_label = self._label(b.caveat, "s_caveat")
            ch = place_fit(self.caveat_label, x0, 0, width - nw - 2 * m.gap).height()
        footer_h = max(nh, ch)
        fy = m.height - m.margin_y - footer_h
        if self.caveat_label is not None:
            g = self.caveat_label.geometry()
            self.caveat_label.move(g.x(), fy + (footer_h - ch) // 2)
        self.number_label.setGeometry(x0 + width - nw, fy + (footer_h - nh) // 2, nw, nh)

        # the source line of what is on the slide
        self.source_label = None
        src_h = 0
        if s.sources or s.kind == "cards":
            self.source_label = self._label("", "s_source")
            if s.kind == "cards":
                src_h = self._fit_card_sources(width)
            else:
                self.source_label.ensurePolished()
                self.source_label.setText(s.source_line())
                src_h = self.source_label.heightForWidth(width)
            self.source_label.setGeometry(x0, fy - m.gap - src_h, width, src_h)
            self.source_label.setAccessibleName(self.source_label.text()[:200])
        bottom = fy - m.gap - (src_h + m.small_gap if src_h else 0)
        self.body_rect = QRect(x0, y, width, max(0, bottom - y))

        note = self._label(CONTINUES, "s_continues_note", wrap=False)
        note.ensurePolished()
        hint = note.sizeHint()
        self.continues_height = hint.height() + m.small_gap
        if s.continues:
            r = self.body_rect
            note.setGeometry(
                r.right() + 1 - hint.width(),
                r.bottom() + 1 - hint.height(),
                hint.width(),
                hint.height(),
            )
            self.continues_label = note
        else:
            note.deleteLater()
            note.setParent(None)

    def _fit_card_sources(self, width: int) -> int:
        """Card slides reserve two lines for sources; the list shortens to fit them."""
        lab = self.source_label
        lab.ensurePolished()
        lab.setText("Xg\nXg")
        room = lab.heightForWidth(width)
        s = self.slide
        n = len(s.sources)
        for limit in [None, *range(n - 1, 0, -1)]:
            lab.setText(s.source_line(limit))
            if lab.heightForWidth(width) <= room:
                break
        return room

    # -- body -----------------------------------------------------------------------------
    def _body(self) -> None:
        kind = self.slide.kind
        if kind == "title":
            self._title_body()
        elif kind == "chart":
            self._chart_body()
        elif kind == "timeline":
            self._timeline_body()
        elif kind == "takeaway":
            self._takeaway_body()
        else:
            self._cards_body()

    def _title_body(self) -> None:
        m, s, b = self.m, self.slide, self.briefing
        r = self.body_rect
        parts: list[tuple[QLabel, int]] = [(self._label(s.heading, "s_title_heading"), m.gap)]
        self.heading_label = parts[0][0]
        if s.subheading:
            self.subheading_label = self._label(s.subheading, "s_takeaway")
            parts.append((self.subheading_label, m.gap * 2))
        self.meta_as_of = self._label(f"As of {fmt_date(b.as_of)}", "s_as_of")
        parts.append((self.meta_as_of, m.gap * 2))
        for block in s.blocks:
            for line in block.lines:
                parts.append((self._label(line.text, "s_source"), m.small_gap))
        for lab, _ in parts:
            lab.ensurePolished()
        total = sum(lab.heightForWidth(r.width()) + g for lab, g in parts) - parts[-1][1]
        y = r.top() + max(0, (r.height() - total) // 3)
        for lab, g in parts:
            y += place(lab, r.left(), y, r.width()) + g

    def _takeaway_body(self) -> None:
        r = self.body_rect
        lab = self._label(self.slide.takeaway, "s_big_takeaway")
        lab.ensurePolished()
        h = lab.heightForWidth(r.width())
        place(lab, r.left(), r.top() + max(0, (r.height() - h) // 3), r.width())
        self.takeaway_label = lab

    def _chart_body(self) -> None:
        from briefing_app.render.charts import build_chart

        m, s = self.m, self.slide
        r = QRect(self.body_rect)
        if s.side is not None:
            card = CardWidget(s.side, m, m.side_width, self)
            card.move(r.right() + 1 - m.side_width, r.top())
            self.cards.append(card)
            r.setWidth(r.width() - m.side_width - m.column_gap)
        content = build_chart(s.chart, m.chart_theme())
        top = r.top()
        if content.legend:
            top = self._legend(content.legend, r) + m.small_gap
        bottom = r.bottom() + 1
        if s.caption:
            cap = self._label(s.caption, "s_muted")
            cap.ensurePolished()
            h = cap.heightForWidth(r.width())
            bottom -= h
            place(cap, r.left(), bottom, r.width())
            self.caption_label = cap
            bottom -= m.small_gap
        self._add_plot(content.plot, QRect(r.left(), top, r.width(), max(0, bottom - top)))

    def _timeline_body(self) -> None:
        from briefing_app.render.charts import build_chart

        self._add_plot(build_chart(self.slide.chart, self.m.chart_theme()).plot, self.body_rect)

    def _add_plot(self, plot: pg.PlotWidget, rect: QRect) -> None:
        style_plot(plot, self.m, self.theme)
        plot.setParent(self)
        plot.setGeometry(rect)
        plot.setAccessibleName(f"Chart: {self.slide.subheading}")
        self.plot = plot
        # lay the chart out now (not at its first paint), then wrap labels that would run out
        plot.resizeEvent(QResizeEvent(rect.size(), QSize()))
        plot.getPlotItem().layout.activate()
        fit_plot_texts(plot, self.m.sp(6))

    def _legend(self, items: list[tuple[str, str]], r: QRect) -> int:
        """Legend entries left to right, wrapping; returns the bottom of the legend."""
        m = self.m
        x, y, row_h = r.left(), r.top(), 0
        for text, colour in items:
            sw = self._label("■", "s_swatch", wrap=False)
            sw.setStyleSheet(f"color: {colour};")  # a theme colour, never package text
            sw.ensurePolished()
            lab = self._label(text, "s_legend", wrap=False)
            lab.ensurePolished()
            need = sw.sizeHint().width() + m.small_gap + lab.sizeHint().width()
            if x > r.left() and x + need > r.right():
                x, y, row_h = r.left(), y + row_h + m.small_gap, 0
            sr = place_fit(sw, x, y, sw.sizeHint().width())
            x += sr.width() + m.small_gap
            lr = place_fit(lab, x, y, r.right() + 1 - x)
            # centre the swatch on the first line of its text
            sw.move(sr.x(), y + max(0, (lab.fontMetrics().height() - sr.height()) // 2))
            x += lr.width() + m.gap * 2
            row_h = max(row_h, lr.height(), sr.height())
            self.legend_labels += [sw, lab]
        return y + row_h

    def _cards_body(self) -> None:
        m, r = self.m, self.body_rect
        width = m.column_width
        for k, col in enumerate(self.slide.columns):
            x = r.left() + k * (width + m.column_gap)
            y = r.top()
            for block in col:
                card = CardWidget(block, m, width, self)
                card.move(x, y)
                y += card.height() + m.card_gap
                self.cards.append(card)

    # -- for tests and the presenter --------------------------------------------------------
    def text_labels(self) -> list[QLabel]:
        """Every label with text on the slide."""
        return [lab for lab in self.findChildren(QLabel) if lab.text()]
