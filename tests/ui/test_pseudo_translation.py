"""Layouts that survive translation, and no English left: the pseudo-language ``xx``
(`model.i18n.pseudo`: every string 40 % longer, its letters accented) shown in the
window (every tab, at 1024x768 and 1920x1080), on every slide and in the handout.

What the pseudo-language leaves in plain English is text that did not go through the
translations: the words of the interface's own messages (the catalogue's template) that
the package's text never uses are looked for in everything shown."""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, TESTS, export, load_briefing
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QWidget
from slides_legible import check_deck, free_deleted

from briefing_app.model import i18n
from briefing_app.model.po import read_po
from briefing_app.render.slides.deck import build_deck
from briefing_app.render.slides.layout import Metrics
from briefing_app.render.slides.view import SlideView
from briefing_app.render.themes import load_theme
from briefing_app.ui.chart_panel import ChartPanel
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import ElidingLabel, MainWindow
from briefing_app.ui.style import apply_theme

_spec = importlib.util.spec_from_file_location(
    "chart_layout", TESTS / "render" / "test_chart_layout.py"
)
chart_layout = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(chart_layout)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

#: an English word of the interface: four letters or more
WORD = re.compile(r"[A-Za-z][a-z]{3,}")
#: words of the messages that are names, not English to translate
NAMES = {
    "briefing",
    "viewer",
    "frictionless",
    "pyqtgraph",
    "python",
    "inter",
    "excel",
    "libre",
    "office",
    "xlsx",
    "datapackage",
    "markdown",
    "lambert",
    "shift",
    "home",
    "enter",
    "backspace",
}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, qapp):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    from briefing_app.render.labels import load_fonts

    load_fonts()


@pytest.fixture(scope="module")
def bundled():
    return load_briefing(None)


@pytest.fixture(scope="module")
def interface_words() -> set[str]:
    """The words of the interface's messages that no text of the bundled package uses:
    one of them shown in the pseudo-language is English that was not translated."""
    words: set[str] = set()
    for e in read_po(ROOT / "resources" / "translations" / "briefing.pot"):
        for text in (e.msgid, e.msgid_plural):
            text = re.sub(r"\{[^}]*\}|%\(\w+\)\w|&", "", text)
            words |= {w.lower() for w in WORD.findall(text)}
    package = set()
    for f in (ROOT / "data" / "ukraine-2024-12").rglob("*"):
        if f.is_file() and f.suffix in (".csv", ".json", ".md", ".txt", ".geojson"):
            package |= {w.lower() for w in WORD.findall(f.read_text(errors="ignore"))}
    out = words - package - NAMES
    assert len(out) > 150  # not vacuous: most of the interface's vocabulary is checked
    return out


def english_left(texts: list[str], words: set[str]) -> list[str]:
    """The texts that hold a word of the interface in plain English."""
    out = []
    for text in texts:
        found = sorted({w for w in WORD.findall(text) if w.lower() in words})
        if found:
            out.append(f"{found}: {text[:100]!r}")
    return out


def _menu_texts(menu: QMenu) -> list[str]:
    out = [menu.title()]
    for a in menu.actions():
        out += [a.text(), a.toolTip() if a.toolTip() != a.text().replace("&", "") else ""]
        if a.menu() is not None:
            out += _menu_texts(a.menu())
    return out


def window_texts(w: MainWindow) -> list[str]:
    out = [w.windowTitle(), w.status_label.text(), w.status_label.toolTip()]
    for bar_action in w.menuBar().actions():
        out += _menu_texts(bar_action.menu())
    out += [w.tabs.tabText(i) for i in range(w.tabs.count())]
    for widget in w.findChildren(QWidget):
        if not widget.isVisible():
            continue
        out += [widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLabel | QAbstractButton):
            out.append(widget.text())
    for panel in w.findChildren(ChartPanel):
        out += [t for t, _ in chart_layout.text_rects(panel.plot)]
        pi = panel.plot.getPlotItem()
        out += [pi.getAxis(n).labelText for n in ("left", "bottom")]
    return [t for t in out if t]


def clipped_labels(w: QWidget, where: str) -> list[str]:
    """Visible labels shorter or narrower than their text needs."""
    out = []
    for lab in w.findChildren(QLabel):
        if not lab.isVisible() or not lab.text() or lab.width() <= 0:
            continue
        if isinstance(lab, ElidingLabel):
            continue  # cut with "…" by design (the status bar's package line)
        if lab.wordWrap():
            need = lab.heightForWidth(lab.width())
            if need > lab.height() + 1:
                out.append(f"{where}: {lab.text()[:60]!r} is {lab.height()} px high, needs {need}")
        elif lab.sizeHint().width() > lab.width() + 1:
            out.append(
                f"{where}: {lab.text()[:60]!r} is {lab.width()} px wide, "
                f"needs {lab.sizeHint().width()}"
            )
    for button in w.findChildren(QAbstractButton):
        if button.isVisible() and button.text() and button.sizeHint().width() > button.width() + 1:
            out.append(f"{where}: button {button.text()!r} is cut")
    return out


def _window(bundled, width: int, height: int) -> MainWindow:
    apply_theme(QApplication.instance(), load_theme("screen"))  # the app's type and padding
    w = MainWindow(BriefingDocument(bundled, load_theme("screen")), prebuild=False, remember=False)
    w.setMinimumSize(1, 1)
    w.resize(width, height)
    w.show()
    return w


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1920, 1080)])
def test_every_tab_of_the_window_fits_in_the_pseudo_language(
    qtbot, bundled, interface_words, width, height
):
    with i18n.language_as(i18n.PSEUDO):
        w = _window(bundled, width, height)
        qtbot.addWidget(w)
        problems: list[str] = []
        texts: list[str] = []
        for i in range(w.tabs.count()):
            w.tabs.setCurrentIndex(i)
            view = w.tab_view(i)
            _settle()
            where = f"{width}x{height} tab {i + 1}"
            problems += clipped_labels(view, where)
            for panel in view.findChildren(ChartPanel):
                problems += chart_layout.layout_problems(panel.plot, f"{where} {panel.chart.id}")
            texts += window_texts(w)
        problems += clipped_labels(w.statusBar(), f"{width}x{height} status bar")
        problems += clipped_labels(w.header, f"{width}x{height} header")
        assert w.header.as_of.text().startswith(i18n.pseudo("As of {date}").split("{")[0])
        w.close()
    assert not problems, "\n".join(problems)
    left = english_left(texts, interface_words)
    assert not left, "English left in the window:\n" + "\n".join(left)


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1280, 720), (1920, 1080)])
def test_every_slide_fits_in_the_pseudo_language(bundled, interface_words, width, height):
    """The slides' own checks (nothing clipped, overlapping, outside or cut with "…",
    type large enough) with every string 40 % longer; no English on any slide."""
    with i18n.language_as(i18n.PSEUDO):
        deck = check_deck(bundled, "projector", width, height)
        theme = load_theme("projector")
        m = Metrics(theme, width, height)
        texts = []
        for slide in build_deck(bundled, theme, width, height):
            view = SlideView(slide, bundled, theme, m)
            texts += [lab.text() for lab in view.text_labels()]
            if view.plot is not None:
                texts += [t for t, _ in chart_layout.text_rects(view.plot)]
            view.deleteLater()
        free_deleted()
    assert any(s.kind == "closing" for s in deck)
    assert i18n.pseudo("Questions") in texts
    left = english_left(texts, interface_words)
    assert not left, "English left on the slides:\n" + "\n".join(left)


def test_the_handout_fits_and_speaks_the_pseudo_language(tmp_path, interface_words):
    """``export pdf --lang xx``: every page's number whole at its foot, no English left."""
    out = tmp_path / "xx.pdf"
    r = export("pdf", str(out), "--lang", "xx", "--notes")
    assert r.returncode == 0, r.stderr
    pages = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 10
    for n, page in enumerate(pages, start=1):
        number = i18n.pseudo("Page {number} of {pages}").format(number=n, pages=len(pages))
        assert number in " ".join(page.split()), f"page {n}: its number is cut"
    left = english_left(pages, interface_words)
    assert not left, "English left in the handout:\n" + "\n".join(left)


def test_the_check_finds_english(qtbot, bundled, interface_words):
    """Not vacuous: the window in English is full of the words the check looks for."""
    w = _window(bundled, 1280, 800)
    qtbot.addWidget(w)
    w.tab_view(0)
    _settle()
    assert len(english_left(window_texts(w), interface_words)) > 10
    w.close()
