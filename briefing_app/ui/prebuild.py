"""Views by index (tabs, slides), built on first use or ahead while the app is idle.

A view's first showing costs its build, style polish, layout and first paint: a visible
lag when a presenter first goes to it.  So while the app is idle, the views needed soonest
are built and painted offscreen, one slice of work per turn of the event loop, and every
later showing is a repaint.  A key or a click that arrives meanwhile waits for the slice
in progress at most, so slices are kept short: a view whose build or warm-up is long (a
tab of charts: 100-300 ms) gives it as a generator, one chart or one region a slice
(issue #22), and a view asked for is finished at once, before any other.  The main
window builds its tabs ahead so (`MainWindow.prebuild_order`, where the costs measured
are), the presentation its slides (`PresentationWindow.prebuild_order`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

#: slices of idle work shorter than this run together in one turn of the event loop
SLICE_MS = 4.0
#: a view asked for (`Prebuilder.show_soon`) is built on for this long before it is shown
SHOW_SOON_MS = 16.0
#: what a build in slices yields once its view is in place and may be shown, the rest of
#: it made while it is on screen (`Prebuilder.show_soon`)
SHOWABLE = object()
#: what a build in slices yields before slices that come to tens of milliseconds together
#: (a chart's): a view asked for (`Prebuilder.show_soon`) is shown before them, not after
HEAVY = object()
#: what a build in slices yields once the view is made and painted as far as it shows
#: unscrolled: the rest (out of sight: a long tab's lower charts and cards) is made when
#: the view is shown or asked for (`Prebuilder.view`), not ahead.  A view resting there
#: counts as ready (`Prebuilder.is_warm`): a key shows it as a repaint, and idle time
#: after the first paint is not spent on what the screen may never show (issue #22)
UNSEEN = object()
#: a build in slices: a generator that yields between slices (None, or SHOWABLE once) and
#: returns the view
Build = Generator[object, None, QWidget]


class Prebuilder(QObject):
    """The views of *window* by index, built on first use or ahead in idle time.

    *build(i)* makes view *i*, or returns a generator (`Build`) that makes it a slice at a
    time (yielding between slices) and returns it; *warm(i)* paints the built view *i* once
    offscreen, as its first paint on screen would, or returns an iterator that does so a
    slice per step; *order()* lists the indices to have ready, soonest needed first.  A
    view is warm once built and painted *warm_paints* times (offscreen, or on screen:
    `mark_warm`).  Once started, each idle step does a slice of the view asked for by
    `show_soon` while it is not finished, else of the first view in *order()* not warm
    (and more slices while the step has taken less than `slice_ms`), and the next step
    waits a turn of the event loop (a zero-timeout single-shot timer); building stops
    when every view in the order is warm, and while the window is hidden or minimised.
    `view(i)` finishes a view begun ahead at once; `show_soon(i)` only up to where it can
    be shown (its build yields SHOWABLE), the rest first thing in idle time.  A build
    begun ahead that yields UNSEEN rests there: the view counts as warm, and idle time goes
    to the next view, or stops; the rest is made once the view is asked for.
    With *build_ahead*, views built ahead are built by it (in slices), and *build* makes
    only those asked for before they were begun (in one go, which costs less).

    The timer runs *step* (by default `step`): a window passes a method of its own that
    calls `step`, which tests and benchmarks can wrap to count or time the steps.
    """

    #: view *i* has just been built
    built = Signal(int)

    def __init__(
        self,
        window: QWidget,
        *,
        build: Callable[[int], QWidget | Build],
        warm: Callable[[int], Iterable[None] | None],
        order: Callable[[], Iterable[int]],
        warm_paints: int = 1,
        step: Callable[[], None] | None = None,
        build_ahead: Callable[[int], Build] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._build, self._warm, self._order = build, warm, order
        self._build_ahead = build_ahead
        #: slices shorter than this (ms) run together in one turn of the event loop
        self.slice_ms = SLICE_MS
        #: a view asked for is built on for this long (ms) before it is shown
        self.show_soon_ms = SHOW_SOON_MS
        self.warm_paints = warm_paints
        self.views: dict[int, QWidget] = {}
        #: builds begun ahead, not finished: the rest of each, a slice per step
        self._building: dict[int, Build] = {}
        #: offscreen paints begun, not finished
        self._warming: dict[int, Iterator[None]] = {}
        #: paints done of each view, offscreen or on screen
        self.paints: dict[int, int] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(step or self.step)
        self._await_paint = False
        #: the view being finished on screen (`show_soon`): before any other in idle time
        self._first: int | None = None
        #: views begun whose build has yielded SHOWABLE (in place, parts to come)
        self._showable: set[int] = set()
        #: what each build begun last yielded (HEAVY: in the middle of a long part;
        #: UNSEEN: resting, ready as far as it shows, the rest later)
        self._last_out: dict[int, object] = {}

    # -- the views ----------------------------------------------------------------------------
    def view(self, index: int) -> QWidget:
        """View *index*, built on first use (a build begun ahead is finished now)."""
        while index not in self.views:
            self._build_slice(index, ahead=False)
        return self.views[index]

    def show_soon(self, index: int) -> None:
        """Make view *index* ready to be shown now, the rest of it soon after: its build
        in slices (*build_ahead*) runs until the view is in place (it yields SHOWABLE),
        and what is left of it goes before any other work in idle time (`step`), a slice
        per turn of the event loop, so the screen shows each part as it comes.  Without
        *build_ahead* (or with a build that never yields SHOWABLE), the view is finished now.

        Building goes on past that point while the key has waited less than
        `show_soon_ms`, so a cheap view is shown whole.  For a view asked for by a key or a
        click: a tab of charts costs 100-300 ms to make, which would keep the key
        unanswered that long (issue #22).
        """
        if index in self.views:
            return
        if self._build_ahead is None:
            self.view(index)
            return
        self._first = index
        t0 = time.perf_counter()
        out = None
        while index not in self.views and index not in self._showable:
            out = self._build_slice(index, ahead=True)
        # and on while the key has waited less than a frame: a tab of cards is whole at
        # once; a tab of charts is shown before its charts (their slices yield HEAVY:
        # together they would take the frame and more)
        out = out if out is not None else self._last_out.get(index)
        while (
            index not in self.views
            and out is not HEAVY
            and out is not UNSEEN  # the rest is out of sight: after the repaint
            and (time.perf_counter() - t0) * 1000.0 < self.show_soon_ms
        ):
            out = self._build_slice(index, ahead=True)

    def _build_slice(self, index: int, *, ahead: bool) -> object:
        """One slice of building view *index* (the whole build if it is not sliced);
        what the build yielded (SHOWABLE, or None)."""
        build = self._building.get(index)
        if build is None:
            made = self._build_ahead(index) if ahead and self._build_ahead else self._build(index)
            if isinstance(made, QWidget):
                self._built(index, made)
                return None
            build = self._building[index] = made
        try:
            out = self._last_out[index] = next(build)
        except StopIteration as done:
            del self._building[index]
            self._last_out.pop(index, None)
            self._built(index, done.value)
            return None
        if out is SHOWABLE:
            self._showable.add(index)
        return out

    def _built(self, index: int, view: QWidget) -> None:
        self.views[index] = view
        self._showable.discard(index)
        if self._first == index:
            self._first = None
        self.built.emit(index)

    def _warm_slice(self, index: int) -> None:
        """One slice of an offscreen paint of view *index*; counted once all are done."""
        warming = self._warming.get(index)
        if warming is None:
            slices = self._warm(index)
            if slices is None:  # painted in one go
                self.paints[index] = self.paints.get(index, 0) + 1
                return
            warming = self._warming[index] = iter(slices)
        try:
            next(warming)
        except StopIteration:
            del self._warming[index]
            self.paints[index] = self.paints.get(index, 0) + 1

    def building(self, index: int) -> bool:
        """Whether view *index* is begun ahead and not finished."""
        return index in self._building

    def is_warm(self, index: int) -> bool:
        """Whether view *index* is built and painted, so that showing it is a repaint: all
        of it, or as far as it shows (its build rests at UNSEEN)."""
        if self._last_out.get(index) is UNSEEN:
            return True
        return index in self.views and self.paints.get(index, 0) >= self.warm_paints

    def mark_warm(self, index: int) -> None:
        """View *index* is painted (shown on screen, say): it needs no warming up."""
        self._warming.pop(index, None)
        self.paints[index] = max(self.paints.get(index, 0), self.warm_paints)

    @property
    def resting(self) -> list[int]:
        """Indices of the views built ahead as far as they show (resting at UNSEEN)."""
        return sorted(i for i, out in self._last_out.items() if out is UNSEEN)

    @property
    def warm_indices(self) -> list[int]:
        """Indices of the warm views."""
        return sorted(i for i in self.views if self.is_warm(i))

    def drop(self, indices: Iterable[int]) -> list[QWidget]:
        """Forget the views of *indices*; return those that were built, to be deleted."""
        dropped = []
        for i in list(indices):
            self.paints.pop(i, None)
            self._warming.pop(i, None)
            if self._first == i:
                self._first = None
            self._showable.discard(i)
            build = self._building.pop(i, None)
            self._last_out.pop(i, None)
            if build is not None:
                build.close()  # what it made so far goes with it
            view = self.views.pop(i, None)
            if view is not None:
                dropped.append(view)
        return dropped

    def clear(self) -> list[QWidget]:
        """Forget every view (and every build begun); return the views, to be deleted."""
        return self.drop({*self.views, *self._building})

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
        """Whether views are still to be built or painted ahead (or finished on screen)."""
        return self._timer.isActive()

    @property
    def finishing(self) -> int | None:
        """The view shown before it was finished (`show_soon`), while it is not."""
        return self._first

    def step(self) -> None:
        """One slice of building or painting a view, then yield to the event loop and go on."""
        self._await_paint = False
        if not self._window.isVisible() or self._window.isMinimized():
            return
        t0 = time.perf_counter()
        while True:
            if self._first is not None:
                i = self._first  # on screen, not finished: first
            else:
                i = next((i for i in self._order() if not self.is_warm(i)), None)
            if i is None:
                return  # every view in the order is ready: idle
            if i not in self.views:
                self._build_slice(i, ahead=True)
            else:
                self._warm_slice(i)
            # short slices go together up to SLICE_MS: a turn of the event loop each
            # would add its own cost to every one
            if (time.perf_counter() - t0) * 1000.0 >= self.slice_ms:
                break
        self._timer.start(0)


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
