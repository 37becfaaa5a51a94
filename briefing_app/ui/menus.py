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
        "&File",
        (
            Item("&Open briefing…", "opener.open_dialog", QKeySequence.StandardKey.Open),
            Item("Open &folder…", "opener.open_folder_dialog", "Ctrl+Shift+O"),
            Submenu("Open &recent", "recent_menu"),
            Item("Open &bundled briefing", "open_path", args=(None,)),
            Item("Re&load", "live.reload", "Ctrl+R"),
            Item("Compare &with…", "compare.choose"),
            SEPARATOR,
            Submenu("&Export", "export_menu"),
            SEPARATOR,
            Item("&Quit", "close", QKeySequence.StandardKey.Quit),
        ),
    ),
    (
        "&View",
        (
            Item("&Present", "start_presentation", "F5", name="present_action"),
            Item("&Full screen", "toggle_full_screen", "F11"),
            SEPARATOR,
            Submenu("&Theme", "theme_menu"),
            SEPARATOR,
            Item("Show &table / chart", "toggle_tables", "Ctrl+T"),
            Item("F&indings of this briefing…", "show_findings"),
            Item("&Next tab", "step_tab", "Ctrl+PgDown", args=(1,)),
            Item("P&revious tab", "step_tab", "Ctrl+PgUp", args=(-1,)),
            Submenu("&Go to tab", "goto_menu"),
        ),
    ),
    (
        "&Help",
        (
            Item("Package &warnings…", "show_warnings"),
            Item("&Keyboard shortcuts", "show_shortcuts"),
            Item("&About Briefing Viewer", "show_about", role=QAction.MenuRole.AboutRole),
        ),
    ),
)


def build_menus(window: MainWindow) -> None:
    """Add `MENUS` to *window*'s menu bar; fill the theme and export submenus."""
    bar = window.menuBar()
    for title, entries in MENUS:
        menu = bar.addMenu(title)
        for entry in entries:
            if entry is SEPARATOR:
                menu.addSeparator()
            elif isinstance(entry, Submenu):
                setattr(window, entry.name, menu.addMenu(entry.text))
            else:
                action = menu.addAction(entry.text, _caller(window, entry.call, entry.args))
                if entry.shortcut is not None:
                    action.setShortcut(QKeySequence(entry.shortcut))
                if entry.role is not None:
                    action.setMenuRole(entry.role)
                if entry.name:
                    setattr(window, entry.name, action)
    window.theme_group = _add_theme_actions(window, window.theme_menu)
    _add_export_actions(window, window.export_menu)


def _caller(window: MainWindow, path: str, args: tuple[Any, ...]) -> Callable[[], None]:
    return lambda: attrgetter(path)(window)(*args)


def _add_theme_actions(window: MainWindow, menu: QMenu) -> QActionGroup:
    """One checkable action a theme; choosing one sets the document's theme."""
    group = QActionGroup(window)
    doc = window.doc
    for name in THEME_NAMES:
        a = QAction(load_theme(name).title, window, checkable=True)
        a.setData(name)
        a.setChecked(name == doc.theme.name)
        a.triggered.connect(lambda _=False, n=name: doc.set_theme(load_theme(n)))
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
                    out.append((keys, e.text.replace("&", "").rstrip("…")))
    first, last = (GOTO_SHORTCUT.format(n=n) for n in (1, GOTO_SHORTCUTS))
    out.insert(0, (f"{first} … {last}", f"Go to tab 1 to {GOTO_SHORTCUTS}"))
    return out
