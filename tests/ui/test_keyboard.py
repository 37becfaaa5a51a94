"""The keyboard: Tab reaches every card and button of a tab and stops nowhere it cannot be
seen; the shortcuts dialog lists every shortcut there is; tables keep their order and
show every cell whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_briefing
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QFrame,
    QSlider,
    QTabBar,
)
from test_presentation import ShownWindows

from briefing_app.content.text import NO_SOURCE
from briefing_app.render.charts.plot import Plot
from briefing_app.render.themes import load_theme
from briefing_app.ui.data_table import DataTableView
from briefing_app.ui.dialogs import shortcuts_text
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.style import apply_theme

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, qapp) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    sheet, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


@pytest.fixture
def window(qtbot) -> MainWindow:
    theme = load_theme("screen")
    apply_theme(QApplication.instance(), theme)  # as the app does: the stylesheet marks focus
    w = MainWindow(BriefingDocument(load_briefing(None), theme), prebuild=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def tab_cycle(qtbot, w: MainWindow) -> list:
    """The widgets Tab stops at, from the tab bar round to it again."""
    bar = w.tabs.tabBar()
    bar.setFocus(Qt.FocusReason.TabFocusReason)
    stops = []
    for _ in range(500):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        f = QApplication.focusWidget()
        if f is bar:
            return stops
        stops.append(f)
    raise AssertionError("Tab never came back to the tab bar")


def _items_reached(stops: list) -> list[str]:
    """The plan items ("chart:id", "check:id") the Tab stops are in, in the order reached."""
    out: list[str] = []
    for stop in stops:
        w = stop
        while w is not None and not w.property("plan_item"):
            w = w.parentWidget()
        if w is not None and (not out or out[-1] != w.property("plan_item")):
            out.append(w.property("plan_item"))
    return out


def _cards(view) -> list[QFrame]:
    return [f for f in view.findChildren(QFrame) if f.property("plan_item")]


def test_tab_reaches_every_card_and_stops_only_where_the_focus_shows(qtbot, window):
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        view = window.tab_view(i)
        stops = tab_cycle(qtbot, window)
        invisible = [s for s in stops if isinstance(s, Plot | QAbstractScrollArea)]
        invisible = [s for s in invisible if not isinstance(s, DataTableView)]
        assert invisible == [], f"tab {i}: Tab stops with no focus mark: {invisible}"
        for s in stops:
            assert isinstance(s, QAbstractButton | QFrame | DataTableView | QTabBar | QSlider), s
        cards = _cards(view)
        reached = [s for s in stops if s in cards]
        assert reached == cards, f"tab {i}: every card once, in reading order"
        # charts (their Table button, a map's controls) and cards: the plan's order
        assert _items_reached(stops) == [f"{k}:{n}" for k, n in view.items], f"tab {i}"
        # the content in reading order, then the status bar
        buttons = [s for s in stops if s.window() is window and view.isAncestorOf(s)]
        assert stops[: len(buttons)] == buttons, f"tab {i}: the tab's content first"


def test_a_card_shows_that_it_has_the_focus(qtbot, window):
    card = _cards(window.tab_view(0))[0]
    window.tab_view(0).ensureWidgetVisible(card)
    before = card.grab().toImage()
    card.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(card.hasFocus)
    after = card.grab().toImage()
    assert before != after, "the focused card looks the same"


def test_every_kind_of_tab_stop_shows_that_it_has_the_focus(qtbot, window):
    """One of each kind of widget Tab stops at on any tab (tab bar, cards, a chart's Table
    button, a map's Play button and date slider, a data table, the status bar's
    buttons): reached with Tab, it looks different from when it is not focused."""
    kinds: dict[tuple[type, str], tuple[int, object]] = {}
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        for panel in window.tab_view(i).chart_panels[:1]:
            panel.show_table(True)  # a data table is a Tab stop too
        for s in tab_cycle(qtbot, window):
            kinds.setdefault((type(s), s.objectName()), (i, s))
    assert any(isinstance(s, QSlider) for _, s in kinds.values()), "a map's slider"
    assert any(isinstance(s, DataTableView) for _, s in kinds.values()), "a data table"
    bar = window.tabs.tabBar()
    for (kind, name), (i, stop) in kinds.items():
        window.tabs.setCurrentIndex(i)
        view = window.tab_view(i)
        if view.isAncestorOf(stop):
            view.ensureWidgetVisible(stop)
        # the focus elsewhere first: on the tab bar, or for the tab bar on the status bar
        away = bar if stop is not bar else window.findings_button
        away.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(away.hasFocus)
        before = stop.grab().toImage()
        stop.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(stop.hasFocus)
        assert before != stop.grab().toImage(), f"{kind.__name__} {name!r}: no focus mark"


def test_the_shortcuts_dialog_lists_every_shortcut_of_the_menus_and_of_presenting(window):
    from briefing_app.ui.presentation.controller import HELP

    text = shortcuts_text()
    for menu_action in window.menuBar().actions():
        for a in menu_action.menu().actions():
            keys = a.shortcut().toString()
            if keys and a.menu() is None and a.parent() is not window.goto_menu:
                assert keys in text, a.text()
    assert "Ctrl+1 … Ctrl+9" in text
    for item in HELP.split(" · "):
        assert item.strip() in text
    for key in ("S swap screens", "B black", "W white", "slide number + Enter"):
        assert key in text


def test_the_timeline_table_lists_the_events_in_date_order_as_its_cards(qtbot, window):
    index = next(i for i, t in enumerate(window.doc.briefing.tabs) if t.kind == "timeline")
    window.tabs.setCurrentIndex(index)
    view = window.tab_view(index)
    (panel,) = view.chart_panels
    panel.show_table(True)
    model = panel.table.model()
    dates = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert dates == sorted(dates)
    titles = [model.index(r, 1).data() for r in range(model.rowCount())]
    cards = [c.accessibleName() for c in _cards(view) if c.objectName() == "card"]
    assert [c.split(": ", 2)[-1] for c in cards] == titles


def test_an_event_without_a_source_says_so(qtbot, window):
    b = window.doc.briefing
    (sourceless,) = [e for e in b.events.values() if not e.sources]
    assert "Putin's address of 21 Nov 2024" in sourceless.description, "where it is reported"
    index = next(i for i, t in enumerate(b.tabs) if t.kind == "timeline")
    window.tabs.setCurrentIndex(index)
    view = window.tab_view(index)
    card = next(c for c in _cards(view) if c.property("plan_item") == f"event:{sourceless.id}")
    texts = [lab.text() for lab in card.findChildren(type(view.takeaway))]
    assert NO_SOURCE in texts
    assert not any(t.strip() in ("Sources:", "Source:") for t in texts)
    (panel,) = view.chart_panels
    table = panel.data.table
    assert table.loc[table["event"] == sourceless.title, "sources"].tolist() == [NO_SOURCE]
    (mark,) = [m for m in panel.data.events if m.id == sourceless.id]
    assert mark.hover.endswith(NO_SOURCE)


def test_no_table_cell_is_cut_off(qtbot, window):
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        for panel in window.tab_view(i).chart_panels:
            panel.show_table(True)
            QApplication.processEvents()
            t = panel.table
            assert t.textElideMode() == Qt.TextElideMode.ElideNone and t.wordWrap()
            for r in range(t.model().rowCount()):
                assert t.rowHeight(r) >= t.sizeHintForRow(r), (panel.chart.id, r)


def test_ctrl_page_down_through_every_tab_keeps_the_focus_on_the_tab_bar(qtbot):
    """The keyboard user's (and the clicker's) way through the tabs, with the tabs built ahead
    in idle time between the keys: no tab built ahead takes the focus or shows a window of
    its own (the Negotiations grid once showed its parentless column heads as windows)."""
    theme = load_theme("screen")
    apply_theme(QApplication.instance(), theme)
    w = MainWindow(BriefingDocument(load_briefing(None), theme))  # building ahead, as the app
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    watch = ShownWindows()  # every window shown from now on (the main one is shown)
    try:
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        bar = w.tabs.tabBar()
        bar.setFocus(Qt.FocusReason.TabFocusReason)
        count = w.tabs.count()
        assert count >= 3
        for step in range(1, count + 1):
            qtbot.waitUntil(lambda: not w.prebuilder.prebuilding, timeout=20000)
            focused = QApplication.focusWidget()
            assert focused is bar, (step, w.tabs.tabText(w.tabs.currentIndex()), focused)
            qtbot.keyClick(focused, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda s=step: w.tabs.currentIndex() == s % count)
        qtbot.waitUntil(lambda: not w.prebuilder.prebuilding, timeout=20000)
        assert QApplication.focusWidget() is bar
        assert watch.shown == []
    finally:
        watch.remove()
