"""Text contrast measured on the rendered window, in every theme: every label, button, tab,
table cell (plain, alternate, selected rows and the header), menu item and tooltip.

The theme's named colour pairs are checked in test_themes; this catches the pairs the
stylesheet and the palette produce between them (a table's alternate rows took the
platform's near-white under white text in projector-dark).  A region's background is
its most common colour, its text the pixel of most contrast with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import load_briefing
from PySide6.QtCore import QEvent, QItemSelectionModel, QPoint, QRect, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMenu,
    QTableView,
    QToolTip,
    QWidget,
)

from briefing_app.render.themes import THEME_NAMES, load_theme
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.style import apply_theme

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

#: the least contrast of text in each theme (WCAG AAA for the projector, AA on screen)
LEAST = {"screen": 4.5, "projector": 7.0, "projector-dark": 7.0}


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, qapp) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    sheet, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)


def _luminance(rgb: np.ndarray) -> np.ndarray:
    c = rgb.astype(float) / 255
    lin = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def rendered_contrast(image: QImage, rect: QRect) -> float:
    """The contrast of the text drawn in *rect* of *image* with its background."""
    sub = image.copy(rect).convertToFormat(QImage.Format.Format_RGB32)
    w, h = sub.width(), sub.height()
    if w == 0 or h == 0:
        return 21.0
    raw = np.frombuffer(sub.constBits(), np.uint8).reshape(h, sub.bytesPerLine() // 4, 4)
    pixels = raw[:, :w, 2::-1].reshape(-1, 3)  # BGRA in memory -> RGB
    colours, counts = np.unique(pixels, axis=0, return_counts=True)
    bg = _luminance(colours[np.argmax(counts)][None, :])[0]
    lum = _luminance(colours)
    return float(np.max((np.maximum(lum, bg) + 0.05) / (np.minimum(lum, bg) + 0.05)))


def _text_regions(window: QWidget) -> Iterator[tuple[str, QWidget, QRect]]:
    """(what, widget, rect in the widget) of every visible text of the window's widgets."""
    for lab in window.findChildren(QLabel):
        if lab.isVisible() and lab.text().strip() and lab.objectName() != "caveat":
            yield f"label {lab.objectName() or ''} {lab.text()[:30]!r}", lab, lab.contentsRect()
    for b in window.findChildren(QAbstractButton):
        if b.isVisible() and b.text():
            yield f"button {b.text()!r}", b, b.rect().adjusted(3, 3, -3, -3)
    bar = window.tabs.tabBar()
    for i in range(bar.count()):
        yield f"tab {bar.tabText(i)!r}", bar, bar.tabRect(i).adjusted(3, 3, -3, -3)
    for table in window.findChildren(QTableView):
        if not table.isVisible():
            continue
        header = table.horizontalHeader()
        for c in range(min(3, table.model().columnCount())):
            x = header.sectionViewportPosition(c)
            r = QRect(x, 0, header.sectionSize(c), header.height()).adjusted(2, 2, -2, -2)
            yield f"header {c}", header, r
        for row in range(min(4, table.model().rowCount())):  # plain, alternate, selected
            for c in range(min(2, table.model().columnCount())):
                r = table.visualRect(table.model().index(row, c)).adjusted(1, 1, -1, -1)
                yield f"table row {row} column {c}", table.viewport(), r


def _problems(window: QWidget, least: float) -> list[str]:
    image = window.grab().toImage()
    out = []
    for what, widget, rect in _text_regions(window):
        seen = widget.visibleRegion().boundingRect() & rect
        if seen.height() < rect.height() or seen.width() < 4:
            continue  # cut by the scroll area's edge: checked where it is scrolled into view
        at = QRect(widget.mapTo(window, seen.topLeft()), seen.size())
        ratio = rendered_contrast(image, at)
        if ratio < least:
            out.append(f"{what}: {ratio:.2f}:1")
    return out


def _menu_problems(window: MainWindow, least: float) -> list[str]:
    """The File menu with its first item active, as a mouse over it shows it."""
    menu: QMenu = window.menuBar().actions()[0].menu()
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    QApplication.processEvents()
    menu.setActiveAction(menu.actions()[0])
    QApplication.processEvents()
    image = menu.grab().toImage()
    out = []
    for a in menu.actions():
        if a.text() and not a.isSeparator():
            ratio = rendered_contrast(image, menu.actionGeometry(a).adjusted(4, 2, -4, -2))
            if ratio < least:
                out.append(f"menu item {a.text()!r}: {ratio:.2f}:1")
    menu.hide()
    return out


def _tooltip_problems(window: MainWindow, least: float) -> list[str]:
    QToolTip.showText(window.mapToGlobal(QPoint(50, 50)), "A tooltip, 45,720 people", window)
    QApplication.processEvents()
    tips = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
    out = []
    for tip in tips:
        ratio = rendered_contrast(tip.grab().toImage(), tip.rect().adjusted(3, 3, -3, -3))
        if ratio < least:
            out.append(f"tooltip: {ratio:.2f}:1")
    QToolTip.hideText()
    return out


@pytest.mark.parametrize("theme_name", THEME_NAMES)
def test_every_text_of_the_window_reaches_the_theme_contrast(qtbot, theme_name):
    theme = load_theme(theme_name)
    least = LEAST[theme_name]
    apply_theme(QApplication.instance(), theme)
    w = MainWindow(BriefingDocument(load_briefing(None), theme), prebuild=False)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    problems = []
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        view = w.tab_view(i)
        QApplication.processEvents()
        problems += [f"tab {i}: {p}" for p in _problems(w, least)]
        if view.chart_panels:  # Ctrl+T: the tables behind the charts, a row selected
            w.toggle_tables()
            for panel in view.chart_panels:
                view.ensureWidgetVisible(panel)
                sel = panel.table.selectionModel()
                sel.select(
                    panel.table.model().index(2, 0),
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                QApplication.processEvents()
                problems += [f"tab {i} table: {p}" for p in _problems(w, least)]
            w.toggle_tables()
    problems += _menu_problems(w, least)
    problems += _tooltip_problems(w, least)
    w.close()
    w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))
