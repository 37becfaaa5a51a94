"""No chart in the window loses its axes, or is cut by the lines under it, at any window
size from 1024x768 up, in any theme."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from conftest import FULL, load_briefing
from PySide6.QtCore import QEvent, QRect, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from briefing_app.render.themes import THEME_NAMES, load_theme
from briefing_app.ui.chart_panel import ChartPanel
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.style import apply_theme
from briefing_app.ui.tab_images import settle_charts

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

#: window sizes: the smallest supported, a laptop, the first run on 1920x1080 (90 %), full HD
SIZES = [(1024, 768), (1280, 800), (1728, 972), (1920, 1080)]


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, qapp) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    sheet, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _in_panel(panel: ChartPanel, w: QWidget) -> QRect:
    return QRect(w.mapTo(panel, w.rect().topLeft()), w.size())


def panel_problems(panel: ChartPanel) -> list[str]:
    """What of a chart panel is cut off or covered: its parts must stack inside it without
    overlapping, and the plot must hold both axes whole."""
    name = panel.chart.id
    out = []
    lay = panel.layout()
    parts = [lay.itemAt(i) for i in range(lay.count())]
    rects = [p.geometry() for p in parts]
    for r in rects:
        if not panel.rect().contains(r):
            out.append(f"{name}: a part at {r.getRect()} is outside the panel {panel.rect()}")
    for a, b in pairwise(rects):
        if a.bottom() >= b.top():
            out.append(f"{name}: parts overlap ({a.getRect()} and {b.getRect()})")
    plot = panel.plot
    shown = _in_panel(panel, plot)
    if not panel.stack.geometry().contains(shown):
        out.append(f"{name}: the plot {shown.getRect()} is cut by {panel.stack.geometry()}")
    pi = plot.getPlotItem()
    if panel.data.kind == "map":
        return out  # a map has no axes, by design: its scale bar is its measure
    scene = plot.mapFromScene(plot.sceneRect()).boundingRect()
    for side in ("left", "bottom"):
        ax = pi.getAxis(side)
        if side == "left" and not ax.isVisible():
            continue  # by design: poll answers and the timeline's events are labelled
        r = plot.mapFromScene(ax.sceneBoundingRect()).boundingRect()
        if not ax.isVisible() or r.width() < 2 or r.height() < 2:
            out.append(f"{name}: no {side} axis")
        elif not plot.viewport().rect().adjusted(-1, -1, 1, 1).contains(r):
            out.append(f"{name}: the {side} axis {r.getRect()} is outside the plot {scene}")
    bottom = pi.getAxis("bottom")
    if bottom.height() < bottom.style["tickTextHeight"]:
        out.append(f"{name}: the bottom axis is lower than its tick labels")
    return out


def window_problems(qtbot, b, theme_name: str, size: tuple[int, int]) -> list[str]:
    theme = load_theme(theme_name)
    apply_theme(QApplication.instance(), theme)
    w = MainWindow(BriefingDocument(b, theme), prebuild=False)
    w.resize(*size)
    w.show()
    out = []
    try:
        qtbot.waitExposed(w)
        for i in range(w.tabs.count()):
            w.tabs.setCurrentIndex(i)
            view = w.tab_view(i)
            QApplication.processEvents()
            settle_charts(view)
            for panel in view.chart_panels:
                out += [f"{size} {theme_name} tab {i}: {p}" for p in panel_problems(panel)]
    finally:
        # gone before the next theme: a new stylesheet re-polishes every widget still alive
        w.close()
        w.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return out


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_bundled_charts_keep_their_axes_at(qtbot, size):
    b = load_briefing(None)
    problems = []
    for theme in THEME_NAMES:
        problems += window_problems(qtbot, b, theme, size)
    assert problems == []


def test_every_chart_kind_keeps_its_axes_in_the_smallest_window(qtbot):
    assert window_problems(qtbot, load_briefing(FULL), "projector", SIZES[0]) == []
