"""The presenter view on two screens: the detail of the slide on screen, the list of
backup slides, a jump to one for a question and back with keys alone, the countdown and
the pace, the timer paused and reset, and a theme changed during the talk.

The two-screen check runs this file as a script in a subprocess, with Qt's offscreen
platform configured with a laptop screen and a projector screen.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, TESTS
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.presentation.clock import TalkClock, pace, time_left
from briefing_app.ui.presentation.controller import PresentationController

BUNDLED = ROOT / "data" / "ukraine-2024-12"
K = Qt.Key

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

SCREENS = {
    "synchronousWindowSystemEvents": False,
    "windowFrameMargins": False,
    "screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 800, "dpr": 1},
        {"name": "projector", "x": 1280, "y": 0, "width": 1024, "height": 768, "dpr": 1},
    ],
}


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


# -- the clock -------------------------------------------------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_the_timer_pauses_resumes_and_resets():
    now = FakeTime()
    clock = TalkClock(now)
    now.t += 60
    assert clock.elapsed() == 60
    clock.toggle()  # paused
    now.t += 30
    assert clock.paused and clock.elapsed() == 60
    clock.toggle()
    now.t += 5
    assert not clock.paused and clock.elapsed() == 65
    clock.reset()
    now.t += 2
    assert clock.elapsed() == 2


def test_the_countdown_and_the_pace_hint():
    assert time_left(0, 1200) == "20:00 left"
    assert time_left(1265, 1200) == "1:05 over"
    # 15 main slides in 20 minutes: slide 7 (index 6) at 9 minutes is on pace
    assert pace(540, 1200, 6, 15) == "On pace"
    # still on slide 2 at half time (slide 8 due): 6 behind, 10 minutes for 13 slides
    assert pace(600, 1200, 1, 15) == "6 slides behind: 0:46 a slide left"
    assert pace(60, 1200, 4, 15) == "3 slides ahead"
    assert pace(60, 1200, 4, 1) == ""


def test_keys_jump_and_return(qapp):
    c = PresentationController(40)
    c.handle(K.Key_Right)
    c.handle(K.Key_Right)
    assert c.index == 2 and c.back is None  # steps are not jumps
    for key in (K.Key_3, K.Key_0, K.Key_Return):
        c.handle(key)
    assert c.index == 29 and c.back == 2
    c.handle(K.Key_Right)  # a look at the next backup slide
    c.handle(K.Key_R)
    assert c.index == 2  # back where the talk was
    c.handle(K.Key_R)
    assert c.index == 30  # and R again: back to the backup slide
    requested = []
    c.list_requested.connect(lambda: requested.append(True))
    assert c.handle(K.Key_L) and requested
    c.handle(K.Key_T)
    assert c.clock.paused
    c.handle(K.Key_T, shift=True)
    assert c.clock.paused and c.clock.elapsed() == 0


def test_a_bad_duration_on_the_command_line_is_a_usage_error():
    from conftest import run_python

    r = run_python("-m", "briefing_app", "--present", "--duration", "soon")
    assert r.returncode == 2
    assert "--duration" in r.stderr and "20m" in r.stderr and "Traceback" not in r.stderr


# -- two screens -----------------------------------------------------------------------------


def _run_on_screens(tmp_path: Path, screens: dict, *args: str) -> str:
    """Run this file as a script with *args* on the offscreen platform configured with
    *screens*; its output, once it has exited 0."""
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(screens), encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
        # run as a script, this file finds the tests' conftest on the path
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    r = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_presenter_view_on_two_screens(tmp_path):
    out = _run_on_screens(tmp_path, SCREENS, "--two-screens", str(BUNDLED))
    assert "two screens: ok" in out


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_presenter_view_fits_a_1024_pixel_laptop_screen(tmp_path, lang):
    """On a 1024x768 laptop the presenter view is as wide as the screen, not wider (its
    top bar goes onto two lines): seen under Xvfb as a 1122-pixel window over the slide."""
    narrow = dict(SCREENS)
    narrow["screens"] = [
        {"name": "laptop", "x": 0, "y": 0, "width": 1024, "height": 768, "dpr": 1},
        {"name": "projector", "x": 1024, "y": 0, "width": 1024, "height": 768, "dpr": 1},
    ]
    out = _run_on_screens(tmp_path, narrow, "--narrow-laptop", str(BUNDLED), lang)
    assert "narrow laptop: ok" in out


def test_present_at_start_on_two_screens_shows_only_the_slide_and_the_presenter_view(tmp_path):
    """``--present`` with two screens: the slide full screen on the projector first, then
    the presenter view on the laptop; the main window is not shown (issue #22)."""
    out = _run_on_screens(tmp_path, SCREENS, "--present-at-start", str(MINIMAL))
    assert "present at start: ok" in out


def _key(widget, key, mods=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard focus is: the window's focused widget, as a user's."""
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or widget
    QTest.keyClick(target, key, mods)


def _wait_for(condition, ms: int = 5000) -> bool:
    """Let the event loop run until *condition* holds (True) or *ms* pass (False)."""
    for _ in range(ms // 20):
        if condition():
            return True
        QTest.qWait(20)
    return condition()


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
    b = result.briefing if result.ok else load_package(MINIMAL).briefing
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
    pv.activateWindow()
    pv.setFocus()
    # a screen reader finds every control of both windows named, the slide pictures by
    # their slide (`accessible_tree`: what Qt gives the accessibility bus)
    from accessible_tree import unnamed

    assert unnamed(pv) + unnamed(p.window) == []
    assert pv.current_picture.accessibleName() == f"On the projector: {deck[0].title}"
    assert pv.next_picture.accessibleDescription().startswith(f"Slide 2 of {len(deck)}")
    assert "45,720" in pv.next_picture.accessibleDescription(), "the next slide's chart"

    # keys pressed on the laptop drive the projector
    _key(pv, K.Key_PageDown)
    assert p.index == 1 and p.window.current_view.slide is deck[1]
    slide = deck[1]
    assert slide.tab_index == 0
    assert pv.current_title.text() == slide.title
    assert pv.next_title.text() == deck[2].title
    assert pv.position_label.text() == f"Slide 2 / {len(deck)}"
    for source in slide.sources:
        assert source in pv.sources_label.text()
    # the detail of the slide on screen: the chart's figures, the notes, full citations
    detail = pv.detail_label.text()
    assert b.tabs[0].notes in detail and "Speaker notes" in detail
    assert "45,720" in detail and b.sources["uags"].citation() in detail

    # a check on screen: its formula, both numbers and the chain of attribution in the
    # detail, its figures alone on the slide
    k = next(i for i, s in enumerate(deck) if any(b.kind == "check" for b in s.blocks))
    for ch in str(k + 1):
        _key(pv, getattr(K, f"Key_{ch}"))
    _key(pv, K.Key_Return)
    assert p.index == k
    detail = pv.detail_label.text()
    assert "38,130 + 41,980 + 45,680 = 125,790" in detail
    assert "Computed from:" in detail and "125,800 total is ISW's estimate" in detail
    on_slide = " ".join(ln.text for blk in deck[k].blocks for ln in blk.lines)
    assert "38,130 + 41,980" not in on_slide and "Reported 125,800 people" in on_slide

    # the backup slides by title, and a jump to one and back with keys alone
    backups = [i for i, s in enumerate(deck) if s.is_backup]
    listed = [pv.backup_list.item(r) for r in range(pv.backup_list.count())]
    assert [it.data(Qt.ItemDataRole.UserRole) for it in listed] == backups
    assert all(deck[i].heading in it.text() for i, it in zip(backups, listed, strict=True))
    here = p.index
    _key(pv, K.Key_L)
    assert pv.backup_list.hasFocus()
    _key(pv, K.Key_Down)
    _key(pv, K.Key_Down)
    target = pv.backup_list.currentItem().data(Qt.ItemDataRole.UserRole)
    assert p.index == here  # choosing in the list moves nothing yet
    _key(pv, K.Key_Return)
    assert p.index == target and deck[target].is_backup
    assert p.window.current_view.slide is deck[target]
    assert not pv.backup_list.hasFocus()
    assert pv.position_label.text().startswith("Backup slide")
    _key(pv, K.Key_R)
    assert p.index == here  # back where the talk was
    _key(pv, K.Key_R)
    assert p.index == target  # R again: to the backup slide
    _key(pv, K.Key_R)
    _key(pv, K.Key_L)
    _key(pv, K.Key_Escape)  # leaves the list without going anywhere
    assert p.index == here and p.active and not pv.backup_list.hasFocus()

    # the countdown to the package's planned length, the pace, the timer paused and reset
    assert b.duration == 1200
    assert re.fullmatch(r"(20:00|19:\d\d) left", pv.left_label.text())
    assert pv.pace_label.isVisibleTo(pv) and pv.pace_label.text()
    _key(pv, K.Key_T)
    assert p.controller.clock.paused and "(paused)" in pv.elapsed_label.text()
    _key(pv, K.Key_T, Qt.KeyboardModifier.ShiftModifier)
    assert pv.elapsed_label.text().startswith("0:00:00")
    _key(pv, K.Key_T)
    assert not p.controller.clock.paused
    assert re.fullmatch(r"\d\d:\d\d", pv.clock_label.text())

    assert _wait_for(lambda: not pv.current_picture.pixmap().isNull())
    assert _wait_for(lambda: not pv.next_picture.pixmap().isNull())
    assert pv.next_picture.pixmap().width() <= pv.next_picture.width()

    # a step forward draws one slide for the presenter (the next one was drawn already)
    for key in (K.Key_7, K.Key_Return):
        _key(pv, key)
    drawn: list[int] = []
    render = p.window.render_slide
    p.window.render_slide = lambda i: drawn.append(i) or render(i)
    assert _wait_for(lambda: sorted(drawn) == [6, 7])
    QTest.qWait(100)
    drawn.clear()
    _key(pv, K.Key_PageDown)
    assert _wait_for(lambda: bool(drawn))
    QTest.qWait(200)
    assert drawn == [8], drawn
    _key(pv, K.Key_PageUp)
    QTest.qWait(300)
    assert drawn == [8], drawn  # slides 7 and 8 are still drawn
    del p.window.render_slide

    # a theme chosen during the talk restyles the slides and the presenter view
    shown = p.window.current_view.slide
    w.doc.set_theme(load_theme("projector-dark"))
    QTest.qWait(100)
    assert p.window.theme.name == "projector-dark"
    assert p.window.current_view.theme.name == "projector-dark"
    assert p.window.current_view.slide.title == shown.title
    assert pv.theme.name == "projector-dark"
    assert pv.theme_box.currentData() == "projector-dark"
    image = p.window.grab().toImage()
    assert image.pixelColor(5, 5).lightness() < 30  # the dark theme's black background

    # black screen from the laptop: the projector goes black, the presenter says so
    _key(pv, K.Key_B)
    assert p.window.blank_overlay.isVisible()
    assert pv.state_label.isVisible() and "black" in pv.state_label.text()
    _key(pv, K.Key_B)

    # S swaps the screens; the slides are laid out again for the new projector screen
    _key(pv, K.Key_End)
    _key(pv, K.Key_S)
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


def present_at_start_check(package: str) -> None:
    """Run with a two-screen offscreen platform: ``--present`` shows no main window."""
    from PySide6.QtCore import QEvent, QObject

    from briefing_app.ui.app import make_app, show_first
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    app = make_app()
    shown: list[tuple[str, bool, str]] = []

    class _Shows(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Show and obj.isWidgetType() and obj.isWindow():
                screen = obj.screen().name() if obj.screen() is not None else ""
                shown.append((obj.objectName(), obj.isFullScreen(), screen))
            return False

    shows = _Shows()
    app.installEventFilter(shows)
    theme = load_theme("projector")
    apply_theme(app, theme)
    w = MainWindow(BriefingDocument(load_package(package).briefing, theme))
    w.setObjectName("main_window")
    w.setGeometry(app.screens()[0].availableGeometry().adjusted(40, 40, -40, -40))
    show_first(w, present=True)
    p = w.presentation
    assert QTest.qWaitForWindowExposed(p.window)
    QTest.qWait(100)
    assert shown == [
        ("presentation_window", True, "projector"),
        ("presenter_view", True, "laptop"),
    ], shown
    assert not w.isVisible()
    QTest.keyClick(p.presenter, K.Key_Escape)
    QTest.qWait(50)
    assert w.isVisible() and shown[-1][0] == "main_window", shown
    print("present at start: ok")


def narrow_laptop_check(package: str, lang: str) -> None:
    """The presenter view on a 1024x768 laptop screen: the screen's size, everything in it."""
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QAbstractScrollArea, QBoxLayout, QWidget

    from briefing_app.model.languages import briefing_for
    from briefing_app.ui.app import make_app
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.language import apply_language
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    app = make_app()
    apply_language(lang)
    screens = {s.name(): s for s in app.screens()}
    theme = load_theme("projector")
    apply_theme(app, theme)
    b = briefing_for(lang, load_package(package).briefing)
    w = MainWindow(BriefingDocument(b, theme), remember=False)
    w.setGeometry(screens["laptop"].availableGeometry())
    w.show()
    assert QTest.qWaitForWindowExposed(w)
    w.start_presentation()
    p = w.presentation
    QTest.qWait(200)
    pv = p.presenter
    assert pv is not None and pv.screen().name() == "laptop"
    assert pv.geometry() == screens["laptop"].geometry(), pv.geometry()
    assert pv._top_parts[0].direction() == QBoxLayout.Direction.TopToBottom
    for _ in range(3):
        _key(pv, K.Key_PageDown)
        QTest.qWait(50)
        inside = pv.rect()
        for child in pv.findChildren(QWidget):
            if not child.isVisible() or child.isWindow():
                continue
            up = child.parentWidget()
            while up is not None and up is not pv and not isinstance(up, QAbstractScrollArea):
                up = up.parentWidget()
            if isinstance(up, QAbstractScrollArea):
                continue  # scrolled inside its area, which is itself checked
            r = QRect(child.mapTo(pv, child.rect().topLeft()), child.size())
            assert inside.contains(r), f"{child.objectName() or type(child).__name__} {r}"
    print("narrow laptop: ok")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--two-screens":
        two_screen_check(sys.argv[2] if len(sys.argv) > 2 else str(MINIMAL))
    elif len(sys.argv) >= 2 and sys.argv[1] == "--narrow-laptop":
        narrow_laptop_check(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 2 and sys.argv[1] == "--present-at-start":
        present_at_start_check(sys.argv[2])
    else:
        sys.exit(pytest.main([__file__, "-q"]))
