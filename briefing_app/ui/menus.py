"""The main window's menu bar, declared as data: a table of menus and their items (text,
shortcut, the window's method to call), built by `build_menus`.

An item's method is named by its path from the window ("opener.open_dialog") and looked
up when the item is chosen.  A submenu is kept on the window under its name, and the
window fills it (the recent files, the tabs to go to), except the theme and export menus,
filled here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from briefing_app.model.i18n import LANGUAGES, N_, language, tr
from briefing_app.render.themes import THEME_NAMES, load_theme

if TYPE_CHECKING:
    from briefing_app.ui.main_window import MainWindow


@dataclass(frozen=True)
class Item:
    """A menu item: *text*; *call*, the path from the window of the method it calls, with
    *args*; its *shortcut*; *name*, the window attribute to keep the action as; its *role*
    on macOS."""

    text: str
    call: str
    shortcut: str | QKeySequence.StandardKey | None = None
    args: tuple[Any, ...] = ()
    name: str = ""
    role: QAction.MenuRole | None = None


@dataclass(frozen=True)
class Submenu:
    """A submenu: *text*; *name*, the window attribute to keep it as (the window fills it)."""

    text: str
    name: str


SEPARATOR = None

MenuEntry = Item | Submenu | None

MENUS: tuple[tuple[str, tuple[MenuEntry, ...]], ...] = (
    (
        N_("&File"),
        (
            Item(N_("&Open briefing…"), "opener.open_dialog", QKeySequence.StandardKey.Open),
            Item(N_("Open &folder…"), "opener.open_folder_dialog", "Ctrl+Shift+O"),
            Submenu(N_("Open &recent"), "recent_menu"),
            Item(N_("Open &bundled briefing"), "open_path", args=(None,)),
            Item(N_("Re&load"), "live.reload", "Ctrl+R"),
            Item(N_("Compare &with…"), "compare.choose"),
            SEPARATOR,
            Submenu(N_("&Export"), "export_menu"),
            SEPARATOR,
            Item(N_("&Quit"), "close", QKeySequence.StandardKey.Quit),
        ),
    ),
    (
        N_("&View"),
        (
            Item(N_("&Present"), "start_presentation", "F5", name="present_action"),
            Item(N_("&Full screen"), "toggle_full_screen", "F11"),
            SEPARATOR,
            Submenu(N_("&Theme"), "theme_menu"),
            Submenu(N_("&Language"), "language_menu"),
            SEPARATOR,
            Item(N_("Show &table / chart"), "toggle_tables", "Ctrl+T"),
            Item(N_("F&indings of this briefing…"), "show_findings"),
            Item(N_("&Next tab"), "step_tab", "Ctrl+PgDown", args=(1,)),
            Item(N_("P&revious tab"), "step_tab", "Ctrl+PgUp", args=(-1,)),
            Submenu(N_("&Go to tab"), "goto_menu"),
        ),
    ),
    (
        N_("&Help"),
        (
            Item(N_("Package &warnings…"), "show_warnings"),
            Item(N_("&Keyboard shortcuts"), "show_shortcuts"),
            Item(N_("&About Briefing Viewer"), "show_about", role=QAction.MenuRole.AboutRole),
        ),
    ),
)


def build_menus(window: MainWindow) -> None:
    """Add `MENUS` to *window*'s menu bar; fill the theme and export submenus."""
    bar = window.menuBar()
    for title, entries in MENUS:
        menu = bar.addMenu(tr(title))
        for entry in entries:
            if entry is SEPARATOR:
                menu.addSeparator()
            elif isinstance(entry, Submenu):
                setattr(window, entry.name, menu.addMenu(tr(entry.text)))
            else:
                action = menu.addAction(tr(entry.text), _caller(window, entry.call, entry.args))
                if entry.shortcut is not None:
                    action.setShortcut(QKeySequence(entry.shortcut))
                if entry.role is not None:
                    action.setMenuRole(entry.role)
                if entry.name:
                    setattr(window, entry.name, action)
    window.theme_group = _add_theme_actions(window, window.theme_menu)
    window.language_group = _add_language_actions(window, window.language_menu)
    _add_export_actions(window, window.export_menu)


def _caller(window: MainWindow, path: str, args: tuple[Any, ...]) -> Callable[[], None]:
    return lambda: attrgetter(path)(window)(*args)


def _add_theme_actions(window: MainWindow, menu: QMenu) -> QActionGroup:
    """One checkable action a theme; choosing one sets the document's theme."""
    group = QActionGroup(window)
    doc = window.doc
    for name in THEME_NAMES:
        a = QAction(tr(load_theme(name).title), window, checkable=True)
        a.setData(name)
        a.setChecked(name == doc.theme.name)
        a.triggered.connect(lambda _=False, n=name: doc.set_theme(load_theme(n)))
        group.addAction(a)
        menu.addAction(a)
    return group


def _add_language_actions(window: MainWindow, menu: QMenu) -> QActionGroup:
    """One checkable action a language, in its own name (English, Українська): choosing
    one speaks it at once (`MainWindow.set_language`)."""
    group = QActionGroup(window)
    for code, name in LANGUAGES.items():
        a = QAction(name, window, checkable=True)
        a.setData(code)
        a.setChecked(code == language())
        a.triggered.connect(lambda _=False, c=code: window.set_language(c))
        group.addAction(a)
        menu.addAction(a)
    return group


def check_theme(group: QActionGroup, name: str) -> None:
    """Check the action of theme *name*."""
    for a in group.actions():
        a.setChecked(a.data() == name)


def _add_export_actions(window: MainWindow, menu: QMenu) -> None:
    try:
        from briefing_app.ui.export_dialogs import add_export_actions
    except ImportError:
        menu.setEnabled(False)
        return
    add_export_actions(window, menu)


#: the tabs Go to tab gives a shortcut, and the shortcut of tab n (1-based)
GOTO_SHORTCUTS = 9
GOTO_SHORTCUT = "Ctrl+{n}"


def fill_goto_menu(menu: QMenu, titles: list[str], go: Callable[[int], None]) -> None:
    """One action a tab, Ctrl+1 to Ctrl+9 for the first nine."""
    menu.clear()
    for i, title in enumerate(titles):
        a = menu.addAction(title, lambda i=i: go(i))
        if i < GOTO_SHORTCUTS:
            a.setShortcut(QKeySequence(GOTO_SHORTCUT.format(n=i + 1)))


def shortcut_table() -> list[tuple[str, str]]:
    """(keys, what they do) of every menu item with a shortcut, from `MENUS`, and the
    tabs' Ctrl+1…9: the keyboard shortcuts dialog lists these, so it cannot go stale."""
    out = []
    for _title, entries in MENUS:
        for e in entries:
            if isinstance(e, Item) and e.shortcut is not None:
                keys = QKeySequence(e.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
                if keys:  # a standard key the platform binds to nothing is not one
                    out.append((keys, tr(e.text).replace("&", "").rstrip("…")))
    first, last = (GOTO_SHORTCUT.format(n=n) for n in (1, GOTO_SHORTCUTS))
    goto = tr("Go to tab 1 to {n}").format(n=GOTO_SHORTCUTS)
    out.insert(0, (f"{first} … {last}", goto))
    return out
