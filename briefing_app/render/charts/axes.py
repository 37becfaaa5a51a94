"""The axes of the charts: numbers with thousands separators, dates in UTC, a grid that
is cheap to paint, and labels that fit their axis."""

from __future__ import annotations

import html
import re

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import ZoomLevel as DateZoomLevel
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QTextCursor, QTextDocument

from briefing_app.model.fmt import fmt_number, month_abbr, weekday_abbr
from briefing_app.model.i18n import language


def blend(fg: QColor, bg: QColor, alpha: int) -> QColor:
    """*fg* at *alpha* over *bg*, as one opaque colour."""
    a = alpha / 255.0
    return QColor(
        round(fg.red() * a + bg.red() * (1 - a)),
        round(fg.green() * a + bg.green() * (1 - a)),
        round(fg.blue() * a + bg.blue() * (1 - a)),
    )


#: a date axis leaves out a finer tick level whose ticks would be closer than this
MIN_TICK_PX = 8

#: line charts downsample to about this many peak-mode bins per pixel of the plot's width
#: (each bin keeps its highest and lowest value)
AUTO_DOWNSAMPLE_FACTOR = 1.0

#: grid lines are drawn for this many tick levels (major, minor); pyqtgraph's third level
#: (a tenth of the major spacing, at alpha ~8) is barely visible and is most of the lines
GRID_LEVELS = 2


class GridAxisMixin:
    """Grid lines that are cheap to paint in software.

    pyqtgraph draws a grid as the axis's tick lines stretched across the plot, at three
    tick levels in translucent pens (alpha ~63, ~31, ~8 for the theme's 0.25).  Qt's
    software rasteriser blends translucent lines about four times slower than it draws
    opaque ones, and the third level alone is 40-60 lines a chart, repainted on every
    pan.  So: the lines of the first two levels are drawn opaque, in the translucent
    colour blended over the plot background beforehand (the same colour where they
    cross empty plot), behind the data (`Plot._style_axis`) so that they do not cross
    bars and lines in that colour; the third level is not drawn.  Tick labels are
    unchanged.
    """

    grid_background: QColor | None = None
    _opaque_pens: dict[tuple[int, float], QPen]

    def generateDrawSpecs(self, p: QPainter):
        specs = super().generateDrawSpecs(p)
        if specs is None or self.grid is False or self.grid_background is None:
            return specs
        axis_spec, tick_specs, text_specs = specs
        levels: list[int] = []  # id() of each level's pen: pyqtgraph makes one a level
        kept = []
        for pen, p1, p2 in tick_specs:
            if id(pen) not in levels:
                levels.append(id(pen))
            if len(levels) > GRID_LEVELS:
                break  # specs come level by level
            kept.append((self._opaque(pen), p1, p2))
        return axis_spec, kept, text_specs

    def _opaque(self, pen: QPen) -> QPen:
        colour = pen.color()
        if colour.alpha() == 255 or self.grid_background is None:
            return pen
        if not hasattr(self, "_opaque_pens"):
            self._opaque_pens = {}
        key = (colour.rgba(), pen.widthF())
        out = self._opaque_pens.get(key)
        if out is None:
            out = QPen(pen)
            out.setColor(blend(colour, self.grid_background, colour.alpha()))
            self._opaque_pens[key] = out
        return out


ELLIPSIS = "\u2026"


def fit_label_html(
    style: dict, text_html: str, room: float, font: QFont, margin: float
) -> tuple[str, str | None]:
    """The HTML of an axis label that is at most *room* pixels long, and the full plain
    text when it had to be shortened (else None).

    *text_html* is the label's (escaped) text, *style* its CSS; a label too long for
    *room* is cut at the end with an ellipsis, never at both ends.
    """
    css = ";".join(f"{k}: {v}" for k, v in style.items())

    def span(body: str) -> str:
        return f"<span style='{css}'>{body}</span>"

    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(margin)
    full = span(text_html)
    doc.setHtml(full)
    if doc.size().width() <= room:
        return full, None
    plain = doc.toPlainText().strip()
    cursor = QTextCursor(doc)
    cursor.setPosition(min(1, max(0, doc.characterCount() - 1)))
    metrics = QFontMetricsF(cursor.charFormat().font().resolve(font))
    avail = room - 2 * margin - 1
    shown = ""
    for _ in range(12):  # the metrics of the span's font, checked against the layout
        shown = metrics.elidedText(plain, Qt.TextElideMode.ElideRight, max(0.0, avail))
        doc.setHtml(span(html.escape(shown)))
        if doc.size().width() <= room or not shown:
            break
        avail -= max(2.0, metrics.averageCharWidth())
    if shown in ("", ELLIPSIS):
        shown = ""  # no room even for a letter: no label (the full text is in the tooltip)
    return span(html.escape(shown)), plain


class _FittedLabelMixin:
    """An axis label that is never longer than its axis.

    pyqtgraph centres the (rotated) label on the axis, so a label longer than the plot
    is tall loses both its ends.  Here it is cut at the end with "…" to the axis's
    length, again whenever the axis is resized; the full text is the label's tooltip.
    """

    _label_fit_key: tuple | None = None
    #: the full text of the label when the axis shows it shortened, else None
    label_full_text: str | None = None

    def _updateLabel(self):
        # pyqtgraph calls this on every change of range (its SI prefix): the label is
        # fitted again only when its text, style, font or room has changed (`_fit_label`)
        self._fit_label()
        self._adjustSize()
        self.picture = None
        self.update()

    def resizeEvent(self, ev=None):
        if self.label is not None:
            self._fit_label()
        super().resizeEvent(ev)

    def _fit_label(self) -> None:
        full = self.labelString()
        size = self.size()
        room = size.height() if self.orientation in ("left", "right") else size.width()
        key = (full, round(room), self.label.font().key())
        if key == self._label_fit_key:
            return
        self._label_fit_key = key
        if room < 1:  # not laid out yet
            self.label.setHtml(full)
            return
        match = re.fullmatch(r"<span style='[^']*'>(.*)</span>", full, re.DOTALL)
        text_html = match.group(1).strip() if match else html.escape(full)
        shown, whole = fit_label_html(
            self.labelStyle,
            text_html,
            room,
            self.label.font(),
            self.label.document().documentMargin(),
        )
        self.label.setHtml(shown)
        self.label_full_text = whole
        self.label.setToolTip(whole or "")


class GridAxis(_FittedLabelMixin, GridAxisMixin, pg.AxisItem):
    """pyqtgraph's axis with the cheap grid of `GridAxisMixin` and a label that fits."""


class NumberAxis(GridAxis):
    """Axis with thousands separators."""

    def tickStrings(self, values, scale, spacing):
        return [fmt_number(round(v * scale, 6)) for v in values]


class _UtcZoomLevel(DateZoomLevel):
    """A zoom level of pyqtgraph's date axis for UTC (offset 0), which needs no shifting.

    pyqtgraph moves every tick from UTC to the local time zone with a few QDateTime
    conversions per tick (~1,100 a repaint over 27 years of months), on every pan.  In
    UTC that move is the identity, so it is skipped; the ticks are the same.
    """

    def extendTimeRangeForSpacing(self, spacing, minVal, maxVal):
        return minVal, maxVal

    def moveTicksToLocalTimeCoords(self, ticks, spacing, skipFactor):
        return ticks

    #: finer tick levels than this (seconds between ticks) are left out (see DateAxis)
    finest: float = 0.0

    def tickValues(self, minVal, maxVal, minSpc):
        specs = self.tickSpecs
        keep = specs[:1] + [s for s in specs[1:] if s.spacing >= self.finest]
        if len(keep) == len(specs):
            return super().tickValues(minVal, maxVal, minSpc)
        self.tickSpecs = keep
        try:
            return super().tickValues(minVal, maxVal, minSpc)
        finally:
            self.tickSpecs = specs


#: tick labels of the date axes, by (language, format, seconds): a pan shows mostly the
#: same dates
_DATE_LABELS: dict[tuple[str, str, float], str] = {}


def local_tick(value: float, spec_format: str) -> str:
    """A date tick in the interface's language: pyqtgraph's strftime *spec_format* with
    its month and weekday names ('%b', '%a') from `model.fmt` ('груд.', 'Пн')."""
    import datetime as dt

    d = dt.datetime.fromtimestamp(value, dt.UTC)
    text = d.strftime(spec_format.replace("%b", "{b}").replace("%a", "{a}"))
    return text.replace("{b}", month_abbr(d.month)).replace("{a}", weekday_abbr(d.weekday()))


class DateAxis(_FittedLabelMixin, GridAxisMixin, pg.DateAxisItem):
    """pyqtgraph's date axis, in UTC, with the cheap grid of `GridAxisMixin`.

    The line charts' x values are the series' dates as seconds since the epoch at
    midnight UTC, so the axis shows UTC: in the machine's time zone (pyqtgraph's
    default) a date would be labelled, and its month ticks placed, a few hours off,
    i.e. on the previous day west of Greenwich.
    """

    def __init__(self, orientation: str = "bottom") -> None:
        super().__init__(orientation=orientation, utcOffset=0)
        self._max_text_level: int = self.style["maxTextLevel"]
        self._widths: dict[str, int] = {}
        self.zoomLevels = type(self.zoomLevels)(
            (spacing, _UtcZoomLevel(level.tickSpecs, level.exampleText))
            for spacing, level in self.zoomLevels.items()
        )

    def tickValues(self, minVal, maxVal, size):
        # finer levels whose ticks are closer than MIN_TICK_PX are a grey smear, not marks
        # one can count (27 years of months on a laptop screen: ~320 ticks 3-6 px apart),
        # and each tick is Python work on every pan; pyqtgraph keeps them down to ~1 px
        finest = MIN_TICK_PX * (maxVal - minVal) / size if size > 0 else 0.0
        for level in self.zoomLevels.values():
            level.finest = finest
        levels = super().tickValues(minVal, maxVal, size)
        # pyqtgraph formats and measures every label of a tick level before it finds the
        # level too crowded to label (27 years of months: ~320 labels on every pan).  A
        # level whose labels alone fill the axis is crowded whatever the measure, so it
        # (and every finer level) is not offered for labels at all.
        limit = max((lim for _, lim in self.style["textFillLimits"]), default=0.8)
        text_level = self._max_text_level
        for i, (spacing, values) in enumerate(levels):
            if i == 0 or i > text_level:
                continue
            width = sum(self._label_width(t) for t in self.tickStrings(values, 1.0, spacing))
            if width >= size * (limit + 0.15):
                text_level = i - 1
                break
        self.style["maxTextLevel"] = text_level
        return levels

    def _label_width(self, text: str) -> int:
        width = self._widths.get(text)
        if width is None:
            width = self._widths[text] = self.fontMetrics.horizontalAdvance(text)
        return width

    def setTickFont(self, font):
        self._widths = {}
        super().setTickFont(font)

    def tickStrings(self, values, scale, spacing):
        spec = next((s for s in self.zoomLevel.tickSpecs if s.spacing == spacing), None)
        if spec is None:
            return super().tickStrings(values, scale, spacing)
        out = []
        lang = language()
        local = lang != "en" and ("%b" in spec.format or "%a" in spec.format)
        for v in values:
            key = (lang, spec.format, v)
            text = _DATE_LABELS.get(key)
            if text is None:
                if local:
                    try:
                        text = local_tick(v, spec.format)
                    except (OverflowError, ValueError, OSError):
                        text = super().tickStrings([v], scale, spacing)[0]
                else:
                    text = super().tickStrings([v], scale, spacing)[0]
                if len(_DATE_LABELS) > 20_000:
                    _DATE_LABELS.clear()
                _DATE_LABELS[key] = text
            out.append(text)
        return out
