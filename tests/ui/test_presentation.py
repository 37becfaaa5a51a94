"""Presentation mode: the slides, a clicker's keys, legibility at four sizes, the presenter view.

The two-screen test runs this file as a script in a subprocess, with Qt's offscreen
platform configured with a laptop screen and a projector screen.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, TESTS, paint_counter
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QColor, QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from briefing_app.content.chartdata import chart_data
from briefing_app.content.slides import (
    CONTINUED,
    CONTINUES,
    Block,
    Line,
    heading_block,
    paginate,
    plan_sections,
)
from briefing_app.model.loader import load_package
from briefing_app.render.slides.deck import build_deck
from briefing_app.render.slides.images import device_pixel_ratio_for, render_slides
from briefing_app.render.slides.layout import Metrics
from briefing_app.render.slides.view import SlideView, plot_text_rects
from briefing_app.render.themes import load_theme
from briefing_app.ui.presentation.controller import PresentationController

BUNDLED = ROOT / "data" / "ukraine-2024-12"
SIZES = [(1024, 768), (1280, 720), (1920, 1080), (3840, 2160)]
#: the smallest text on a slide, as a share of the screen's height
MIN_TEXT_SHARE = 0.018
K = Qt.Key

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


@pytest.fixture(autouse=True)
def _fonts(qapp):
    """Bundled fonts loaded; the application's stylesheet, palette and font as they were."""
    from briefing_app.render.labels import load_fonts

    load_fonts()
    sheet, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    yield
    # only what changed: setting any of them re-polishes every widget still alive
    if qapp.styleSheet() != sheet:
        qapp.setStyleSheet(sheet)
    if qapp.palette() != palette:
        qapp.setPalette(palette)
    if qapp.font() != font:
        qapp.setFont(font)


def _load(path: Path):
    result = load_package(path)
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


@pytest.fixture(scope="module")
def minimal():
    return _load(MINIMAL)


@pytest.fixture(scope="module")
def bundled():
    result = load_package(BUNDLED)
    if not result.ok:
        pytest.skip("the bundled briefing does not validate at the moment")
    return result.briefing


# -- the slide model ----------------------------------------------------------------------


def test_sections_follow_the_tabs(minimal):
    sections = plan_sections(minimal)
    kinds = [(s.kind, s.tab_index) for s in sections]
    assert kinds == [
        ("title", -1),
        ("chart", 0),
        ("cards", 0),
        ("timeline", 1),
        ("cards", 1),
        ("cards", 2),
    ]
    chart = sections[1]
    tab = minimal.tabs[0]
    assert chart.takeaway == tab.takeaway  # on the tab's first slide only
    assert sections[2].takeaway == ""
    assert chart.sources == tuple(chart_data(minimal, tab.charts[0]).source_lines)
    assert chart.notes == tab.notes
    cards = [b.kind for b in sections[2].blocks]
    assert cards == ["section", "check", "section", "quote"]


def test_deck_numbers_slides_and_keeps_notes_and_sources(minimal):
    deck = build_deck(minimal, load_theme("projector"), 1280, 720)
    assert [s.number for s in deck] == list(range(1, len(deck) + 1))
    assert all(s.total == len(deck) for s in deck)
    assert deck[0].kind == "title" and deck[0].heading == minimal.title
    for s in deck:
        if s.tab_index >= 0:
            assert s.notes == minimal.tabs[s.tab_index].notes
        if s.kind in ("chart", "cards", "timeline"):
            assert s.sources, s.title
    chart = next(s for s in deck if s.kind == "chart")
    assert chart.sources == chart.chart.source_lines
    # the quote's literal "<b>" stays text everywhere
    quote = next(b for s in deck for b in s.blocks if b.kind == "quote")
    assert "<b>Not bold</b>" in quote.lines[0].text


def _fake_blocks(n: int, lines: int = 1) -> list[Block]:
    return [Block("check", tuple(Line(f"b{i} l{k}") for k in range(lines))) for i in range(n)]


def test_paginate_fills_columns_in_order_and_repeats_headings():
    blocks = [heading_block("Checks")]
    blocks += [Block("check", (Line(f"c{i}"),), section="Checks") for i in range(7)]

    def height(b: Block) -> float:
        return 10 if b.is_heading else 30

    pages = paginate(blocks, height, lambda page: 100, columns=2)
    flat = [b for page in pages for col in page for b in col]
    body = [b.lines[0].text for b in flat if not b.is_heading]
    assert body == [f"c{i}" for i in range(7)]  # nothing lost, order kept
    assert flat[0].lines[0].text == "Checks"
    assert pages[0][0][0].is_heading
    for page in pages:
        for col in page:
            assert sum(height(b) for b in col) <= 100
            assert not col[-1].is_heading  # a heading never ends a column
    second = pages[1][0][0]
    assert second.is_heading and second.lines[0].text == f"Checks {CONTINUED}"


def test_a_block_taller_than_a_column_is_split_with_a_note_not_clipped():
    words = [f"w{i}" for i in range(100)]
    long = Block("quote", (Line("Heading", "heading"), Line(" ".join(words))), (("x", "ok"),))

    def height(b: Block) -> float:
        return sum(len(ln.text) for ln in b.lines) / 2  # 2 characters per unit

    pages = paginate([long], height, lambda page: 80, columns=1)
    assert len(pages) > 1
    parts = [col[0] for page in pages for col in page if col]
    for part in parts:
        assert height(part) <= 80
    assert parts[0].lines[-1].text == CONTINUES
    assert parts[0].badges == (("x", "ok"),)
    assert all(p.lines[0].text == CONTINUED for p in parts[1:])
    text = " ".join(
        ln.text for p in parts for ln in p.lines if ln.text not in (CONTINUES, CONTINUED)
    )
    assert text.split() == ["Heading", *words]  # every word, once, in order


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Fail (not hang) when pagination does not end: SIGALRM, so Linux and macOS only."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(*_args):
        raise TimeoutError(f"pagination did not end in {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _wrapping_height(chars_per_line: int = 40, line_height: float = 10.0):
    """A measure like a card's: each line wraps every *chars_per_line* characters."""

    def height(b: Block) -> float:
        return sum(-(-max(1, len(ln.text)) // chars_per_line) * line_height for ln in b.lines)

    return height


def _shown_text(pages) -> str:
    """The text of every card part, in reading order, without markers and spaces."""
    parts = [b for page in pages for col in page for b in col if not b.is_heading]
    text = "".join(
        ln.text for p in parts for ln in p.lines if ln.text not in (CONTINUES, CONTINUED)
    )
    return text.replace(" ", "")


def _word(n: int, seed: int = 0) -> str:
    """*n* characters in an order that a lost or swapped piece would show."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(alphabet[(seed + i * 7 + i // 36) % len(alphabet)] for i in range(n))


@pytest.mark.parametrize("capacity", [80, 300, 15])
def test_a_5000_character_word_is_cut_across_slides_without_losing_a_character(capacity):
    word = _word(5000)
    quote = Block(
        "quote", (Line(f"“{word}”", "quote"), Line("— Someone", "muted")), section="Quotes"
    )
    blocks = [heading_block("Quotes"), quote]
    with _time_limit(20):
        pages = paginate(blocks, _wrapping_height(), lambda page: capacity, columns=2, gap=2)
    assert 1 < len(pages) <= 5000
    assert _shown_text(pages) == f"“{word}”—Someone"


def test_twenty_long_words_are_cut_in_order():
    words = [_word(400 + 37 * k, seed=k) for k in range(20)]
    quote = Block("quote", (Line("Heading", "heading"), Line(" ".join(words), "quote")))
    with _time_limit(20):
        pages = paginate([quote], _wrapping_height(), lambda page: 120, columns=1)
    assert len(pages) > 1
    assert _shown_text(pages) == "Heading" + "".join(words)
    parts = [b for page in pages for col in page for b in col]
    assert all(p.lines[-1].text == CONTINUES for p in parts[:-1])
    assert all(p.lines[0].text == CONTINUED for p in parts[1:])


def test_pagination_ends_even_when_nothing_fits():
    word = _word(5000)
    blocks = [heading_block("Quotes"), Block("quote", (Line(word),), section="Quotes")]
    for height in (lambda b: 1000.0, lambda b: 0.0 if b.is_heading else 1000.0):
        with _time_limit(20):
            pages = paginate(blocks, height, lambda page: 80, columns=2)
        assert pages and len(pages) <= 300
        assert _shown_text(pages) == word
    # a column no taller than a heading
    with _time_limit(20):
        pages = paginate(blocks, lambda b: 10.0, lambda page: 10, columns=1)
    assert _shown_text(pages) == word


# -- legibility: every slide at every size --------------------------------------------------


def _rect_in(view, widget) -> QRect:
    return QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())


def slide_problems(view: SlideView, dpr: int, physical_height: int) -> list[str]:
    """Clipped, overlapping, outside or too small text on one slide."""
    problems: list[str] = []
    where = f"slide {view.slide.counter} ({view.slide.title[:40]})"
    floor = MIN_TEXT_SHARE * physical_height
    labels = [lab for lab in view.findChildren(QLabel) if lab.text() and lab.isVisibleTo(view)]
    rects = []
    for lab in labels:
        r = _rect_in(view, lab)
        text = lab.text()[:50]
        if not view.rect().contains(r):
            problems.append(f"{where}: {text!r} is outside the slide: {r}")
        cr = lab.contentsRect()
        flags = lab.alignment() | (Qt.TextFlag.TextWordWrap if lab.wordWrap() else 0)
        need = lab.fontMetrics().boundingRect(cr, int(flags), lab.text())
        if need.height() > cr.height() or need.width() > cr.width():
            problems.append(f"{where}: {text!r} needs {need.size()} but has {cr.size()}")
        px = QFontInfo(lab.font()).pixelSize() * dpr
        if px < floor:
            problems.append(f"{where}: {text!r} is {px}px, under {floor:.1f}px")
        rects.append((r, text))
    for i, (a, ta) in enumerate(rects):
        for b, tb in rects[i + 1 :]:
            if a.intersects(b):
                problems.append(f"{where}: {ta!r} overlaps {tb!r}")
    if view.plot is not None:
        p = _rect_in(view, view.plot)
        for r, t in rects:
            if p.intersects(r):
                problems.append(f"{where}: {t!r} overlaps the chart")
        box = view.plot.getPlotItem().vb.sceneBoundingRect().adjusted(-2, -2, 2, 2)
        for item, r in plot_text_rects(view.plot):
            text = item.toPlainText()[:40]
            px = QFontInfo(item.textItem.font()).pixelSize() * dpr
            if px < floor:
                problems.append(f"{where}: chart text {text!r} is {px}px")
            if not box.contains(r):
                problems.append(f"{where}: chart text {text!r} leaves the plot: {r} in {box}")
    body = view.body_rect
    for card in view.cards:
        if not body.contains(card.geometry()):
            problems.append(f"{where}: card {card.block.text[:40]!r} leaves the body")
    return problems


def _check_deck(b, theme_name: str, width: int, height: int) -> int:
    theme = load_theme(theme_name)
    dpr = device_pixel_ratio_for(width, height)
    lw, lh = width // dpr, height // dpr
    m = Metrics(theme, lw, lh)
    deck = build_deck(b, theme, lw, lh)
    problems: list[str] = []
    for slide in deck:
        view = SlideView(slide, b, theme, m)
        try:
            problems += slide_problems(view, dpr, height)
            # every slide shows its number, the briefing's title and date, the caveat, sources
            assert view.number_label.text() == f"{slide.number} / {len(deck)}"
            shown = " ".join(lab.text() for lab in view.text_labels())
            assert b.title in shown and "Dec 2024" in shown
            assert view.caveat_label is not None and view.caveat_label.text() == b.caveat
            if slide.sources:
                assert view.source_label is not None
                assert view.source_label.text().startswith(("Source: ", "Sources: "))
        finally:
            view.deleteLater()
    QApplication.processEvents()
    assert not problems, "\n".join(problems[:30])
    return len(deck)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_bundled_slides_are_legible_at(bundled, width, height):
    n = _check_deck(bundled, "projector", width, height)
    assert n >= len(bundled.tabs) + 1


@pytest.mark.parametrize("theme", ["projector-dark", "screen"])
def test_slides_are_legible_in_other_themes_at_1024x768(bundled, theme):
    _check_deck(bundled, theme, 1024, 768)


def _with_long_text(tmp_path: Path) -> Path:
    """The minimal package with a very long quote and an unbroken address."""
    dst = tmp_path / "long"
    shutil.copytree(MINIMAL, dst)
    quotes = dst / "quotes.csv"
    rows = list(csv.DictReader(io.StringIO(quotes.read_text(encoding="utf-8"))))
    rows[0]["text"] = " ".join(f"word{i} of a very long quote" for i in range(220))
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    quotes.write_text(out.getvalue(), encoding="utf-8")
    sources = dst / "sources.csv"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace("https://example.org/a", "https://example.org/" + "x" * 300),
        encoding="utf-8",
    )
    return dst


def test_overlong_text_moves_to_a_continuation_slide(tmp_path):
    b = _load(_with_long_text(tmp_path))
    _check_deck(b, "projector", 1024, 768)
    deck = build_deck(b, load_theme("projector"), 1024, 768)
    parts = [blk for s in deck for blk in s.blocks if blk.kind == "quote"]
    assert len(parts) >= 2
    assert parts[0].lines[-1].text == CONTINUES
    assert parts[1].lines[0].text == CONTINUED
    cont = [s for s in deck if any(blk.kind == "quote" for blk in s.blocks)]
    assert cont[0].continues or cont[0].blocks[-1].lines[-1].text == CONTINUES


def test_4k_slides_are_drawn_at_device_pixel_ratio_2(minimal):
    assert device_pixel_ratio_for(3840, 2160) == 2
    assert device_pixel_ratio_for(1920, 1080) == 1
    assert device_pixel_ratio_for(1024, 768) == 1
    theme = load_theme("projector")
    images = list(render_slides(minimal, theme, 3840, 2160))
    small = list(render_slides(minimal, theme, 1920, 1080))
    assert len(images) == len(small)  # the same layout, twice the pixels
    slide, image = images[1]
    assert (image.width(), image.height(), image.devicePixelRatio()) == (3840, 2160, 2.0)
    assert slide.kind == "chart"
    from briefing_app.export.png import image_is_blank

    assert not image_is_blank(image)
    # twice the pixels of the same slide: scaled down, it is (nearly) the 1920x1080 one
    _, at_1080 = small[1]
    half = image.scaled(1920, 1080).convertToFormat(at_1080.format())
    differ = sum(
        half.pixel(x, y) != at_1080.pixel(x, y)
        for x in range(0, 1920, 24)
        for y in range(0, 1080, 24)
    )
    assert differ < 0.05 * (1920 // 24) * (1080 // 24)  # another slide differs in ~15-35 %


def test_export_png_slides_from_the_command_line(tmp_path):
    out = tmp_path / "slides"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "briefing_app", "export", "png", str(out), "--slides"]
    cmd += ["--theme", "projector", "--size", "1024x768", "--package", str(MINIMAL)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    files = sorted(out.glob("*.png"))
    deck = build_deck(_load(MINIMAL), load_theme("projector"), 1024, 768)
    assert len(files) == len(deck)
    assert files[0].name.startswith("01-")
    from PySide6.QtGui import QImage

    img = QImage(str(files[1]))
    assert (img.width(), img.height()) == (1024, 768)


# -- keys ------------------------------------------------------------------------------------


def _present(qtbot, path: Path = MINIMAL, theme: str = "projector"):
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    apply_theme(QApplication.instance(), load_theme(theme))  # as the application does
    doc = BriefingDocument(_load(path), load_theme(theme))
    w = MainWindow(doc)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    qtbot.keyClick(w, K.Key_F5)  # View > Present
    p = w.presentation
    assert p is not None and p.active
    qtbot.waitExposed(p.window)
    return w, p


def _shown(p):
    """Index of the slide on screen, checked against what the window shows."""
    view = p.window.current_view
    assert view is not None and view.isVisible()
    assert view.slide is p.window.deck[p.index]
    return p.index


def test_f5_presents_full_screen_from_the_first_slide(qtbot):
    _w, p = _present(qtbot)
    assert p.window.isFullScreen()
    assert p.presenter is None  # one screen: no presenter view
    screen = QApplication.primaryScreen().geometry()
    assert (p.window.metrics.width, p.window.metrics.height) == (screen.width(), screen.height())
    assert _shown(p) == 0
    assert p.window.current_view.slide.kind == "title"
    assert p.window.current_view.size() == p.window.size()


@pytest.mark.parametrize("key", [K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space])
def test_clicker_keys_advance_and_go_back(qtbot, key):
    _w, p = _present(qtbot)
    back = {
        K.Key_PageDown: K.Key_PageUp,
        K.Key_Right: K.Key_Left,
        K.Key_Down: K.Key_Up,
        K.Key_Space: K.Key_Backspace,
    }[key]
    qtbot.keyClick(p.window, key)
    assert _shown(p) == 1
    qtbot.keyClick(p.window, key)
    assert _shown(p) == 2
    qtbot.keyClick(p.window, back)
    assert _shown(p) == 1
    qtbot.keyClick(p.window, back)
    qtbot.keyClick(p.window, back)  # not before the first slide
    assert _shown(p) == 0


def test_enter_advances_home_and_end_jump(qtbot):
    _w, p = _present(qtbot)
    n = len(p.window.deck)
    qtbot.keyClick(p.window, K.Key_Return)
    assert _shown(p) == 1
    qtbot.keyClick(p.window, K.Key_Enter)
    assert _shown(p) == 2
    qtbot.keyClick(p.window, K.Key_End)
    assert _shown(p) == n - 1
    qtbot.keyClick(p.window, K.Key_PageDown)  # not past the last slide
    assert _shown(p) == n - 1
    assert p.window.current_view.number_label.text() == f"{n} / {n}"
    qtbot.keyClick(p.window, K.Key_Home)
    assert _shown(p) == 0


def test_a_slide_number_then_enter_jumps_to_it(qtbot):
    _w, p = _present(qtbot)
    n = len(p.window.deck)
    qtbot.keyClick(p.window, K.Key_4)
    assert p.window.entry_label.isVisible()
    assert "4" in p.window.entry_label.text()
    assert _shown(p) == 0  # nothing moves until Enter
    qtbot.keyClick(p.window, K.Key_Return)
    assert _shown(p) == 3
    assert not p.window.entry_label.isVisible()
    assert p.window.current_view.number_label.text() == f"4 / {n}"
    # two digits, a correction with Backspace, then Enter
    qtbot.keyClick(p.window, K.Key_1)
    qtbot.keyClick(p.window, K.Key_9)
    qtbot.keyClick(p.window, K.Key_Backspace)
    assert p.controller.entry == "1"
    assert _shown(p) == 3  # Backspace edited the number, it did not go back
    qtbot.keyClick(p.window, K.Key_Enter)
    assert _shown(p) == 0
    # a number past the end goes to the last slide; Esc cancels a number without ending
    for key in (K.Key_9, K.Key_9, K.Key_Return):
        qtbot.keyClick(p.window, key)
    assert _shown(p) == n - 1
    qtbot.keyClick(p.window, K.Key_2)
    qtbot.keyClick(p.window, K.Key_Escape)
    assert p.active and p.controller.entry == ""


def _centre_colour(p) -> QColor:
    image = p.window.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)


@pytest.mark.parametrize("theme", ["projector", "projector-dark"])
def test_b_blacks_and_w_whites_the_screen_and_back(qtbot, theme):
    _w, p = _present(qtbot, theme=theme)
    qtbot.keyClick(p.window, K.Key_PageDown)
    qtbot.keyClick(p.window, K.Key_B)
    assert p.window.blank_overlay.isVisible()
    assert p.controller.blank == "black"
    assert _centre_colour(p) == QColor("#000000")
    assert _shown(p) == 1  # the slide is kept
    qtbot.keyClick(p.window, K.Key_B)
    assert not p.window.blank_overlay.isVisible()
    assert _shown(p) == 1
    qtbot.keyClick(p.window, K.Key_W)
    assert p.window.blank_overlay.isVisible()
    assert _centre_colour(p) == QColor("#ffffff")
    qtbot.keyClick(p.window, K.Key_B)  # from white straight to black
    assert _centre_colour(p) == QColor("#000000")
    # a move key brings the slide back first, without moving
    qtbot.keyClick(p.window, K.Key_PageDown)
    assert not p.window.blank_overlay.isVisible()
    assert _shown(p) == 1
    # the keys clickers send for black and white: "." and ","
    qtbot.keyClick(p.window, K.Key_Period)
    assert p.controller.blank == "black"
    qtbot.keyClick(p.window, K.Key_Period)
    qtbot.keyClick(p.window, K.Key_Comma)
    assert p.controller.blank == "white"


def test_esc_ends_the_presentation(qtbot):
    w, p = _present(qtbot)
    window = p.window
    qtbot.keyClick(window, K.Key_PageDown)
    qtbot.keyClick(window, K.Key_Escape)
    assert not p.active
    assert not window.isVisible()
    # F5 starts a new one from the first slide
    qtbot.keyClick(w, K.Key_F5)
    assert w.presentation is not p and w.presentation.active
    assert w.presentation.index == 0
    qtbot.keyClick(w.presentation.window, K.Key_Escape)


def test_the_pointer_hides_when_idle_and_returns_on_move(qtbot):
    _w, p = _present(qtbot)
    p.window._cursor_timer.setInterval(50)
    p.window.hide_cursor_later()
    qtbot.waitUntil(lambda: p.window.cursor_hidden, timeout=2000)
    # to the presentation's own window (offscreen, the main window would get it: no stacking)
    QTest.mouseMove(p.window.windowHandle(), QPoint(200, 200))
    QTest.mouseMove(p.window.windowHandle(), QPoint(220, 210))
    qtbot.waitUntil(lambda: not p.window.cursor_hidden, timeout=2000)
    qtbot.waitUntil(lambda: p.window.cursor_hidden, timeout=2000)


def test_controller_ignores_keys_with_ctrl_and_unknown_keys(qtbot):
    c = PresentationController(5)
    assert c.handle(K.Key_F5)  # a clicker's "start" while presenting: nothing to do
    assert not c.handle(K.Key_Q)
    assert c.index == 0
    assert c.handle(K.Key_N) and c.index == 1
    assert c.handle(K.Key_P) and c.index == 0


def test_a_briefing_can_be_given_start_to_finish_with_a_clicker(qtbot, bundled):
    _w, p = _present(qtbot, BUNDLED)
    n = len(p.window.deck)
    seen = [p.window.current_view.slide.title]
    for _ in range(n - 1):
        qtbot.keyClick(p.window, K.Key_PageDown)
        seen.append(p.window.current_view.slide.title)
    assert _shown(p) == n - 1
    assert seen == [s.title for s in p.window.deck]
    tab_titles = {t.title for t in bundled.tabs}
    assert tab_titles <= {s.heading for s in p.window.deck}
    qtbot.keyClick(p.window, K.Key_Escape)
    assert not p.active


# -- building ahead -------------------------------------------------------------------------


def _idle_until_built(qtbot, p, timeout: int = 20000) -> None:
    """Let the event loop idle until every slide view to be built ahead is built."""
    qtbot.waitUntil(lambda: not p.window.prebuilding, timeout=timeout)


def _count_builds(monkeypatch) -> list[int]:
    """Slide views built by each idle tick (one entry a tick)."""
    from briefing_app.ui.presentation.window import PresentationWindow

    ticks: list[int] = []
    step = PresentationWindow._prebuild_step

    def counted(self) -> None:
        before = len(self._views)
        step(self)
        ticks.append(len(self._views) - before)

    monkeypatch.setattr(PresentationWindow, "_prebuild_step", counted)
    return ticks


def test_every_slide_is_built_and_painted_ahead_when_idle(qtbot, monkeypatch):
    ticks = _count_builds(monkeypatch)
    _w, p = _present(qtbot, BUNDLED)
    n = len(p.window.deck)
    assert n > 20
    assert len(p.window.built) < n  # opening does not build the deck
    _idle_until_built(qtbot, p)
    assert p.window.built == list(range(n))
    assert p.window.painted == list(range(n))
    # one view at most each idle tick: a key press waits for one build at most
    assert max(ticks) == 1 and sum(ticks) >= n - 2
    # a step now shows a view already built and painted
    for _ in range(3):
        qtbot.keyClick(p.window, K.Key_PageDown)
    assert _shown(p) == 3 and p.window.built == list(range(n))


def test_a_key_press_while_building_ahead_advances_at_once(qtbot):
    _w, p = _present(qtbot, BUNDLED)
    n = len(p.window.deck)
    assert p.window.prebuilding and len(p.window.built) < n
    # End: to a slide not built yet, at once
    qtbot.keyClick(p.window, K.Key_End)
    assert _shown(p) == n - 1
    qtbot.keyClick(p.window, K.Key_PageUp)
    qtbot.keyClick(p.window, K.Key_PageUp)
    assert _shown(p) == n - 3
    # building goes on from there, the way the presenter is going first
    assert p.window.direction == -1
    assert p.window.prebuild_order()[:4] == [n - 3, n - 4, n - 5, n - 2]
    _idle_until_built(qtbot, p)
    assert p.window.built == list(range(n))


def test_closing_the_presentation_stops_building_ahead(qtbot):
    _w, p = _present(qtbot, BUNDLED)
    window = p.window
    built = window.built
    assert window.prebuilding and len(built) < len(window.deck)
    qtbot.keyClick(window, K.Key_Escape)
    assert not p.active and not window.prebuilding
    qtbot.wait(300)
    assert window.built == built


def test_a_long_deck_keeps_a_bounded_window_of_views(qtbot, monkeypatch):
    from briefing_app.ui.presentation.window import KEEP

    ticks = _count_builds(monkeypatch)
    _w, p = _present(qtbot)
    window = p.window
    # a deck of hundreds of slides (the small briefing's, many times over)
    window.deck = window.deck * (300 // len(window.deck) + 1)
    n = len(window.deck)
    window._drop_views()
    p.controller.set_count(n)
    window._show_current(p.index)
    _idle_until_built(qtbot, p)
    assert window.built == list(range(KEEP))
    qtbot.keyClick(window, K.Key_End)
    assert _shown(p) == n - 1
    _idle_until_built(qtbot, p)
    assert window.built == list(range(n - KEEP, n))
    # in the middle: the views round the current slide, no more
    for key in (K.Key_1, K.Key_5, K.Key_0, K.Key_Return):
        qtbot.keyClick(window, key)
    assert _shown(p) == 149
    _idle_until_built(qtbot, p)
    lo = 149 - KEEP // 2
    assert window.built == list(range(lo, lo + KEEP))
    assert max(ticks) == 1


def test_a_step_paints_the_slide_once(qtbot):
    """Showing a view posts an UpdateLater event to each of its widgets; with an update
    request already pending they had the new slide painted twice."""
    from PySide6.QtCore import QCoreApplication, QEvent

    _w, p = _present(qtbot, BUNDLED)
    _idle_until_built(qtbot, p)
    window = p.window
    cards = [i for i, s in enumerate(window.deck) if s.kind == "cards"]
    k = next(i for i in cards if i + 1 in cards)
    qtbot.keyClick(window, K.Key_Home)
    for _ in range(k):
        qtbot.keyClick(window, K.Key_PageDown)
    qtbot.wait(50)

    paints = paint_counter()
    view = window.view(k + 1)
    view.installEventFilter(paints)
    try:
        # a repaint already asked for when the key comes (building ahead can leave one)
        QCoreApplication.postEvent(window, QEvent(QEvent.Type.UpdateRequest))
        qtbot.keyClick(window, K.Key_PageDown)
        assert _shown(p) == k + 1
        for _ in range(6):
            QApplication.processEvents()
        assert paints.count == 1
    finally:
        view.removeEventFilter(paints)


# -- two screens ---------------------------------------------------------------------------------

SCREENS = {
    "synchronousWindowSystemEvents": False,
    "windowFrameMargins": False,
    "screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800, "dpr": 1},
        {"name": "projector", "x": 1280, "y": 0, "width": 1024, "height": 768, "dpr": 1},
    ],
}


def test_presenter_view_on_two_screens(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS), encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        # run as a script, this file finds the tests' conftest on the path
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    r = subprocess.run(
        [sys.executable, __file__, "--two-screens", str(BUNDLED)],
        capture_output=True,
        text=True,
        timeout=150,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "two screens: ok" in r.stdout


def two_screen_check(package: str) -> None:
    """Run with a two-screen offscreen platform: the presenter view and the projector."""
    from briefing_app.ui.app import make_app
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    app = make_app()
    screens = {s.name(): s for s in app.screens()}
    assert set(screens) == {"laptop", "projector"}, screens
    theme = load_theme("projector")
    apply_theme(app, theme)
    result = load_package(package)
    b = result.briefing if result.ok else _load(MINIMAL)
    w = MainWindow(BriefingDocument(b, theme))
    w.setGeometry(screens["laptop"].availableGeometry().adjusted(40, 40, -40, -40))
    w.show()
    assert QTest.qWaitForWindowExposed(w)
    w.start_presentation()
    p = w.presentation
    QTest.qWait(100)
    assert p.presenter is not None, "no presenter view on two screens"
    assert p.window.screen().name() == "projector"
    assert p.presenter.screen().name() == "laptop"
    assert p.window.geometry() == screens["projector"].geometry()
    assert (p.window.metrics.width, p.window.metrics.height) == (1024, 768)
    deck = p.window.deck
    pv = p.presenter

    # keys pressed on the laptop drive the projector
    QTest.keyClick(pv, K.Key_PageDown)
    assert p.index == 1 and p.window.current_view.slide is deck[1]
    slide = deck[1]
    assert slide.tab_index == 0
    assert pv.notes_label.text() == b.tabs[0].notes
    assert pv.current_title.text() == slide.title
    assert pv.next_title.text() == deck[2].title
    assert pv.position_label.text() == f"Slide 2 / {len(deck)}"
    for source in slide.sources:
        assert source in pv.sources_label.text()
    assert re.fullmatch(r"\d:\d\d:\d\d", pv.elapsed_label.text())
    assert re.fullmatch(r"\d\d:\d\d", pv.clock_label.text())
    QTest.qWait(200)
    assert not pv.current_picture.pixmap().isNull()
    assert not pv.next_picture.pixmap().isNull()
    assert pv.next_picture.pixmap().width() <= pv.next_picture.width()

    # a step forward draws one slide for the presenter (the next one was drawn already)
    drawn: list[int] = []
    render = p.window.render_slide
    p.window.render_slide = lambda i: drawn.append(i) or render(i)
    QTest.keyClick(pv, K.Key_PageDown)
    QTest.qWait(200)
    assert drawn == [3], drawn
    QTest.keyClick(pv, K.Key_PageUp)
    QTest.qWait(200)
    assert drawn == [3], drawn  # slides 2 and 3 are still drawn
    del p.window.render_slide

    # jump by number on the presenter view; the title slide has no notes
    for key in (K.Key_1, K.Key_Return):
        QTest.keyClick(pv, key)
    assert p.index == 0 and pv.notes_label.text().startswith("No speaker notes")

    # black screen from the laptop: the projector goes black, the presenter says so
    QTest.keyClick(pv, K.Key_B)
    assert p.window.blank_overlay.isVisible()
    assert pv.state_label.isVisible() and "black" in pv.state_label.text()
    QTest.keyClick(pv, K.Key_B)

    # S swaps the screens; the slides are laid out again for the new projector screen
    QTest.keyClick(pv, K.Key_End)
    QTest.keyClick(pv, K.Key_S)
    QTest.qWait(100)
    assert p.window.screen().name() == "laptop"
    assert p.presenter.screen().name() == "projector"
    assert (p.window.metrics.width, p.window.metrics.height) == (1280, 800)
    assert p.index == len(p.window.deck) - 1
    assert p.presenter.next_title.text() == "End of the briefing"

    # Esc ends both
    window, presenter = p.window, p.presenter
    QTest.keyClick(presenter, K.Key_Escape)
    assert not p.active
    assert not window.isVisible() and not presenter.isVisible()
    QTest.qWait(50)
    assert w.isVisible()
    print("two screens: ok")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--two-screens":
        two_screen_check(sys.argv[2] if len(sys.argv) > 2 else str(MINIMAL))
    else:
        sys.exit(pytest.main([__file__, "-q"]))
