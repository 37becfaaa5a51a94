"""What the main window remembers between runs: its geometry and the tab shown last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray

from briefing_app.ui.document import settings

if TYPE_CHECKING:
    from briefing_app.ui.main_window import MainWindow


def restore(window: MainWindow) -> None:
    """The geometry and tab of the last run (first run: most of the screen)."""
    s = settings()
    geo = s.value("geometry")
    if isinstance(geo, QByteArray | bytes):
        window.restoreGeometry(geo)
    elif window.screen() is not None:
        # first run: most of the screen, not the minimum size
        avail = window.screen().availableGeometry()
        window.resize(int(avail.width() * 0.9), int(avail.height() * 0.9))
    last = s.value("last_tab")
    if last:
        window.select_tab(str(last))


def save(window: MainWindow) -> None:
    """Remember the geometry and the current tab (by id: the package may change)."""
    s = settings()
    s.setValue("geometry", window.saveGeometry())
    index = window.tabs.currentIndex()
    if 0 <= index < len(window.doc.briefing.tabs):
        s.setValue("last_tab", window.doc.briefing.tabs[index].id)
