"""Presentation mode: the slides on screen and a clicker's keys: next and back, go to a
number, black and white screens, building slides ahead while idle.

The presenter view and two screens are in test_presenter.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, paint_counter
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.presentation.controller import PresentationController

BUNDLED = ROOT / "data" / "ukraine-2024-12"
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


class ShownWindows:
    """Records each top-level window as it is shown: (object name, full screen or not).

    A filter on the application sees the Show event every widget gets when it becomes
    visible; a window's comes before it is mapped on a window system.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.shown: list[tuple[str, bool]] = []
        outer = self

        class _Filter(QObject):
            def eventFilter(self, obj, event):
                if (
                    event.type() == QEvent.Type.Show
                    and obj.isWidgetType()
                    and obj.isWindow()
                    and not obj.inherits("QMenu")
                ):
                    outer.shown.append((obj.objectName() or type(obj).__name__, obj.isFullScreen()))
                return False

        self._filter = _Filter()
        QApplication.instance().installEventFilter(self._filter)

    def remove(self) -> None:
        QApplication.instance().removeEventFilter(self._filter)


def test_present_at_start_shows_the_full_screen_slide_first_and_no_main_window(qtbot):
    """``--present``: no flash of the main window before the slide (issue #22)."""
    from briefing_app.ui.app import show_first
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow

    theme = load_theme("projector")
    w = MainWindow(BriefingDocument(_load(MINIMAL), theme))
    qtbot.addWidget(w)
    w.setObjectName("main_window")
    record = ShownWindows()
    try:
        show_first(w, present=True)
        p = w.presentation
        assert p is not None and p.active
        qtbot.waitExposed(p.window)
        qtbot.wait(100)
        # the first (and only) window shown: the slide, already full screen
        assert record.shown == [("presentation_window", True)]
        assert not w.isVisible()
        # hidden, the main window built no tab and builds none ahead
        assert w._built == {} and not w.prebuilding
        # Esc: back to the main window, shown now; the app goes on
        qtbot.keyClick(p.window, K.Key_Escape)
        assert not p.active
        assert w.isVisible()
        assert record.shown[-1] == ("main_window", False)
    finally:
        record.remove()


def test_without_present_the_main_window_is_shown(qtbot):
    from briefing_app.ui.app import show_first
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow

    w = MainWindow(BriefingDocument(_load(MINIMAL), load_theme("screen")))
    qtbot.addWidget(w)
    show_first(w, present=False)
    qtbot.waitExposed(w)
    assert w.presentation is None and set(w._built) == {0}


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
    # every tab has its slides, in the main deck and behind it
    tabs = {s.tab_index for s in p.window.deck if s.tab_index >= 0}
    assert tabs == set(range(len(bundled.tabs)))
    qtbot.keyClick(p.window, K.Key_Escape)
    assert not p.active


# -- building ahead -------------------------------------------------------------------------


def _idle_until_built(qtbot, p, timeout: int = 60000) -> None:
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


def test_the_slides_round_the_current_one_are_built_and_painted_ahead_when_idle(qtbot, monkeypatch):
    from briefing_app.ui.presentation.window import AHEAD

    ticks = _count_builds(monkeypatch)
    _w, p = _present(qtbot, BUNDLED)
    n = len(p.window.deck)
    assert n > 20 and AHEAD == 3
    _idle_until_built(qtbot, p)
    # not the deck (issue #22: ~2 s of CPU after the first slide): the next two
    assert p.window.built == [0, 1, 2, 3]
    assert p.window.painted == [0, 1, 2, 3]
    # built in idle ticks, a few ms of work each (SLICE_MS, tested in test_prebuild.py)
    assert sum(ticks) == 3
    # a step shows a view already built and painted; building goes on round the new slide
    for _ in range(3):
        qtbot.keyClick(p.window, K.Key_PageDown)
    assert _shown(p) == 3
    _idle_until_built(qtbot, p)
    assert p.window.built == [0, 1, 2, 3, 4, 5]


def test_a_key_press_while_building_ahead_advances_at_once(qtbot):
    _w, p = _present(qtbot, BUNDLED)
    n = len(p.window.deck)
    assert p.window.prebuilding and len(p.window.built) < 4
    # End: to a slide not built yet, at once
    qtbot.keyClick(p.window, K.Key_End)
    assert _shown(p) == n - 1
    qtbot.keyClick(p.window, K.Key_PageUp)
    qtbot.keyClick(p.window, K.Key_PageUp)
    assert _shown(p) == n - 3
    # building goes on from there, the way the presenter is going first
    assert p.window.direction == -1
    assert p.window.prebuild_order() == [n - 3, n - 4, n - 5, n - 2]
    _idle_until_built(qtbot, p)
    assert {n - 5, n - 4, n - 3, n - 2, n - 1} <= set(p.window.built)
    assert len(p.window.built) <= 4 + 5


def test_closing_the_presentation_stops_building_ahead(qtbot):
    _w, p = _present(qtbot, BUNDLED)
    window = p.window
    built = window.built
    assert window.prebuilding and len(built) < len(window.deck)
    qtbot.keyClick(window, K.Key_Escape)
    assert not p.active and not window.prebuilding
    qtbot.wait(300)
    assert window.built == built


def test_a_long_deck_keeps_a_bounded_window_of_views(qtbot):
    from briefing_app.ui.presentation.window import KEEP

    _w, p = _present(qtbot)
    window = p.window
    # a deck of hundreds of slides (the small briefing's, many times over)
    window.deck = window.deck * (300 // len(window.deck) + 1)
    n = len(window.deck)
    window._drop_views()
    p.controller.set_count(n)
    window._show_current(p.index)
    _idle_until_built(qtbot, p)
    assert window.built == [0, 1, 2, 3]
    for i in range(KEEP + 20):  # every one visited (built on demand)
        window.view(i)
    assert window.built == list(range(KEEP + 20))
    # in the middle: the views round the current slide, no more
    for key in (K.Key_1, K.Key_5, K.Key_0, K.Key_Return):
        qtbot.keyClick(window, key)
    assert _shown(p) == 149
    _idle_until_built(qtbot, p)
    lo = 149 - KEEP // 2
    assert window.built == [*range(lo, KEEP + 20), 148, 149, 150, 151]
    qtbot.keyClick(window, K.Key_End)
    assert _shown(p) == n - 1
    _idle_until_built(qtbot, p)
    assert window.built == [n - 4, n - 3, n - 2, n - 1]


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
