"""The briefing window: tabs from the package, chart/table switch, opening, plain text."""

from __future__ import annotations

import json
import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import FULL, MINIMAL, run_python
from PySide6.QtCore import QEvent, QObject, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMessageBox, QWidget

from briefing_app.content.chartdata import chart_data
from briefing_app.content.plan import Plan
from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.chart_panel import ChartPanel
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


def _window(
    qtbot, path: Path | str | None = MINIMAL, theme: str = "screen", prebuild: bool = True
) -> MainWindow:
    result = load_package(path)
    assert result.ok, [str(p) for p in result.errors]
    doc = BriefingDocument(result.briefing, load_theme(theme))
    w = MainWindow(doc, prebuild=prebuild)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _copy_minimal(tmp_path: Path) -> Path:
    dst = tmp_path / "pkg"
    shutil.copytree(MINIMAL, dst)
    return dst


def _labels(widget) -> list[QLabel]:
    return widget.findChildren(QLabel)


def test_tabs_follow_the_package_order_and_header_shows_meta(qtbot):
    w = _window(qtbot)
    b = w.doc.briefing
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == [t.title for t in b.tabs]
    assert w.header.title.text() == b.title
    assert w.header.as_of.text() == "As of 1 Dec 2024"
    assert w.header.caveat.text() == b.caveat
    assert b.short_checksum in w.status_label.text()
    assert "version 1.0.0" in w.status_label.text()


def test_only_the_current_tab_is_built_until_shown(qtbot):
    w = _window(qtbot, prebuild=False)
    assert set(w._built) == {0}
    w.tabs.setCurrentIndex(2)
    assert set(w._built) == {0, 2}


def test_tabs_are_built_and_painted_ahead_while_idle(qtbot):
    w = _window(qtbot)
    assert set(w._built) == {0}, "the first frame waits for no other tab"
    qtbot.waitUntil(lambda: not w.prebuilding, timeout=20_000)
    assert w.tabs.count() > 2
    assert set(w._built) == {0, 1}, "the next tab only (issue #22: CPU after the first paint)"
    assert all(w.is_warm(i) for i in w._built), "each laid out and painted offscreen"
    holder = w.tabs.widget(1)
    assert holder.size() == w.tabs.currentWidget().size(), "at the size it will be shown at"


def test_a_tab_built_ahead_shows_without_drawing_its_axes_again(qtbot, monkeypatch):
    """Its first visit is a repaint: pyqtgraph resizes axes after their first paint, so a
    tab painted ahead only once drew them again when shown (~10 ms more)."""
    import pyqtgraph as pg

    w = _window(qtbot)
    qtbot.waitUntil(lambda: not w.prebuilding, timeout=20_000)
    assert w.is_warm(1)
    plots = w.tab_view(1).findChildren(pg.PlotWidget)
    assert plots, "the fixture's second tab has a chart"
    axes = {pw.getPlotItem().getAxis(n) for pw in plots for n in ("left", "bottom")}
    drawn = []
    real = pg.AxisItem.generateDrawSpecs

    def counting(self, p):
        drawn.append(self)
        return real(self, p)

    monkeypatch.setattr(pg.AxisItem, "generateDrawSpecs", counting)
    w.tabs.setCurrentIndex(1)
    for _ in range(5):
        QApplication.processEvents()
    assert not [a for a in drawn if a in axes], "axes drawn again on the first visit"


def test_a_tab_built_ahead_shows_what_its_labels_and_charts_painted_ahead(
    qtbot, monkeypatch, fresh_budget
):
    """Painted ahead where the window shows it, in the format of the window's own pixels,
    a label's or a chart's first paint on screen puts back the picture kept then, rather
    than painting it all again."""
    from PySide6.QtWidgets import QGraphicsView, QLabel

    from briefing_app.render.charts.plot import Plot
    from briefing_app.render.labels import KeptLabel

    monkeypatch.setattr(KeptLabel, "KEEP_FROM", 1)  # the fixture's short labels keep too
    w = _window(qtbot)
    qtbot.waitUntil(lambda: not w.prebuilding, timeout=20_000)
    assert w.is_warm(1)
    holder = w.tabs.widget(1)
    labels = [
        lab
        for lab in w.tab_view(1).findChildren(KeptLabel)
        if lab.isVisibleTo(holder) and lab._may_keep()
    ]
    plots = [p for p in w.tab_view(1).findChildren(Plot) if p.isVisibleTo(holder)]
    assert len(labels) > 3 and plots, "the fixture's second tab has labels and a chart"
    painted, drawn = [], []
    real_label, real_view = QLabel.paintEvent, QGraphicsView.paintEvent

    class Paints(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(obj)
            return False

    def label_paint(self, event):
        drawn.append(self)
        real_label(self, event)

    def view_paint(self, event):
        drawn.append(self)
        real_view(self, event)

    watch = Paints()
    for widget in [*labels, *(p.viewport() for p in plots)]:
        widget.installEventFilter(watch)
    monkeypatch.setattr(QLabel, "paintEvent", label_paint)
    monkeypatch.setattr(QGraphicsView, "paintEvent", view_paint)
    w.tabs.setCurrentIndex(1)
    for _ in range(5):
        QApplication.processEvents()
    shown = [lab for lab in labels if lab in painted]
    shown_plots = [p for p in plots if p.viewport() in painted]
    assert len(shown) > 3 and shown_plots, "the labels and charts were painted on screen"
    assert not [lab.text() for lab in shown if lab in drawn], "text painted again"
    assert not [p for p in shown_plots if p in drawn], "chart painted again on the first visit"


def test_a_tab_built_ahead_first_shows_the_pixels_qt_paints_for_it(
    qtbot, monkeypatch, fresh_budget
):
    """Its labels and charts keep what they painted offscreen from that first paint
    (`kept.keeping_from_first`) and put it back when the tab is shown: the window's pixels
    then are those of a paint with nothing kept, in every theme."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImage

    from briefing_app.render.labels import KeptLabel

    monkeypatch.setattr(KeptLabel, "KEEP_FROM", 1)  # the fixture's short labels keep too
    for theme in ("screen", "projector-dark"):
        w = _window(qtbot, FULL, theme)
        qtbot.waitUntil(lambda w=w: not w.prebuilding, timeout=20_000)
        assert w.is_warm(1)
        labels = [lab for lab in w.tabs.widget(1).findChildren(KeptLabel) if lab._kept.image]
        assert labels, f"{theme}: nothing kept ahead, so this tests nothing"
        qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        for _ in range(2):
            QApplication.processEvents()
        assert w.tabs.currentIndex() == 1
        page = w.tabs.currentWidget()
        rect = QRect(page.mapTo(w, QPoint()), page.size())
        shown = QImage(w.backingStore().paintDevice()).copy(rect)  # the window's pixels
        assert [lab for lab in labels if lab.isVisible() and lab._kept.image], "put back"
        for ref, _ in list(fresh_budget._KEPT.values()):
            if (kept := ref()) is not None:
                kept.forget()
        # painted anew, nothing kept: the whole window, as its pixels are placed
        fresh = w.grab().toImage().convertToFormat(shown.format()).copy(rect)
        assert shown == fresh, f"{theme}: the first visit differs from a fresh paint"
        w.close()


def test_a_long_tab_built_ahead_makes_what_it_shows_and_the_rest_when_shown(qtbot):
    """Ahead, a tab is made and painted as far as it shows unscrolled; its cards and
    charts out of sight are made once it is shown (issue #22: they were most of the CPU
    time after the first paint, for a screen that may never show them)."""
    from PySide6.QtCore import QPoint

    from briefing_app.ui.tabs.base import TabView

    w = _window(qtbot, None)  # the bundled briefing: its second tab, two maps, three charts
    w.resize(1920, 1080)
    qtbot.waitUntil(lambda: not w.prebuilding, timeout=20_000)
    assert w.is_warm(1) and 1 not in w._built, "ready as far as it shows; not whole"
    view = w.tabs.widget(1).findChild(TabView)
    port = view.viewport()
    charts = sum(kind == "chart" for kind, _ in view.items)
    made = list(view.chart_panels)
    assert 0 < len(made) < charts, "some of its charts made ahead, not all"
    assert all(p.mapTo(port, QPoint()).y() < port.height() for p in made), "those in sight"
    holes = [
        x
        for x in view.widget().findChildren(QWidget)
        if type(x) is QWidget and x.minimumHeight() > 0 and not x.findChildren(QWidget)
    ]
    assert holes and all(h.mapTo(port, QPoint()).y() >= port.height() for h in holes), (
        "the places held for the rest are all out of sight"
    )
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 1
    assert w.tabs.currentWidget().findChild(TabView) is view, "the view made ahead is shown"
    assert len(view.chart_panels) == len(made), "the key waited for none of the rest"
    qtbot.waitUntil(lambda: 1 in w._built, timeout=20_000)
    assert w.tab_view(1) is view and len(view.chart_panels) == charts
    assert view.chart_panels[: len(made)] == made


def test_a_long_tab_resting_is_whole_when_asked_for_hidden(qtbot):
    """What asks for a tab's view whole (an export, a find) gets it whole, out of sight."""
    from briefing_app.ui.tabs.base import TabView

    w = _window(qtbot, None)
    w.resize(1920, 1080)
    qtbot.waitUntil(lambda: not w.prebuilding, timeout=20_000)
    view = w.tabs.widget(1).findChild(TabView)
    assert w.is_warm(1) and 1 not in w._built
    assert w.tab_view(1) is view and w.tabs.currentIndex() == 0
    assert len(view.chart_panels) == sum(kind == "chart" for kind, _ in view.items)


def test_a_map_built_ahead_is_drawn_once(qtbot, monkeypatch):
    """A map's first layout draws the map the window shows (one date, live): the still
    pair of a slide was drawn first, then thrown away for it (issue #22)."""
    from briefing_app.render.charts.map import MapCanvas

    drawn = []
    real = MapCanvas._build

    def counted(self, steps, live):
        drawn.append((id(self), tuple(steps), live))
        return real(self, steps, live)

    monkeypatch.setattr(MapCanvas, "_build", counted)
    w = _window(qtbot, None)
    w.resize(1920, 1080)
    qtbot.waitUntil(lambda: not w.prebuilding, timeout=20_000)
    maps = {canvas for canvas, _, _ in drawn}
    assert len(maps) == 2, "the second tab's two maps"
    assert len(drawn) == 2 and all(live and len(steps) == 1 for _, steps, live in drawn)


def test_building_ahead_goes_in_slices_and_a_key_press_goes_first(qtbot, monkeypatch):
    import briefing_app.ui.main_window as mw

    monkeypatch.setattr(mw, "PREBUILD_DELAY_MS", 60_000)  # steps run by hand below
    w = _window(qtbot)
    w.prebuilder.slice_ms = 0  # a slice a step
    w.prebuilder.show_soon_ms = 0  # a view asked for: only its frame before it is shown
    w.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    built = []
    w.tab_built.connect(built.append)
    w._prebuild_step()
    assert built == [] and w.prebuilder.building(1), "the next tab, begun: its plan"
    steps = 1
    while not built:
        w._prebuild_step()
        steps += 1
    assert built == [1] and steps >= 4, "its frame, each card and chart, ... in turn"
    assert w.tabs.widget(1).layout().count() == 1, "then placed in its tab"
    w._prebuild_step()
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 1, "the switch did not wait for the rest"
    assert w.prebuild_order() == [2], "then the next from the new current tab"
    w._prebuild_step()
    assert w.prebuilder.building(2)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 2
    assert w.tabs.widget(2).layout().count() == 1, "asked for: in its place at once"
    assert w.prebuilder.finishing == 2 and built == [1], "its parts still to come"
    w._prebuild_step()
    assert w.prebuilder.finishing == 2, "then finished first, a slice a step"
    while 2 not in built:
        w._prebuild_step()
    assert built == [1, 2] and w.prebuilder.finishing is None


def test_each_offscreen_paint_of_a_tab_built_ahead_is_a_slice_of_its_own(qtbot, monkeypatch):
    """A key waits for the slice in progress: the tab's layout, a chart's first paint and
    the whole tab's second paint (in halves) are each a slice, not two or three together
    (a slice of ~35 ms before, issue #22)."""
    import briefing_app.ui.main_window as mw

    monkeypatch.setattr(mw, "PREBUILD_DELAY_MS", 60_000)  # steps run by hand below
    w = _window(qtbot, None)  # the bundled briefing: its second tab, two maps and charts
    w.resize(1920, 1080)
    w.prebuilder.slice_ms = 0  # a slice a step
    renders: list[int] = []
    regions: list[QRect] = []
    real = MainWindow._render_hidden

    def counted(self, holder, image, region=None, at=None):
        renders[-1] += 1
        regions.append(holder.rect() if region is None else region.boundingRect())
        return real(self, holder, image, region, at)

    monkeypatch.setattr(MainWindow, "_render_hidden", counted)
    while not w.is_warm(1):
        renders.append(0)
        w._prebuild_step()
        assert len(renders) < 500
    assert max(renders) == 1, renders
    assert sum(renders) >= 5, "laid out, each chart painted, then the tab in two halves"
    holder = w.tabs.widget(1)
    top, bottom = regions[-2:]
    assert top.united(bottom) == holder.rect() and not top.intersects(bottom)
    assert holder.isHidden()
    # a tall chart's first paint (a map's: up to ~35 ms) in halves, a slice each
    parts = [r for r in regions[:-2] if r.height() > 1]
    halves = {
        i
        for i, (a, b) in enumerate(pairwise(parts))
        if a.bottom() + 1 == b.top() and a.width() == b.width() and abs(a.height() - b.height()) < 2
    }
    assert halves, f"the first map in halves: {parts}"
    whole = [r for i, r in enumerate(parts) if i not in halves and i - 1 not in halves]
    assert all(r.height() < 2 * mw.HALVED_FROM for r in whole), parts


def test_the_comparison_panel_is_made_when_first_used(qtbot):
    """File > Compare with…: its module and hidden dock wait for their first use (issue #22)."""
    from PySide6.QtWidgets import QDockWidget

    w = _window(qtbot)
    assert w.findChild(QDockWidget, "compare_panel") is None
    panel = w.compare
    assert w.compare is panel
    assert w.findChild(QDockWidget, "compare_panel") is panel.dock and panel.dock.isHidden()


def _last_line_of_a_start(tmp_path, before: str, after: str) -> str:
    """``briefing-app --benchmark-startup`` in a fresh process (its own settings): the
    code *before* runs first (to watch the start), *after* once the app has quit; the
    last line printed."""
    code = (
        before
        + "from briefing_app.cli.main import main\n"
        + "try:\n"
        + "    main(['--benchmark-startup'])\n"
        + "except SystemExit:\n"
        + "    pass\n"
        + after
    )
    r = run_python("-c", code, env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert r.returncode == 0, r.stderr
    return r.stdout.strip().splitlines()[-1]


def test_the_window_starts_without_the_comparison_module(tmp_path):
    last = _last_line_of_a_start(
        tmp_path,
        "import sys\n",
        "print('compare' if 'briefing_app.ui.compare' in sys.modules else 'none')\n",
    )
    assert last == "none"


def test_the_first_paint_of_a_tab_without_a_map_imports_no_map_module(tmp_path):
    """The map's modules (projection, geometry, drawing, controls) wait for the first
    map: the bundled briefing's first tab has none (issue #22).  What was imported is
    read when the window starts building ahead, which it does after its first paint."""
    before = (
        "import json, sys\n"
        "import briefing_app.ui.prebuild as prebuild\n"
        "MAPS = ('briefing_app.content.chartdata.map', 'briefing_app.render.charts.map',\n"
        "        'briefing_app.render.charts.map_parts',\n"
        "        'briefing_app.render.charts.map_furniture')\n"
        "seen = []\n"
        "step = prebuild.Prebuilder.step\n"
        "def first_step(self):\n"
        "    if not seen:\n"
        "        seen.append((self._window._painted, [m for m in MAPS if m in sys.modules]))\n"
        "    return step(self)\n"
        "prebuild.Prebuilder.step = first_step\n"
    )
    after = (
        "import briefing_app.render.charts as charts\n"
        "from briefing_app.render.themes import load_theme\n"
        "entry = type('Entry', (), {'colour': ('map_layer',)})()\n"
        "legend = charts.legend_colour(entry, load_theme('screen'))\n"
        "print(json.dumps({'first_step': seen[0], 'legend': legend}))\n"
    )
    got = json.loads(_last_line_of_a_start(tmp_path, before, after))
    assert got["first_step"] == [True, []]  # painted, and no map module imported
    assert got["legend"].startswith("#")  # a map layer's legend colour, its module loaded then


def test_nothing_is_built_ahead_before_the_first_frame(tmp_path):
    """The first update request comes before the window is exposed and paints nothing:
    building ahead waits for the real first paint, not that one (issue #22: a slice of
    building ahead, ~8 ms, came before the first frame)."""
    before = (
        "import json\n"
        "from PySide6.QtCore import QEvent\n"
        "import briefing_app.ui.main_window as mw\n"
        "import briefing_app.ui.prebuild as prebuild\n"
        "order = []\n"
        "event = mw.MainWindow.event\n"
        "def watched(self, e):\n"
        "    if e.type() == QEvent.Type.Paint:\n"
        "        order.append('paint')\n"
        "    return event(self, e)\n"
        "mw.MainWindow.event = watched\n"
        "step = prebuild.Prebuilder.step\n"
        "def stepped(self):\n"
        "    order.append('step')\n"
        "    return step(self)\n"
        "prebuild.Prebuilder.step = stepped\n"
    )
    order = json.loads(_last_line_of_a_start(tmp_path, before, "print(json.dumps(order))\n"))
    assert order and order[0] == "paint", order


def _parts(view) -> list[tuple[str, str]]:
    """The widgets of a tab view by class and name (made in another order when built in
    slices: the cards and charts after the frame)."""
    return sorted((type(c).__name__, c.objectName()) for c in view.findChildren(QWidget))


def test_a_key_shows_a_tab_not_built_yet_at_once_and_finishes_it_on_screen(qtbot, monkeypatch):
    """A key to a tab not built: the tab on screen in the key's own handling (its takeaway,
    placeholders holding the room of its charts), its cards and charts in the next turns
    of the event loop, in reading order; the same tab as one built at once (issue #22)."""
    import briefing_app.ui.main_window as mw

    monkeypatch.setattr(mw, "PREBUILD_DELAY_MS", 60_000)
    monkeypatch.setattr(mw, "PREBUILD_MAX", 1)  # nothing built ahead
    w = _window(qtbot)
    w.prebuilder.show_soon_ms = 0  # only its frame before it is shown
    w.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.waitUntil(lambda: w._painted)
    assert 1 not in w._built and not w.prebuilder.building(1)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 1
    holder = w.tabs.widget(1)
    assert holder.layout().count() == 1 and w.prebuilder.finishing == 1
    view = holder.layout().itemAt(0).widget()
    assert view.isVisible() and not view.chart_panels, "shown before its charts are made"
    # its frame: the takeaway if it has one, the headings of its sections
    shown = [lab.text() for lab in view.findChildren(QLabel) if lab.isVisible()]
    assert shown and all(s.title in shown for s in view.plan.sections if s.title), (
        "its headings on screen"
    )
    made = []
    view.part_made = lambda part, real=view.part_made: (made.append(part), real(part))
    qtbot.waitUntil(lambda: w.prebuilder.finishing is None, timeout=20_000)
    assert view is w.tab_view(1) and made, "finished on screen, the same view"
    assert [p for p in made if p in view.chart_panels] == view.chart_panels, "reading order"
    # a widget put in a shown layout is shown in a later turn of the event loop (Qt)
    qtbot.waitUntil(lambda: all(p.isVisible() and p.height() > 0 for p in view.chart_panels))
    other = _window(qtbot, prebuild=False)
    other.tabs.setCurrentIndex(1)
    at_once = other.tab_view(1)
    assert view.items == at_once.items
    assert _parts(view) == _parts(at_once)


def test_a_key_shows_as_much_of_a_tab_as_a_frame_allows(qtbot, monkeypatch):
    """Building a tab asked for goes on for `show_soon_ms` before it is shown: with
    time enough, a tab of cards is whole in the key's own handling; a tab of charts is
    shown before its charts however long the budget (a chart's steps take tens of ms),
    and they are made after it, on screen."""
    import briefing_app.ui.main_window as mw

    monkeypatch.setattr(mw, "PREBUILD_DELAY_MS", 60_000)
    monkeypatch.setattr(mw, "PREBUILD_MAX", 1)
    w = _window(qtbot)
    w.prebuilder.show_soon_ms = 60_000
    qtbot.waitUntil(lambda: w._painted)
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 1 and w.prebuilder.finishing == 1
    view = w.tabs.widget(1).layout().itemAt(0).widget()
    assert view.isVisible() and view.plan.charts and not view.chart_panels
    qtbot.waitUntil(lambda: w.prebuilder.finishing is None, timeout=20_000)
    assert len(view.chart_panels) == len(view.plan.charts)
    # a widget put in a shown layout is shown in a later turn of the event loop (Qt)
    qtbot.waitUntil(lambda: all(p.isVisible() and p.height() > 0 for p in view.chart_panels))
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 2 and not w.tab_view(2).plan.charts
    assert 2 in w._built and w.prebuilder.finishing is None, "cards only: whole at once"


def test_a_key_during_a_chart_built_ahead_does_not_wait_for_the_rest_of_it(qtbot, monkeypatch):
    """A key that comes between the steps of a chart being built ahead shows the tab at
    once, the chart's remaining steps after it (each a slice of its own)."""
    import briefing_app.ui.main_window as mw

    monkeypatch.setattr(mw, "PREBUILD_DELAY_MS", 60_000)  # steps run by hand below
    w = _window(qtbot)
    w.prebuilder.slice_ms = 0  # a slice a step
    w.prebuilder.show_soon_ms = 60_000
    w.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.waitUntil(lambda: w._painted)
    nxt = (w.tabs.currentIndex() + 1) % w.tabs.count()
    assert w.doc.plan.tab(nxt).charts, "the fixture's next tab has charts"
    made = []
    monkeypatch.setattr(ChartPanel, "in_steps", _counting_steps(ChartPanel.in_steps, made))
    while not made:  # ahead, up to the first step of its first chart
        w._prebuild_step()
    assert w.prebuilder.building(nxt) and made == [1]
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == nxt and w.tabs.widget(nxt).isVisible()
    assert made == [1], "no further step of the chart in the key's handling"
    qtbot.waitUntil(lambda: w.prebuilder.finishing is None, timeout=20_000)
    view = w.tab_view(nxt)
    assert len(view.chart_panels) == len(view.plan.charts) and made[0] >= 2


def test_building_a_tab_ahead_does_not_repaint_the_tab_shown(qtbot, monkeypatch):
    """Laying out and painting a hidden tab offscreen used to repaint the whole window
    each time (Qt's QTabWidget repaints itself on the layout request such a render
    posts); the tab shown is not repainted now, and the window still lays its tabs out
    when it is resized."""
    import briefing_app.ui.main_window as mw

    monkeypatch.setattr(mw, "PREBUILD_DELAY_MS", 60_000)  # steps run by hand below
    w = _window(qtbot, FULL)
    w.resize(1400, 900)
    qtbot.waitUntil(lambda: w._painted)
    for _ in range(20):
        QApplication.processEvents()
    shown = w.tabs.currentWidget()
    paints = []

    class Paints(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                paints.append(obj)
            return False

    watch = Paints()
    shown.installEventFilter(watch)
    nxt = w.tabs.currentIndex() + 1
    while not w.is_warm(nxt):
        w._prebuild_step()
        QApplication.processEvents()
    shown.removeEventFilter(watch)
    assert w.prebuilder.paints.get(nxt, 0) >= 1, "painted offscreen"
    assert paints == [], "the tab shown repainted while another was built ahead"
    w.resize(1200, 800)
    qtbot.waitUntil(lambda: shown.width() == w.tabs.width())
    w.tabs.setCurrentIndex(nxt)
    qtbot.waitUntil(lambda: w.tabs.widget(nxt).width() == w.tabs.width())
    assert w.tab_view(nxt).width() == w.tabs.width()


def _counting_steps(real, made: list[int]):
    """`ChartPanel.in_steps` that counts the steps of the first chart it makes in *made*."""

    def in_steps(block, briefing, theme):
        first = not made
        steps = real(block, briefing, theme)
        while True:
            try:
                out = next(steps)
            except StopIteration as done:
                return done.value
            if first:
                made[:] = [made[0] + 1 if made else 1]
            yield out

    return in_steps


def test_a_chart_panel_made_in_steps_is_the_panel_made_at_once(qtbot):
    """Every chart of the full package: the same widgets, texts and description."""
    b = load_package(FULL).briefing
    theme = load_theme("screen")
    plan = Plan(b)
    for i in range(len(plan)):
        for block in plan.tab(i).charts:
            steps, n = ChartPanel.in_steps(block, b, theme), 0
            while True:
                try:
                    next(steps)
                    n += 1
                except StopIteration as done:
                    stepped = done.value
                    break
            at_once = ChartPanel(block, b, theme)
            qtbot.addWidget(stepped)
            qtbot.addWidget(at_once)
            assert n >= 2, block.id
            assert _parts(stepped) == _parts(at_once), block.id
            texts = [[lab.text() for lab in p.findChildren(QLabel)] for p in (stepped, at_once)]
            assert texts[0] == texts[1], block.id
            assert stepped.plot.accessibleDescription() == at_once.plot.accessibleDescription()
            assert len(stepped.plot.hits) == len(at_once.plot.hits), block.id


def test_the_first_tab_is_styled_once_as_the_window_opens(qtbot):
    """The first tab is made in its place in the window: each label takes its font from
    the style sheet once (all but a chart's few).  Made outside and moved in, every widget
    was styled again: three times each, ~20 ms of start-up (issue #22)."""
    import collections

    fonts = collections.Counter()

    class Count(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.FontChange:
                fonts[id(obj)] += 1
            return False

    from briefing_app.ui.style import apply_theme

    apply_theme(QApplication.instance(), load_theme("screen"))  # as the app: its style sheet
    counter = Count()
    QApplication.instance().installEventFilter(counter)
    try:
        w = _window(qtbot, FULL)
    finally:
        QApplication.instance().removeEventFilter(counter)
    labels = _labels(w.tabs.widget(0))
    assert len(labels) > 20
    once = [lab for lab in labels if fonts[id(lab)] == 1]
    assert len(once) >= 0.75 * len(labels), collections.Counter(fonts[id(x)] for x in labels)
    # and it looks as styled: a heading in the theme's heading type
    heading = next(lab for lab in labels if lab.objectName() == "section")
    assert heading.font().bold() and heading.font().pointSizeF() > 0


def test_a_chart_describes_its_data_when_asked_not_when_built(qtbot, monkeypatch):
    """A chart's description (its data in words, for screen readers) is made when its
    accessible interface is first asked for it, as a screen reader asks, and is then the
    full description; building the panels makes none (issue #22)."""
    from PySide6.QtGui import QAccessible

    import briefing_app.ui.chart_panel as cp
    from briefing_app.content.chartdata import describe_chart
    from briefing_app.content.chartdata.describe import MAX_DESCRIPTION

    made = []
    monkeypatch.setattr(
        cp, "describe_chart", lambda d, **kw: made.append(d) or describe_chart(d, **kw)
    )
    b = load_package(FULL).briefing
    theme, plan = load_theme("screen"), Plan(b)
    blocks = [block for i in range(len(plan)) for block in plan.tab(i).charts]
    panels = [ChartPanel(block, b, theme) for block in blocks]
    for panel in panels:
        qtbot.addWidget(panel)
    assert len(panels) >= 5 and made == []
    for panel in panels:
        iface = QAccessible.queryAccessibleInterface(panel.plot)
        assert iface.role() == QAccessible.Role.Chart
        said = iface.text(QAccessible.Text.Description)
        assert said == describe_chart(panel.data, max_chars=MAX_DESCRIPTION) != ""
        # once: asked again, or through the widget, it is the same text, not made anew
        assert iface.text(QAccessible.Text.Description) == said
        assert panel.plot.accessibleDescription() == said
    assert len(made) == len(panels)
    # a description set by hand replaces one still to be made, which is then never made
    plot = panels[0].plot
    plot.describe_later(lambda: made.append("again") or "not this")
    plot.setAccessibleDescription("Set by hand")
    iface = QAccessible.queryAccessibleInterface(plot)
    assert iface.text(QAccessible.Text.Description) == "Set by hand"
    assert made[-1] != "again"


def test_a_tab_being_finished_on_screen_is_finished_at_once_when_asked(qtbot, monkeypatch):
    import briefing_app.ui.main_window as mw

    monkeypatch.setattr(mw, "PREBUILD_DELAY_MS", 60_000)
    monkeypatch.setattr(mw, "PREBUILD_MAX", 1)
    w = _window(qtbot)
    w.prebuilder.show_soon_ms = 0
    qtbot.waitUntil(lambda: w._painted)
    w.tabs.setCurrentIndex(1)
    assert w.prebuilder.finishing == 1
    view = w.tab_view(1)  # an export or a test asking for the whole view
    assert w.prebuilder.finishing is None and view.chart_panels
    assert 1 in w._built


def test_a_tab_built_in_slices_is_the_tab_built_at_once(qtbot):
    """The same widgets in the same places, whether built ahead in slices or at once."""
    w = _window(qtbot)
    qtbot.waitUntil(lambda: not w.prebuilding, timeout=20_000)
    assert 1 in w._built
    ahead = w.tab_view(1)
    other = _window(qtbot, prebuild=False)
    other.tabs.setCurrentIndex(1)
    at_once = other.tab_view(1)
    assert ahead.items == at_once.items
    assert len(ahead.chart_panels) == len(at_once.chart_panels)

    assert _parts(ahead) == _parts(at_once)


def test_building_ahead_is_bounded_and_stops_when_hidden(qtbot, monkeypatch):
    import briefing_app.ui.main_window as mw

    monkeypatch.setattr(mw, "PREBUILD_MAX", 3)
    w = _window(qtbot)
    assert len(w.prebuild_order()) == 2
    qtbot.waitUntil(lambda: not w.prebuilding, timeout=20_000)
    assert set(w._built) == {0, 1, 2}, "a package with many tabs: only the nearest"
    w.tabs.setCurrentIndex(2)
    w.hide()
    qtbot.wait(400)
    assert not w.prebuilding and 3 not in w._built, "a hidden window builds nothing"


def test_start_up_builds_only_the_remembered_tab_and_at_its_final_size(qtbot):
    first = _window(qtbot)
    first.tabs.setCurrentIndex(2)
    first.close()  # remembers the tab and the geometry
    doc = BriefingDocument(load_package(MINIMAL).briefing, load_theme("screen"))
    w = MainWindow(doc)
    qtbot.addWidget(w)
    assert w._built == {}, "a hidden window builds no tab"
    w.restore_state()
    assert w._built == {}
    w.show()
    qtbot.waitExposed(w)
    assert set(w._built) == {2}, "only the remembered tab is built"


def test_topic_tab_shows_takeaway_chart_sources_checks_and_quotes(qtbot):
    w = _window(qtbot)
    view = w.tab_view(0)
    texts = [lab.text() for lab in _labels(view)]
    assert "Losses rose." in texts
    assert any(t.startswith("Source: GS, reported by Example News") for t in texts)
    # the check says both numbers and the difference
    assert any("Reported 230 people; computed 100 + 120 = 220 people" in t for t in texts)
    assert any("difference −10" in t for t in texts)
    assert "Check does not hold" in texts
    assert "As quoted by the source article only" in texts


def test_chart_table_switch_shows_the_rows_behind_the_chart(qtbot):
    w = _window(qtbot)
    panel = w.tab_view(0).findChild(ChartPanel)
    assert panel is not None and not panel.table_shown
    qtbot.mouseClick(panel.toggle, Qt.MouseButton.LeftButton)
    assert panel.table_shown
    model = panel.table.model()
    frame = chart_data(w.doc.briefing, panel.chart).table
    assert model.rowCount() == len(frame) == 3  # two monthly bars and the reported figure
    values = sorted(model.index(r, list(frame.columns).index("value")).data() for r in range(3))
    assert values == ["100", "120", "125"]
    # sortable
    col = list(frame.columns).index("value")
    panel.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    assert model.index(0, col).data() == "125"
    # copyable
    panel.table.selectAll()
    text = panel.table.selected_text()
    assert text.splitlines()[0].startswith("label\t")
    assert "125" in text
    # and back
    w.toggle_tables()
    assert not panel.table_shown


def test_hover_text_has_value_period_unit_and_source(qtbot):
    w = _window(qtbot)
    panel = w.tab_view(0).findChild(ChartPanel)
    text = panel.plot.hit_at(1.0, 50)  # the October bar
    assert text is not None
    assert "120 people" in text
    assert "Oct 2024" in text
    assert "Source: GS" in text


def test_a_package_with_other_numbers_shows_other_numbers(qtbot, tmp_path):
    pkg = _copy_minimal(tmp_path)
    obs = pkg / "observations.csv"
    obs.write_text(obs.read_text().replace(",120,people,GS monthly", ",4321,people,GS monthly"))
    w = _window(qtbot, pkg)
    panel = w.tab_view(0).findChild(ChartPanel)
    assert "4,321 people" in panel.plot.hit_at(1.0, 50)
    texts = [lab.text() for lab in _labels(w.tab_view(0))]
    assert any("100 + 4,321 = 4,421" in t for t in texts)


def test_quote_with_html_is_shown_as_plain_text(qtbot):
    w = _window(qtbot)
    quotes = [lab for lab in _labels(w.tab_view(0)) if "Not bold" in lab.text()]
    assert quotes, "the quote is on its tab"
    for lab in quotes:
        assert lab.textFormat() == Qt.TextFormat.PlainText
        assert "<b>Not bold</b>" in lab.text()


def test_every_label_from_data_is_plain_text(qtbot):
    w = _window(qtbot)
    for i in range(w.tabs.count()):
        for lab in _labels(w.tab_view(i)):
            if lab.parent() is not None and getattr(lab.parent(), "legend", None) is lab:
                continue  # the legend is rich text with every name escaped: tested below
            assert lab.textFormat() == Qt.TextFormat.PlainText, lab.text()


def test_legend_escapes_series_names(qtbot, tmp_path):
    pkg = _copy_minimal(tmp_path)
    d = json.loads((pkg / "datapackage.json").read_text())
    d["briefing"]["tabs"][0]["charts"][0]["series"][0]["label"] = "<b>GS</b> & co"
    (pkg / "datapackage.json").write_text(json.dumps(d))
    w = _window(qtbot, pkg)
    panel = w.tab_view(0).findChild(ChartPanel)
    assert "&lt;b&gt;GS&lt;/b&gt; &amp; co" in panel.legend.text()
    assert "<b>GS</b>" not in panel.legend.text()


def test_hostile_title_in_a_chart_is_not_interpreted(qtbot, tmp_path):
    pkg = _copy_minimal(tmp_path)
    d = json.loads((pkg / "datapackage.json").read_text())
    d["briefing"]["tabs"][0]["charts"][0]["title"] = "<script>alert(1)</script> {value}"
    d["briefing"]["tabs"][0]["charts"][0]["y_label"] = "<i>people</i>"
    (pkg / "datapackage.json").write_text(json.dumps(d))
    w = _window(qtbot, pkg)
    panel = w.tab_view(0).findChild(ChartPanel)
    assert panel.title_label.text() == "<script>alert(1)</script> {value}"
    axis = panel.plot.getPlotItem().getAxis("left")
    assert "&lt;i&gt;people&lt;/i&gt;" in axis.labelText


def test_opening_a_bad_package_lists_problems_and_keeps_the_briefing(qtbot, tmp_path):
    w = _window(qtbot)
    before = w.doc.briefing
    pkg = _copy_minimal(tmp_path)
    q = pkg / "quotes.csv"
    q.write_text(q.read_text().replace(",art,,as-quoted,", ",nobody,,as-quoted,"))
    w.open_path(str(pkg), wait=True)
    box = w._problems_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "quotes.csv:2:source: unknown source 'nobody'" in box.informativeText()
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert w.doc.briefing is before
    box.close()


def test_opening_in_the_background_shows_the_new_briefing(qtbot, tmp_path):
    w = _window(qtbot)
    pkg = _copy_minimal(tmp_path)
    d = json.loads((pkg / "datapackage.json").read_text())
    d["title"] = "Another briefing"
    (pkg / "datapackage.json").write_text(json.dumps(d))
    with qtbot.waitSignal(w.doc.briefing_changed, timeout=10_000):
        w.open_path(str(pkg))
    assert w.header.title.text() == "Another briefing"
    assert w.windowTitle().startswith("Another briefing")
    assert str(pkg) in [a.text() for a in w.recent_menu.actions()]


def test_keyboard_shortcuts_switch_tabs(qtbot):
    w = _window(qtbot)
    w.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 1
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 2
    qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 0
    qtbot.keyClick(w, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 2


def test_widgets_carry_accessible_names(qtbot):
    w = _window(qtbot)
    panel = w.tab_view(0).findChild(ChartPanel)
    assert panel.accessibleName() == "Chart panel: Monthly losses"
    assert panel.toggle.accessibleName().startswith("Show the data table")
    assert panel.plot.accessibleName() == "Chart: Monthly losses"


def test_last_tab_and_theme_are_remembered(qtbot):
    w = _window(qtbot)
    w.tabs.setCurrentIndex(2)
    w.doc.set_theme(load_theme("projector"))
    w.close()
    w2 = _window(qtbot)
    w2.restore_state()
    assert w2.tabs.currentIndex() == 2
    from briefing_app.ui.document import remembered_theme

    assert remembered_theme().name == "projector"


def test_theme_change_rebuilds_with_the_theme_colours(qtbot):
    w = _window(qtbot)
    w.doc.set_theme(load_theme("projector-dark"))
    assert "#000000" in QApplication.instance().styleSheet()
    panel = w.tab_view(0).findChild(ChartPanel)
    assert panel.theme.name == "projector-dark"


def test_bundled_briefing_builds_every_tab(qtbot):
    result = load_package(None)
    if not result.ok:
        pytest.skip("bundled briefing not valid yet")
    w = _window(qtbot, None)
    for i, tab in enumerate(w.doc.briefing.tabs):
        w.tabs.setCurrentIndex(i)
        view = w.tab_view(i)
        texts = " ".join(lab.text() for lab in _labels(view))
        if tab.takeaway:
            assert tab.takeaway in texts
        for cid in tab.checks:
            assert w.doc.briefing.checks[cid].verdict() in texts
        for qid in tab.quotes:
            assert w.doc.briefing.quotes[qid].text in texts


def test_first_run_uses_most_of_the_screen(qtbot):
    w = _window(qtbot)
    w.restore_state()  # no saved geometry in a fresh settings folder
    avail = w.screen().availableGeometry()
    assert w.width() >= int(avail.width() * 0.9) - 1
    assert w.height() >= min(int(avail.height() * 0.9), avail.height()) - 1


def test_settle_memory_freezes_start_up_until_another_briefing_opens(qapp):
    import gc

    from briefing_app.ui.app import settle_memory
    from briefing_app.ui.collector import GuiCollector

    was_enabled = gc.isenabled()
    gc.enable()
    try:
        settle_memory()
        assert not gc.isenabled(), "collection is the event loop's, not automatic"
        assert qapp.findChild(GuiCollector).active
        assert gc.get_freeze_count() > 0, "start-up objects are out of the collector's way"
        doc = BriefingDocument(load_package(MINIMAL).briefing, load_theme("screen"))
        doc.set_briefing(load_package(MINIMAL).briefing)
        assert gc.get_freeze_count() == 0, "another briefing: the first can be collected"
    finally:
        gc.unfreeze()
        (gc.enable if was_enabled else gc.disable)()


def _message_box_texts(monkeypatch) -> list[dict]:
    """Every QMessageBox run with exec() from now on: its title and texts, not shown."""
    shown: list[dict] = []

    def fake_exec(box) -> int:
        shown.append(
            {
                "title": box.windowTitle(),
                "text": box.text(),
                "info": box.informativeText(),
                "format": box.textFormat(),
            }
        )
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


def test_findings_are_the_briefings_and_warnings_the_packages(qtbot, tmp_path, monkeypatch):
    """A check that does not hold is a finding of the briefing, apart from the package's
    warnings (a byte-order mark here): each has its own count and its own list."""
    pkg = _copy_minimal(tmp_path)
    q = pkg / "quotes.csv"
    q.write_bytes(b"\xef\xbb\xbf" + q.read_bytes())
    w = _window(qtbot, pkg)
    assert w.findings_button.isVisible()
    assert w.findings_button.text() == "1 finding: checks whose figures disagree"
    assert w.warnings_button.text() == "1 package warning(s)"
    shown = _message_box_texts(monkeypatch)
    w.findings_button.click()
    w.warnings_button.click()
    findings, warnings = shown
    assert findings["title"] == "Findings of this briefing"
    assert "They are part of the briefing" in findings["text"]
    check = w.doc.briefing.checks["c1"]
    assert f"Losses: {check.title}" in findings["info"]
    assert check.verdict() in findings["info"]
    assert "byte-order mark" not in findings["info"]
    assert warnings["title"] == "Package warnings"
    assert "byte-order mark" in warnings["info"] and "does not hold" not in warnings["info"]
    assert {findings["format"], warnings["format"]} == {Qt.TextFormat.PlainText}


def test_a_package_without_warnings_says_so_and_shows_its_findings(qtbot, monkeypatch):
    w = _window(qtbot, None)  # the bundled briefing: eight findings, no package warning
    assert w.warnings_button.text() == "No package warnings"
    assert not w.warnings_button.isEnabled()
    assert w.findings_button.text() == "8 findings: checks whose figures disagree"
    shown = _message_box_texts(monkeypatch)
    view = next(a for a in w.menuBar().actions() if a.text() == "&View").menu()
    next(a for a in view.actions() if a.text() == "F&indings of this briefing…").trigger()
    (box,) = shown
    titles = [c.title for c in w.doc.briefing.checks.values() if c.is_finding]
    assert len(titles) == 8
    for title in titles:
        assert title in box["info"]


def test_the_negotiations_grid_shows_a_party_only_where_a_position_is_recorded(qtbot):
    w = _window(qtbot, None)
    # wide enough for the table whatever type the application's style gives the cards
    # (an earlier test's theme may be left on it): the topics' column and a column per party
    w.resize(2400, 900)
    b = w.doc.briefing
    index = next(i for i, t in enumerate(b.tabs) if t.kind == "negotiations")
    w.tabs.setCurrentIndex(index)
    view = w.tab_view(index)
    qtbot.waitUntil(lambda: view.positions.mode[0] == "table")
    grid = view.positions_grid
    parties = [grid.itemAtPosition(0, c).widget().text() for c in range(1, grid.columnCount())]
    shown = {}
    for r in range(1, grid.rowCount()):
        topic_box = grid.itemAtPosition(r, 0).widget().layout()
        topic = topic_box.itemAt(0).widget().text()
        notes = " ".join(
            topic_box.itemAt(i).widget().text()
            for i in range(1, topic_box.count())
            if topic_box.itemAt(i).widget() is not None
        )
        for c, party in enumerate(parties, start=1):
            cell = grid.itemAtPosition(r, c)
            if cell is None:  # nothing recorded: the note under the topic names the party
                assert party in notes, (topic, party)
                continue
            assert party not in notes, (topic, party)
            cards = cell.widget().findChildren(QFrame)
            shown[(topic, party)] = [
                f.property("plan_item") for f in cards if f.property("plan_item")
            ]
    recorded = {(p.topic, p.party): [f"position:{p.id}"] for p in b.positions.values()}
    assert shown == recorded
    # his proposal to stop the hot phase of the war is Zelenskyy's condition (Sky News)
    assert ("preconditions for talks", "Ukraine (Zelenskyy)") in shown
    labels = " ".join(lab.text() for lab in view.findChildren(QLabel))
    assert "No stated position" not in labels


@pytest.mark.parametrize("theme", ["screen", "projector", "projector-dark"])
def test_the_negotiations_grid_is_readable_in_a_1024_pixel_window(qtbot, theme):
    """At 1024x768 the grid of positions (four parties and the topics' column) squeezed
    each card to ~125 px, a few words a line: now the topic goes over its row and the
    parties' cards take as many columns as leave each card `MIN_CARD_CHARS` characters a
    line, each under its party's name; nothing is cut, nothing runs past the window's
    right edge. At 1920x1080 the grid is the table, a column per party."""
    from briefing_app.ui.style import apply_theme
    from briefing_app.ui.tabs.negotiations_tab import MIN_CARD_CHARS, TABLE

    apply_theme(QApplication.instance(), load_theme(theme))
    w = _window(qtbot, None, theme)
    w.setMinimumSize(1, 1)
    w.resize(1024, 768)
    b = w.doc.briefing
    index = next(i for i, t in enumerate(b.tabs) if t.kind == "negotiations")
    w.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    for _ in range(index):
        qtbot.keyClick(w, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == index
    view = w.tab_view(index)
    qtbot.waitUntil(lambda: view.isVisible())
    grid = view.positions
    cards = [
        f
        for f in view.findChildren(QFrame)
        if str(f.property("plan_item") or "").startswith("position:")
    ]
    assert len(cards) == len(b.positions)
    least = grid.fontMetrics().averageCharWidth() * MIN_CARD_CHARS

    def x_mid(widget: QWidget) -> int:
        return widget.mapTo(view, widget.rect().center()).x()

    def problems() -> list[str]:
        out = []
        right = view.viewport().width()
        heads = {lab.text(): lab for lab in grid.party_heads if lab.isVisible()}
        for f in cards:
            at = f.mapTo(view.viewport(), f.rect().topLeft()).x()
            party = b.positions[f.property("plan_item").split(":", 1)[1]].party
            if f.width() < least:
                out.append(f"{party}: a card {f.width()} px wide, under {least}")
            if at < 0 or at + f.width() > right:
                out.append(f"{party}: a card from {at} to {at + f.width()}, past {right}")
            # its party named over it: its own name over the card, or its column's head
            name = f.parentWidget().findChildren(QLabel)[0]
            if name.isVisible():
                if name.text() != party:
                    out.append(f"{party}: a card under {name.text()!r}")
            elif party not in heads or abs(x_mid(heads[party]) - x_mid(f)) > f.width() / 2:
                out.append(f"{party}: a card under no name of its party")
        for lab in grid.findChildren(QLabel):
            if lab.isVisible() and lab.wordWrap() and lab.text():
                need = lab.heightForWidth(lab.width())
                if need > lab.height() + 1:
                    out.append(f"{lab.text()[:40]!r}: {lab.height()} px high, needs {need}")
        return out

    for _ in range(20):  # the layouts after the reflow settle
        if not problems():
            break
        qtbot.wait(50)
    assert not problems(), (theme, problems())
    w.resize(1920, 1080)
    for _ in range(20):
        if grid.mode == (TABLE, len(grid.parties)):
            break
        qtbot.wait(50)
    assert grid.mode == (TABLE, len(grid.parties)), (grid.mode, view.width(), grid.card_width())


def test_a_screen_reader_finds_every_part_of_the_message_boxes_named(qtbot, tmp_path):
    """The findings, warnings, shortcuts and about boxes, opened as a user opens them:
    every part a screen reader reads (their button row, their icon) has a name."""
    from accessible_tree import nodes, unnamed
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAccessible

    pkg = _copy_minimal(tmp_path)
    q = pkg / "quotes.csv"
    q.write_bytes(b"\xef\xbb\xbf" + q.read_bytes())  # a warning: its button is enabled
    w = _window(qtbot, pkg)
    read: dict[str, list[str]] = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if box is None:  # not open yet: the box's own event loop calls again
            QTimer.singleShot(20, read_and_close)
            return
        names = [i.text(QAccessible.Text.Name) for i, _ in nodes(box)]
        assert "Buttons" in names, names
        read[box.windowTitle()] = unnamed(box)
        box.done(0)

    help_menu = next(a for a in w.menuBar().actions() if a.text() == "&Help").menu()
    items = {a.text(): a for a in help_menu.actions()}
    for open_box in (
        w.findings_button.click,
        w.warnings_button.click,
        items["&Keyboard shortcuts"].trigger,
        items["&About Briefing Viewer"].trigger,
    ):
        QTimer.singleShot(0, read_and_close)
        open_box()
    assert read == {
        "Findings of this briefing": [],
        "Package warnings": [],
        "Keyboard shortcuts": [],
        "About Briefing Viewer": [],
    }


def test_the_status_line_gives_up_the_checksum_then_the_version_before_cutting(qtbot):
    from briefing_app.ui.main_window import ElidingLabel

    label = ElidingLabel()
    qtbot.addWidget(label)
    name = "ukraine-2024-12"
    full, shorter = f"{name} · version 1.0.0 · checksum abc123", f"{name} · version 1.0.0"
    label.set_forms(full, shorter, name)
    label.show()
    metrics = label.fontMetrics()
    for text, expected in ((full, full), (shorter, shorter), (name, name)):
        label.resize(metrics.horizontalAdvance(text) + 2, label.height())
        assert label.shown_text() == expected
        assert label.elided == (expected != full)
        assert not label.grab().isNull()  # drawn as shown_text says
    label.resize(metrics.horizontalAdvance("ukraine…") + 2, label.height())
    assert label.shown_text().endswith("…"), "cut only when even the name does not fit"
    assert label.text() == full, "the text keeps all of it"
