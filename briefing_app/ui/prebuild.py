"""Views by index (tabs, slides), built on first use or ahead while the app is idle.

A view's first showing costs its build, style polish, layout and first paint: a visible
lag when a presenter first goes to it.  So while the app is idle, the views needed soonest
are built and painted offscreen, one build or one paint per turn of the event loop: a key
press waits for one step at most, and every later showing is a repaint.  The main window
builds its tabs ahead so (`MainWindow.prebuild_order`, where the costs measured are), the
presentation its slides (`PresentationWindow.prebuild_order`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class Prebuilder(QObject):
    """The views of *window* by index, built on first use or ahead in idle time.

    *build(i)* makes view *i*; *warm(i)* paints the built view *i* once offscreen, as its
    first paint on screen would; *order()* lists the indices to have ready, soonest needed
    first.  A view is warm once built and painted *warm_paints* times (offscreen, or on
    screen: `mark_warm`).  Once started, each idle step builds or paints one view, the
    first in *order()* not warm, and the next step waits a turn of the event loop (a
    zero-timeout single-shot timer); building stops when every view in the order is warm,
    and while the window is hidden or minimised.

    The timer runs *step* (by default `step`): a window passes a method of its own that
    calls `step`, which tests and benchmarks can wrap to count or time the steps.
    """

    #: view *i* has just been built
    built = Signal(int)

    def __init__(
        self,
        window: QWidget,
        *,
        build: Callable[[int], QWidget],
        warm: Callable[[int], None],
        order: Callable[[], Iterable[int]],
        warm_paints: int = 1,
        step: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._build, self._warm, self._order = build, warm, order
        self.warm_paints = warm_paints
        self.views: dict[int, QWidget] = {}
        #: paints done of each view, offscreen or on screen
        self.paints: dict[int, int] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(step or self.step)
        self._await_paint = False

    # -- the views ----------------------------------------------------------------------------
    def view(self, index: int) -> QWidget:
        """View *index*, built on first use."""
        if index not in self.views:
            self.views[index] = self._build(index)
            self.built.emit(index)
        return self.views[index]

    def is_warm(self, index: int) -> bool:
        """Whether view *index* is built and painted, so that showing it is a repaint."""
        return index in self.views and self.paints.get(index, 0) >= self.warm_paints

    def mark_warm(self, index: int) -> None:
        """View *index* is painted (shown on screen, say): it needs no warming up."""
        self.paints[index] = max(self.paints.get(index, 0), self.warm_paints)

    @property
    def warm_indices(self) -> list[int]:
        """Indices of the warm views."""
        return sorted(i for i in self.views if self.is_warm(i))

    def drop(self, indices: Iterable[int]) -> list[QWidget]:
        """Forget the views of *indices*; return those that were built, to be deleted."""
        dropped = []
        for i in list(indices):
            self.paints.pop(i, None)
            view = self.views.pop(i, None)
            if view is not None:
                dropped.append(view)
        return dropped

    def clear(self) -> list[QWidget]:
        """Forget every view; return them, to be deleted."""
        return self.drop(self.views)

    # -- building ahead ---------------------------------------------------------------------
    def start(self, delay_ms: int) -> None:
        """Build ahead after *delay_ms* (the view just shown paints first)."""
        self._await_paint = False
        self._timer.start(delay_ms)

    def start_after_paint(self, max_wait_ms: int) -> None:
        """Build ahead once the window has painted (`painted`), or after *max_wait_ms* at
        the latest; at once if the window is hidden (it paints nothing)."""
        self._await_paint = self._window.isVisible()
        self._timer.start(max_wait_ms if self._await_paint else 0)

    def painted(self) -> None:
        """The window has just painted its widgets (its event() calls this after handling
        an UpdateRequest): after `start_after_paint`, go on building ahead at once."""
        if self._await_paint:
            self._await_paint = False
            if self._timer.isActive():
                self._timer.start(0)

    def stop(self) -> None:
        self._await_paint = False
        self._timer.stop()

    @property
    def prebuilding(self) -> bool:
        """Whether views are still to be built or painted ahead."""
        return self._timer.isActive()

    def step(self) -> None:
        """Build or paint one view, then yield to the event loop and go on."""
        self._await_paint = False
        if not self._window.isVisible() or self._window.isMinimized():
            return
        for i in self._order():
            if i not in self.views:
                self.view(i)
            elif self.paints.get(i, 0) < self.warm_paints:
                self._warm(i)
                self.paints[i] = self.paints.get(i, 0) + 1
            else:
                continue
            self._timer.start(0)
            return


# -- orders -------------------------------------------------------------------------------------
def nearest_first(count: int, current: int, limit: int) -> list[int]:
    """The indices below *count* but *current*, soonest needed first: the next, the
    previous, and outwards; *limit* at most."""
    order = []
    for d in range(1, count):
        order += [i for i in (current + d, current - d) if 0 <= i < count]
    return order[:limit]


def ahead_first(lo: int, hi: int, current: int, direction: int) -> list[int]:
    """The indices of [*lo*, *hi*), soonest needed first: *current*, then two ahead (the
    way *direction*, +1 or -1, goes) for each one behind."""
    out = [current] if lo <= current < hi else []
    ahead, behind = current + direction, current - direction
    while True:
        moved = False
        for _ in range(2):
            if lo <= ahead < hi:
                out.append(ahead)
                ahead += direction
                moved = True
        if lo <= behind < hi:
            out.append(behind)
            behind -= direction
            moved = True
        if not moved:
            return out
