"""PlainLabel: text stays literal and selectable, while labels nobody clicks stay cheap."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from briefing_app.content.text import ZWSP
from briefing_app.render.labels import plain_label
from briefing_app.render.themes import load_theme
from briefing_app.ui.style import apply_theme

TEXT = "Reported 125,800 people; computed 38,130 + 41,980 + 45,680 = 125,790 <b>not bold</b>"


def _shown(qtbot, *labels, styled: bool = True):
    # restyling the application repolishes every widget alive in the test process
    # (thousands by this point of the suite): once a test is enough
    if styled:
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
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # press and release
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
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # press and release
    assert "<b>" in label.text()


def test_a_label_marked_not_selectable_stays_inert(qtbot):
    label = plain_label(TEXT)
    label.set_selectable(False)
    host = _shown(qtbot, label)  # noqa: F841 - keeps the window alive
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # press and release
    assert not label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


# -- height for width: remembered, and forgotten on every change that moves the text ----

LONG = "Kyiv said 38,130 + 41,980 + 45,680 people, the source article 125,800; " * 6


def _uncached(label, width: int) -> int:
    from PySide6.QtWidgets import QLabel

    return QLabel.heightForWidth(label, width)  # QLabel lays the text out anew


def test_a_remembered_height_for_width_is_the_height_qt_computes(qtbot):
    label = plain_label(LONG)
    host = _shown(qtbot, label)  # noqa: F841
    for width in (120, 300, 480, 300, 120):
        assert label.heightForWidth(width) == _uncached(label, width)
    assert label.heightForWidth(120) > label.heightForWidth(480) > 0


def _font_bigger(label) -> None:
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    label.setFont(font)


CHANGES = {
    "text": lambda lab: lab.setText(LONG * 2),
    "font": _font_bigger,
    "style sheet padding": lambda lab: lab.setStyleSheet("padding: 30px 60px;"),
    "contents margins": lambda lab: lab.setContentsMargins(50, 20, 50, 20),
    "margin": lambda lab: lab.setMargin(40),
    "indent": lambda lab: lab.setIndent(120),
    "word wrap off": lambda lab: lab.setWordWrap(False),
    "cleared": lambda lab: lab.clear(),
}


def test_every_change_that_moves_the_text_is_seen_by_the_remembered_height(qtbot):
    for number, (name, change) in enumerate(CHANGES.items()):
        label = plain_label(LONG)
        host = _shown(qtbot, label, styled=number == 0)
        before = {w: label.heightForWidth(w) for w in (200, 400)}
        change(label)
        for w in (200, 400):
            now = label.heightForWidth(w)
            assert now == _uncached(label, w), f"{name}: stale height for width {w}"
        assert any(label.heightForWidth(w) != before[w] for w in before), (
            f"{name}: the change did not move the text, so this case tests nothing"
        )
        host.close()


def test_a_window_resized_by_hand_keeps_few_heights_per_label(qtbot):
    from briefing_app.render.labels import PlainLabel

    label = plain_label(LONG)
    host = _shown(qtbot, label)  # noqa: F841
    for width in range(100, 700, 3):
        assert label.heightForWidth(width) == _uncached(label, width)
    assert len(label._hfw) <= PlainLabel.HFW_KEEP


def test_a_number_set_on_a_label_is_seen_by_the_remembered_height(qtbot):
    label = plain_label("")
    label.setWordWrap(True)
    host = _shown(qtbot, label)  # noqa: F841
    empty = label.heightForWidth(300)
    label.setNum(125790)
    assert label.heightForWidth(300) == _uncached(label, 300) != empty


# -- the text kept drawn between paints: always what QLabel paints there ------------------


def _twin(label):
    """A QLabel set up as *label* is, painted by Qt alone (the reference)."""
    from PySide6.QtWidgets import QLabel

    ref = QLabel()
    ref.setTextFormat(Qt.TextFormat.PlainText)
    ref.setWordWrap(label.wordWrap())
    ref.setText(label.text())
    ref.setObjectName(label.objectName())
    return ref


def _painted(host, times: int = 3):
    """*host* painted *times* over (QWidget.grab: a raster image, as the screen is)."""
    for _ in range(times - 1):
        host.grab()
    return host.grab().toImage()


def test_a_label_painted_again_puts_back_exactly_what_qlabel_paints(qtbot, monkeypatch):
    from briefing_app.render.labels import KeptLabel, PlainLabel

    monkeypatch.setattr(KeptLabel, "KEEP_FROM", 1)  # short text kept too, to compare it

    kinds = [("", True), ("muted", True), ("caveat", False), ("title", False), ("", False)]
    for number, (name, wrap) in enumerate(kinds):
        label = plain_label(LONG if wrap else "Reported 45,680; computed 45,720", name, wrap=wrap)
        label.set_selectable(False)
        host = _shown(qtbot, label, styled=number == 0)
        twin_host = _shown(qtbot, _twin(label), styled=False)
        image = _painted(host)
        assert isinstance(label, PlainLabel) and label._kept.image is not None, (
            f"{name or 'plain'}: nothing kept, so this case tests nothing"
        )
        assert image == _painted(twin_host, 1), f"{name or 'plain'}: not what QLabel paints"
        host.close()
        twin_host.close()


def test_a_source_line_keeps_its_picture_and_a_word_or_two_does_not(qtbot):
    """A source line (a wrapped line, a card's text) costs QLabel a layout and a shaping
    at every paint, more than keeping its picture; a button-like word costs less.
    Counted in callgrind, keeping from 40 characters instead of 100 took 20 tab
    switches from 727 M to 614 M instructions (issue #22)."""
    source = "Source: DeepStateMap, relayed by deepstate-map-data (GPL-3.0)"
    assert 40 <= len(source) < 100
    line = plain_label(source, "source", wrap=True)
    word = plain_label("Source: ISW", "source", wrap=True)
    for label in (line, word):
        label.set_selectable(False)
    host = _shown(qtbot, line, word)
    _painted(host)
    assert line._kept.image is not None, "the source line put back"
    assert word._kept.image is None, "two words: QLabel's own paint"
    host.close()


def test_every_change_to_a_label_shows_in_its_next_paint(qtbot):
    changes = dict(CHANGES)
    changes["colour"] = lambda lab: lab.setStyleSheet("color: #b00020;")
    changes["alignment"] = lambda lab: lab.setAlignment(Qt.AlignmentFlag.AlignRight)
    for number, (name, change) in enumerate(changes.items()):
        label = plain_label(LONG)
        label.set_selectable(False)
        twin = _twin(label)
        host = _shown(qtbot, label, styled=number == 0)
        twin_host = _shown(qtbot, twin, styled=False)
        before = _painted(host)
        assert label._kept.image is not None, f"{name}: nothing kept, so this case tests nothing"
        change(label)
        change(twin)
        if name == "text":
            twin.setText(label.text())
        after = _painted(host)
        assert after != before, f"{name}: the change shows nothing, so this case tests nothing"
        assert after == _painted(twin_host, 1), f"{name}: the kept text was painted"
        host.close()
        twin_host.close()


class _Backdrop(QWidget):
    """A parent painting a colour of its own: the label hears nothing when it changes."""

    def __init__(self, colour: str) -> None:
        super().__init__()
        self.colour = colour

    def paintEvent(self, event) -> None:
        from PySide6.QtGui import QColor, QPainter

        p = QPainter(self)
        p.fillRect(self.rect(), QColor(self.colour))
        p.end()


def test_what_changes_under_a_label_is_painted_under_its_text(qtbot):
    backdrops = []
    for i in range(2):
        backdrop = _Backdrop("#fff7d6")
        lay = QVBoxLayout(backdrop)
        label = plain_label(LONG) if i == 0 else _twin(plain_label(LONG))
        if i == 0:
            label.set_selectable(False)
        lay.addWidget(label)
        backdrop.resize(500, 300)
        qtbot.addWidget(backdrop)
        backdrop.show()
        qtbot.waitExposed(backdrop)
        backdrops.append((backdrop, label))
    (host, label), (twin_host, _) = backdrops
    _painted(host)
    assert label._kept.image is not None
    for b, _ in backdrops:
        b.colour = "#1d3557"  # the label is not told
    assert _painted(host) == _painted(twin_host, 1)


def test_an_svg_export_gets_the_text_itself_not_a_picture_of_it(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from briefing_app.render.labels import KeptLabel

    monkeypatch.setattr(KeptLabel, "KEEP_FROM", 1)

    label = plain_label("Reported 45,680; computed 45,720", wrap=False)
    label.set_selectable(False)
    host = _shown(qtbot, label)
    _painted(host)
    assert label._kept.image is not None
    gen = QSvgGenerator()
    path = tmp_path / "label.svg"
    gen.setFileName(str(path))
    gen.setSize(QSize(500, 300))
    gen.setViewBox(QRect(0, 0, 500, 300))
    p = QPainter(gen)
    host.render(p, QPoint())
    p.end()
    svg = path.read_text(encoding="utf-8")
    assert "45,680" in svg and "<image" not in svg
