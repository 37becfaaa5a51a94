"""The window in another language: View > Language switches the open briefing without a
restart, on the tab shown, and is remembered; ``--lang`` chooses it at start; Qt's own
dialog buttons follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, run_python
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from briefing_app.model import i18n
from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.document import BriefingDocument, settings
from briefing_app.ui.language import apply_language, initial_language
from briefing_app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    yield
    apply_language("en")


def _window(qtbot, path=None, *, remember: bool = True) -> MainWindow:
    result = load_package(path)
    assert result.ok
    w = MainWindow(BriefingDocument(result.briefing, load_theme("screen")), remember=remember)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _texts(w: MainWindow, index: int) -> str:
    view = w.tab_view(index)
    return "\n".join(lab.text() for lab in view.findChildren(QLabel))


def _menu_titles(w: MainWindow) -> list[str]:
    return [a.text() for a in w.menuBar().actions()]


def test_view_language_switches_the_open_briefing_on_the_tab_shown(qtbot):
    w = _window(qtbot)
    b = w.doc.briefing
    checks_tab = next(i for i, t in enumerate(b.tabs) if t.checks)
    w.tabs.setCurrentIndex(checks_tab)
    before = w.tab_view(checks_tab)
    assert "Check does not hold" in _texts(w, checks_tab)
    assert _menu_titles(w) == ["&File", "&View", "&Help"]
    assert w.header.as_of.text() == "As of 10 Dec 2024"

    heard = []
    w.language_changed.connect(heard.append)
    uk_action = next(a for a in w.language_group.actions() if a.data() == "uk")
    uk_action.trigger()

    assert heard == ["uk"] and i18n.language() == "uk"
    assert w.tabs.currentIndex() == checks_tab  # the same tab, made again
    assert w.tab_view(checks_tab) is not before
    texts = _texts(w, checks_tab)
    assert "Перевірка не справджується" in texts and "Check does not hold" not in texts
    assert "125\u00a0790" in texts  # numbers in Ukrainian too
    assert _menu_titles(w) == ["&Файл", "&Вигляд", "&Довідка"]
    assert w.header.as_of.text() == "Станом на 10 груд. 2024"
    assert "контрольна сума" in w.status_label.text()
    assert w.findings_button.text().startswith("8 розбіжностей")
    # the menus were made again, once: one action a language, one checked
    assert [a.isChecked() for a in w.language_group.actions()] == [False, True]
    assert sum(a.text() == "&Мова" for a in w.menuBar().actions()[1].menu().actions()) == 1
    assert settings().value("language") == "uk"

    w.set_language("en")
    assert _menu_titles(w) == ["&File", "&View", "&Help"]
    assert "Check does not hold" in _texts(w, checks_tab)
    assert settings().value("language") == "en"


def test_every_tab_shows_the_package_text_in_the_language_chosen(qtbot):
    """The bundled briefing carries its text in Ukrainian too: switched to Ukrainian,
    each tab's takeaway is the package's Ukrainian one, and back in English the English."""
    w = _window(qtbot)
    original = w.doc._briefing
    w.set_language("uk")
    uk = w.doc.briefing
    assert uk is not original and uk.language == "uk"
    for i, tab in enumerate(uk.tabs):
        w.tabs.setCurrentIndex(i)
        assert tab.takeaway and tab.takeaway in _texts(w, i), tab.id
        english = original.tabs[i].takeaway
        assert english not in _texts(w, i), tab.id
    w.set_language("en")
    for i, tab in enumerate(original.tabs):
        w.tabs.setCurrentIndex(i)
        assert tab.takeaway in _texts(w, i), tab.id


def test_a_window_the_user_never_saw_does_not_remember_the_language(qtbot):
    w = _window(qtbot, MINIMAL, remember=False)
    w.set_language("uk")
    assert i18n.language() == "uk"
    assert settings().value("language") is None


def test_the_language_at_start_is_the_one_asked_for_then_remembered_then_the_systems(
    monkeypatch,
):
    monkeypatch.setenv("LANGUAGE", "uk_UA")
    assert initial_language() == "uk"  # the system's, nothing remembered
    monkeypatch.setenv("LANGUAGE", "en")
    assert initial_language() == "en"
    settings().setValue("language", "uk")
    assert initial_language() == "uk"  # remembered beats the system's
    assert initial_language("en") == "en"  # --lang beats both
    settings().setValue("language", "fr")  # not offered: ignored
    assert initial_language() == "en"


def test_qt_standard_buttons_speak_ukrainian(qapp):
    """Qt's own dialogs (Yes/No/Cancel) through Qt's translations (qtbase_uk.qm)."""
    from PySide6.QtCore import QCoreApplication

    apply_language("uk")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Скасувати"
    apply_language("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def _file_dialog_labels() -> list[str]:
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(None, "x")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    try:
        return sorted(label.text() for label in dialog.findChildren(QLabel))
    finally:
        dialog.deleteLater()


def test_the_file_dialog_s_labels_are_all_ukrainian(qapp):
    """Qt 6's qtbase_uk.qm leaves "&Look in:" and "Files of &type:" in English (it has
    them without the '&'): `language.QtGaps` translates them, and only in Ukrainian."""
    apply_language("uk")
    try:
        labels = _file_dialog_labels()
    finally:
        apply_language("en")
    assert labels == ["&Ім'я файлу:", "&Тип файлів:", "&Шукати в:"], labels
    assert _file_dialog_labels() == ["&Look in:", "File &name:", "Files of &type:"]


def test_the_lang_option_starts_the_window_in_ukrainian_and_remembers_it(tmp_path):
    """``briefing-app --lang uk``, as a user starts it: the window speaks Ukrainian and
    the next start without --lang does too."""
    config = tmp_path / "config"
    env = {"XDG_CONFIG_HOME": str(config), "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "import briefing_app.ui.main_window as mw\n"
        "from briefing_app.cli import main\n"
        "def report(w):\n"
        "    print('MENU', [a.text() for a in w.menuBar().actions()], flush=True)\n"
        "    print('ASOF', w.header.as_of.text(), flush=True)\n"
        "    w.close(); QApplication.quit()\n"
        "shown = mw.MainWindow.show\n"
        "def show(self):\n"
        "    shown(self)\n"
        "    QTimer.singleShot(300, lambda: report(self))\n"
        "mw.MainWindow.show = show\n"
        "sys.exit(main.main(sys.argv[1:]))\n"
    )
    first = run_python("-c", script, "--lang", "uk", env=env)
    assert first.returncode == 0, first.stderr
    assert "MENU ['&Файл', '&Вигляд', '&Довідка']" in first.stdout
    assert "ASOF Станом на 10 груд. 2024" in first.stdout
    again = run_python("-c", script, env=env)
    assert "ASOF Станом на 10 груд. 2024" in again.stdout, again.stderr


def _menu_actions(menu) -> list:
    """Every item of *menu* and of its submenus (a submenu's own item included)."""
    out = []
    for a in menu.actions():
        if a.isSeparator():
            continue
        out.append(a)
        if a.menu() is not None:
            out += _menu_actions(a.menu())
    return out


@pytest.mark.qt_log_ignore("This plugin does not support")  # the menu popup, offscreen
def test_every_menu_item_says_what_it_does_in_the_language_chosen(qtbot):
    """Each item of every menu has a status tip (also its tool tip and What's This), in
    English and, after View > Language, in Ukrainian; pointing at an item with the mouse
    shows it in the status bar."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    w = _window(qtbot)
    english = {}
    for top in w.menuBar().actions():
        for a in _menu_actions(top.menu()):
            assert a.statusTip().strip(), f"{top.text()} > {a.text()} says nothing"
            assert a.whatsThis() == a.statusTip() == a.toolTip()
            english[a.text()] = a.statusTip()
    w.set_language("uk")
    items = [a for top in w.menuBar().actions() for a in _menu_actions(top.menu())]
    assert len(items) == len(english)
    for a in items:
        tip = a.statusTip()
        assert tip.strip(), a.text()
        assert tip not in english.values(), (a.text(), tip)
    # File opened with a click on the menu bar, its first item chosen with the arrow key:
    # the status bar says what it does
    bar = w.menuBar()
    top = bar.actions()[0]
    file_menu = top.menu()
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    qtbot.waitUntil(file_menu.isVisible)
    first = next(a for a in file_menu.actions() if not a.isSeparator())
    QTest.keyClick(file_menu, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: w.statusBar().currentMessage() == first.statusTip())
    assert w.statusBar().currentMessage().startswith("Відкрити пакет брифінгу")
    QTest.keyClick(file_menu, Qt.Key.Key_Escape)


@pytest.mark.qt_log_ignore("This plugin does not support")  # the menu popup, offscreen
def test_a_screen_reader_hears_what_a_menu_item_does(qtbot):
    """Qt's own menu item gives a screen reader no description (qaccessiblemenu.cpp:
    Name and Accelerator only); `accessibility.MenuItem` gives the item's status tip, in
    the language chosen, and keeps Qt's role, shortcut and Press action: pressing the
    item through the accessibility interface runs it.  (Over AT-SPI:
    tests/ui/test_atspi.py.)"""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAccessible
    from PySide6.QtTest import QTest

    w = _window(qtbot)
    bar = w.menuBar()
    top = bar.actions()[1]  # View
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    qtbot.waitUntil(top.menu().isVisible)
    menu = QAccessible.queryAccessibleInterface(top.menu())
    items = [menu.child(i) for i in range(menu.childCount())]
    items = [i for i in items if i.role() == QAccessible.Role.MenuItem]
    assert items and all(i.text(QAccessible.Text.Description) for i in items if not i.childCount())
    table = next(i for i in items if i.object().shortcut().toString() == "Ctrl+T")
    english = table.text(QAccessible.Text.Description)
    assert english == table.object().statusTip() and english.isascii()
    assert table.text(QAccessible.Text.Accelerator) == "Ctrl+T"
    assert table.parent().object() is top.menu()
    rect = table.rect()
    assert rect.width() > 0 and top.menu().geometry().contains(rect.center())
    # the Press action runs the item, as Qt's own does
    actions = table.actionInterface()
    assert actions is not None and actions.actionNames() == ["Press"]
    fired = []
    table.object().triggered.connect(lambda *_: fired.append(True))
    actions.doAction("Press")
    assert fired == [True]
    QTest.keyClick(top.menu(), Qt.Key.Key_Escape)
    # in Ukrainian: the same item, its description translated
    w.set_language("uk")
    view_menu = bar.actions()[1].menu()
    menu = QAccessible.queryAccessibleInterface(view_menu)
    descriptions = [
        menu.child(i).text(QAccessible.Text.Description) for i in range(menu.childCount())
    ]
    ctrl_t = next(a for a in view_menu.actions() if a.shortcut().toString() == "Ctrl+T")
    assert ctrl_t.statusTip() in descriptions
    assert english not in descriptions and not english.startswith(ctrl_t.statusTip()[:5])
