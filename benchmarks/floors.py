"""The two start-up floors: ``python benchmarks/floors.py bare|plots``.

* ``bare``: import PySide6's widgets, show an empty ``QMainWindow``.
* ``plots``: import PySide6, pyqtgraph and pandas, show five empty pyqtgraph
  plots in a ``QTabWidget``.

Each prints the milliseconds from process start to the first painted frame and
exits, exactly as ``briefing-app --benchmark-startup`` does: an event filter
sees the first Paint event of the target widget, and a zero-time timer queued
from it fires once that paint pass (the whole window's) has finished.  Run from
the parent with a wall clock around the spawn, the same as the app.

This file imports nothing but what each floor names (not ``benchmarks``).
"""

from __future__ import annotations

import os
import sys
import time


def process_age_ms() -> float:
    with open("/proc/self/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    start = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return (time.clock_gettime(time.CLOCK_BOOTTIME) - start) * 1000.0


def report_first_paint(target) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Once(QObject):
        fired = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not self.fired:
                self.fired = True

                def done() -> None:
                    print(f"{process_age_ms():.1f}", flush=True)
                    QApplication.instance().quit()

                QTimer.singleShot(0, done)
            return False

    f = Once(target)
    target.installEventFilter(f)
    target._first_paint = f


def bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.setWindowTitle("bare")
    central = QWidget()
    w.setCentralWidget(central)
    w.resize(1280, 800)
    report_first_paint(central)
    w.show()
    return app.exec()


def plots() -> int:
    import pandas  # noqa: F401  (part of the floor: the app needs it before the first paint)
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    w.setWindowTitle("plots")
    tabs = QTabWidget()
    first = None
    for i in range(5):
        p = pg.PlotWidget()
        first = first or p
        tabs.addTab(p, f"Plot {i + 1}")
    w.setCentralWidget(tabs)
    w.resize(1280, 800)
    report_first_paint(first.viewport())
    w.show()
    return app.exec()


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "bare"
    sys.exit({"bare": bare, "plots": plots}[which]())
