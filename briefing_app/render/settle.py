"""Letting go of what an export has drawn, step by step: bounded memory for long exports.

An export draws its pages, images or slides one after another, each with plots that are
built, painted and released (`chart_image.PlotHost.release`: ``deleteLater``).  On the
command line nothing deletes them: no event loop runs to deliver the deletions, and the
cyclic collector is off for the whole command (`cli.main`), while every pyqtgraph plot
is a web of reference cycles.  A handout of 100 charts held every plot it had drawn:
~5 MB each, and every later plot was laid out slower beside them.

`Steps` is used around such a loop: between two steps it delivers the deletions and
collects the cycles the step left, the way the interpreter would (a young generation
when its count is over its threshold).  What is alive when the loop starts (the
briefing, its plan) is long-lived: it is frozen out of these collections (`gc.freeze`),
so each walks only what the steps made.  In the window an event loop runs and
`ui.collector` collects from it, so there a step does nothing.
"""

from __future__ import annotations

import gc
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QThread


class Steps:
    """``with Steps() as steps:`` then ``steps.settle()`` between the loop's steps."""

    def __init__(self) -> None:
        self.active = False
        self._froze = False

    def __enter__(self) -> Steps:
        # only where no event loop runs: the window's own loop delivers deletions and
        # its collector collects, at moments it knows to be safe
        self.active = QThread.currentThread().loopLevel() == 0
        if self.active and not gc.isenabled():
            self._froze = gc.get_freeze_count() == 0
            gc.freeze()
        return self

    def settle(self) -> None:
        """Delete the plots released so far and collect the cycles they leave."""
        if not self.active:
            return
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if gc.isenabled():
            return  # the interpreter collects
        count, threshold = gc.get_count(), gc.get_threshold()
        if count[1] > threshold[1]:
            gc.collect(1)
        elif count[0] > threshold[0]:
            gc.collect(0)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._froze:
            gc.unfreeze()
            self._froze = False
