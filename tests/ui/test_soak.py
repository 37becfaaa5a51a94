"""Soak: cycle through every tab and every slide many times offscreen; no Qt warnings and
resident memory grows by less than 10 MB.

``make test`` runs a short soak.  The full one (5,000 cycles, about 12 minutes: a cycle of
the bundled briefing is 7 tabs and 39 slides, ~140 ms on a 2-core laptop) is

    BRIEFING_SOAK_CYCLES=5000 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest \
        tests/test_soak.py -q -m slow

``BRIEFING_SOAK_PACKAGE`` soaks another package instead of the bundled one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication

CYCLES = int(os.environ.get("BRIEFING_SOAK_CYCLES", "12"))
WARMUP = max(2, min(50, CYCLES // 10))
PACKAGE = os.environ.get("BRIEFING_SOAK_PACKAGE") or None
LIMIT_MB = 10.0


def rss_mb() -> float:
    """Resident memory of this process (VmRSS), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def settled_rss_mb() -> float:
    """RSS after collecting garbage and giving freed heap back, so only real growth counts."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    return rss_mb()


def spin() -> None:
    """What returning to the event loop does: pending events, paints and deleteLater()."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")
# the offscreen platform says this when the presentation raises its windows
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_cycling_every_tab_and_slide_keeps_memory_flat(qtbot, qtlog):
    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.app import make_app
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    app = make_app()  # as the application starts (with its work-arounds)
    theme = load_theme("screen")
    apply_theme(app, theme)
    result = load_package(PACKAGE)
    assert result.ok, [str(p) for p in result.errors]
    w = MainWindow(BriefingDocument(result.briefing, theme))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)

    pres = None
    if importlib.util.find_spec("briefing_app.ui.presentation.session") is not None:
        w.start_presentation()
        pres = w.presentation
    slides = pres.controller.count if pres is not None else 0

    def cycle() -> None:
        for i in range(w.tabs.count()):
            w.tabs.setCurrentIndex(i)
            spin()
        for k in range(slides):
            pres.controller.go(k)
            spin()

    for _ in range(WARMUP):
        cycle()
    start = settled_rss_mb()
    t0 = time.perf_counter()
    for _ in range(CYCLES):
        cycle()
    seconds = time.perf_counter() - t0
    growth = settled_rss_mb() - start

    assert len(w._built) == w.tabs.count(), "every tab was shown"
    if pres is not None:
        assert pres.controller.index == slides - 1, "every slide was shown"
        pres.stop()
        spin()
    print(
        f"\nsoak: {CYCLES} cycles of {w.tabs.count()} tabs and {slides} slides in {seconds:.1f} s"
        f" ({seconds / max(CYCLES, 1) * 1000:.0f} ms a cycle); RSS {start:.1f} MB,"
        f" growth {growth:+.2f} MB"
    )
    warnings = [r.message for r in qtlog.records if r.matches_level("WARNING") and not r.ignored]
    assert warnings == [], warnings[:10]
    assert growth < LIMIT_MB, f"resident memory grew by {growth:.1f} MB in {CYCLES} cycles"


def test_repaints_do_not_use_up_none():
    """PySide6 6.12 on Python 3.11 drops a reference to None on every repaint; make_app()
    keeps the process from aborting ("Fatal Python error: none_dealloc") after a few
    thousand.  In a subprocess: without the work-around it would die."""
    code = (
        "from PySide6.QtWidgets import QLabel\n"
        "from briefing_app.ui.app import make_app\n"
        "app = make_app()\n"
        "label = QLabel('x')\n"
        "label.show()\n"
        "for _ in range(30000):\n"
        "    label.repaint()\n"
        "print('alive')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0 and r.stdout.strip() == "alive", r.stderr[-2000:]
