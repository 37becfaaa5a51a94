"""Python's cyclic garbage collector, run by the GUI thread's event loop only.

CPython starts a collection at whatever allocation crosses its threshold.  In a Qt
application that can be inside a Qt call that holds one of Qt's internal locks:
``QObject::disconnect`` (pyqtgraph calls it when an item changes parent) holds the
signal-slot lock of the object while it asks Python whether a virtual method is
overridden; that lookup allocated, the collector ran, freed a widget left in a
reference cycle, and the widget's destructor waited for the same lock: the process
hung for good (seen in the test suite, building a chart slide).  A collection can
also start in a worker thread (the package loader's) and destroy widgets there.

So automatic collection is turned off and a timer in the GUI thread collects
instead, between events, where Qt holds no lock, with the collector's own thresholds:
the same work, at safe moments.  (pyqtgraph ships the same idea as
``pyqtgraph.util.garbage_collector.GarbageCollector``.)
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: how often the timer looks whether a collection is due
INTERVAL_MS = 250
#: the youngest generation is collected at least this often when it holds anything
YOUNG_EVERY_MS = 1000


class GuiCollector(QObject):
    """Collects cyclic garbage from the event loop, as the interpreter would have.

    A tick collects when the youngest generation's count (allocations minus frees) is
    over its threshold (``gc.get_threshold``), as the interpreter would at the
    allocation that crossed it; and, since frees may have brought the count back under
    the threshold by the time a tick comes, also every YOUNG_EVERY_MS if anything was
    allocated.  Like CPython, a collection is of the oldest generation whose count is
    over its threshold (which resets the younger ones); CPython's extra rule of putting
    off a full collection until the long-lived objects grew by a quarter is not
    available from Python and not applied (full passes skip the objects frozen at
    start-up).
    ``collections`` counts the collections run, by generation.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collections = [0, 0, 0]
        self._interval_ms = interval_ms
        self._since_ms = 0  # since the last collection
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def active(self) -> bool:
        """Whether the timer is running (and automatic collection is off)."""
        return self._timer.isActive()

    def start(self) -> None:
        """Turn automatic collection off and collect from the timer instead."""
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer (automatic collection stays as it is: the caller decides)."""
        self._timer.stop()

    def collect_due(self, elapsed_ms: int = 0) -> int | None:
        """Collect the oldest generation that is due; return it, or None if none is.

        *elapsed_ms* is the time since the last call (a tick's interval).
        """
        self._since_ms += elapsed_ms
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if thresholds[0] == 0:  # gc.set_threshold(0): collection is turned off altogether
            return None
        young_due = counts[0] > thresholds[0]
        if not young_due and not (counts[0] > 0 and self._since_ms >= YOUNG_EVERY_MS):
            return None
        # as CPython: once a collection runs, it is of the oldest generation over its
        # threshold (each older count is the number of collections of the one below)
        gen = max((g for g in (1, 2) if counts[g] > thresholds[g]), default=0)
        gc.collect(gen)
        self.collections[gen] += 1
        self._since_ms = 0
        return gen

    def _on_timeout(self) -> None:
        self.collect_due(self._interval_ms)


def start_collector(app: QObject) -> GuiCollector:
    """The application's collector (made on first call), started; see the module."""
    collector = app.findChild(GuiCollector)
    if collector is None:
        collector = GuiCollector(app)
    collector.start()
    return collector
