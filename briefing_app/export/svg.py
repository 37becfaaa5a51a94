"""Charts as SVG, through QSvgGenerator.

pyqtgraph's own SVGExporter fails on this Qt; painting the chart with QPainter into
a QSvgGenerator gives paths for bars, lines and axes and text for labels.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPainter

from briefing_app.content.chartdata import ChartData
from briefing_app.model.briefing import Briefing
from briefing_app.render.chart_image import (
    PlotHost,
    paint_chart_card,
    plot_host,
    provenance,
    scale_for,
    screen_dpi,
)
from briefing_app.render.themes import Theme


def chart_svg(
    data: ChartData,
    b: Briefing,
    theme: Theme,
    width: int,
    height: int,
    host: PlotHost | None = None,
) -> bytes:
    """The chart as an SVG document (QSvgGenerator: vectors and text)."""
    from PySide6.QtSvg import QSvgGenerator

    out = QByteArray()
    buf = QBuffer(out)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(QSize(width, height))
    gen.setViewBox(QRectF(0, 0, width, height))
    gen.setResolution(screen_dpi())
    gen.setTitle(data.title)
    gen.setDescription("; ".join(["Source: " + "; ".join(data.source_lines), provenance(b)]))
    with contextlib.ExitStack() as stack:
        if host is None:
            host = stack.enter_context(plot_host())
        p = QPainter(gen)
        try:
            paint_chart_card(
                p, QRectF(0, 0, width, height), data, b, theme, scale_for(width, height), host
            )
        finally:
            p.end()
    buf.close()
    return bytes(out.data())
