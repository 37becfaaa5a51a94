"""The accessibility tree Qt gives a screen reader, read in the process: what the AT-SPI
bridge would send (`tests/ui/test_atspi.py` reads it over the bus from a real window),
for windows that test cannot reach, such as a presenter view on a second screen or a
message box."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

R = QAccessible.Role
#: roles a screen reader announces as something to read or use: each needs a name
NAMED_ROLES = {
    R.Window,
    R.Dialog,
    R.AlertMessage,
    R.MenuBar,
    R.PopupMenu,
    R.MenuItem,
    R.PageTabList,
    R.PageTab,
    R.PushButton,
    R.CheckBox,
    R.RadioButton,
    R.ComboBox,
    R.SpinBox,
    R.Slider,
    R.EditableText,
    R.List,
    R.Tree,
    R.Table,
    R.Chart,
    R.Grouping,
    R.Graphic,
    R.StatusBar,
    R.ToolBar,
    R.Link,
}
#: roles that also need a description
DESCRIBED_ROLES = {R.PageTab, R.PushButton, R.CheckBox, R.ComboBox, R.Slider, R.Chart}


def nodes(widget: QWidget) -> Iterator[tuple[QAccessibleInterface, str]]:
    """Every accessible node of *widget*, with where it is ("Window 'X' > PushButton ''")."""

    def walk(iface: QAccessibleInterface, path: tuple[str, ...], depth: int):
        name = iface.text(QAccessible.Text.Name)
        here = (*path, f"{iface.role().name} {name[:40]!r}")
        yield iface, " > ".join(here[-4:])
        if depth < 60:
            for i in range(iface.childCount()):
                child = iface.child(i)
                if child is not None and child.isValid():
                    yield from walk(child, here, depth + 1)

    root = QAccessible.queryAccessibleInterface(widget)
    assert root is not None, widget
    yield from walk(root, (), 0)


def unnamed(widget: QWidget) -> list[str]:
    """Where a node that needs a name has none, or one that needs a description none."""
    out = []
    for iface, where in nodes(widget):
        role, state = iface.role(), iface.state()
        if state.invisible and role not in (R.PopupMenu, R.MenuItem):
            continue  # not on screen (a closed menu's items are read all the same)
        if role in NAMED_ROLES and not iface.text(QAccessible.Text.Name).strip():
            out.append(f"no name: {where}")
        elif (
            role in DESCRIBED_ROLES
            and not _dialog_button(iface)
            and not iface.text(QAccessible.Text.Description).strip()
        ):
            out.append(f"no description: {where}")
    return out


def _dialog_button(iface: QAccessibleInterface) -> bool:
    """A button of a dialog's row of buttons ("OK", "Show Details..."): Qt's own, and
    said by its name."""
    parent = iface.parent()
    return (
        parent is not None
        and parent.role() == R.Grouping
        and parent.text(QAccessible.Text.Name) == "Buttons"
    )
