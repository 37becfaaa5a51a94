"""The map in the window: the date slider and play step through the layers, the mouse
over the map names the place or the layer's date and area, and the map pans and zooms."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip
from test_hover import TOOLTIP_WAIT_MS, move_mouse, ready_for_pointer

from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.chart_panel import ChartPanel
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.map_controls import MapControls

# the mouse over the map shows tooltips, which raise their window: offscreen cannot
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture(scope="module")
def bundled():
    result = load_package()
    assert result.ok
    return result.briefing


@pytest.fixture
def panel(qtbot, bundled) -> ChartPanel:
    w = MainWindow(BriefingDocument(bundled, load_theme("screen")), prebuild=False)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    w.tabs.setCurrentIndex(1)  # territory
    qtbot.waitExposed(w)
    view = w.tab_view(1)
    found = next(p for p in view.findChildren(ChartPanel) if p.data.id == "front-map")
    view.verticalScrollBar().setValue(
        found.mapTo(view.widget(), QPoint(0, 0)).y()
    )  # scrolled into view: the mouse can reach it
    for _ in range(4):
        QApplication.processEvents()
    return found


def _point(panel: ChartPanel, x: float, y: float) -> QPoint:
    """The pixel of the plot's viewport at map coordinates (x, y)."""
    plot = panel.plot
    scene = plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene)


def _hover(qtbot, panel: ChartPanel, at: QPoint) -> str:
    viewport = panel.plot.viewport()
    ready_for_pointer(qtbot, viewport)
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=TOOLTIP_WAIT_MS)
    # through the window, not QTest.mouseMove on the widget (see move_mouse)
    move_mouse(viewport, at + QPoint(3, 3))
    move_mouse(viewport, at)
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=TOOLTIP_WAIT_MS)
    return QToolTip.text()


def test_the_slider_steps_through_the_layers(qtbot, panel):
    controls = panel.controls
    assert isinstance(controls, MapControls)
    assert controls.step_names() == [
        "8 Jul 2024",
        "1 Aug 2024",
        "1 Sep 2024",
        "1 Oct 2024",
        "1 Nov 2024",
        "1 Dec 2024",
    ]
    canvas = panel.plot.map_canvas
    assert controls.slider.value() == 5 and canvas.step == 5
    assert controls.label.text() == (
        "1 Dec 2024 · 111,484.6 km² · +1,626.0 km² since 1 Sep 2024 (net change)"
    )
    controls.slider.setFocus()
    QTest.keyClick(controls.slider, Qt.Key.Key_Left)
    assert canvas.step == 4
    assert controls.label.text() == (
        "1 Nov 2024 · 110,758.7 km² · +900.1 km² since 1 Sep 2024 (net change)"
    )
    QTest.keyClick(controls.slider, Qt.Key.Key_Home)
    assert canvas.step == 0 and controls.label.text() == "8 Jul 2024 · 109,360.9 km²"


def test_play_shows_each_date_then_stops_at_the_last(qtbot, panel):
    controls = panel.controls
    controls.timer.setInterval(5)
    shown: list[int] = []
    panel.plot.map_canvas.step_changed.connect(shown.append)
    QTest.mouseClick(controls.play, Qt.MouseButton.LeftButton)  # at the last date: from the first
    qtbot.waitUntil(lambda: not controls.play.isChecked(), timeout=5000)
    assert shown == [0, 1, 2, 3, 4, 5]
    assert controls.play.text() == "Play"


def test_the_mouse_over_the_map_names_the_place_or_the_layers_date_and_area(qtbot, panel):
    canvas = panel.plot.map_canvas
    label = next(lab for lab in canvas.panels[0].labels if lab.text() == "Kharkiv")
    assert label.isVisible()
    centre = label.sceneBoundingRect().center()
    text = _hover(qtbot, panel, panel.plot.mapFromScene(centre))
    assert "Kharkiv" in text and "49.98° N, 36.25° E" in text and "GeoNames" in text
    # inside the land occupied since 2014 (east of Donetsk): the layer's date and area
    donetsk = next(p for p in canvas.geo.places if p.id == "donetsk")
    text = _hover(qtbot, panel, _point(panel, donetsk.x + 12, donetsk.y - 12))
    assert "1 Sep 2024: 109,858.6 km²" in text
    assert "1 Dec 2024: 111,484.6 km²" in text
    assert "DeepStateMap" in text


def test_the_map_pans_and_zooms_and_keeps_its_labels_apart(qtbot, panel):
    plot = panel.plot
    vb = plot.getPlotItem().vb
    before = vb.viewRect()
    centre = plot.viewport().rect().center()
    QTest.mousePress(plot.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseMove(plot.viewport(), centre + QPoint(60, 0))
    QTest.mouseMove(plot.viewport(), centre + QPoint(120, 0))
    QTest.mouseRelease(plot.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(120, 0))
    moved = vb.viewRect()
    assert moved.left() < before.left()  # dragged right: the map moved with it
    vb.scaleBy((0.5, 0.5))  # zoom in, as the wheel does
    assert vb.viewRect().width() == pytest.approx(moved.width() * 0.5, rel=1e-6)
    canvas = plot.map_canvas
    assert not canvas.fitted  # a resize keeps what the user chose
    shown = [lab.sceneBoundingRect() for lab in canvas.panels[0].labels if lab.isVisible()]
    assert len(shown) > 3
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            assert not a.intersects(b)


def _wheel(plot, notches: int) -> None:
    """*notches* of a mouse wheel over the middle of the plot (up: > 0), each an event
    sent to its viewport as the window system sends one."""
    from PySide6.QtGui import QWheelEvent

    viewport = plot.viewport()
    at = QPointF(viewport.rect().center())
    step = QPoint(0, 120 if notches > 0 else -120)
    for _ in range(abs(notches)):
        event = QWheelEvent(
            at,
            QPointF(viewport.mapToGlobal(at.toPoint())),
            QPoint(),
            step,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)
        QApplication.processEvents()


def test_the_wheel_zooms_the_map_within_bounds_then_scrolls_the_page(qtbot, panel):
    """Zoomed out without end, a page scrolled with the pointer over the map shrank it to
    a speck; the wheel now zooms it from half its fitted size to 40 times it, and past
    either bound scrolls the tab."""
    from briefing_app.render.charts.map import ZOOM_LEAST, ZOOM_MOST

    plot = panel.plot
    vb = plot.getPlotItem().vb
    fitted = vb.viewRect().width()
    scroll = panel.window().tab_view(1).verticalScrollBar()
    top = scroll.value()
    assert 0 < top < scroll.maximum(), "the fixture scrolled the tab to the map"
    _wheel(plot, -1)
    assert vb.viewRect().width() > fitted and scroll.value() == top, "a notch zooms out"
    _wheel(plot, -30)
    assert fitted / vb.viewRect().width() >= ZOOM_LEAST / 1.4, "to half its size, no less"
    assert scroll.value() > top, "then the wheel scrolls the tab down"
    scroll.setValue(top)
    _wheel(plot, 60)
    assert fitted / vb.viewRect().width() <= ZOOM_MOST * 1.4, "in to 40 times, no further"
    assert scroll.value() < top, "then the wheel scrolls the tab up"
