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
from briefing_app.ui.accessibility import describe_action

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
    #: what the item does, in a sentence: the status bar shows it as the item is
    #: highlighted, and screen readers that ask for an item's help read it
    tip: str = ""


@dataclass(frozen=True)
class Submenu:
    """A submenu: *text*; *name*, the window attribute to keep it as (the window fills it)."""

    text: str
    name: str
    #: what the submenu holds, in a sentence (`Item.tip`)
    tip: str = ""


SEPARATOR = None
#: what a language's item in View > Language does (the language in its own name)
SPEAK = N_("Speak {language} in the interface")

MenuEntry = Item | Submenu | None

MENUS: tuple[tuple[str, tuple[MenuEntry, ...]], ...] = (
    (
        N_("&File"),
        (
            Item(
                N_("&Open briefing…"),
                "opener.open_dialog",
                QKeySequence.StandardKey.Open,
                tip=N_("Open a briefing package: a folder, its datapackage.json or a .zip"),
            ),
            Item(
                N_("Open &folder…"),
                "opener.open_folder_dialog",
                "Ctrl+Shift+O",
                tip=N_("Open the briefing package in a folder"),
            ),
            Submenu(
                N_("Open &recent"), "recent_menu", tip=N_("Open one of the briefings opened lately")
            ),
            Item(
                N_("Open &bundled briefing"),
                "open_path",
                args=(None,),
                tip=N_("Open the briefing that comes with the viewer"),
            ),
            Item(
                N_("Re&load"),
                "live.reload",
                "Ctrl+R",
                tip=N_("Read the open package again from its files"),
            ),
            Item(
                N_("Compare &with…"),
                "compare.choose",
                tip=N_("Show what changed since an earlier edition of this briefing"),
            ),
            SEPARATOR,
            Submenu(
                N_("&Export"),
                "export_menu",
                tip=N_(
                    "Write the briefing as a PDF handout, slides, images, Markdown, data or a "
                    "workbook"
                ),
            ),
            SEPARATOR,
            Item(
                N_("&Quit"),
                "close",
                QKeySequence.StandardKey.Quit,
                tip=N_("Close the window and quit"),
            ),
        ),
    ),
    (
        N_("&View"),
        (
            Item(
                N_("&Present"),
                "start_presentation",
                "F5",
                name="present_action",
                tip=N_("Present the briefing as slides, full screen"),
            ),
            Item(
                N_("&Full screen"),
                "toggle_full_screen",
                "F11",
                tip=N_("Show the window full screen, or as before"),
            ),
            SEPARATOR,
            Submenu(
                N_("&Theme"),
                "theme_menu",
                tip=N_("Choose the colours and type sizes: screen or projector"),
            ),
            Submenu(
                N_("&Language"), "language_menu", tip=N_("Choose the language of the interface")
            ),
            SEPARATOR,
            Item(
                N_("Show &table / chart"),
                "toggle_tables",
                "Ctrl+T",
                tip=N_("Show each chart's data as a table, or the charts again"),
            ),
            Item(
                N_("F&indings of this briefing…"),
                "show_findings",
                tip=N_("List the checks of this briefing whose figures disagree"),
            ),
            Item(
                N_("&Next tab"), "step_tab", "Ctrl+PgDown", args=(1,), tip=N_("Show the next tab")
            ),
            Item(
                N_("P&revious tab"),
                "step_tab",
                "Ctrl+PgUp",
                args=(-1,),
                tip=N_("Show the previous tab"),
            ),
            Submenu(N_("&Go to tab"), "goto_menu", tip=N_("Show one of the briefing's tabs")),
        ),
    ),
    (
        N_("&Help"),
        (
            Item(
                N_("Package &warnings…"),
                "show_warnings",
                tip=N_("List the warnings about the open package"),
            ),
            Item(
                N_("&Keyboard shortcuts"), "show_shortcuts", tip=N_("List the keyboard shortcuts")
            ),
            Item(
                N_("&About Briefing Viewer"),
                "show_about",
                role=QAction.MenuRole.AboutRole,
                tip=N_("The version of Briefing Viewer, and where it keeps its settings"),
            ),
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
                sub = menu.addMenu(tr(entry.text))
                describe_action(sub.menuAction(), tr(entry.tip))
                setattr(window, entry.name, sub)
            else:
                action = menu.addAction(tr(entry.text), _caller(window, entry.call, entry.args))
                describe_action(action, tr(entry.tip))
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
        title = tr(load_theme(name).title)
        a = QAction(title, window, checkable=True)
        describe_action(a, tr("Show the briefing in the theme {theme}").format(theme=title))
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
        describe_action(a, tr(SPEAK).format(language=name))
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
        describe_action(a, tr("Show the tab {title}").format(title=title))
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
