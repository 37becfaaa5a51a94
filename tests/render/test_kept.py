"""Kept pictures (`render.kept`): a label or a chart painted again puts back what Qt
painted, and never once anything it shows has changed."""

from __future__ import annotations

import pytest
from conftest import FULL
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsView, QLabel, QScrollArea, QVBoxLayout, QWidget

from briefing_app.content.chartdata import chart_data
from briefing_app.model.loader import load_package
from briefing_app.render.charts import build_chart
from briefing_app.render.labels import KeptLabel, plain_label
from briefing_app.render.themes import load_theme

LEGEND = (
    '<span style="color:#1d3557">■</span>&nbsp;Killed &nbsp;&nbsp; '
    '<span style="color:#e63946">■</span>&nbsp;Wounded, as reported by the source article'
)
LONG = "Reported 125,800 people; computed 38,130 + 41,980 + 45,680 = 125,790 " * 3


def _host(qtbot, *widgets, size=(600, 300), on_screen: bool = True) -> QWidget:
    """*widgets* in a window, shown; or not shown (*on_screen* False), painted only when
    grabbed: every paint of each then at the same place on its image."""
    host = QWidget()
    lay = QVBoxLayout(host)
    for w in widgets:
        lay.addWidget(w)
    host.resize(*size)
    qtbot.addWidget(host)
    if on_screen:
        host.show()
        qtbot.waitExposed(host)
    else:
        host.ensurePolished()
        host.layout().activate()  # laid out as if shown, before the first paint
    return host


def _painted(widget: QWidget, times: int = 3) -> QImage:
    """*widget* painted *times* over (QWidget.grab: a raster image, as the screen is)."""
    for _ in range(times - 1):
        widget.grab()
    return widget.grab().toImage()


def _rich(text: str = LEGEND) -> QLabel:
    label = KeptLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setText(text)
    return label


def _twin_of(label: QLabel) -> QLabel:
    twin = QLabel()
    twin.setTextFormat(label.textFormat())
    twin.setWordWrap(label.wordWrap())
    twin.setTextInteractionFlags(label.textInteractionFlags())
    twin.setText(label.text())
    return twin


# -- labels of every kind -------------------------------------------------------------------


def test_only_labels_dear_to_paint_keep_their_picture(qtbot):
    """Keeping costs a copy, a comparison and a copy back: more than QLabel takes to draw a
    short plain text, less than a long one or a text document."""
    short = plain_label("Reported 45,680")
    long_text = plain_label(LONG)
    selectable = plain_label("Reported 45,680")
    selectable.set_selectable(now=True)
    for label in (short, long_text, selectable):
        label.set_selectable(label is selectable)
    selectable.set_selectable(now=True)
    host = _host(qtbot, short, long_text, selectable, _rich("<b>45,680</b>"))
    _painted(host)
    rich = host.findChildren(KeptLabel)[-1]
    assert short._kept.image is None
    assert long_text._kept.image is not None
    assert selectable._kept.image is not None and rich._kept.image is not None


def test_a_rich_text_or_selectable_label_puts_back_exactly_what_qlabel_paints(qtbot):
    selectable = plain_label(LONG)
    selectable.set_selectable(now=True)  # painted through a text document, as a takeaway
    for name, label in (("rich text", _rich()), ("selectable", selectable)):
        host = _host(qtbot, label)
        twin_host = _host(qtbot, _twin_of(label))
        image = _painted(host)
        assert label._kept.image is not None, f"{name}: nothing kept, so this tests nothing"
        assert image == _painted(twin_host, 1), f"{name}: not what QLabel paints"


def test_a_selection_in_a_label_is_painted_as_qlabel_paints_it(qtbot):
    label = plain_label(LONG)
    label.set_selectable(now=True)
    twin = _twin_of(label)
    host, twin_host = _host(qtbot, label), _host(qtbot, twin)
    before = _painted(host)
    assert label._kept.image is not None
    label.setSelection(0, 20)
    twin.setSelection(0, 20)
    after = _painted(host)
    assert after != before, "the selection shows"
    assert after == _painted(twin_host, 1)
    label.setSelection(0, 0)  # no selection: kept again, and what QLabel paints
    twin.setSelection(0, 0)
    assert _painted(host) == _painted(twin_host, 1)


def test_a_label_cut_by_the_edge_of_a_scroll_area_keeps_the_part_shown(qtbot):
    label = plain_label(LONG * 4)
    label.set_selectable(False)
    inner = QWidget()
    QVBoxLayout(inner).addWidget(label)
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    host = _host(qtbot, area, size=(400, 120))  # the label runs past the bottom
    assert label.height() > area.viewport().height()
    twin_inner = QWidget()
    QVBoxLayout(twin_inner).addWidget(_twin_of(label))
    twin_area = QScrollArea()
    twin_area.setWidget(twin_inner)
    twin_area.setWidgetResizable(True)
    twin_host = _host(qtbot, twin_area, size=(400, 120))
    image = _painted(host)
    assert label._kept.image is not None, "the part in sight is kept"
    assert label._kept.part.height() < label.height()
    assert image == _painted(twin_host, 1)


def test_a_picture_kept_at_one_place_on_an_image_is_not_put_back_at_another(qtbot, monkeypatch):
    """Qt's rasteriser rounds some edges with the whole-pixel offset on the device, so a
    picture is put back only where it was painted."""
    monkeypatch.setattr(KeptLabel, "KEEP_FROM", 1)
    label = plain_label("Reported 45,680; computed 45,720", wrap=False)
    label.set_selectable(False)
    label.resize(900, 40)
    image = QImage(QSize(900, 400), QImage.Format.Format_RGB32)
    for _ in range(2):
        image.fill(Qt.GlobalColor.white)
        label.render(image, QPoint(0, 100))
    assert label._kept.image is not None
    key = label._kept.key
    label.render(image, QPoint(0, 280))
    assert label._kept.key != key and label._kept.image is None


def test_a_pdf_or_svg_gets_the_text_itself(qtbot, tmp_path):
    from PySide6.QtSvg import QSvgGenerator

    label = _rich()
    host = _host(qtbot, label)
    _painted(host)
    assert label._kept.image is not None
    gen = QSvgGenerator()
    gen.setFileName(str(tmp_path / "legend.svg"))
    gen.setSize(QSize(600, 300))
    gen.setViewBox(QRect(0, 0, 600, 300))
    p = QPainter(gen)
    host.render(p, QPoint())
    p.end()
    svg = (tmp_path / "legend.svg").read_text(encoding="utf-8")
    assert "Wounded" in svg and "<image" not in svg


def test_painted_ahead_a_label_keeps_its_picture_from_its_first_paint(qtbot, monkeypatch):
    """A tab painted ahead offscreen is painted by the screen next: kept from that first
    paint (`keeping_from_first`), the screen's paint puts it back; elsewhere a label
    painted once keeps nothing (most are painted once at each size of a window)."""
    from briefing_app.render.kept import keeping_from_first

    drawn = _counting_paints(monkeypatch, QLabel)
    ahead, once = plain_label(LONG), plain_label(LONG)
    host_ahead = _host(qtbot, ahead, on_screen=False)
    host_once = _host(qtbot, once, on_screen=False)
    with keeping_from_first():
        first = host_ahead.grab().toImage()
    host_once.grab()
    assert ahead._kept.image is not None, "kept from its first paint"
    assert once._kept.image is None, "painted once, outside: nothing kept"
    drawn.clear()
    again = host_ahead.grab().toImage()
    assert ahead not in drawn, "the second paint put the picture back"
    assert again == first
    monkeypatch.undo()
    ahead._kept.forget()
    assert host_ahead.grab().toImage() == first, "what QLabel paints"


# -- charts ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def charts():
    result = load_package(FULL)
    assert result.ok
    b = result.briefing
    return b, [c for t in b.tabs for c in t.charts]


def _chart(qtbot, charts, kind: str):
    b, all_charts = charts
    chart = next(c for c in all_charts if chart_data(b, c).kind == kind)
    plot = build_chart(chart_data(b, chart), load_theme("screen")).plot
    host = _host(qtbot, plot, size=(900, 420), on_screen=False)
    for _ in range(4):
        QApplication.processEvents()
    return host, plot


def test_a_chart_is_laid_out_for_its_tick_labels_before_its_first_paint(qtbot, charts, monkeypatch):
    """pyqtgraph widens an axis for its labels as it paints them, which laid the chart out
    anew and painted it a second time as soon as it was shown (the first tab's second
    frame; a second offscreen paint of a tab built ahead).  Measured before the first
    paint, that paint is the only one."""
    b, all_charts = charts
    theme = load_theme("screen")
    painted: dict[object, list[float]] = {}
    real = QGraphicsView.paintEvent  # as Plot.paintEvent calls it

    def paint(self, event):
        left = self.getPlotItem().getAxis("left")
        painted.setdefault(self, []).append(left.width())
        real(self, event)

    monkeypatch.setattr(QGraphicsView, "paintEvent", paint)
    wide = []
    for chart in all_charts:
        if chart_data(b, chart).kind not in ("bar", "line"):
            continue
        plot = build_chart(chart_data(b, chart), theme).plot
        left = plot.getPlotItem().getAxis("left")
        host = _host(qtbot, plot, size=(900, 420))
        qtbot.waitUntil(lambda plot=plot: plot in painted, timeout=5_000)
        for _ in range(6):
            QApplication.processEvents()
        assert host.isVisible()
        widths = painted[plot]
        assert widths == [left.width()], f"{chart.id}: painted {len(widths)} times ({widths})"
        if left.textWidth > 30:  # wider than pyqtgraph's room for labels before it measures
            wide.append(chart.id)
    assert wide, "no chart's labels need more room than pyqtgraph leaves: this tests nothing"


def _fresh(plot) -> QImage:
    """What the chart's scene paints now, with nothing kept."""
    plot._kept.forget()
    return plot.grab().toImage()


def _counting_paints(monkeypatch, cls=QGraphicsView) -> list:
    """The widgets painted through *cls*'s own paintEvent from now on (a chart's scene, by
    default: `Plot.paintEvent` calls QGraphicsView's when it puts nothing back)."""
    painted = []
    real = cls.paintEvent

    def paint(self, event):
        painted.append(self)
        real(self, event)

    monkeypatch.setattr(cls, "paintEvent", paint)
    return painted


def test_a_chart_painted_again_puts_back_what_its_scene_paints(qtbot, charts, monkeypatch):
    for kind in ("bar", "line"):
        _host_window, plot = _chart(qtbot, charts, kind)
        image = _painted(plot)
        assert plot._kept.image is not None, f"{kind}: nothing kept, so this tests nothing"
        painted = _counting_paints(monkeypatch)
        again = plot.grab().toImage()
        assert not painted, f"{kind}: the scene painted again"
        monkeypatch.undo()
        assert again == image == _fresh(plot), f"{kind}: not what the scene paints"


CHANGES = {
    "the data": lambda plot: (
        lambda item: item.setData(item.getData()[0], item.getData()[1] * 0.5)
    )(plot.getPlotItem().listDataItems()[0]),
    "an item hidden": lambda plot: plot.getPlotItem().listDataItems()[0].setVisible(False),
    "the range": lambda plot: plot.getPlotItem().vb.setYRange(0, 10_000_000, padding=0),
    "the axis title": lambda plot: plot.getPlotItem().setLabel("left", "Something else"),
    "the size": lambda plot: plot.resize(plot.width() - 80, plot.height()),
    "the background": lambda plot: plot.setBackground("#fff7d6"),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_to_a_chart_shows_in_its_next_paint(qtbot, charts, change):
    """Its next paint once the event loop has turned (the scene tells of the change then,
    and asks for that paint)."""
    _host_window, plot = _chart(qtbot, charts, "line")
    before = _painted(plot)
    assert plot._kept.image is not None
    CHANGES[change](plot)
    qtbot.wait(50)  # the scene tells of the change
    after = plot.grab().toImage()
    assert after != before, f"{change}: shows nothing, so this case tests nothing"
    assert after == _fresh(plot), f"{change}: the kept picture was put back"


def test_a_chart_changed_while_hidden_shows_the_change_when_shown(qtbot, charts):
    _host_window, plot = _chart(qtbot, charts, "bar")
    before = _painted(plot)
    assert plot._kept.image is not None
    plot.hide()  # as a tab not shown
    plot.getPlotItem().listDataItems()[0].setVisible(False)
    for _ in range(4):
        QApplication.processEvents()
    plot.show()
    after = plot.grab().toImage()
    assert after != before and after == _fresh(plot)


def test_a_chart_painted_in_two_halves_is_put_back_whole(qtbot, charts, monkeypatch):
    """As a tab painted ahead in two halves: the halves kept join into the whole chart."""
    from PySide6.QtGui import QRegion

    _host_window, plot = _chart(qtbot, charts, "bar")
    image = QImage(plot.size(), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    h = plot.height()
    for _ in range(2):
        for top, bottom in ((0, h // 2), (h // 2, h)):
            band = QRect(0, top, plot.width(), bottom - top)
            QWidget.render(plot, image, band.topLeft(), QRegion(band))
    assert plot._kept.part == plot.viewport().rect(), "the halves joined"
    painted = _counting_paints(monkeypatch)
    whole = QImage(plot.size(), QImage.Format.Format_RGB32)
    whole.fill(Qt.GlobalColor.white)
    QWidget.render(plot, whole)
    assert not painted, "put back whole"
    monkeypatch.undo()
    plot._kept.forget()
    fresh = QImage(plot.size(), QImage.Format.Format_RGB32)
    fresh.fill(Qt.GlobalColor.white)
    QWidget.render(plot, fresh)
    assert whole == fresh == image


def test_an_svg_of_a_chart_gets_its_lines_not_a_picture(qtbot, charts, tmp_path):
    from PySide6.QtSvg import QSvgGenerator

    _host_window, plot = _chart(qtbot, charts, "line")
    _painted(plot)
    assert plot._kept.image is not None
    gen = QSvgGenerator()
    gen.setFileName(str(tmp_path / "chart.svg"))
    gen.setSize(plot.size())
    gen.setViewBox(QRect(QPoint(), plot.size()))
    p = QPainter(gen)
    plot.render(p)
    p.end()
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert "<image" not in svg and ("<path" in svg or "<polyline" in svg)


# -- memory ---------------------------------------------------------------------------------


def test_kept_pictures_stay_within_their_budget_the_latest_kept(qtbot, fresh_budget, monkeypatch):
    kept = fresh_budget
    labels = [plain_label(LONG) for _ in range(4)]  # the same text: as much kept for each
    for label in labels:
        label.set_selectable(False)
    host = _host(qtbot, *labels, size=(600, 700), on_screen=False)
    _painted(host, 2)
    sizes = {entry[1] for entry in kept._KEPT.values()}
    assert len(kept._KEPT) == 4 and len(sizes) == 1, "four labels, each keeping as much"
    for label in labels:
        label._kept.forget()
    assert kept.kept_bytes() == 0
    monkeypatch.setattr(kept, "BUDGET", int(2.5 * sizes.pop()))
    _painted(host, 2)
    held = [lab for lab in labels if lab._kept.image is not None]
    assert held == labels[2:], "the two painted last are kept: two fit the budget"
    assert 0 < kept.kept_bytes() <= kept.BUDGET
    image = _painted(host, 2)  # the others kept again, in the place of the least lately used
    assert 0 < kept.kept_bytes() <= kept.BUDGET
    twins = _host(qtbot, *map(_twin_of, labels), size=(600, 700), on_screen=False)
    assert image == _painted(twins, 1)


def test_a_widget_gone_gives_back_what_its_picture_took(qtbot, fresh_budget):
    import gc

    kept = fresh_budget
    label = plain_label(LONG)
    label.set_selectable(False)
    label.resize(400, 120)
    image = QImage(QSize(400, 120), QImage.Format.Format_RGB32)
    for _ in range(2):
        image.fill(Qt.GlobalColor.white)
        label.render(image)
    assert kept.kept_bytes() > 0
    del label
    gc.collect()
    assert kept.kept_bytes() == 0
