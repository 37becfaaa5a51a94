"""Live preview: the open package is reloaded when its files change, in place.

`LiveReload` follows the document's package: it watches it (`watch.PackageWatcher`),
loads it again in the background when it changes or when File > Reload (Ctrl+R) asks,
and then

- **valid**: shows the new version on the same tab, scrolled where it was (and a
  running presentation on the same slide: `PresentationWindow.show_briefing`);
- **invalid**: keeps the last valid version on screen with a bar above the tabs saying
  so, and lists every problem in the problems panel (`problems_panel`), whose entries
  open their file; the next valid version clears both.

The package is only read: nothing here writes to it.  A change that leaves the files'
checksum as it was (a save of the same bytes) changes nothing on screen.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QScrollArea

from briefing_app.model.briefing import Briefing
from briefing_app.model.cache import load_package_cached
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import ntr, tr
from briefing_app.model.loader import LoadResult
from briefing_app.model.safetext import safe_text
from briefing_app.ui.problems_panel import ProblemsPanel
from briefing_app.ui.watch import PackageWatcher, package_root

if TYPE_CHECKING:
    from briefing_app.ui.main_window import MainWindow

#: how long a restored scroll position waits for the tab's layout, in milliseconds
SCROLL_WAIT_MS = 3000


@dataclass
class _Place:
    """Where the user is: the tab (by id, and its index), its scroll position."""

    tab_id: str
    index: int
    scroll: int


class _Signals(QObject):
    loaded = Signal(object, int)


class LiveReload(QObject):
    """Reloads the window's package when it changes (see the module)."""

    #: a load finished: its `LoadResult`
    reloaded = Signal(object)

    def __init__(self, window: MainWindow, *, watching: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.doc = window.doc
        self.watcher = PackageWatcher(self)
        self.watcher.changed.connect(self.reload)
        self.panel = ProblemsPanel(window)
        self.panel.hide()
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.panel)
        self.panel.opened.connect(lambda text: window.statusBar().showMessage(text, 6000))
        self.banner = QLabel()
        self.banner.setObjectName("stale_banner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.hide()
        central = window.centralWidget()
        if central is not None and central.layout() is not None:
            central.layout().insertWidget(1, self.banner)  # under the header, over the tabs
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._on_loaded)
        self.watching = watching
        #: the last valid version is on screen and the package no longer validates
        self.stale = False
        self._location = ""
        self._loading = False
        self._pending = False
        #: bumped when another package is opened: a load of the old one is then dropped
        self._generation = 0
        self._applying = False
        self.doc.briefing_changed.connect(self._on_briefing_changed)
        self.doc.theme_changed.connect(lambda _t: self._style_banner())
        self._style_banner()
        self._follow(self.doc.briefing)

    # -- which package ------------------------------------------------------------------
    def _on_briefing_changed(self, b: Briefing) -> None:
        if self._applying:
            return
        if b.location != self._location:  # another package was opened
            self._generation += 1
            self._pending = False
            self._show_valid()
        self._follow(b)

    def _follow(self, b: Briefing) -> None:
        self._location = b.location
        self.watcher.watch(b.location if self.watching and b.location else None)

    def set_watching(self, on: bool) -> None:
        """Watch the package's files (``--watch``, the default) or not (``--no-watch``)."""
        self.watching = on
        self._follow(self.doc.briefing)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Load the package again (File > Reload, or a change on disk) in the background."""
        if not self._location:
            return
        if self._loading:
            self._pending = True  # once this load is done, load again: it may be stale
            return
        self._loading = True
        self.window.statusBar().showMessage(tr("Reloading the briefing…"))
        location, generation, signals = self._location, self._generation, self._signals

        def work() -> None:
            result = load_package_cached(location)
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                signals.loaded.emit(result, generation)

        threading.Thread(target=work, name="live-reload", daemon=True).start()

    def reload_now(self) -> LoadResult:
        """Load and show the package at once, in this thread (tests, scripts)."""
        result = load_package_cached(self._location)
        self._loading = True
        self._on_loaded(result, self._generation)
        return result

    def _on_loaded(self, result: LoadResult, generation: int) -> None:
        self._loading = False
        if generation != self._generation:
            return  # another package was opened meanwhile
        self.window.statusBar().clearMessage()
        if result.ok and result.briefing is not None:
            self._apply(result.briefing)
        else:
            self._show_invalid(result)
        self.reloaded.emit(result)
        if self._pending:
            self._pending = False
            self.reload()

    # -- showing -------------------------------------------------------------------------------
    def _apply(self, b: Briefing) -> None:
        """Show *b* where the user is: the same tab, scrolled as it was, the same slide."""
        self._show_valid()
        if b.checksum == self.doc.briefing.checksum and b.location == self.doc.briefing.location:
            return  # the same files: nothing to redraw
        place = self._place()
        self._applying = True
        try:
            self.doc.set_briefing(b)
        finally:
            self._applying = False
        self._restore(place, b)
        presentation = getattr(self.window, "presentation", None)
        if presentation is not None and getattr(presentation, "active", False):
            presentation.briefing = b
            presentation.window.show_briefing(b)
        self.window.statusBar().showMessage(
            tr("Reloaded at {time}").format(time=time.strftime("%H:%M:%S")), 4000
        )

    def _place(self) -> _Place:
        w = self.window
        index = w.tabs.currentIndex()
        tabs = self.doc.briefing.tabs
        tab_id = tabs[index].id if 0 <= index < len(tabs) else ""
        view = w.prebuilder.views.get(index)
        scroll = view.verticalScrollBar().value() if isinstance(view, QScrollArea) else 0
        return _Place(tab_id, index, scroll)

    def _restore(self, place: _Place, b: Briefing) -> None:
        w = self.window
        ids = [t.id for t in b.tabs]
        index = ids.index(place.tab_id) if place.tab_id in ids else min(place.index, len(ids) - 1)
        if index < 0:
            return
        w.tabs.setCurrentIndex(index)
        if w.isVisible():
            view = w.tab_view(index)
            if isinstance(view, QScrollArea) and place.scroll:
                restore_scroll(view, place.scroll)

    def _show_invalid(self, result: LoadResult) -> None:
        self.stale = True
        folder, single = package_root(result.location or self._location)
        self.panel.show_problems(result.problems, folder, zipped=single is not None)
        n = len(result.errors)
        self.banner.setText(
            ntr(
                "Showing the last valid version: the package now has {n} error(s), listed in "
                "the Problems panel. Fix them and save; the briefing updates by itself. "
                "({location}, checked at {time})",
                "Showing the last valid version: the package now has {n} error(s), listed in "
                "the Problems panel. Fix them and save; the briefing updates by itself. "
                "({location}, checked at {time})",
                n,
            ).format(
                n=fmt_number(n), location=safe_text(self._location), time=time.strftime("%H:%M:%S")
            )
        )
        self.banner.show()
        self.window.statusBar().showMessage(
            ntr(
                "The package has {n} error(s); the last valid version stays on screen",
                "The package has {n} error(s); the last valid version stays on screen",
                n,
            ).format(n=fmt_number(n)),
            8000,
        )

    def _show_valid(self) -> None:
        self.stale = False
        self.banner.hide()
        self.panel.clear()

    def _style_banner(self) -> None:
        t = self.doc.theme
        self.banner.setStyleSheet(
            f"QLabel#stale_banner {{ background: {t.warning_bg}; color: {t.warning_text}; "
            "padding: 6px 16px; font-weight: 600; }"
        )

    @property
    def location(self) -> Path | None:
        return self.watcher.location


def restore_scroll(view: QScrollArea, value: int) -> None:
    """Scroll *view* to *value*, and back to it whenever its range changes in the next
    `SCROLL_WAIT_MS` (a rebuilt tab grows, and may shrink for a moment, as its cards and
    charts are made and laid out: a tab is shown before its charts are), until the user
    scrolls it: as far as it goes meanwhile."""
    bar = view.verticalScrollBar()
    bar.setValue(min(value, bar.maximum()))

    def on_range(_lo: int, hi: int) -> None:
        bar.setValue(min(value, hi))

    watching = [True]

    def done(*_args) -> None:
        if not watching[0]:
            return
        watching[0] = False
        for signal, slot in ((bar.rangeChanged, on_range), (bar.actionTriggered, done)):
            with contextlib.suppress(RuntimeError, TypeError):  # gone with its view
                signal.disconnect(slot)

    bar.rangeChanged.connect(on_range)
    bar.actionTriggered.connect(done)  # the user scrolls: where they go is theirs
    QTimer.singleShot(SCROLL_WAIT_MS, done)
