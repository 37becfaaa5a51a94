"""Ready for the first key: a key pressed soon after the first paint, and the work until idle.

``python -m benchmarks.firstkey MODE DELAY`` (one fresh process a run; MODE ``window`` or
``present``; DELAY in ms after the first paint, or ``idle``) prints one tagged JSON line.

The app is opened as ``briefing-app [--present]`` opens it (`ui.app.show_first`), at
1920x1080, offscreen.  The clock starts at the first paint of what is shown first (the
current tab, or the slide).  With a DELAY, a single-shot timer started at the first paint
fires DELAY ms later, or as soon after as the event loop gets to it (a slice of work
building ahead may be running): the key (Ctrl+PgDown in the window, PageDown presenting)
goes in then, and two times are kept from the moment it was meant to be pressed: to the
end of its first repaint (the view asked for on screen: a tab not built ahead is shown at
once and its cards and charts drawn as they are made; the end of the window's handling
of its UpdateRequest, `inproc.PaintWatch`) and to the end of its last (the view
whole: as ``benchmarks.inproc.time_to_repaint`` measures it).  So it is what a
key pressed at that moment waits for: the slice in progress, the key's own work, the
repaint.  With ``idle``, no key: the process's CPU time (every thread) from the first
paint until the app stops building ahead, and the wall time that took; and of that CPU
time, how much went to the rest of the first frame (the first paint is that of the
first widget shown; the frame goes on to paint the others: labels, cards, charts).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import HEIGHT, WIDTH, emit, hwm_mib

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as briefing_app.cli.main.main sets it

#: how the app is started: the window, or ``--present``
MODES = ("window", "present")
#: when the key is pressed, ms after the first paint; "idle": no key, CPU until idle
DELAYS = ("100", "300", "1000", "idle")
#: give up on reaching idle after this long (s)
IDLE_TIMEOUT_S = 30.0


def run(mode: str, delay: str) -> dict:
    import gc

    from benchmarks.inproc import import_qt_as_the_app

    import_qt_as_the_app()
    from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from benchmarks.inproc import (
        LAST_CPU_MS,
        LAST_FIRST_CPU_MS,
        LAST_FIRST_MS,
        LAST_FIRST_PASS_MS,
        PaintWatch,
        key,
        time_to_repaint,
    )
    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.app import make_app, settle_memory

    try:
        from briefing_app.ui.app import show_first
    except ImportError:  # a revision before issue #22 (for comparisons): as run_app was

        def show_first(window, *, present: bool = False, **_kw) -> None:
            window.show()
            if present:
                window.start_presentation()

    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    gc.disable()  # as briefing_app.cli.main.main does for start-up
    present = mode == "present"
    result = load_package(None)
    assert result.ok and result.briefing is not None
    app = make_app()
    theme = load_theme("screen")
    apply_theme(app, theme)
    window = MainWindow(BriefingDocument(result.briefing, theme), remember=False)
    window.resize(WIDTH, HEIGHT)
    show_first(window, present=present)
    settle_memory()
    if present:
        p = window.presentation
        first, builder = p.window, p.window.prebuilder

        def target() -> int:
            return p.controller.index + 1

        press = key(p.window, "Key_PageDown")
    else:
        window.activateWindow()
        first, builder = window.tabs.currentWidget(), window.prebuilder

        def target() -> int:
            return (window.tabs.currentIndex() + 1) % window.tabs.count()

        press = key(window, "Key_PageDown", ctrl=True)

    loop = QEventLoop()
    marks: dict[str, float] = {}

    class _FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "paint" not in marks:
                marks["paint"] = time.perf_counter()
                marks["cpu"] = time.process_time()
                if delay != "idle":
                    shot.start(int(delay))
                else:
                    poll.start(2)
            return False

    def fire() -> None:
        marks["fire"] = time.perf_counter()
        loop.quit()

    def idle() -> None:
        late = time.perf_counter() - marks["paint"] > IDLE_TIMEOUT_S
        if not builder.prebuilding or late:
            marks["idle"] = time.perf_counter()
            marks["idle_cpu"] = time.process_time()
            poll.stop()
            loop.quit()

    class _FrameEnd(QObject):
        """The end of the frame the first paint is part of: the first frame is painted
        while the window handles its exposure, so this handles the Expose event itself
        (as `inproc.PaintWatch` does an UpdateRequest) and notes when that is done."""

        def eventFilter(self, obj, event):
            if event.type() != QEvent.Type.Expose or "frame" in marks:
                return False
            obj.event(event)
            if "paint" in marks:  # painted within this exposure
                marks["frame"] = time.perf_counter()
                marks["frame_cpu"] = time.process_time()
                obj.removeEventFilter(self)
            return True

    shot = QTimer()
    shot.setSingleShot(True)
    shot.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer may fire 5 % early or late
    shot.timeout.connect(fire)
    poll = QTimer()
    poll.timeout.connect(idle)
    f = _FirstPaint()
    first.installEventFilter(f)
    frame_end = _FrameEnd()
    handle = (p.window if present else window).windowHandle()
    if handle is not None:
        handle.installEventFilter(frame_end)
    loop.exec()
    first.removeEventFilter(f)
    out: dict = {"mode": mode, "delay": delay}
    if delay == "idle":
        out["cpu_ms"] = (marks["idle_cpu"] - marks["cpu"]) * 1000.0
        out["wall_ms"] = (marks["idle"] - marks["paint"]) * 1000.0
        if "frame_cpu" in marks:
            # of which the rest of the first frame: the first tab or slide painted, after
            # its first widget's paint (where the clock starts)
            out["frame_cpu_ms"] = (marks["frame_cpu"] - marks["cpu"]) * 1000.0
        out["views_built"] = len(builder.views)
        # views built ahead as far as they show unscrolled, the rest left until shown
        out["views_resting"] = len(getattr(builder, "resting", ()))
    else:
        index = target()
        out["warm"] = builder.is_warm(index)
        out["late_ms"] = (marks["fire"] - marks["paint"]) * 1000.0 - int(delay)
        watch = PaintWatch()
        ms = time_to_repaint(press, watch)
        out["repaint_ms"] = ms
        out["key_cpu_ms"] = LAST_CPU_MS[0]
        out["ms"] = None if ms is None else out["late_ms"] + ms
        # the first repaint: the tab asked for on screen, its parts still coming when it
        # was not built ahead (MainWindow shows it at once and finishes it on screen)
        first_ms = LAST_FIRST_MS[0]
        out["first_ms"] = None if first_ms is None else out["late_ms"] + first_ms
        # the same to the end of the event loop's pass that repainted (first_ms before
        # 2 Dec 2026: it counted whatever that pass did after the repaint)
        first_pass = LAST_FIRST_PASS_MS[0]
        out["first_pass_ms"] = None if first_pass is None else out["late_ms"] + first_pass
        # this thread's CPU time from the key to that repaint's end (the waiting for the
        # slice in progress not included): steadier than wall times on a shared machine
        out["first_cpu_ms"] = LAST_FIRST_CPU_MS[0]
        moved = (p.controller.index if present else window.tabs.currentIndex()) == index
        out["moved"] = moved
    out["hwm_mib"] = hwm_mib()
    QApplication.processEvents()
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    mode, delay = args[0], args[1]
    out = run(mode, delay)
    emit(out)
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown: nothing is measured after this


if __name__ == "__main__":
    sys.exit(main())
