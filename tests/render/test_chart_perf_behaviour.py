"""What the charts' speed-ups must keep: one paint per pan, y following the visible data,
an opaque grid behind the data, UTC date ticks, antialiased lines drawn as segments only
on raster devices."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from conftest import FULL, paint_counter
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPicture
from PySide6.QtWidgets import QApplication

from benchmarks.synth import CHART_ID, make_package
from briefing_app.content.chartdata import chart_data
from briefing_app.model.loader import load_package
from briefing_app.render.charts import DateAxis, build_chart
from briefing_app.render.themes import load_theme


def _settle() -> None:
    for _ in range(6):
        QApplication.processEvents()


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    pkg = make_package(tmp_path_factory.mktemp("daily") / "pkg", 3000)
    result = load_package(pkg)
    assert result.ok, [str(p) for p in result.errors]
    b = result.briefing
    chart = next(c for t in b.tabs for c in t.charts if c.id == CHART_ID)
    return b, chart


def test_a_pan_of_a_line_chart_is_one_paint_and_y_follows_the_visible_data(qtbot, daily):
    b, chart = daily
    content = build_chart(chart_data(b, chart), load_theme("screen"))
    plot = content.plot
    qtbot.addWidget(plot)
    plot.resize(1000, 500)
    plot.show()
    qtbot.waitExposed(plot)
    _settle()
    vb = plot.getPlotItem().vb
    (x0, x1), _ = vb.viewRange()
    span = (x1 - x0) / 5
    vb.setXRange(x0 + span, x0 + 2 * span, padding=0)
    _settle()
    paints = paint_counter()
    plot.viewport().installEventFilter(paints)
    item = plot.getPlotItem().listDataItems()[0]
    xs, ys = item.getOriginalDataset()
    for i in range(8):
        before = paints.count
        vb.translateBy(x=(1 if i < 4 else -1) * span * 0.1)
        _settle()
        assert paints.count - before == 1, f"pan {i}: {paints.count - before} paints"
        (lo, hi), (ylo, yhi) = vb.viewRange()
        shown = ys[(xs >= lo) & (xs <= hi)]
        # the y range holds the visible data and is not much larger (auto-range padding)
        assert ylo <= shown.min() and yhi >= shown.max()
        assert (yhi - ylo) < (shown.max() - shown.min()) * 1.3
    plot.viewport().removeEventFilter(paints)


def test_grid_lines_are_opaque_two_levels_behind_the_data(qapp):
    result = load_package(FULL)
    b = result.briefing
    theme = load_theme("screen")
    chart = next(c for t in b.tabs for c in t.charts if c.kind == "bar")
    plot = build_chart(chart_data(b, chart), theme).plot
    plot.resize(900, 500)
    pi = plot.getPlotItem()
    axis = pi.getAxis("left")
    axis.setGeometry(axis.geometry())  # a laid-out size for the specs
    image = QImage(900, 500, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    plot.render(p)
    _, ticks, texts = axis.generateDrawSpecs(p)
    p.end()
    assert ticks and texts
    pens = {id(pen): pen for pen, _, _ in ticks}
    assert len(pens) <= 2
    assert all(pen.color().alpha() == 255 for pen in pens.values())
    assert axis.zValue() < pi.vb.zValue()
    plot.deleteLater()


def test_date_axis_ticks_and_labels_are_utc(qapp):
    axis = DateAxis()
    axis.fontMetrics = QFontMetrics(QFont())  # pyqtgraph sets it while painting
    lo = dt.datetime(2021, 6, 1, tzinfo=dt.UTC).timestamp()
    hi = dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp()
    levels = axis.tickValues(lo, hi, 900)
    spacing, years = levels[0]
    assert dt.datetime(2023, 1, 1, tzinfo=dt.UTC).timestamp() in years
    labels = axis.tickStrings(years, 1.0, spacing)
    assert labels == axis.tickStrings(years, 1.0, spacing)  # from the cache, the same
    assert "2023" in labels
    months = levels[1][1]
    assert dt.datetime(2023, 3, 1, tzinfo=dt.UTC).timestamp() in months


def test_date_axis_leaves_out_tick_levels_too_dense_to_see(qapp):
    from briefing_app.render.charts import MIN_TICK_PX

    axis = DateAxis()
    axis.fontMetrics = QFontMetrics(QFont())
    lo = dt.datetime(1997, 7, 17, tzinfo=dt.UTC).timestamp()
    hi = dt.datetime(2024, 12, 1, tzinfo=dt.UTC).timestamp()
    for width in (900, 1800):
        levels = axis.tickValues(lo, hi, width)
        assert levels[0][1], "the labelled level is always there"
        for spacing, values in levels[1:]:
            assert spacing * width / (hi - lo) >= MIN_TICK_PX, (width, spacing, len(values))
        # 27 years: a year apart fits, the months (3-6 px apart) do not
        assert all(len(values) < 40 for _, values in levels), [len(v) for _, v in levels]
    # three years: the months are ~25 px apart and stay (see the test above)
    short = axis.tickValues(hi - 3 * 365.25 * 86400, hi, 900)
    assert len(short) > 1 and len(short[1][1]) > 30


def test_wide_antialiased_lines_are_segments_on_raster_only(qapp):
    result = load_package(FULL)
    b = result.briefing
    chart = next(c for t in b.tabs for c in t.charts if c.kind == "line")
    plot = build_chart(chart_data(b, chart), load_theme("screen")).plot
    item = plot.getPlotItem().listDataItems()[0].curve
    item.setData(np.arange(10.0), np.arange(10.0) ** 2)
    image = QImage(200, 100, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(image)
    item.paint(p, None, None)
    p.end()
    assert item.opts["segmentedLineMode"] == "on"
    picture = QPicture()  # a vector device, like PDF and SVG: one path
    p = QPainter(picture)
    item.paint(p, None, None)
    p.end()
    assert item.opts["segmentedLineMode"] == "auto"
    plot.deleteLater()


def test_a_long_series_is_drawn_as_one_peak_bin_per_pixel_and_exports_keep_detail(qtbot, daily):
    from briefing_app.render.chart_image import build_for_export, plot_host

    b, chart = daily
    theme = load_theme("screen")
    plot = build_chart(chart_data(b, chart), theme).plot
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    qtbot.waitExposed(plot)
    _settle()
    item = plot.getPlotItem().listDataItems()[0]
    xs, ys = item.getOriginalDataset()
    dx, dy = item.getData()  # what is drawn, whole range in view
    width = plot.getPlotItem().vb.width()
    # a bin is a whole number of samples, so there are between 1 and 4/3 bins per pixel
    # (2 points each) once a bin is 3 samples or more
    assert len(xs) > 3 * width, "the fixture must be longer than three points per pixel"
    assert len(dx) <= 3 * width, f"{len(dx)} points drawn in {width:.0f} px"
    # peak mode: every extreme survives, so the line spans exactly what the data does
    assert dy.max() == ys.max() and dy.min() == ys.min()

    with plot_host() as host:
        exported = build_for_export(chart_data(b, chart), theme, 1.0).plot
        host.layout(exported, 600, 400)
        _settle()
        ex, _ = exported.getPlotItem().listDataItems()[0].getData()
        assert len(ex) == len(xs), "a PDF or SVG chart of this size keeps every point"
