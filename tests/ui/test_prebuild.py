"""The idle pre-builder the main window (tabs) and the presentation (slides) share."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from briefing_app.ui.prebuild import SHOWABLE, UNSEEN, Prebuilder, ahead_first, nearest_first


class _Window(QWidget):
    """A window whose views are plain widgets; it logs builds, paints and keys."""

    def __init__(self, order: list[int], warm_paints: int = 1) -> None:
        super().__init__()
        self.order = order
        self.log: list[str] = []
        self.ticks: list[list[str]] = []  # what each timer tick did
        #: what to do while building a view (post a key press, hide the window)
        self.at_build: dict[int, Callable[[], None]] = {}
        self.pre = Prebuilder(
            self,
            build=self._build,
            warm=self._warm,
            order=lambda: self.order,
            warm_paints=warm_paints,
            step=self._step,
        )
        self.pre.slice_ms = 0  # one slice a turn of the event loop: the order shows

    def _build(self, i: int) -> QWidget:
        self.log.append(f"build {i}")
        self.at_build.get(i, lambda: None)()
        return QWidget(self)

    def post_key(self) -> None:
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier)
        QCoreApplication.postEvent(self, key)

    def _warm(self, i: int) -> None:
        self.log.append(f"paint {i}")

    def _step(self) -> None:
        before = len(self.log)
        self.pre.step()
        self.ticks.append(self.log[before:])

    def keyPressEvent(self, event) -> None:
        self.log.append("key")


@pytest.fixture
def window(qtbot):
    def make(order: list[int], warm_paints: int = 1) -> _Window:
        w = _Window(order, warm_paints)
        qtbot.addWidget(w)
        w.resize(200, 100)
        w.show()
        qtbot.waitExposed(w)
        return w

    return make


def _idle(qtbot, w: _Window) -> None:
    qtbot.waitUntil(lambda: not w.pre.prebuilding, timeout=5000)


# -- orders ------------------------------------------------------------------------------------
def test_nearest_first_goes_outwards_from_the_current_index():
    assert nearest_first(6, 2, 99) == [3, 1, 4, 0, 5]
    assert nearest_first(6, 0, 99) == [1, 2, 3, 4, 5]
    assert nearest_first(6, 5, 99) == [4, 3, 2, 1, 0]
    assert nearest_first(6, 2, 3) == [3, 1, 4], "at most the limit"
    assert nearest_first(1, 0, 99) == []


def test_ahead_first_takes_two_ahead_for_each_one_behind():
    assert ahead_first(0, 10, 5, 1) == [5, 6, 7, 4, 8, 9, 3, 2, 1, 0]
    assert ahead_first(0, 10, 5, -1) == [5, 4, 3, 6, 2, 1, 7, 0, 8, 9]
    assert ahead_first(3, 7, 5, 1) == [5, 6, 4, 3], "only within [lo, hi)"
    assert ahead_first(0, 0, 0, 1) == []


# -- building ahead --------------------------------------------------------------------------
def test_views_are_built_then_painted_in_the_order_one_a_step(window, qtbot):
    w = window([2, 0, 1], warm_paints=2)
    w.pre.start(0)
    _idle(qtbot, w)
    steps = [t for t in w.ticks if t]
    assert steps == [[s] for s in w.log], "one build or one paint a step"
    assert w.log == [
        "build 2", "paint 2", "paint 2",
        "build 0", "paint 0", "paint 0",
        "build 1", "paint 1", "paint 1",
    ]  # fmt: skip
    assert w.ticks[-1] == [], "a last step finds nothing to do, and stops"
    assert w.pre.warm_indices == [0, 1, 2]


def test_a_view_shown_is_not_painted_offscreen(window, qtbot):
    w = window([0, 1], warm_paints=2)
    w.pre.view(0)
    w.pre.mark_warm(0)
    assert w.pre.is_warm(0) and not w.pre.is_warm(1)
    w.pre.start(0)
    _idle(qtbot, w)
    assert w.log == ["build 0", "build 1", "paint 1", "paint 1"]


def test_a_key_press_waits_for_one_step_at_most(window, qtbot):
    w = window([0, 1, 2])
    w.at_build[0] = w.post_key  # the key comes while view 0 is being built
    w.pre.start(0)
    _idle(qtbot, w)
    assert w.log[:3] == ["build 0", "key", "paint 0"], "handled before the next step"
    assert w.log.count("key") == 1 and len(w.log) == 7


def test_building_waits_for_its_delay(window, qtbot):
    w = window([0, 1])
    first = []
    w.at_build[0] = lambda: first.append(time.perf_counter())
    t0 = time.perf_counter()
    w.pre.start(300)
    assert w.pre.prebuilding
    qtbot.wait(100)
    assert w.log == [], "nothing before the delay"
    _idle(qtbot, w)
    assert first[0] - t0 >= 0.25  # a coarse timer may fire a little early


def test_building_stops_when_the_window_is_hidden(window, qtbot):
    w = window([0, 1, 2])
    w.at_build[1] = w.hide
    w.pre.start(0)
    _idle(qtbot, w)
    qtbot.wait(100)
    assert w.log == ["build 0", "paint 0", "build 1"], "a hidden window builds nothing more"


def test_building_stops_when_the_window_is_minimised(window, qtbot):
    w = window([0, 1, 2])
    w.setWindowState(Qt.WindowState.WindowMinimized)
    assert w.isMinimized() and w.isVisible()
    w.pre.start(0)
    qtbot.wait(100)
    assert w.log == [] and not w.pre.prebuilding


def test_after_a_paint_building_goes_on_at_once(window, qtbot):
    w = window([0, 1])
    w.pre.start_after_paint(60_000)
    qtbot.wait(50)
    assert w.log == [] and w.pre.prebuilding, "waiting for the window's paint"
    w.pre.painted()
    _idle(qtbot, w)
    assert w.log == ["build 0", "paint 0", "build 1", "paint 1"]


def test_a_hidden_window_does_not_wait_for_a_paint(qtbot):
    w = _Window([0])
    qtbot.addWidget(w)
    w.pre.start_after_paint(60_000)
    qtbot.waitUntil(lambda: not w.pre.prebuilding, timeout=1000)
    assert w.log == [], "and builds nothing while hidden"


def test_stop_stops_building(window, qtbot):
    w = window([0, 1])
    w.pre.start(50)
    w.pre.stop()
    qtbot.wait(150)
    assert w.log == [] and not w.pre.prebuilding


def test_views_dropped_are_built_again_when_needed(window, qtbot):
    w = window([0, 1, 2])
    w.pre.start(0)
    _idle(qtbot, w)
    views = dict(w.pre.views)
    assert w.pre.drop([0, 2, 7]) == [views[0], views[2]], "those built, to be deleted"
    assert sorted(w.pre.views) == [1] and w.pre.warm_indices == [1]
    built = []
    w.pre.built.connect(built.append)
    again = w.pre.view(2)
    assert again is not views[2] and built == [2]
    assert not w.pre.is_warm(2), "a view built again is painted again"
    assert {id(v) for v in w.pre.clear()} == {id(views[1]), id(again)}
    assert w.pre.views == {} and w.pre.warm_indices == []


# -- building in slices (issue #22) ---------------------------------------------------------
class _Sliced(_Window):
    """Views built and painted in slices of about *slice_s* seconds each."""

    def __init__(self, order: list[int], slices: int = 4, slice_s: float = 0.0) -> None:
        super().__init__(order)
        self.slices, self.slice_s = slices, slice_s
        self.pre = Prebuilder(
            self,
            build=self._build,
            build_ahead=self._build_ahead,
            warm=self._warm_sliced,
            order=lambda: self.order,
            step=self._step,
        )
        self.pre.slice_ms = 0

    def _build_ahead(self, i: int):
        for k in range(self.slices):
            self.log.append(f"build {i}.{k}")
            self.at_build.get(i, lambda: None)()
            time.sleep(self.slice_s)
            yield
        return QWidget(self)

    def _warm_sliced(self, i: int):
        for k in range(2):
            self.log.append(f"paint {i}.{k}")
            yield


def _sliced(qtbot, *args, kind: type[_Sliced] = _Sliced, **kwargs) -> _Sliced:
    w = kind(*args, **kwargs)
    qtbot.addWidget(w)
    w.resize(200, 100)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_a_view_built_ahead_is_built_and_painted_a_slice_a_step(qtbot):
    w = _sliced(qtbot, [1, 0], slices=2)
    w.pre.start(0)
    _idle(qtbot, w)
    assert [t for t in w.ticks if t] == [[s] for s in w.log], "one slice a step"
    assert w.log == [
        "build 1.0", "build 1.1", "paint 1.0", "paint 1.1",
        "build 0.0", "build 0.1", "paint 0.0", "paint 0.1",
    ]  # fmt: skip
    assert w.pre.warm_indices == [0, 1]


def test_a_view_asked_for_is_built_first_and_at_once(qtbot):
    w = _sliced(qtbot, [1, 2], slices=3)
    w.pre.step()  # one idle step, by hand
    assert w.log == ["build 1.0"] and w.pre.building(1)
    # asked for (a key press, say): view 2 is made in one go, ahead of the rest of view 1
    view = w.pre.view(2)
    assert w.log[-1] == "build 2" and w.pre.views[2] is view
    assert w.pre.building(1), "view 1 waits"
    # and a view begun ahead and asked for is finished at once
    w.pre.view(1)
    assert w.log[-2:] == ["build 1.1", "build 1.2"] and not w.pre.building(1)


def test_a_slice_of_idle_work_yields_to_a_pending_key_event(qtbot):
    w = _sliced(qtbot, [0, 1], slices=6)
    w.at_build[0] = lambda: "key posted" in w.log or w.post_key() or w.log.append("key posted")
    w.pre.start(0)
    _idle(qtbot, w)
    # posted during the first slice, the key is handled before the second one
    assert w.log[:4] == ["build 0.0", "key posted", "key", "build 0.1"]


def test_short_slices_run_together_up_to_the_budget(qtbot):
    w = _sliced(qtbot, [0], slices=40, slice_s=0.001)
    w.pre.slice_ms = 5.0
    w.at_build[0] = lambda: "key posted" in w.log or w.post_key() or w.log.append("key posted")
    w.pre.start(0)
    _idle(qtbot, w)
    busy = [t for t in w.ticks if t]
    assert len(busy) < 25, "several slices of ~1 ms a turn"
    builds = [sum(x.startswith("build") for x in t) for t in busy]
    assert max(builds) <= 6, "about 5 ms of ~1 ms slices a turn at most"
    # the key posted in the first slice waits for that turn's slices only
    assert w.log.index("key") <= 1 + 6 + 1


def test_dropping_a_view_begun_ahead_abandons_its_build(qtbot):
    w = _sliced(qtbot, [0], slices=3)
    w.pre.step()
    w.pre.stop()
    assert w.pre.building(0)
    assert w.pre.clear() == [] and not w.pre.building(0)
    w.pre.view(0)
    assert w.log[-1] == "build 0", "built anew, in one go"


class _Resting(_Sliced):
    """Views whose build rests (UNSEEN) after its first *seen* slices: the rest of each
    view is out of sight."""

    def __init__(self, order: list[int], seen: int = 2, slices: int = 4) -> None:
        super().__init__(order, slices=slices)
        self.seen = seen

    def _build_ahead(self, i: int):
        for k in range(self.slices):
            if k == self.seen:
                self.log.append(f"rest {i}")
                yield UNSEEN
            if k == 1:
                yield SHOWABLE
            self.log.append(f"build {i}.{k}")
            yield
        return QWidget(self)


def _resting(qtbot, *args, **kwargs) -> _Resting:
    return _sliced(qtbot, *args, kind=_Resting, **kwargs)


def test_a_view_built_ahead_rests_where_the_rest_is_out_of_sight(qtbot):
    """Idle time makes a view as far as it shows, then the next view, then stops: the
    resting view counts as ready, and is not in `views` (its build is not done)."""
    w = _resting(qtbot, [1, 2], seen=2, slices=4)
    w.pre.start(0)
    _idle(qtbot, w)
    assert w.log == ["build 1.0", "build 1.1", "rest 1", "build 2.0", "build 2.1", "rest 2"]
    assert w.pre.is_warm(1) and w.pre.is_warm(2) and w.pre.building(1)
    assert w.pre.views == {} and not w.pre.prebuilding, "idle: nothing more to do ahead"


def test_a_resting_view_asked_for_is_shown_at_once_and_finished_in_idle_time(qtbot):
    w = _resting(qtbot, [1], seen=2, slices=4)
    w.pre.start(0)
    _idle(qtbot, w)
    w.pre.show_soon_ms = 1000.0  # however long a key may wait, the rest comes after it
    w.pre.show_soon(1)
    assert w.log[-1] == "rest 1" and w.pre.finishing == 1, "shown as it rests"
    w.pre.mark_warm(1)  # on screen, as the main window does
    w.pre.start(0)
    _idle(qtbot, w)
    assert w.log[-2:] == ["build 1.2", "build 1.3"] and 1 in w.pre.views
    assert w.pre.finishing is None and not w.pre.building(1)


def test_a_resting_view_asked_for_whole_is_finished_at_once(qtbot):
    w = _resting(qtbot, [1], seen=1, slices=3)
    w.pre.start(0)
    _idle(qtbot, w)
    assert w.log == ["build 1.0", "rest 1"]
    view = w.pre.view(1)  # an export, say
    assert w.log[-2:] == ["build 1.1", "build 1.2"] and w.pre.views[1] is view
    assert w.pre.is_warm(1) is False, "whole now, and painted ahead as any view built so"
    assert w.pre.drop([1]) == [view] and not w.pre.is_warm(1)


def test_dropping_a_resting_view_forgets_that_it_rests(qtbot):
    w = _resting(qtbot, [1], seen=1, slices=3)
    w.pre.start(0)
    _idle(qtbot, w)
    assert w.pre.is_warm(1)
    assert w.pre.clear() == [] and not w.pre.is_warm(1) and not w.pre.building(1)
