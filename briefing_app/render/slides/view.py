"""One slide, laid out for a screen: kicker and date, title, body, source line, footer.

Every slide but the title and closing slides shows what it belongs to (the tab, or
"Backup · <tab>") and the briefing's "as of" date at the top, its title (the message in
words) in large type, and at the bottom the source line of what is on it, the caveat
and its number. Preview: ``python -m briefing_app.render.slides.deck [PACKAGE] [WxH] [THEME]``.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter, QResizeEvent
from PySide6.QtWidgets import QGraphicsView, QLabel, QWidget

from briefing_app.content.chartdata import describe_chart
from briefing_app.content.chartdata.describe import MAX_DESCRIPTION
from briefing_app.content.paginate import CONTINUES
from briefing_app.content.plan import SECTION_TITLES
from briefing_app.content.slides import Slide, describe
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import tr
from briefing_app.render.charts import NumberAxis
from briefing_app.render.slides.charts import (
    SlideChart,
    answers_on_axis,
    build_slide_chart,
    date_ticks,
    fit_categories,
    fit_value_labels,
    highlight_span,
    keep_texts_inside,
    labels_clear_of_dots,
    number_timeline,
    pixel_font,
    place_reported_tags,
    thin_categories,
    timeline_fits,
    timeline_row,
    wrap_categories,
    wrap_timeline,
)
from briefing_app.render.slides.layout import (
    CardWidget,
    Metrics,
    make_label,
    place,
    place_fit,
    stylesheet,
)
from briefing_app.render.themes import Theme

#: lines the source line may take: a chart names whom each figure comes from
SOURCE_LINES = {"chart": 3, "timeline": 2}
#: a timeline's key goes beside it, taking the first of these shares of the width it fits
KEY_BESIDE_SHARES = (0.6, 0.65, 0.7, 0.75, 0.8)
#: another chart's key goes in two columns when one would leave the chart less than this
#: share of the screen's height
MIN_CHART_SHARE = 0.3


def reserve_tick_width(plot: pg.PlotWidget) -> None:
    """The value axis as wide as its tick labels now, not after the first paint.

    pyqtgraph widens an axis to its labels while painting it, and lays the plot out
    again after: the texts fitted to the plot before (a reported figure's tag right of
    the last bar) then ran out of a plot ~70 px narrower. Measured as the paint
    measures them, on a painter that draws nothing."""
    pi = plot.getPlotItem()
    axis = pi.getAxis("left")
    if not axis.isVisible() or not axis.style.get("autoExpandTextSpace", True):
        return
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    pi.layout.activate()


def style_plot(plot: pg.PlotWidget, m: Metrics, theme: Theme) -> None:
    """A chart's axes in the slide's type, its texts over a backdrop, no mouse or focus."""
    pi = plot.getPlotItem()
    backdrop = QColor(theme.plot_background)
    backdrop.setAlpha(225)
    for item in list(pi.items) + list(pi.vb.addedItems):
        if isinstance(item, pg.TextItem):
            # text stays readable over grid, event and connector lines (values sitting on top
            # of a bar, anchored at their bottom, keep no backdrop: it would cut the bar's edge)
            if item.fill.style() == Qt.BrushStyle.NoBrush and item.anchor.y() < 1.0:
                item.fill = pg.mkBrush(backdrop)
            item.setZValue(max(item.zValue(), 8))
    tick = pixel_font(theme, m.axis)
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        ax.setTickFont(tick)
        ax.setStyle(tickTextOffset=m.sp(6), tickLength=-m.sp(8))
        if isinstance(ax, NumberAxis):
            # the values' major ticks and grid lines only: finer ones are noise from afar
            ax.setStyle(maxTickLevel=0)
        if name == "bottom":
            # reserve the tick labels' height now, not after a first paint
            ax.setStyle(autoExpandTextSpace=False, tickTextHeight=QFontMetrics(tick).height())
        if ax.labelText and ax.label.isVisible():
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
    """Each visible text item of a chart with its rectangle in the chart's pixels."""
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
        self.chart: SlideChart | None = None
        self.legend_labels: list[QLabel] = []
        self.key_labels: list[QLabel] = []
        self.continues_label: QLabel | None = None
        #: a timeline's key shortened to its first lines, saying where the rest are
        #: (`_shortened_key`): the deck splits such a timeline's markers over slides
        self.key_shortened = False
        self.takeaway_label: QLabel | None = None
        self._frame()
        if build_body:
            self._body()
        for w in self.findChildren(QWidget):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # what a screen reader says of the slide on screen: its title, then its text
        self.setAccessibleName(slide.title)
        self.setAccessibleDescription(describe(slide)[:4000])

    # -- frame ----------------------------------------------------------------------------
    def _label(self, text: str, name: str, *, wrap: bool = True) -> QLabel:
        return make_label(self, text, name, wrap=wrap)

    def _frame(self) -> None:
        m, s, b = self.m, self.slide, self.briefing
        x0, width = m.margin_x, m.content_width
        y = m.margin_y
        self.meta_title = self.meta_as_of = None
        self.heading_label = self.subheading_label = None
        if s.kind not in ("title", "closing"):
            as_of_text = tr("As of {date}").format(date=fmt_date(b.as_of))
            as_of = self._label(as_of_text, "s_meta", wrap=False)
            as_of.ensurePolished()
            aw, ah = as_of.sizeHint().width(), as_of.sizeHint().height()
            kicker = self._label(s.kicker or b.title, "s_kicker")
            kh = place(kicker, x0, y, width - aw - m.gap)
            as_of.setGeometry(x0 + width - aw, y, aw, ah)
            self.meta_title, self.meta_as_of = kicker, as_of
            y += max(kh, ah) + m.small_gap
            if s.heading:
                self.heading_label = self._label(s.heading, "s_heading")
                y += place(self.heading_label, x0, y, width) + m.small_gap
            if s.subheading and s.kind not in ("chart", "timeline"):  # charts: over the chart
                self.subheading_label = self._label(s.subheading, "s_subheading")
                y += place(self.subheading_label, x0, y, width) + m.small_gap
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
        if s.sources:
            self.source_label = self._label("", "s_footer_source")
            src_h = self._fit_sources(width, SOURCE_LINES.get(s.kind, 2))
            self.source_label.setGeometry(x0, fy - m.small_gap - src_h, width, src_h)
            self.source_label.setAccessibleName(self.source_label.text()[:200])
        bottom = fy - m.small_gap - (src_h + m.small_gap if src_h else 0)
        self.body_rect = QRect(x0, y, width, max(0, bottom - y))

        note = self._label(tr(CONTINUES), "s_continues_note", wrap=False)
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

    def _fit_sources(self, width: int, lines: int) -> int:
        """The source line in at most *lines* lines: the list shortens to fit them (each
        card names its sources too); a chart's names whom its figures come from whole
        unless even that does not fit."""
        lab = self.source_label
        lab.ensurePolished()
        lab.setText("\n".join(["Xg"] * lines))
        room = lab.heightForWidth(width)
        s = self.slide

        def fits(limit: int | None) -> bool:
            lab.setText(s.source_line(limit))
            return lab.heightForWidth(width) <= room

        if not fits(None):
            # the most names that fit, found by halving (a chart whose figures have a
            # thousand sources tried a thousand lines), else one name
            lo, hi = 1, len(s.sources) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if fits(mid):
                    lo = mid
                else:
                    hi = mid - 1
            lab.setText(s.source_line(max(1, lo)))
        return min(room, lab.heightForWidth(width))

    # -- body -----------------------------------------------------------------------------
    def _body(self) -> None:
        kind = self.slide.kind
        if kind in ("title", "closing"):
            self._title_body()
        elif kind in ("chart", "timeline"):
            self._chart_body()
        elif kind == "takeaway":
            self._takeaway_body()
        else:
            self._cards_body()

    def _title_body(self) -> None:
        m, s, b = self.m, self.slide, self.briefing
        r = self.body_rect
        parts: list[tuple[QLabel, int]] = []
        if s.kind == "closing" and s.kicker:
            parts.append((self._label(s.kicker, "s_kicker"), m.gap))
        parts.append((self._label(s.heading, "s_title_heading"), m.gap))
        self.heading_label = parts[-1][0]
        if s.subheading:
            self.subheading_label = self._label(s.subheading, "s_takeaway")
            parts.append((self.subheading_label, m.gap * 2))
        as_of_text = tr("As of {date}").format(date=fmt_date(b.as_of))
        self.meta_as_of = self._label(as_of_text, "s_as_of")
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
        m, s = self.m, self.slide
        r = QRect(self.body_rect)
        assert s.chart is not None
        sc = build_slide_chart(s.chart, self.theme, m)
        self.chart = sc
        if s.chart.kind == "poll":
            answers_on_axis(sc.plot, s.chart, pixel_font(self.theme, m.small), m.sp(10))
        top = r.top()
        # one row over the chart: its title, the value axis's title (level), the legend
        legend: list[tuple[str, str | None]] = list(sc.legend)
        if sc.y_title:
            legend.insert(0, (sc.y_title, None))
        if s.subheading:
            legend.insert(0, (s.subheading, ""))
        if legend:
            top = self._legend(legend, r) + m.small_gap
        notes = list(sc.key)
        if s.side is not None:
            # a poll's pollster, fieldwork and sample, in one line under its chart
            notes.append(" · ".join(ln.text for ln in s.side.lines[1:] if ln.role != "source"))
        plot_rect = QRect(r.left(), top, r.width(), r.bottom() + 1 - top)
        if s.chart.kind == "timeline":
            # each event's label wrapped in its row where they fit; else numbers and a key
            axis_h = 2 * QFontMetrics(pixel_font(self.theme, m.axis)).height()
            if timeline_fits(sc.plot, s.chart, plot_rect.width(), plot_rect.height() - axis_h):
                wrap_timeline(sc.plot, s.chart)
            else:
                notes = number_timeline(sc.plot, s.chart, s.marks) + notes
                sc.key = notes
        if notes:
            plot_rect = self._notes(notes, plot_rect, beside=s.kind == "timeline")
        direct = None
        if sc.highlight:
            direct = self._label(sc.highlight, "s_direct")
            direct.setStyleSheet(f"color: {self.theme.highlight};")  # a theme colour
            direct.ensurePolished()
            plot_rect.setHeight(
                plot_rect.height() - direct.heightForWidth(plot_rect.width()) - m.small_gap
            )
        self._add_plot(sc.plot, plot_rect)
        if direct is not None:
            self._place_under_bars(direct, plot_rect)

    def _place_under_bars(self, lab: QLabel, plot_rect: QRect) -> None:
        """The headline period's name under its bars, centred on them, inside the chart's width."""
        assert self.plot is not None and self.slide.chart is not None
        span = highlight_span(self.slide.chart)
        vb = self.plot.getPlotItem().vb
        if span is None:
            return
        lo, hi = (vb.mapViewToScene(QPointF(x, 0)).x() + plot_rect.left() for x in span)
        natural = lab.fontMetrics().horizontalAdvance(lab.text()) + 2
        width = min(plot_rect.width(), max(round(hi - lo), natural))
        x = round((lo + hi) / 2 - width / 2)
        x = max(plot_rect.left(), min(x, plot_rect.right() + 1 - width))
        place(lab, x, plot_rect.bottom() + 1 + self.m.small_gap, width)
        lab.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.legend_labels.append(lab)

    def _notes(self, lines: list[str], r: QRect, *, beside: bool) -> QRect:
        """The key to a chart's markers (and a poll's details): a timeline's (a row per
        event) beside it where it fits; another's below it, in one column, or in two when
        one would leave the chart shorter than `MIN_CHART_SHARE` of the screen and two
        leave it taller. Returns the chart's rectangle."""
        m = self.m
        labels = [self._label(text, "s_key") for text in lines]
        for lab in labels:
            lab.ensurePolished()
        self.key_labels += labels
        for share in KEY_BESIDE_SHARES if beside else ():
            side = round(r.width() * share)
            need = self._stack(labels, 0, 0, side, 1, measure=True)
            if need <= r.height():
                self._stack(
                    labels, r.right() + 1 - side, r.top() + (r.height() - need) // 2, side, 1
                )
                return QRect(r.left(), r.top(), r.width() - side - m.column_gap, r.height())
        need = self._stack(labels, 0, 0, r.width(), 1, measure=True)
        columns = 1
        if len(labels) > 1 and r.height() - need < MIN_CHART_SHARE * m.height:
            two = self._stack(labels, 0, 0, r.width(), 2, measure=True)
            if two < need:
                need, columns = two, 2
        if beside and r.height() - need < self._timeline_height(self._rows(lines)):
            # a timeline on a screen too small for its chart and its whole key (a square
            # one): the chart keeps its height, the key its first lines, and says where
            # the others are (never a chart squashed flat under its key)
            need, columns = self._shortened_key(labels, r)
        self._stack(labels, r.left(), r.bottom() + 1 - need + m.small_gap, r.width(), columns)
        return QRect(r.left(), r.top(), r.width(), max(0, r.height() - need))

    def _rows(self, lines: list) -> int:
        """A timeline's rows: one for each of its events (its key may explain some)."""
        chart = self.slide.chart
        return max(len(lines), len(chart.events) if chart is not None else 0)

    def _timeline_height(self, events: int) -> int:
        """The least height of a timeline's chart: `MIN_CHART_SHARE` of the screen, and a
        row for each event's number (in the small type, with its leading), the "As of"
        band and the date axis."""
        rows = events + 2.5  # the band over the rows, and the axis under them
        row = timeline_row(pixel_font(self.theme, self.m.small))
        return max(round(MIN_CHART_SHARE * self.m.height), math.ceil(rows * row))

    def _shortened_key(self, labels: list[QLabel], r: QRect) -> tuple[int, int]:
        """Keep the key's first lines that leave the chart `MIN_CHART_SHARE` of the
        screen, and a line saying where the rest are; (its height, its columns)."""
        self.key_shortened = True
        room = r.height() - self._timeline_height(self._rows(labels))
        n = len(labels)
        base = self.slide.marks[0] - 1 if self.slide.marks is not None else 0
        where = tr(SECTION_TITLES["events"])
        more = self._label("", "s_key")
        more.ensurePolished()
        for columns in (2, 1):
            for keep in range(n - 1, 0, -1):
                if keep + 1 == n:
                    text = tr("Event {number}: on the slides “{title}”").format(
                        number=base + n, title=where
                    )
                else:
                    text = tr("Events {first}–{last}: on the slides “{title}”").format(
                        first=base + keep + 1, last=base + n, title=where
                    )
                more.setText(text)
                more.setAccessibleName(text)
                trial = [*labels[:keep], more]
                need = self._stack(trial, 0, 0, r.width(), columns, measure=True)
                if need <= room:
                    for lab in labels[keep:]:
                        self.key_labels.remove(lab)
                        lab.setParent(None)  # gone from the slide, not merely hidden
                        lab.deleteLater()
                    labels[keep:] = [more]
                    self.key_labels.append(more)
                    return need, columns
        for lab in [*labels, more]:
            if lab in self.key_labels:
                self.key_labels.remove(lab)
            lab.setParent(None)
            lab.deleteLater()
        labels.clear()
        return 0, 1

    def _stack(
        self, labels: list[QLabel], x: int, y: int, width: int, columns: int, *, measure=False
    ) -> int:
        """Labels down *columns* columns (the first ones first); the height they take."""
        m = self.m
        per = -(-len(labels) // columns)
        col_w = (width - (columns - 1) * m.column_gap) // columns
        tallest = 0
        for c in range(columns):
            cy = y
            for lab in labels[c * per : (c + 1) * per]:
                h = (
                    lab.heightForWidth(col_w)
                    if measure
                    else place(lab, x + c * (col_w + m.column_gap), cy, col_w)
                )
                cy += h + m.small_gap
            tallest = max(tallest, cy - y)
        return tallest

    def _add_plot(self, plot: pg.PlotWidget, rect: QRect) -> None:
        style_plot(plot, self.m, self.theme)
        plot.setParent(self)
        plot.setGeometry(rect)
        plot.setAccessibleName(tr("Chart: {title}").format(title=self.slide.title))
        self.plot = plot
        sc, data = self.chart, self.slide.chart
        if data is not None:
            plot.describe_later(lambda: describe_chart(data, max_chars=MAX_DESCRIPTION))
        if sc is not None and sc.categories and data is not None:
            # bars named under them: each name wrapped to its bar's width
            slot = (rect.width() - plot.getPlotItem().getAxis("left").width()) / max(
                1, len(sc.categories)
            )
            wrap_categories(plot, sc.categories, slot * 0.92, pixel_font(self.theme, self.m.axis))
        # lay the chart out now (not at its first paint), then fit labels that would run out
        plot.resizeEvent(QResizeEvent(rect.size(), QSize()))
        plot.getPlotItem().layout.activate()
        reserve_tick_width(plot)
        if sc is not None and data is not None:
            place_reported_tags(plot, data)
            if not sc.categories:
                fit_categories(plot, data, pixel_font(self.theme, self.m.axis))
            fit_value_labels(plot, data, self.m.sp(6))
            labels_clear_of_dots(plot, data)
            keep_texts_inside(plot, data, self.m.sp(6))
            if data.kind in ("bar", "grouped_bar", "comparison"):
                thin_categories(plot, self.m.sp(4))  # after every fit that narrows the bars
            date_ticks(plot, data, pixel_font(self.theme, self.m.axis), self.m.sp(12))
        fit_plot_texts(plot, self.m.sp(6))

    def _legend(self, items: list[tuple[str, str | None]], r: QRect) -> int:
        """Legend entries left to right, wrapping; an entry without a colour has no swatch
        (None: the value axis's title; "": the chart's title, first and in bold); returns
        the bottom of the legend."""
        m = self.m
        x, y, row_h = r.left(), r.top(), 0
        for text, colour in items:
            sw = None
            if colour:
                sw = self._label("■", "s_swatch", wrap=False)
                sw.setStyleSheet(f"color: {colour};")  # a theme colour, never package text
                sw.ensurePolished()
            lab = self._label(text, "s_subheading" if colour == "" else "s_legend", wrap=False)
            lab.ensurePolished()
            if colour == "":
                self.subheading_label = lab
            sw_w = sw.sizeHint().width() + m.small_gap if sw is not None else 0
            need = sw_w + lab.sizeHint().width()
            if x > r.left() and x + need > r.right():
                x, y, row_h = r.left(), y + row_h + m.small_gap, 0
            if sw is not None:
                sr = place_fit(sw, x, y, sw.sizeHint().width())
                x += sr.width() + m.small_gap
                row_h = max(row_h, sr.height())
            lr = place_fit(lab, x, y, r.right() + 1 - x)
            if sw is not None:  # centre the swatch on the first line of its text
                sw.move(sw.x(), y + max(0, (lab.fontMetrics().height() - sw.height()) // 2))
                self.legend_labels.append(sw)
            x += lr.width() + m.gap * 2
            row_h = max(row_h, lr.height())
            self.legend_labels.append(lab)
        return y + row_h

    def _cards_body(self) -> None:
        m, r = self.m, self.body_rect
        columns = self.slide.columns
        width = (m.content_width - (len(columns) - 1) * m.column_gap) // max(1, len(columns))
        for k, col in enumerate(columns):
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
