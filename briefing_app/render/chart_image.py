"""Charts for export: built at the output size, painted with QPainter onto any device.

A chart is built with `build_chart` at the size it will have in the output, with the
theme scaled to that size (`Theme.scaled`), so fonts and pen widths grow with the
image: pyqtgraph's pens are cosmetic, and a chart rendered small and scaled up
(or built small and painted into a 4K image) gets hairlines and tiny text.

The same painting serves PNG (QImage), SVG (QSvgGenerator), the clipboard and the
PDF handout (QPdfWriter: vector graphics).  Devices are given the screen's logical
DPI, which is the DPI pyqtgraph lays text out at.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPaintDevice, QPainter
from PySide6.QtWidgets import QWidget

from briefing_app.content.chartdata import ChartData
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import tr
from briefing_app.render.text import Para, Style, plain_font
from briefing_app.render.themes import Theme

#: the size a chart image is designed at: other sizes scale type and pens from it
REFERENCE_SIZE = (960, 540)
#: samples per pixel column kept by peak downsampling in exports (pyqtgraph's default)
EXPORT_DOWNSAMPLE_FACTOR = 5.0
#: a chart image's default size, and the sizes offered in the window
DEFAULT_SIZE = (1920, 1080)
SIZES = ((1280, 720), (1920, 1080), (2560, 1440), (3840, 2160))


def scale_for(width: float, height: float) -> float:
    """Scale of type and pens for an image of width x height."""
    rw, rh = REFERENCE_SIZE
    return max(0.5, min(width / rw, height / rh))


def screen_dpi() -> int:
    """The DPI pyqtgraph lays out text at (the primary screen's logical DPI)."""
    screen = QGuiApplication.primaryScreen()
    return round(screen.logicalDotsPerInch()) if screen is not None else 96


class PlotHost:
    """A never-mapped top-level widget in which plots are laid out to be painted.

    One host serves a whole export, so a 7-tab PDF creates one (invisible) window,
    not one per chart.
    """

    def __init__(self) -> None:
        self.widget = QWidget()
        self.widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.widget.resize(16, 16)
        self.widget.show()

    def layout(self, plot: QWidget, width: int, height: int) -> None:
        """Give *plot* its output size and let pyqtgraph lay out axes and text."""
        plot.setParent(self.widget)
        plot.setMinimumSize(0, 0)  # the on-screen minimum would overflow a small target
        plot.setGeometry(0, 0, max(1, width), max(1, height))
        plot.show()
        QCoreApplication.sendPostedEvents()
        # pyqtgraph sizes the axes from the text it measured while painting:
        # paint once, let the layout settle, and the real paint fits
        scratch = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
        match_dpi(scratch, screen_dpi())
        p = QPainter(scratch)
        plot.render(p, QRectF(0, 0, width, height), QRect(0, 0, width, height))
        p.end()
        QCoreApplication.sendPostedEvents()

    def release(self, plot: QWidget) -> None:
        plot.hide()
        plot.setParent(None)
        plot.deleteLater()

    def close(self) -> None:
        self.widget.close()
        self.widget.deleteLater()


@contextlib.contextmanager
def plot_host() -> Iterator[PlotHost]:
    host = PlotHost()
    try:
        yield host
    finally:
        host.close()


def match_dpi(image: QImage, dpi: int) -> None:
    dpm = round(dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)


def tune_for_export(plot, theme: Theme, scale: float) -> None:
    """Fix what pyqtgraph does not scale: axis label size, 1-pixel pens, text at the edges."""
    pi = plot.getPlotItem()
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        if ax.labelText:
            ax.setLabel(
                ax.labelText,  # already escaped by build_chart
                units=ax.labelUnits or None,
                **{
                    "font-size": f"{theme.font_axis:.1f}pt",
                    "font-family": theme.font_family,
                    "color": theme.plot_foreground,
                },
            )
    for item in pi.listDataItems():
        if not isinstance(item, pg.PlotDataItem):
            continue
        rebase(item)
        # the window draws one peak bin per pixel column (cheap pans); PDF and SVG can be
        # zoomed into, so they keep pyqtgraph's finer default (up to ten points per pixel)
        item.opts["autoDownsampleFactor"] = EXPORT_DOWNSAMPLE_FACTOR
        if scale > 1:
            pen = pg.mkPen(item.opts.get("pen"))
            if pen.style() != Qt.PenStyle.NoPen and pen.widthF() <= 1.0:
                pen.setWidthF(scale)
                item.setPen(pen)
    # text the PDF can give back: no contextual glyph swaps (see text.plain_font)
    for name in ("left", "bottom"):
        ax = pi.getAxis(name)
        if ax.style.get("tickFont") is not None:
            ax.setTickFont(plain_font(ax.style["tickFont"]))
    for item in plot.scene().items():
        if isinstance(item, pg.TextItem):
            item.setFont(plain_font(item.textItem.font()))
        elif isinstance(item, pg.ScatterPlotItem):
            # symbols are stamped from a cached bitmap: draw them as paths instead
            item.opts["useCache"] = False
    px = theme.font_axis * screen_dpi() / 72
    # pyqtgraph sizes the bottom axis to 80 % of the text height, and the descenders
    # of the tick labels are cut off: give it the full height of a line
    bottom = pi.getAxis("bottom")
    if bottom.style.get("showValues", True):
        bottom.setStyle(autoExpandTextSpace=False, tickTextHeight=round(px * 1.3))
    # the last tick label overhangs the right end of the axis
    pi.layout.setContentsMargins(2 * scale, 4 * scale, px * 1.2, 2 * scale)


#: a curve whose x values lie further than this from 0 is drawn relative to its first x
REBASE_BEYOND = 1e5


def rebase(item: pg.PlotDataItem) -> None:
    """Draw *item*'s points relative to its first x, the item moved there instead.

    A vector device gets the points in the item's own coordinates, and QSvgGenerator
    writes 6 significant digits: dates as seconds since 1970 (1.73e9) lost hours, and a
    line drifted 10-20 pixels off its axis in the SVG.  Relative to the first date the
    digits go to the shape; the move is part of the transform, in pixels."""
    x, y = item.getOriginalDataset()
    if x is None or not len(x):
        return
    x = np.asarray(x, dtype=float)
    finite = x[np.isfinite(x)]
    if not len(finite) or abs(finite[0]) < REBASE_BEYOND:
        return
    origin = float(finite[0])
    # pyqtgraph clips a curve to the view in the view's coordinates, as if the item sat at
    # the origin: an export draws it whole
    item.setClipToView(False)
    item.setData(x - origin, y)
    item.setPos(origin, 0)


def build_for_export(data: ChartData, theme: Theme, scale: float):
    """build_chart with the theme scaled, from the data thinned for drawing (a long line's
    outline, `chartdata.decimate`); returns the ChartContent."""
    from briefing_app.content.chartdata.decimate import for_drawing
    from briefing_app.render.charts import build_chart

    content = build_chart(for_drawing(data), theme)
    tune_for_export(content.plot, theme, scale)
    return content


def paint_plot(painter: QPainter, rect: QRectF, plot, host: PlotHost, scale: float = 1.0) -> None:
    """Lay out *plot* at rect's size times *scale* (the device pixels per unit of the
    painter) and paint it into rect (vectors on vector devices)."""
    w, h = round(rect.width() * scale), round(rect.height() * scale)
    host.layout(plot, w, h)
    plot.render(painter, rect, QRect(0, 0, w, h))


#: a map's box in the handout and the tab images: the least and the most its height may
#: be, as shares of its width (`map_height_for_width`)
MAP_HEIGHT_SHARES = (0.2, 0.65)
#: ... the least height at which its maps are drawn this share as large as at the most
MAP_FILL = 0.98


def map_height_for_width(plot, width: float, host: PlotHost) -> float:
    """The height of the box of a map's plot *width* wide (pixels): the least, within
    `MAP_HEIGHT_SHARES` of the width, at which its maps are drawn (nearly, `MAP_FILL`) as
    large as at the most; the box follows the maps' own shape (a wide pair of the whole
    country is short, the tall front pair high) with no empty band above and below them.
    Measured by laying the plot out (`PlotHost.layout`): where the text goes (beside or
    under the maps) and how large it is depend on the box. 0 for a plot with no map."""
    canvas = getattr(plot, "map_canvas", None)
    if canvas is None or width < 2:
        return 0.0
    w = round(width)

    def drawn(h: int) -> float:
        host.layout(plot, w, h)
        return sum(r.width() * r.height() for r in canvas.map_rects())

    lo, hi = (round(width * share) for share in MAP_HEIGHT_SHARES)
    most = drawn(hi)
    if most <= 0:
        return float(hi)
    # the maps grow with the box until its width holds them: the least height that does
    while hi - lo > 2:
        mid = (lo + hi) // 2
        if drawn(mid) >= MAP_FILL * most:
            hi = mid
        else:
            lo = mid
    plot.hide()
    plot.setParent(None)  # laid out again where it is painted
    return float(hi)


def legend_runs(legend: list[tuple[str, str]], text: Style) -> list[tuple[str, Style]]:
    runs: list[tuple[str, Style]] = []
    for k, (label, colour) in enumerate(legend):
        if k:
            runs.append(("    ", text))
        runs.append(("■\u00a0", text.but(colour=colour)))
        runs.append((label, text))
    return runs


def provenance(b: Briefing) -> str:
    version = tr(", version {version}").format(version=b.version) if b.version else ""
    return tr("From “{title}”, as of {date}{version}, checksum {checksum}").format(
        title=b.title, date=fmt_date(b.as_of), version=version, checksum=b.short_checksum
    )


def paint_chart_card(
    painter: QPainter,
    rect: QRectF,
    data: ChartData,
    b: Briefing,
    theme: Theme,
    scale: float,
    host: PlotHost,
    device: QPaintDevice | None = None,
) -> None:
    """Paint a chart as a self-contained picture: title, legend, plot, sources, caption."""
    t = theme.scaled(scale)
    painter.fillRect(rect, QColor(t.plot_background))
    pad = 18 * scale
    x, width = rect.x() + pad, rect.width() - 2 * pad
    fg, muted = t.plot_foreground, t.muted
    content = build_for_export(data, t, scale)
    try:
        title = Para(data.title, Style(t.font_title * 0.8, fg, bold=True), width, device)
        small = Style(t.font_small, muted, family=t.font_family)
        legend = (
            Para(legend_runs(content.legend, small.but(colour=fg)), small, width, device)
            if content.legend
            else None
        )
        foot_runs = []
        if data.source_lines:
            names = "; ".join(data.source_lines)
            foot_runs.append((tr("Source: {source}").format(source=names), small))
        if data.caption:
            foot_runs.append((("\n" if foot_runs else "") + data.caption, small))
        foot_runs.append((("\n" if foot_runs else "") + provenance(b), small.but(italic=True)))
        foot = Para(foot_runs, small, width, device)
        gap = 8 * scale
        fixed = title.height + gap + (legend.height + gap if legend else 0) + gap + foot.height
        plot_h = max(rect.height() - 2 * pad - fixed, rect.height() * 0.3)
        y = rect.y() + pad
        title.draw(painter, x, y)
        y += title.height + gap
        if legend is not None:
            legend.draw(painter, x, y)
            y += legend.height + gap
        paint_plot(painter, QRectF(x, y, width, plot_h), content.plot, host)
        y += plot_h + gap
        foot.draw(painter, x, y)
    finally:
        host.release(content.plot)


def chart_image(
    data: ChartData,
    b: Briefing,
    theme: Theme,
    width: int,
    height: int,
    host: PlotHost | None = None,
) -> QImage:
    """The chart as an image of exactly width x height pixels."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    match_dpi(image, screen_dpi())
    image.fill(QColor(theme.plot_background))
    with contextlib.ExitStack() as stack:
        if host is None:
            host = stack.enter_context(plot_host())
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        try:
            paint_chart_card(
                p,
                QRectF(0, 0, width, height),
                data,
                b,
                theme,
                scale_for(width, height),
                host,
                image,
            )
        finally:
            p.end()
    return image
