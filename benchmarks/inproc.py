"""In-process timings, one kind per child process: ``python -m benchmarks.inproc KIND [...]``.

KIND is ``tabs``, ``slides``, ``memory`` or ``scale``; each prints one tagged
JSON line (see ``benchmarks.common.emit``).  Qt runs on the platform named by
``QT_QPA_PLATFORM`` (the runner uses ``offscreen``: software rendering into
memory, no window system), in a window of 1920x1080.

How "key press to repaint done" is measured
-------------------------------------------
An event filter on each top-level window counts its repaints (Qt repaints a
window's widgets while the window handles an UpdateRequest).  The clock starts, the
key is sent with ``QTest.keyClick`` (press and release, delivered synchronously
through Qt's shortcut machinery to the focused widget), then
``QApplication.processEvents()`` runs in passes.  The time kept is the end of
the last pass in which a window repainted, once two further passes repainted
nothing: by then every paint the key caused (the whole window's
backing-store repaint and flush, pyqtgraph's deferred scene updates included)
has completed.  A step with no paint within 2 s is counted as "no repaint".  The
first repaint (`LAST_FIRST_MS`, firstkey's "view on screen") is timed to the end of
the window's handling of its first UpdateRequest, which the filter notes.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    HEIGHT,
    WIDTH,
    Stats,
    emit,
    hwm_mib,
    rss_mib,
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as briefing_app.cli.main.main sets it


# -- the window ------------------------------------------------------------------
def import_qt_as_the_app() -> None:
    """Import Qt and pyqtgraph as ``briefing-app`` does (`render.pyside_hook.import_qt`),
    so that what the app's start-up defers (PySide6's types made when first used) is
    counted where the app pays it; a revision without it imports them plainly."""
    try:
        from briefing_app.render.pyside_hook import import_qt
    except ImportError:
        return
    import_qt()


def open_window(package: str | None, width: int = WIDTH, height: int = HEIGHT, lang: str = "en"):
    """Load *package* and show the main window as ``briefing-app --lang LANG`` does (no
    saved state)."""
    import_qt_as_the_app()
    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.app import make_app, settle_memory
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.language import apply_language
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    result = load_package(package)
    if not result.ok or result.briefing is None:
        raise SystemExit(f"cannot load {result.location}: {[str(p) for p in result.errors]}")
    app = make_app()
    theme = load_theme("screen")
    apply_theme(app, theme)
    apply_language(lang)  # the app's text, Qt's own and the locale, as run_app does
    window = MainWindow(BriefingDocument(result.briefing, theme))
    window.resize(width, height)
    window.show()
    settle_memory()  # as run_app does once the window is shown
    activate(window)
    return app, window


def activate(window) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window.raise_()
    window.activateWindow()
    QTest.qWaitForWindowExposed(window, 5000)
    QTest.qWaitForWindowActive(window, 2000)
    for _ in range(5):
        QApplication.processEvents()


class PaintWatch:
    """Counts repaints of top-level windows.

    Qt paints a window's widgets synchronously while its top-level widget handles
    an UpdateRequest event (the repaint manager's sync), so an event filter on each
    top-level window sees every repaint without the cost of an application-wide
    filter (which would see, and slow down, every event of every widget).  The filter
    hands an UpdateRequest to its window itself, to note when the repaint ended
    (`ended`): the end of the pass of the event loop that painted may be later, when
    other work (building ahead) ran in the same pass after the paint.
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        kinds = (QEvent.Type.UpdateRequest, QEvent.Type.Paint)
        update = QEvent.Type.UpdateRequest

        class _Filter(QObject):
            count = 0

            def __init__(self) -> None:
                super().__init__()
                #: perf_counter() at the end of each repaint (UpdateRequest handled), and
                #: this thread's CPU time then
                self.ended: list[float] = []
                self.ended_cpu: list[float] = []

            def eventFilter(self, obj, event):
                if event.type() in kinds:
                    self.count += 1
                    if event.type() == update:
                        obj.event(event)  # the repaint, now
                        self.ended.append(time.perf_counter())
                        self.ended_cpu.append(time.thread_time())
                        return True
                return False

        self._filter = _Filter()
        self._watched: list = []
        self.attach()

    def attach(self) -> None:
        """Watch every visible top-level window not watched yet."""
        from PySide6.QtWidgets import QApplication

        for w in QApplication.topLevelWidgets():
            if w.isVisible() and not any(w is x for x in self._watched):
                w.installEventFilter(self._filter)
                self._watched.append(w)

    @property
    def count(self) -> int:
        return self._filter.count

    @property
    def ended(self) -> list[float]:
        """perf_counter() at the end of each repaint seen, in order."""
        return self._filter.ended

    @property
    def ended_cpu(self) -> list[float]:
        """This thread's CPU time (time.thread_time()) at the end of each repaint seen."""
        return self._filter.ended_cpu

    def remove(self) -> None:
        for w in self._watched:
            w.removeEventFilter(self._filter)
        self._watched.clear()


#: CPU time of this thread for the last ``time_to_repaint`` (ms): insensitive to other load
LAST_CPU_MS: list[float] = [0.0]
#: milliseconds from the action to the end of its first repaint, of the last measure (a
#: view shown before it is finished repaints again as its parts come: see firstkey)
LAST_FIRST_MS: list[float | None] = [None]
#: milliseconds from the action to the end of the pass of the event loop in which it
#: first repainted (what LAST_FIRST_MS was before 2 Dec 2026: later than the repaint by
#: whatever else that pass did after it, a slice of building ahead, say)
LAST_FIRST_PASS_MS: list[float | None] = [None]
#: CPU time of this thread from the action to the end of its first repaint (ms)
LAST_FIRST_CPU_MS: list[float | None] = [None]


def time_to_repaint(action, watch: PaintWatch, timeout: float = 2.0) -> float | None:
    """Milliseconds from calling *action* to its repaint done (None: no repaint)."""
    from PySide6.QtWidgets import QApplication

    process = QApplication.processEvents
    watch.attach()
    seen = watch.count
    # only this measure's repaints are kept: the memory stage makes 7,000 of them, and
    # lists kept growing would be counted as the app's growth (~0.5 MiB)
    watch.ended.clear()
    watch.ended_cpu.clear()
    ends = 0
    c0 = time.thread_time()
    t0 = time.perf_counter()
    action()
    done = None
    first = None
    cpu_done = 0.0
    quiet = 0
    passes = 0
    while True:
        if done is None and passes:
            # nothing repainted yet (waiting for a timer, say): doze 0.2 ms between passes
            # rather than spin, so that CPU time counts work, not waiting
            time.sleep(0.0002)
        process()
        passes += 1
        now = time.perf_counter()
        if watch.count != seen:
            seen = watch.count
            done = now
            if first is None:
                first = now
            cpu_done = time.thread_time()
            quiet = 0
        elif done is not None:
            quiet += 1
            if quiet >= 2:
                break
        if now - t0 > timeout:
            break
    LAST_CPU_MS[0] = (cpu_done - c0) * 1000.0 if done is not None else 0.0
    LAST_FIRST_PASS_MS[0] = None if first is None else (first - t0) * 1000.0
    painted = watch.ended[ends:]
    LAST_FIRST_MS[0] = (painted[0] - t0) * 1000.0 if painted else LAST_FIRST_PASS_MS[0]
    LAST_FIRST_CPU_MS[0] = (watch.ended_cpu[ends] - c0) * 1000.0 if painted else None
    return None if done is None else (done - t0) * 1000.0


def key(widget, key_name: str, ctrl: bool = False):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    k = getattr(Qt.Key, key_name)
    mods = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier

    def press() -> None:
        QTest.keyClick(widget, k, mods)

    return press


def focus_target(window):
    from PySide6.QtWidgets import QApplication

    w = QApplication.focusWidget()
    return w if w is not None and w.window() is window.window() else window


# -- tab switching ------------------------------------------------------------------
def bench_tabs(package: str | None, switches: int, lang: str = "en") -> dict:
    """Ctrl+PgDown round and round the tabs, once the app has built them ahead.

    The window builds the tabs next to the current one while idle, one per turn of
    the event loop (`MainWindow.prebuild_order`); the benchmark lets it finish, as a
    presenter looking at the first tab for a second or two would, and times each of
    those idle steps (the longest a key press can wait for one).
    """
    from PySide6.QtWidgets import QApplication

    from briefing_app.ui.main_window import MainWindow

    steps: list[float] = []
    step = MainWindow._prebuild_step  # what the idle timer calls, one step a call

    def timed_step(self) -> None:
        t = time.perf_counter()
        step(self)
        steps.append((time.perf_counter() - t) * 1000.0)

    MainWindow._prebuild_step = timed_step
    app, window = open_window(package, lang=lang)
    t0 = time.perf_counter()
    while window.prebuilding and time.perf_counter() - t0 < 60:
        QApplication.processEvents()
        time.sleep(0.001)
    ready_ms = (time.perf_counter() - t0) * 1000.0
    ready_views = len(window._built)  # the tab shown and those built ahead of a key
    # and those built ahead as far as they show unscrolled (the rest made when shown)
    resting_views = len(getattr(window.prebuilder, "resting", ()))
    watch = PaintWatch()
    n = window.tabs.count()
    warm, first, cpu = [], [], []
    per_tab: dict[int, list[float]] = {}
    missed = 0
    visited = {window.tabs.currentIndex()}
    for _ in range(switches):
        before = window.tabs.currentIndex()
        ms = time_to_repaint(key(focus_target(window), "Key_PageDown", ctrl=True), watch)
        now = window.tabs.currentIndex()
        if ms is None or now == before:
            missed += 1
            continue
        if now in visited:
            warm.append(ms)
            cpu.append(LAST_CPU_MS[0])
            per_tab.setdefault(now, []).append(ms)
        else:
            first.append(ms)
        visited.add(now)
    watch.remove()
    out = {
        "tabs": n,
        "switches": switches,
        "no_repaint": missed,
        "all": Stats.of(warm + first).to_dict(),
        "warm": Stats.of(warm).to_dict(),
        "warm_cpu": Stats.of(cpu).to_dict(),
        "per_tab_median": {
            window.doc.briefing.tabs[i].title: Stats.of(v).median
            for i, v in sorted(per_tab.items())
        },
        "first_visit": Stats.of(first).to_dict(),
        "first_visit_ms": [round(x, 1) for x in first],
        "prebuilt": ready_views,
        "prebuilt_resting": resting_views,
        "built_at_end": len(window._built),
        "prebuild_ready_ms": ready_ms,
        "prebuild_steps": Stats.of(steps).to_dict() if steps else None,
        "lang": lang,
    }
    window.close()
    del app
    return out


# -- slides -----------------------------------------------------------------------
def bench_slides(package: str | None, steps: int) -> dict:
    """F5 (start presentation), then PageDown to the end, PageUp back, and so on."""
    try:
        import briefing_app.ui.presentation as pres
    except ImportError as exc:
        return {"available": False, "why": f"briefing_app.ui.presentation: {exc}"}
    if not hasattr(pres, "start_presentation"):
        return {"available": False, "why": "briefing_app.ui.presentation has no start_presentation"}
    from PySide6.QtWidgets import QApplication, QWidget

    _app, window = open_window(package)
    t0 = time.perf_counter()
    try:
        window.start_presentation()
    except Exception as exc:  # the module is being written: report, do not crash the runner
        return {"available": False, "why": f"start_presentation failed: {exc!r}"}
    for _ in range(5):
        QApplication.processEvents()
    start_ms = (time.perf_counter() - t0) * 1000.0
    pres = window.presentation
    deck = pres if isinstance(pres, QWidget) else getattr(pres, "window", None)
    controller = getattr(pres, "controller", None)

    def index() -> int | None:
        i = getattr(controller, "index", None)
        return i if isinstance(i, int) else None

    watch = PaintWatch()
    times, cpu, missed, turns = [], [], 0, 0
    first, again = [], []
    seen = {index()}
    forward = True
    for _ in range(steps):
        target = QApplication.focusWidget() or deck or QApplication.activeWindow() or window
        ms = time_to_repaint(key(target, "Key_PageDown" if forward else "Key_PageUp"), watch)
        if ms is None:  # at the end of the deck: nothing changes, so turn round
            missed += 1
            turns += 1
            forward = not forward
            if turns > 4 and not times:
                break
            continue
        times.append(ms)
        cpu.append(LAST_CPU_MS[0])
        i = index()
        if i is not None:
            (again if i in seen else first).append(ms)
            seen.add(i)
    jumps = _jumps_to_backup(deck, controller, watch)
    watch.remove()
    if not times:
        return {"available": False, "why": "PageDown and PageUp repainted nothing"}
    return {
        "available": True,
        "start_ms": start_ms,
        "jumps": jumps,
        "steps": len(times),
        "turns": turns,
        "all": Stats.of(times).to_dict(),
        "cpu": Stats.of(cpu).to_dict(),
        "slides": len(seen - {None}),
        "first_visit": Stats.of(first).to_dict(),
        "revisit": Stats.of(again).to_dict(),
    }


def _jumps_to_backup(window, controller, watch, turns: int = 10) -> dict | None:
    """A question: the number of a backup slide and Enter, then R back (each timed from
    the key that moves to the repaint done), on backup slides across the deck."""
    from PySide6.QtWidgets import QApplication

    slides = getattr(window, "deck", None) or []
    backups = [k for k, s in enumerate(slides) if getattr(s, "is_backup", False)]
    if not backups or controller is None or not hasattr(controller, "return_back"):
        return None
    there, back = [], []
    for t in range(turns):
        target = backups[(t * 7) % len(backups)]
        focus = QApplication.focusWidget() or window
        for digit in str(target + 1):
            key(focus, f"Key_{digit}")()
        ms = time_to_repaint(key(focus, "Key_Return"), watch)
        if ms is not None:
            there.append(ms)
        ms = time_to_repaint(key(QApplication.focusWidget() or window, "Key_R"), watch)
        if ms is not None:
            back.append(ms)
    if not there or not back:
        return None
    return {"there": Stats.of(there).to_dict(), "back": Stats.of(back).to_dict()}


# -- memory -------------------------------------------------------------------------
def bench_memory(package: str | None, cycles: int) -> dict:
    """RSS after the first paint, after one cycle through every tab, and as cycles go on."""
    from PySide6.QtWidgets import QApplication

    _app, window = open_window(package)
    for _ in range(5):
        QApplication.processEvents()
    after_start = {"rss": rss_mib(), "hwm": hwm_mib()}
    watch = PaintWatch()
    n = window.tabs.count()
    samples = []
    switch_ms = []
    # every 50 cycles from 100: the growth rule compares windows of samples (report.py)
    marks = {1, 2, 5, 10, 25, 50, *range(100, cycles, 50), cycles}
    t0 = time.perf_counter()
    refs0 = {k: sys.getrefcount(v) for k, v in (("None", None), ("True", True), ("False", False))}

    def result() -> dict:
        return {
            "tabs": n,
            "cycles": cycles,
            "seconds": time.perf_counter() - t0,
            "after_first_paint": after_start,
            "samples": samples,
            "switch": Stats.of(switch_ms).to_dict(),
            "refcounts_start": refs0,
        }

    for c in range(1, cycles + 1):
        for _ in range(n):
            ms = time_to_repaint(key(focus_target(window), "Key_PageDown", ctrl=True), watch)
            if ms is not None:
                switch_ms.append(ms)
        if c in marks:
            gc.collect()
            QApplication.processEvents()
            samples.append(
                {
                    "cycle": c,
                    "rss": rss_mib(),
                    "hwm": hwm_mib(),
                    "refs": {"None": sys.getrefcount(None), "True": sys.getrefcount(True)},
                }
            )
            emit(result(), progress=True)
    watch.remove()
    return result()


# -- memory, presenting -------------------------------------------------------------------
def bench_slides_memory(package: str | None, cycles: int) -> dict:
    """``--present`` (the main window hidden): RSS after the first slide, and as passes
    through the whole deck go on (PageDown to the last slide, Home back), painted each."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.app import make_app, settle_memory, show_first
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    result = load_package(package)
    assert result.ok and result.briefing is not None
    app = make_app()
    theme = load_theme("screen")
    apply_theme(app, theme)
    window = MainWindow(BriefingDocument(result.briefing, theme), remember=False)
    window.resize(WIDTH, HEIGHT)
    show_first(window, present=True)
    settle_memory()
    pres = window.presentation.window
    t_idle = time.perf_counter()
    while pres.prebuilding and time.perf_counter() - t_idle < 30:
        QApplication.processEvents()
        time.sleep(0.001)
    after_start = {"rss": rss_mib(), "hwm": hwm_mib()}
    n = len(pres.deck)
    samples = []
    marks = {1, 2, 5, 10, 25, 50, *range(100, cycles, 50), cycles}
    t0 = time.perf_counter()
    from PySide6.QtCore import Qt

    def result_now() -> dict:
        return {
            "tabs": n,  # steps a cycle (the report's memory section names them)
            "slides": n,
            "cycles": cycles,
            "seconds": time.perf_counter() - t0,
            "after_first_paint": after_start,
            "samples": samples,
        }

    for c in range(1, cycles + 1):
        for _ in range(n - 1):
            QTest.keyClick(pres, Qt.Key.Key_PageDown)
            QApplication.processEvents()
        QTest.keyClick(pres, Qt.Key.Key_Home)
        QApplication.processEvents()
        if c in marks:
            gc.collect()
            QApplication.processEvents()
            samples.append({"cycle": c, "rss": rss_mib(), "hwm": hwm_mib()})
            emit(result_now(), progress=True)
    return result_now()


# -- scale ----------------------------------------------------------------------------
def bench_scale(package: str, loads: int, builds: int, pans: int) -> dict:
    """Load+validate, chart build to first paint, and pan redraws of a synthetic package."""
    from briefing_app.model.loader import load_package

    rss0 = rss_mib()
    load_ms = []
    for _ in range(loads):
        gc.collect()
        t = time.perf_counter()
        result = load_package(package)
        load_ms.append((time.perf_counter() - t) * 1000.0)
        if not result.ok:
            raise SystemExit(f"synthetic package invalid: {[str(p) for p in result.errors]}")
        del result
    load_hwm = hwm_mib()

    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from briefing_app.render.themes import load_theme
    from briefing_app.ui.app import make_app
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    briefing = load_package(package).briefing
    app = make_app()
    theme = load_theme("screen")
    apply_theme(app, theme)
    watch = PaintWatch()
    paint_ms = []
    window = None
    kept = []  # earlier windows are hidden, not destroyed: tearing down pyqtgraph is not timed
    for k in range(builds):
        if window is not None:
            window.hide()
            kept.append(window)
            QApplication.processEvents()
            gc.collect()

        def build() -> None:
            nonlocal window
            window = MainWindow(BriefingDocument(briefing, theme))
            window.resize(WIDTH, HEIGHT)
            window.show()
            watch.attach()  # the new window (about 1 ms, inside the timed span)

        ms = time_to_repaint(build, watch, timeout=30)
        paint_ms.append(ms if ms is not None else float("nan"))
        del k
    activate(window)
    plots = window.tab_view(0).findChildren(pg.PlotWidget)
    vb = plots[0].getPlotItem().vb
    (x0, x1), _ = vb.viewRange()
    full = x1 - x0

    pan_cpu: list[float] = []
    curve = plots[0].getPlotItem().listDataItems()[0]
    drawn: dict[str, int] = {}

    def pan_series(name: str, span: float, step: float) -> list[float]:
        """Pan back and forth, 10 steps each way, starting from a view centred on the data."""
        vb.setXRange(x0 + (full - span) / 2, x0 + (full + span) / 2, padding=0)
        for _ in range(3):
            QApplication.processEvents()
        drawn[name] = len(curve.getData()[0])  # points left after clip-to-view + downsampling
        out = []
        for i in range(pans):
            d = 1.0 if (i // 10) % 2 == 0 else -1.0
            ms = time_to_repaint(lambda d=d: vb.translateBy(x=d * step), watch)
            if ms is not None:
                out.append(ms)
                pan_cpu.append(LAST_CPU_MS[0])
        return out

    year = 365.25 * 86400.0
    pan_full = pan_series("full", full, full * 0.02)
    # a one-year window panned by 10 % of a year: it stays within the data
    pan_year = pan_series("year", year, year * 0.1) if full > 3 * year else []
    watch.remove()
    shown = drawn["full"]
    return {
        "rows": len(briefing.series_tables.get("daily", [])),
        "load_ms": load_ms,
        "load": Stats.of(load_ms).to_dict(),
        "rss_before_mib": rss0,
        "load_hwm_mib": load_hwm,
        "first_paint_ms": paint_ms,
        "first_paint": Stats.of(paint_ms).to_dict(),
        "pan_full": Stats.of(pan_full).to_dict(),
        "pan_year": Stats.of(pan_year).to_dict(),
        "pan_cpu": Stats.of(pan_cpu).to_dict(),
        "points_drawn_full_view": shown,
        "points_drawn_year_view": drawn.get("year"),
        "hwm_mib": hwm_mib(),
    }


# -- start-up phases ---------------------------------------------------------------------
def bench_phases() -> dict:
    """Where start-up time goes: the steps of ``briefing_app.ui.app.run_app``, timed in turn.

    The libraries the second floor also loads are imported first, each on its own,
    so that what the app adds on top of the floor stands apart.  Wall and CPU time
    of this process from its own start (/proc), per step.
    """
    marks: list[tuple[str, float, float]] = []
    age0 = _process_age_ms()
    c0 = time.process_time() * 1000.0

    def mark(what: str) -> None:
        marks.append((what, _process_age_ms(), time.process_time() * 1000.0))

    mark("Python started, benchmark module imported")
    import briefing_app

    mark("import briefing_app")
    import pandas  # noqa: F401

    mark("import numpy and pandas (floor)")
    import PySide6.QtWidgets  # noqa: F401

    mark("import PySide6 widgets (floor)")
    import pyqtgraph  # noqa: F401

    mark("import pyqtgraph (floor)")
    from briefing_app.model.loader import load_package

    mark("import the data layer")
    result = load_package(None)
    # the app reads it from the cache, or on a first opening loads it on another core
    # while Qt and pyqtgraph import (model.preload); here it is timed on its own
    mark("load and validate the bundled briefing (the app overlaps it: see the notes)")
    from briefing_app.ui.app import make_app

    app = make_app()
    mark("QApplication, icon, error handler (make_app)")
    from briefing_app.ui.document import BriefingDocument, remembered_theme
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    mark("import the window's modules")
    theme = remembered_theme()
    apply_theme(app, theme)
    mark("theme: fonts, palette, stylesheet")
    import briefing_app.ui.main_window as mw

    orig = mw.MainWindow.tab_view

    def tab_view(self, index):
        if index not in self._built:
            mark("show: window layout, up to building the tab")
            view = orig(self, index)
            mark("build the first tab (widgets, chart)")
            return view
        return orig(self, index)

    mw.MainWindow.tab_view = tab_view
    window = MainWindow(BriefingDocument(result.briefing, theme))
    mark("main window: header, tabs, menus")
    window.restore_state()
    mark("state restored (geometry, last tab)")
    window.show()  # builds the current tab (MainWindow.showEvent)
    mw.MainWindow.tab_view = orig
    mark("show: polish and layout of the tab")
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    mark("first paint")
    del briefing_app, app
    steps = []
    prev_w, prev_c = age0, c0
    for what, w, c in marks:
        steps.append({"step": what, "wall_ms": w - prev_w, "cpu_ms": c - prev_c})
        prev_w, prev_c = w, c
    steps[0]["wall_ms"] = marks[0][1]  # from process start
    steps[0]["cpu_ms"] = marks[0][2]
    return {"steps": steps, "total_wall_ms": marks[-1][1], "total_cpu_ms": marks[-1][2]}


def _process_age_ms() -> float:
    with open("/proc/self/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    start = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return (time.clock_gettime(time.CLOCK_BOOTTIME) - start) * 1000.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.inproc")
    p.add_argument("kind", choices=["tabs", "slides", "memory", "slides-memory", "scale", "phases"])
    p.add_argument("--package", help="package (default: the bundled briefing)")
    p.add_argument("--n", type=int, default=210, help="switches, steps or cycles")
    p.add_argument("--loads", type=int, default=5)
    p.add_argument("--builds", type=int, default=3)
    p.add_argument("--pans", type=int, default=60)
    p.add_argument("--lang", default="en", help="the interface's language (tabs)")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    if a.kind == "tabs":
        out = bench_tabs(a.package, a.n, a.lang)
    elif a.kind == "slides":
        out = bench_slides(a.package, a.n)
    elif a.kind == "memory":
        out = bench_memory(a.package, a.n)
    elif a.kind == "slides-memory":
        out = bench_slides_memory(a.package, a.n)
    elif a.kind == "phases":
        out = bench_phases()
    else:
        out = bench_scale(a.package, a.loads, a.builds, a.pans)
    finish(out, t0)
    return 0


def finish(out: dict, t0: float) -> None:
    """Print a child's result for the parent (with its platform and wall time) and leave."""
    out["platform"] = os.environ.get("QT_QPA_PLATFORM", "")
    out["wall_s"] = time.perf_counter() - t0
    emit(out)
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown: nothing is measured after this


if __name__ == "__main__":
    sys.exit(main())
