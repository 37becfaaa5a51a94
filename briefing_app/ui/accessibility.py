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

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleInterface,
    QAccessibleObject,
    QAction,
    Qt,
    QWindow,
)
from PySide6.QtWidgets import (
    QAccessibleWidget,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QMenuBar,
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


class MenuItem(QAccessibleObject, QAccessibleActionInterface):
    """A menu item as Qt's own (``QAccessibleMenuItem``) gives it, and its description.

    Qt's menu item answers a screen reader's Name and Accelerator only: its ``text()``
    has no case for Description and its ``setText`` does nothing, so an action's status
    tip, tool tip or What's This never reach AT-SPI (Qt 6.11, qaccessiblemenu.cpp).  But
    a menu asks ``QAccessible::queryAccessibleInterface(action)`` for each item before
    making its own, so the accessible factory (`qt_parts`) gives this instead: the same
    role, name, shortcut, state, place and parent/child links, the same actions (Press;
    ShowMenu for an item that opens a submenu) through Qt's action interface, and as
    description the action's status tip (`describe_action`)."""

    def __init__(self, action: QAction) -> None:
        QAccessibleObject.__init__(self, action)
        QAccessibleActionInterface.__init__(self)
        # no Python reference to the action or its menu: the interface lives as long as
        # the action (Qt's cache) and must not keep a closed window's menus alive

    @property
    def _action(self) -> QAction:
        return self.object()

    @property
    def _owner(self) -> QMenu | QMenuBar | None:
        action = self.object()
        return _owner_of(action) if action is not None else None

    def isValid(self) -> bool:
        return self.object() is not None and self._owner is not None

    def role(self) -> QAccessible.Role:
        return (
            QAccessible.Role.Separator if self._action.isSeparator() else QAccessible.Role.MenuItem
        )

    def text(self, t: QAccessible.Text) -> str:
        a = self._action
        if t == QAccessible.Text.Name:
            return plain_title(a.text())
        if t == QAccessible.Text.Description:
            return a.statusTip()
        if t == QAccessible.Text.Accelerator:
            key = a.shortcut().toString()
            if key:
                return key
            i = a.text().replace("&&", "\0\0").find("&")
            return f"Alt+{a.text()[i + 1]}" if 0 <= i < len(a.text()) - 1 else ""
        return ""

    def setText(self, t: QAccessible.Text, text: str) -> None:
        pass  # as Qt's: a menu item's text is its action's

    def state(self) -> QAccessible.State:
        s = QAccessible.State()
        a, owner = self._action, self._owner
        if not owner.isVisible() or not a.isVisible():
            s.invisible = True
        if owner.activeAction() is a:
            s.focused = True
        if a.isSeparator() or not a.isEnabled():
            s.disabled = True
        if a.isCheckable():
            s.checkable = True
        if a.isChecked():
            s.checked = True
        return s

    def rect(self) -> QRect:
        r = self._owner.actionGeometry(self._action)
        return r.translated(self._owner.mapToGlobal(r.topLeft()) - r.topLeft())

    def window(self) -> QWindow | None:
        return self._owner.window().windowHandle()

    def parent(self) -> QAccessibleInterface | None:
        return QAccessible.queryAccessibleInterface(self._owner)

    def childCount(self) -> int:
        return 1 if self._action.menu() is not None else 0

    def child(self, index: int) -> QAccessibleInterface | None:
        menu = self._action.menu()
        return QAccessible.queryAccessibleInterface(menu) if index == 0 and menu else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        menu = self._action.menu()
        return 0 if child is not None and menu is not None and child.object() is menu else -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        child = self.child(0)
        return child if child is not None and child.rect().contains(x, y) else None

    def interface_cast(self, t: QAccessible.InterfaceType):
        from shiboken6 import Shiboken, VoidPtr

        if t == QAccessible.InterfaceType.ActionInterface:
            # the address of this object's QAccessibleActionInterface part: the second
            # of its C++ bases (Shiboken gives one address a base, in the class's order)
            return VoidPtr(Shiboken.getCppPointer(self)[1])
        return VoidPtr(0)

    def actionNames(self) -> list[str]:
        if self._action.isSeparator():
            return []
        if self._action.menu() is not None:
            return [QAccessibleActionInterface.showMenuAction()]
        return [QAccessibleActionInterface.pressAction()]

    def doAction(self, name: str) -> None:
        a = self._action
        if not a.isEnabled():
            return
        if name == QAccessibleActionInterface.pressAction():
            a.trigger()
        elif name == QAccessibleActionInterface.showMenuAction() and a.menu() is not None:
            if a.menu().isVisible():
                a.menu().hide()
            else:
                self._owner.setActiveAction(a)

    def keyBindingsForAction(self, name: str) -> list[str]:
        return []


#: the menu items made, kept until their action goes (Qt holds them by address)
_menu_items: dict[int, MenuItem] = {}


def _owner_of(action: QAction) -> QMenu | QMenuBar | None:
    """The menu or menu bar *action* is an item of (the first: Qt's item has one)."""
    return next((o for o in action.associatedObjects() if isinstance(o, QMenu | QMenuBar)), None)


def _menu_item(action: QAction) -> MenuItem | None:
    if _owner_of(action) is None:
        return None
    key = id(action)
    item = _menu_items.get(key)
    if item is None:
        item = _menu_items[key] = MenuItem(action)
        action.destroyed.connect(lambda *_: _menu_items.pop(key, None))
    return item


def qt_parts(key: str, obj: QObject) -> QAccessibleInterface | None:
    """Names for the parts of Qt's own dialogs that it leaves unnamed, in every dialog the
    app opens (message boxes made by Qt's static functions included): the row of a
    dialog's buttons and a message box's icon; and menu items that say what they do
    (`MenuItem`)."""
    if key == "QAction" and isinstance(obj, QAction):
        return _menu_item(obj)
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
    highlighted; a screen reader hears it as the item's description, `MenuItem`), its
    tool tip and its What's This help."""
    action.setStatusTip(text)
    action.setToolTip(text)
    action.setWhatsThis(text)
