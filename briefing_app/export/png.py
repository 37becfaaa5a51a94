"""Render each tab of a briefing to an image, offscreen, at a given size."""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from briefing_app.model.types import Briefing, Tab
from briefing_app.themes import Theme


def slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:60] or "tab"


def render_tabs(b: Briefing, theme: Theme, width: int, height: int) -> Iterator[tuple[Tab, QImage]]:
    """Yield (tab, image) for every tab, rendered in a window of width x height."""
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow

    doc = BriefingDocument(b, theme)
    window = MainWindow(doc)
    window.setMinimumSize(1, 1)
    window.resize(width, height)
    window.show()
    try:
        for i, tab in enumerate(b.tabs):
            window.tabs.setCurrentIndex(i)
            window.tab_view(i)
            QApplication.processEvents()
            window.resize(width, height)
            QApplication.processEvents()
            yield tab, window.grab().toImage()
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def image_is_blank(image: QImage, min_colours: int = 8) -> bool:
    """True when an image has (nearly) one colour: nothing was drawn."""
    small = image.scaled(160, 100)
    colours = set()
    for y in range(small.height()):
        for x in range(small.width()):
            colours.add(small.pixel(x, y))
            if len(colours) >= min_colours:
                return False
    return True
