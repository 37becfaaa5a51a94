"""The main window's menu bar, declared as data (`briefing_app.ui.menus.MENUS`)."""

from __future__ import annotations

from operator import attrgetter
from pathlib import Path

import pytest
from conftest import MINIMAL
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.menus import MENUS, Item, Submenu


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    doc = BriefingDocument(load_package(MINIMAL).briefing, load_theme("screen"))
    w = MainWindow(doc, prebuild=False)
    qtbot.addWidget(w)
    return w


def test_every_item_calls_a_method_of_the_window(window):
    for _title, entries in MENUS:
        for entry in entries:
            if isinstance(entry, Item):
                assert callable(attrgetter(entry.call)(window)), entry.call
            elif isinstance(entry, Submenu):
                assert isinstance(getattr(window, entry.name), QMenu), entry.name


def test_the_menu_bar_is_the_table(window):
    menus = [a.menu() for a in window.menuBar().actions()]
    assert [m.title() for m in menus] == [title for title, _ in MENUS]
    for menu, (_title, entries) in zip(menus, MENUS, strict=True):
        shown = [None if a.isSeparator() else a.text() for a in menu.actions()]
        assert shown == [None if e is None else e.text for e in entries]
    assert window.present_action.shortcut() == QKeySequence("F5")
    assert [a.data() for a in window.theme_group.actions() if a.isChecked()] == ["screen"]
    titles = [a.text() for a in window.goto_menu.actions()]
    assert titles == [t.title for t in window.doc.briefing.tabs]
    assert window.goto_menu.actions()[1].shortcut() == QKeySequence("Ctrl+2")


def test_an_item_calls_its_method_with_its_arguments(window):
    view = next(m for m in window.menuBar().actions() if m.text() == "&View").menu()
    actions = {a.text(): a for a in view.actions()}
    assert actions["&Next tab"].shortcut() == QKeySequence("Ctrl+PgDown")
    actions["&Next tab"].trigger()
    assert window.tabs.currentIndex() == 1
    actions["P&revious tab"].trigger()
    actions["P&revious tab"].trigger()
    assert window.tabs.currentIndex() == window.tabs.count() - 1
