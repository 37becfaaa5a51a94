"""PlainLabel: text stays literal and selectable, while labels nobody clicks stay cheap."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from briefing_app.themes import load_theme
from briefing_app.ui.style import ZWSP, apply_theme, plain_label

TEXT = "Reported 125,800 people; computed 38,130 + 41,980 + 45,680 = 125,790 <b>not bold</b>"


def _shown(qtbot, *labels):
    apply_theme(QApplication.instance(), load_theme("projector"))
    host = QWidget()
    lay = QVBoxLayout(host)
    for lab in labels:
        lay.addWidget(lab)
    host.resize(500, 300)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    return host


def test_a_label_becomes_a_text_control_only_when_clicked(qtbot):
    label = plain_label(TEXT)
    host = _shown(qtbot, label)  # noqa: F841 - keeps the window alive
    assert label.is_selectable()
    assert not label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    geometry = label.geometry()
    qtbot.mousePress(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert label.geometry() == geometry, "the label keeps its place when it becomes selectable"


def test_a_double_click_selects_and_ctrl_c_copies_the_text(qtbot):
    long_run = "https://example.org/" + "a" * 60  # gets zero-width break points on screen
    label = plain_label(long_run)
    host = _shown(qtbot, label)  # noqa: F841 - keeps the window alive
    assert ZWSP in label.text()
    qtbot.mouseDClick(label, Qt.MouseButton.LeftButton, pos=QPoint(3, 5))
    assert label.hasSelectedText(), "the first click made the label selectable, the second selected"
    label.setSelection(0, len(label.text()))
    qtbot.keyClick(label, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    # the break points are taken out by the clipboard hook, which the offscreen platform
    # never triggers (it does not "own" the clipboard): see test_hostile_text
    assert QGuiApplication.clipboard().text().replace(ZWSP, "") == long_run


def test_data_text_is_shown_literally_and_never_as_html(qtbot):
    label = plain_label(TEXT)
    host = _shown(qtbot, label)  # noqa: F841 - keeps the window alive
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert "<b>" in label.text()
    qtbot.mousePress(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert "<b>" in label.text()


def test_a_label_marked_not_selectable_stays_inert(qtbot):
    label = plain_label(TEXT)
    label.set_selectable(False)
    host = _shown(qtbot, label)  # noqa: F841 - keeps the window alive
    qtbot.mousePress(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert not label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
