"""Start the application: ``briefing-app [PACKAGE] [--present] [--theme NAME]``."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from briefing_app.model.i18n import ntr, shown, tr

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def process_age_ms() -> float:
    """Milliseconds since this process started (Linux: from /proc; else since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        hz = os.sysconf("SC_CLK_TCK")
        now = time.clock_gettime(time.CLOCK_BOOTTIME)
        return (now - start_ticks / hz) * 1000.0
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORT_T0) * 1000.0


_IMPORT_T0 = time.perf_counter()


def make_app(argv: list[str] | None = None):
    """The application of the window: `render.app.ensure_application` and the handler of
    unexpected errors."""
    from briefing_app.render.app import ensure_application
    from briefing_app.ui.accessibility import install_names
    from briefing_app.ui.errors import install_error_handler

    app = ensure_application(argv=argv)
    install_names()  # the parts of Qt's dialogs a screen reader would find unnamed

    # errors in slots: logged to errors.log, shown in a dialog, and the app keeps running
    install_error_handler()
    return app


#: platforms that draw no window anyone sees: no question is asked there
NO_SCREEN_PLATFORMS = ("offscreen", "minimal")


def can_ask() -> bool:
    """Whether a dialog can be seen and answered (not on a headless platform)."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() not in NO_SCREEN_PLATFORMS


def run_app(args: argparse.Namespace) -> int:
    from briefing_app.render.themes import THEME_NAMES, ThemeError, load_theme

    if args.theme and args.theme not in THEME_NAMES:
        print(
            "briefing-app: "
            + tr("unknown theme {name}: choose one of {names}").format(
                name=repr(args.theme), names=", ".join(THEME_NAMES)
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    duration = None
    if getattr(args, "duration", None):
        from briefing_app.model.maindeck import parse_duration

        try:
            duration = parse_duration(args.duration)
        except ValueError as exc:
            print(f"briefing-app: --duration: {shown(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return self_test(args.theme or "screen", args.package, getattr(args, "lang", None))

    from briefing_app.model.preload import Preload

    # started before Qt is imported: a package opened for the first time is validated on
    # another core while the window's libraries import (neither needs a display); one
    # opened before and unchanged since is read back validated (model.cache)
    opening = Preload(args.package)
    from briefing_app.render.pyside_hook import import_qt

    import_qt()  # PySide6's look at every module imported made cheaper first (see there)

    result = opening()
    app = make_app()
    from briefing_app.ui.document import BriefingDocument, remembered_theme, settings
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.opening import open_instead
    from briefing_app.ui.style import apply_theme

    try:
        theme = load_theme(args.theme) if args.theme else remembered_theme()
    except ThemeError as exc:
        print(f"briefing-app: {shown(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    apply_theme(app, theme)
    from briefing_app.ui.language import apply_language, initial_language
    from briefing_app.ui.language import remember as remember_language

    lang = getattr(args, "lang", None)
    apply_language(initial_language(lang))
    if lang and not args.benchmark_startup:
        remember_language(lang)  # as if chosen in View > Language
    if not result.ok or result.briefing is None:
        print(
            "briefing-app: " + tr("cannot open {location}:").format(location=result.location),
            file=sys.stderr,
        )
        for p in result.errors:
            print(f"  {p}", file=sys.stderr)
        # started from a file manager or a menu there is no terminal: say it in a window
        # too, and let the user open another package rather than just exit (not where
        # nobody could see the window or answer it)
        if not can_ask() or args.benchmark_startup or (opened := open_instead(result)) is None:
            return EXIT_FAIL
        result = opened
        args.tab = None  # a tab of the package that did not open
    assert result.briefing is not None
    doc = BriefingDocument(result.briefing, theme)
    if args.theme:
        # remembered, as if chosen in the View menu (set_theme would skip: it is the same theme)
        settings().setValue("theme", theme.name)
    # a measurement leaves the settings as it found them (Qt closes the window on quit)
    window = MainWindow(doc, remember=not args.benchmark_startup)
    window.restore_state()
    window.live.set_watching(getattr(args, "watch", True))  # --watch / --no-watch
    if getattr(args, "compare", None):  # --compare OLD: open with what changed
        window.compare.compare_with(args.compare)
    if args.tab and not window.select_tab(args.tab):
        print("briefing-app: " + tr("no tab {tab}").format(tab=repr(args.tab)), file=sys.stderr)
        return EXIT_USAGE
    if duration is not None:
        from briefing_app.ui.presentation import plan_duration

        plan_duration(duration)
    show_first(window, present=args.present, report_first_paint=args.benchmark_startup)
    settle_memory()
    return app.exec()


def show_first(window, *, present: bool = False, report_first_paint: bool = False) -> None:
    """Put the app on screen: the main window, or with *present* the presentation alone.

    Presenting, the main window stays hidden until the presentation ends: shown first,
    the room would see it for the ~0.4 s the deck takes to cut and the full-screen slide
    to map (issue #22).  Hidden, it builds no tab either, and builds none ahead while the
    presenter talks (`MainWindow._on_current_tab_changed`), so nothing competes with the
    slides for the CPU.  With *report_first_paint* (``--benchmark-startup``) the first
    paint of what is shown first is reported, and the app quits.
    """
    if present:
        window.start_presentation()
        presentation = window.presentation
        if presentation is not None and presentation.active:
            if report_first_paint:
                _report_first_paint(presentation.window)
            return
    if report_first_paint:
        _report_first_paint(window.tabs.currentWidget())
    window.show()


def settle_memory() -> None:
    """Once the window is built: move what start-up made out of the collector's way,
    and collect garbage from the event loop from now on (`ui.collector`).

    The ~170,000 objects made by start-up (modules, the briefing, the first tab) live
    as long as the app; frozen, the cyclic collector no longer walks them, so none of
    its full passes (~50 ms each) lands in a tab switch or a slide change.  Start-up
    leaves about a thousand objects of garbage in cycles; they are frozen with the rest
    rather than spending ~60 ms collecting them first.  Automatic collection stays off
    (`__main__.main` turned it off for start-up): it could start inside a Qt call that
    holds a lock a freed widget needs, and hang the app.
    """
    from PySide6.QtWidgets import QApplication

    from briefing_app.ui.collector import start_collector

    gc.freeze()
    start_collector(QApplication.instance())


def _report_first_paint(target) -> None:
    """Print ms from process start to the first paint of *target*, then quit.

    *target* is the current tab's holder (its view is built when the window is shown,
    and both are painted in the same pass) or the presentation window.
    """
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class _Once(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and not getattr(self, "fired", False):
                self.fired = True

                def done() -> None:
                    print(f"{process_age_ms():.1f}", flush=True)
                    QApplication.instance().quit()

                QTimer.singleShot(0, done)
            return False

    f = _Once(target)
    target.installEventFilter(f)
    target._first_paint_filter = f


def self_test(
    theme_name: str = "screen", package: str | None = None, lang: str | None = None
) -> int:
    """Open a briefing (the bundled one by default), build and render every tab
    offscreen, check none is blank."""
    from briefing_app.model.loader import load_package

    result = load_package(package)
    if not result.ok or result.briefing is None:
        what = tr("the bundled briefing") if package is None else result.location
        print("self-test FAILED: " + tr("{what} does not load:").format(what=what), file=sys.stderr)
        for p in result.errors:
            print(f"  {p}", file=sys.stderr)
        return EXIT_FAIL
    from briefing_app.render import pyside_hook

    pyside_hook.import_qt()  # as the window imports Qt, so that the executable's self-test runs it
    app = make_app()
    from briefing_app.export.png import image_is_blank
    from briefing_app.model.i18n import language
    from briefing_app.model.languages import briefing_for
    from briefing_app.render.labels import _FONTS_LOADED
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.language import apply_language, initial_language
    from briefing_app.ui.style import apply_theme
    from briefing_app.ui.tab_images import render_tabs

    apply_language(initial_language(lang))  # reads the settings, never writes them
    theme = load_theme(theme_name)
    apply_theme(app, theme)
    failures = []
    if "Inter" not in _FONTS_LOADED:
        failures.append(tr("bundled font Inter did not load"))
    # not failures: without them the app works, only starts slower (render.pyside_hook)
    for done, what in zip(
        pyside_hook.in_place(),
        (
            tr("PySide's check of imported modules lightened"),
            tr("pyqtgraph's Qt shim forwarding"),
            tr("PySide's support code compiled once and kept"),
        ),
        strict=True,
    ):
        print(
            f"{'ok' if done else 'note'}  "
            + tr("start-up: {what}").format(what=what)
            + ("" if done else " " + tr("(not in place: a slower start)"))
        )
    support = pyside_hook.SUPPORT_CODE
    if support is not None:
        print(
            "    "
            + tr("support modules: {read} read back compiled, {compiled} compiled now").format(
                read=support.read, compiled=support.compiled
            )
            + ("" if support.path is not None else " " + tr("(no cache folder)"))
        )
    briefing = briefing_for(language(), result.briefing)
    for tab, image in render_tabs(briefing, theme, 1280, 800):
        if image_is_blank(image):
            failures.append(tr("tab {title} rendered blank").format(title=repr(tab.title)))
        else:
            print(f"ok  {tab.title}: {image.width()}x{image.height()}")
    if failures:
        for f in failures:
            print(f"self-test FAILED: {f}", file=sys.stderr)
        return EXIT_FAIL
    n = len(result.briefing.tabs)
    print("self-test passed: " + ntr("{n} tab rendered", "{n} tabs rendered", n).format(n=n))
    return EXIT_OK
