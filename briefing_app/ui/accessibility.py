"""What a screen reader hears of what Qt draws itself: the menu bar and its menus, the
status bar, the tab bar's tabs and scroll buttons, the parts of message boxes.

The widgets showing the briefing name themselves where they are built (cards, chart
panels, tab views); Qt names what it draws from its text, except menus, the status bar
and its size grip, a dialog's row of buttons and a message box's icon, which it leaves
unnamed, and it gives a page tab the description of the tab's tooltip.  The tabs are
described again for every briefing shown (`describe_tabs`); the menus are named from
their titles when named (`name_menus`): retitled, they are named again.
`tests/ui/test_atspi.py` reads the result over AT-SPI.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleInterface, QAction, Qt
from PySide6.QtWidgets import (
    QAccessibleWidget,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizeGrip,
    QTabWidget,
    QToolButton,
    QWidget,
)

from briefing_app.model.i18n import N_, tr
from briefing_app.model.types import Tab
from briefing_app.render.labels import rich_tooltip

#: the tab bar's scroll buttons, by the name Qt gives them, and what they do
SCROLL_BUTTONS = {
    "ScrollLeftButton": N_("Show the tabs to the left"),
    "ScrollRightButton": N_("Show the tabs to the right"),
}


#: what a message box's icon says, by the icon
ICON_NAMES = {
    QMessageBox.Icon.Information: N_("Information"),
    QMessageBox.Icon.Warning: N_("Warning"),
    QMessageBox.Icon.Critical: N_("Error"),
    QMessageBox.Icon.Question: N_("Question"),
}
#: the object name Qt gives a message box's icon
ICON_LABEL = "qt_msgboxex_icon_label"


def qt_parts(key: str, obj: QObject) -> QAccessibleInterface | None:
    """Names for the parts of Qt's own dialogs that it leaves unnamed, in every dialog the
    app opens (message boxes made by Qt's static functions included): the row of a
    dialog's buttons and a message box's icon."""
    if key == "QDialogButtonBox" and isinstance(obj, QDialogButtonBox):
        return QAccessibleWidget(obj, QAccessible.Role.Grouping, tr("Buttons"))
    if key == "QLabel" and obj.objectName() == ICON_LABEL:
        box = obj.parent()
        icon = box.icon() if isinstance(box, QMessageBox) else QMessageBox.Icon.NoIcon
        return QAccessibleWidget(
            obj, QAccessible.Role.Graphic, tr(ICON_NAMES.get(icon, N_("No icon")))
        )
    return None


_installed = False


def install_names() -> None:
    """Install `qt_parts` (once; the window and the app's start both ask)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(qt_parts)
        _installed = True


def plain_title(text: str) -> str:
    """A menu title without its accelerator marks: "&File" -> "File", "&&" -> "&"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def name_menus(root: QWidget) -> None:
    """Name every menu under *root* after its title (Qt leaves a menu unnamed), and the
    menu bar of a main window."""
    if isinstance(root, QMainWindow):
        root.menuBar().setAccessibleName(tr("Menu bar"))
    for menu in root.findChildren(QMenu):
        name_menu(menu)


def name_menu(menu: QMenu, name: str = "") -> None:
    """Name *menu* (a context menu has no title: *name* says what it is for)."""
    menu.setAccessibleName(name or plain_title(menu.title()))


def name_status_bar(window: QMainWindow) -> None:
    """The status bar, and its size grip (an unnamed widget of unknown role to AT-SPI)."""
    bar = window.statusBar()
    bar.setAccessibleName(tr("Status bar"))
    bar.setAccessibleDescription(tr("The package on screen, its findings and warnings"))
    for grip in bar.findChildren(QSizeGrip):
        grip.setAccessibleName(tr("Resize the window"))


def describe_tabs(tabs: QTabWidget, briefing_tabs: tuple[Tab, ...]) -> None:
    """Each page tab's tooltip, which Qt gives a screen reader as its description: the
    tab's takeaway (its title if it has none); and the tab bar's scroll buttons."""
    bar = tabs.tabBar()
    for i, tab in enumerate(briefing_tabs):
        text = tab.takeaway or tab.title
        # a tooltip that looks like markup is shown as markup: package text never is
        # (escaped, a screen reader then hears the escapes; plain text is left plain)
        bar.setTabToolTip(i, rich_tooltip(text) if Qt.mightBeRichText(text) else text)
    for button in bar.findChildren(QToolButton):
        what = SCROLL_BUTTONS.get(button.objectName())
        if what:
            button.setToolTip(tr(what))


def describe_action(action: QAction, text: str) -> None:
    """Say what *action* does: its status tip (the status bar shows it while the item is
    highlighted), its tool tip and its What's This help (what a screen reader can ask an
    item for: Qt's menu items give AT-SPI their name and shortcut, no description)."""
    action.setStatusTip(text)
    action.setToolTip(text)
    action.setWhatsThis(text)
