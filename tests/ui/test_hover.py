"""Hovering charts with real mouse events: every chart of every tab, and every chart slide
of a presentation, shows its tooltip and raises no error.

The mouse is moved with ``QTest.mouseMove`` on the chart's window (the event goes through
the window to whatever widget is under that point, then the chart's scene), never by
calling the hover handler; pytest-qt fails a test on any exception raised in a
Qt handler, and no message box may be open at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import FULL, TESTS, load_briefing, run_python
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QStyle, QToolTip, QWidget

from briefing_app.render.charts.plot import Plot
from briefing_app.render.labels import rich_tooltip
from briefing_app.render.themes import load_theme
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

#: a hover box smaller than this many pixels a side is not aimed at
MIN_PX = 3
#: where in a hover box the pointer goes (up from its bottom), the first clear of labels
FRACTIONS = (0.5, 0.25, 0.75, 0.1, 0.9)
#: how long a tooltip may take to show or hide: Qt's wake-up delay is ~0.7 s, but on a
#: loaded machine (``make test`` runs a pytest worker per core) its timer fires late
TOOLTIP_WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


def hover_targets(plot: Plot) -> list[QPointF]:
    """A scene point in each event label and each hover box of *plot* (clear of the labels,
    which take the hover), and on a line's first, middle and last points."""
    vb = plot.getPlotItem().vb
    view_box = vb.sceneBoundingRect()
    labels = [item.sceneBoundingRect() for item, _ in plot.label_hits if item.isVisible()]
    points = [r.center() for r in labels]
    for h in plot.hits:
        if hasattr(h.rect, "sample"):  # a map's land: no box, a point inside it
            inside = h.rect.sample()
            if inside is not None:
                at = vb.mapViewToScene(inside)
                if not _on(labels, at):
                    points.append(at)
            continue
        box = vb.mapViewToScene(h.rect).boundingRect() & view_box
        if box.width() >= MIN_PX and box.height() >= MIN_PX:
            inside = (QPointF(box.center().x(), box.top() + f * box.height()) for f in FRACTIONS)
            points.append(next((p for p in inside if not _on(labels, p)), box.center()))
    if plot.nearest is not None:
        for item in plot.getPlotItem().listDataItems():
            xs, ys = item.getData()
            for j in sorted({0, len(xs) // 2, len(xs) - 1} if len(xs) else ()):
                at = vb.mapViewToScene(QPointF(xs[j], ys[j]))
                if not _on(labels, at):
                    points.append(at)
    return [p for p in points if view_box.contains(p)]


def expected_tooltip(plot: Plot, pos: QPoint) -> str:
    """The tooltip at *pos* in the viewport: the hover text of the scene point there (the
    pixel the event carries, not the target's exact point: on the edge of two boxes, the
    pixel decides)."""
    text = plot.hover_text(plot.mapToScene(pos))
    assert text, f"{plot.accessibleName()}: no hover text at a target, {pos}"
    return rich_tooltip(text)


def away_from(plot: Plot, pos: QPoint) -> QPoint:
    """A point in sight next to *pos* but outside the plot's data box (no tooltip there)."""
    box = plot.mapFromScene(plot.getPlotItem().vb.sceneBoundingRect()).boundingRect()
    seen = plot.viewport().visibleRegion()
    for p in (
        QPoint(pos.x(), box.bottom() + 3),
        QPoint(pos.x(), box.top() - 3),
        QPoint(box.left() - 3, pos.y()),
        QPoint(box.right() + 3, pos.y()),
    ):
        if seen.contains(p):
            return p
    # a chart whose data fills all of it in sight (a map taller than the screen): just
    # outside the plot, over whatever is above or beside it in the window
    window = plot.window()
    for p in (QPoint(pos.x(), -4), QPoint(-4, pos.y())):
        if window.rect().contains(plot.viewport().mapTo(window, p)):
            return p
    raise AssertionError(f"{plot.accessibleName()}: nowhere in sight outside the data")


def move_mouse(widget: QWidget, pos: QPoint) -> None:
    """A mouse move to *pos* in *widget*, as the window system delivers it: to the widget's
    window, which passes it to whatever widget is under that point.  (``QTest.mouseMove``
    on a widget moves the offscreen platform's cursor instead, and that platform keeps no
    stacking order: the event went to the main window under a full-screen presentation.)"""
    window = widget.window()
    QTest.mouseMove(window.windowHandle(), widget.mapTo(window, pos))


def _on(rects, point: QPointF) -> bool:
    return any(r.contains(point) for r in rects)


def _message_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def _settled_targets(qtbot, plot: Plot) -> list[QPointF]:
    """The targets once the chart's layout has settled (a slide's chart places its labels
    after its first paints: on a busy machine that is later than one short wait)."""
    targets = hover_targets(plot)
    for _ in range(20):
        qtbot.wait(50)
        again = hover_targets(plot)
        if again == targets:
            break
        targets = again
    return targets


def hover_every_target(qtbot, plot: Plot, scroll=None) -> int:
    """Move the mouse over each target of *plot*; each shows its tooltip. *scroll*
    (a scroll area) is scrolled to bring a target into view first."""
    plot.viewport().repaint()  # as seen: a line chart takes its range at its first paint
    targets = _settled_targets(qtbot, plot)
    assert targets, f"{plot.accessibleName()}: nothing to hover"
    shown = None
    for scene_point in targets:
        if scroll is not None:
            at = plot.mapTo(scroll.widget(), plot.mapFromScene(scene_point))
            scroll.ensureVisible(at.x(), at.y(), 40, 40)
            QApplication.processEvents()
        pos = plot.mapFromScene(scene_point)
        assert plot.viewport().visibleRegion().contains(pos), "the target is in sight"
        expected = expected_tooltip(plot, pos)
        ready_for_pointer(qtbot, plot)
        if expected == shown:  # away first (the tooltip hides outside the plot's box)
            move_mouse(plot.viewport(), away_from(plot, pos))
            qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=TOOLTIP_WAIT_MS)
        move_mouse(plot.viewport(), pos)
        qtbot.waitUntil(
            lambda e=expected: QToolTip.isVisible() and QToolTip.text() == e,
            timeout=TOOLTIP_WAIT_MS,
        )
        shown = expected
    assert _message_boxes() == [], "no error dialog"
    return len(targets)


def _pointer_free() -> None:
    """No popup, mouse grab or modal window left open by an earlier test of this process:
    each takes the pointer's events, and Qt then shows no tooltip (the suite runs in
    several processes, and which tests ran before these differs from run to run)."""
    for _ in range(10):
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
        QApplication.processEvents()
    grabber = QWidget.mouseGrabber()
    if grabber is not None:
        grabber.releaseMouse()
    for w in QApplication.topLevelWidgets():
        if w.isVisible() and w.isModal():
            w.close()
    QToolTip.hideText()
    QApplication.processEvents()


def ready_for_pointer(qtbot, widget: QWidget) -> None:
    """*widget*'s window is the active one, as under a user's pointer: Qt shows a tooltip
    only in the active window, and a window an earlier test of this process left alive can
    have taken the activation."""
    window = widget.window()
    if QApplication.activeWindow() is window:
        return
    _pointer_free()
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=TOOLTIP_WAIT_MS)


def _window(qtbot, briefing, theme: str, size: tuple[int, int]) -> MainWindow:
    _pointer_free()
    w = MainWindow(BriefingDocument(briefing, load_theme(theme)), prebuild=False)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.mark.parametrize("package", ["bundled", "full"])
def test_hovering_every_chart_of_every_tab_shows_its_tooltip(qtbot, package):
    b = load_briefing(None if package == "bundled" else FULL)
    w = _window(qtbot, b, "screen", (1280, 800))
    hovered = 0
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        view = w.tab_view(i)
        qtbot.wait(20)
        for panel in view.chart_panels:
            view.ensureWidgetVisible(panel)
            hovered += hover_every_target(qtbot, panel.plot, scroll=view)
    assert hovered >= len(b.tabs), "every chart had something to hover"


@pytest.mark.parametrize("tab", [0, 1], ids=["bars", "map"])
def test_the_tooltip_stays_while_the_pointer_rests(qtbot, tab):
    """Qt asks the chart for a tooltip once the pointer has rested ~0.7 s (a ToolTip
    event): the scene's answer, that none of its items has one, hid the chart's tooltip
    before anyone could read it."""
    w = _window(qtbot, load_briefing(None), "screen", (1280, 800))
    ready_for_pointer(qtbot, w)
    w.tabs.setCurrentIndex(tab)
    view = w.tab_view(tab)
    plot = view.chart_panels[0].plot
    view.ensureWidgetVisible(plot)
    scene_point = _settled_targets(qtbot, plot)[0]
    pos = plot.mapFromScene(scene_point)
    expected = expected_tooltip(plot, pos)
    move_mouse(plot.viewport(), pos)
    qtbot.waitUntil(
        lambda: QToolTip.isVisible() and QToolTip.text() == expected, timeout=TOOLTIP_WAIT_MS
    )
    wake_up = QApplication.style().styleHint(QStyle.StyleHint.SH_ToolTip_WakeUpDelay)
    qtbot.wait(wake_up + 800)  # past the ToolTip event, and the 300 ms a hiding takes
    assert QToolTip.isVisible() and QToolTip.text() == expected


@contextmanager
def _presenting(qtbot, b):
    """The presentation of *b*, started from a window, stopped after."""
    w = _window(qtbot, b, "projector", (1000, 700))
    w.start_presentation()
    p = w.presentation
    qtbot.waitExposed(p.window)
    try:
        yield p
    finally:
        p.stop()


def test_hovering_every_chart_slide_of_a_presentation_shows_its_tooltip(qtbot):
    b = load_briefing(None)
    with _presenting(qtbot, b) as p:
        charts = 0
        for index in range(len(p.window.deck)):
            p.controller.go(index)
            qtbot.waitUntil(lambda i=index: p.window.current_view is p.window.view(i))
            view = p.window.current_view
            if view.plot is None:
                continue
            qtbot.wait(20)  # its first paint lays the chart out
            hover_every_target(qtbot, view.plot)
            charts += 1
        assert charts >= sum(len(t.charts) for t in b.tabs), "every chart has a slide"


# -- under a real X server, the pointer moved by xdotool ------------------------------------


def _start_xvfb() -> tuple[subprocess.Popen, str]:
    """An Xvfb server: on display $XVFB_DISPLAY if set, else the first free one."""
    fixed = os.environ.get("XVFB_DISPLAY")
    args = ["Xvfb", "-screen", "0", "1920x1080x24", "-nolisten", "tcp"]
    if fixed:
        server = subprocess.Popen([*args[:1], f":{fixed}", *args[1:]], stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        return server, f":{fixed}"
    read, write = os.pipe()
    server = subprocess.Popen(
        [*args, "-displayfd", str(write)], pass_fds=(write,), stderr=subprocess.DEVNULL
    )
    os.close(write)
    with os.fdopen(read) as fd:
        number = fd.readline().strip()
    return server, f":{number}"


@pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")), reason="needs Xvfb and xdotool"
)
def test_hovering_under_xvfb_with_xdotool(tmp_path):
    """The window and the slides of the bundled briefing on a real X server, the pointer
    moved by xdotool over every chart: each target shows its tooltip, no error."""
    server, display = _start_xvfb()
    try:
        env = {
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
        }
        r = run_python(__file__, "--under-x", env=env, timeout=300)
    finally:
        server.terminate()
        server.wait(10)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "under X: ok" in r.stdout, r.stdout + r.stderr
    assert not list((tmp_path / "data").rglob("errors.log")), "an error was logged"


def _xdotool_hover(plot: Plot, scroll=None) -> list[str]:
    """Point xdotool at every target of *plot*; what did not show its tooltip."""
    failed = []
    plot.viewport().repaint()
    for scene_point in hover_targets(plot):
        if scroll is not None:
            at = plot.mapTo(scroll.widget(), plot.mapFromScene(scene_point))
            scroll.ensureVisible(at.x(), at.y(), 40, 40)
            QTest.qWait(30)
        spot = plot.viewport().mapToGlobal(plot.mapFromScene(scene_point))
        if any(
            w.inherits("QTipLabel") and w.isVisible() and w.geometry().contains(spot)
            for w in QApplication.topLevelWidgets()
        ):
            # the tooltip shown covers the target: away first, until it hides
            away = plot.viewport().mapToGlobal(away_from(plot, plot.mapFromScene(scene_point)))
            subprocess.run(["xdotool", "mousemove", str(away.x()), str(away.y())], check=True)
            _wait_for(lambda: not QToolTip.isVisible(), 2000)
        subprocess.run(["xdotool", "mousemove", str(spot.x()), str(spot.y())], check=True)
        expected = expected_tooltip(plot, plot.viewport().mapFromGlobal(spot))
        if not _wait_for(lambda e=expected: QToolTip.text() == e, 3000):
            failed.append(f"{plot.accessibleName()} at {spot.x()},{spot.y()}: {expected[:60]!r}")
    return failed


def _wait_for(ok, ms: int) -> bool:
    """Process events until *ok*() or *ms* milliseconds have passed (PySide6 has no qWaitFor)."""
    deadline = time.monotonic() + ms / 1000
    while not ok():
        if time.monotonic() > deadline:
            return False
        QTest.qWait(10)
    return True


def under_x() -> int:
    """Run on an X server: the bundled briefing's window, then its presentation."""
    from briefing_app.ui.app import make_app
    from briefing_app.ui.style import apply_theme

    app = make_app()
    theme = load_theme("screen")
    apply_theme(app, theme)
    b = load_briefing(None)
    w = MainWindow(BriefingDocument(b, theme), prebuild=False)
    w.setGeometry(0, 0, 1600, 1000)
    w.show()
    assert QTest.qWaitForWindowExposed(w)
    failed, charts = [], 0
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        view = w.tab_view(i)
        QTest.qWait(100)
        for panel in view.chart_panels:
            view.ensureWidgetVisible(panel)
            failed += _xdotool_hover(panel.plot, scroll=view)
            charts += 1
    w.start_presentation()
    p = w.presentation
    assert QTest.qWaitForWindowExposed(p.window)
    for index in range(len(p.window.deck)):
        p.controller.go(index)
        QTest.qWait(100)
        view = p.window.current_view
        if view.plot is not None:
            failed += _xdotool_hover(view.plot)
            charts += 1
    boxes = [x for x in QApplication.topLevelWidgets() if isinstance(x, QMessageBox)]
    p.stop()
    print("\n".join(failed))
    if failed or boxes or not charts:
        print(f"under X: {len(failed)} target(s) without a tooltip, {len(boxes)} dialog(s)")
        return 1
    print(f"under X: ok, {charts} charts")
    return 0


if __name__ == "__main__" and "--under-x" in sys.argv:
    sys.exit(under_x())


def _hovered(qtbot, plot: Plot) -> str:
    """The mouse moved over *plot*'s first target, its tooltip shown: the tooltip's text."""
    ready_for_pointer(qtbot, plot)
    pos = plot.mapFromScene(_settled_targets(qtbot, plot)[0])
    expected = expected_tooltip(plot, pos)
    move_mouse(plot.viewport(), pos)
    qtbot.waitUntil(
        lambda: QToolTip.isVisible() and QToolTip.text() == expected, timeout=TOOLTIP_WAIT_MS
    )
    return expected


def _gone_soon(qtbot, where: str) -> None:
    """The tooltip hides as Qt hides one, within its 300 ms (left, it would stay 10 s)."""
    try:
        qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=1_000)
    except Exception:
        pytest.fail(f"{QToolTip.text()!r} left over {where}")


def test_a_key_to_the_next_tab_takes_the_last_tabs_tooltip_away(qtbot):
    """With a clicker, the pointer rests where it was: a tooltip shown over the map would
    otherwise stay (up to 10 s) over the next tab, naming a place over a bar of drones;
    the shortcut's key never reaches the tooltip.  It goes as the chart under the pointer
    is hidden."""
    w = _window(qtbot, load_briefing(None), "screen", (1280, 800))
    w.tabs.setCurrentIndex(1)
    view = w.tab_view(1)
    plot = view.chart_panels[0].plot
    _hovered(qtbot, plot)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 2
    _gone_soon(qtbot, "the next tab")


def test_a_key_to_the_next_slide_takes_the_last_slides_tooltip_away(qtbot):
    with _presenting(qtbot, load_briefing(None)) as p:
        index = next(i for i in range(len(p.window.deck)) if p.window.view(i).plot is not None)
        p.controller.go(index)
        qtbot.waitUntil(lambda: p.window.current_view is p.window.view(index))
        qtbot.wait(20)  # its first paint lays the chart out
        _hovered(qtbot, p.window.current_view.plot)
        qtbot.keyClick(p.window, Qt.Key.Key_PageDown)
        assert p.controller.index == index + 1
        _gone_soon(qtbot, "the next slide")
