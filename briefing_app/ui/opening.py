"""Opening a package in the main window: the file and folder dialogs, loading and checking
in a background thread, packages dropped on the window, the recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QProgressDialog, QWidget

from briefing_app.model.cache import load_package_cached
from briefing_app.model.fmt import fmt_number
from briefing_app.model.i18n import ntr, tr
from briefing_app.model.loader import LoadResult, bundled_package_path
from briefing_app.ui.accessibility import describe_action
from briefing_app.ui.dialogs import (
    APP_NAME,
    OPEN_ANOTHER,
    OPEN_BUNDLED,
    QUIT,
    ask_after_failed_start,
    show_problems,
)
from briefing_app.ui.document import BriefingDocument, add_recent, recent_files, settings


class _LoadWorker(QObject):
    done = Signal(object)

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def run(self) -> None:
        self.done.emit(load_package_cached(self.path))


def choose_package(parent: QWidget | None) -> str:
    """The file dialog of File > Open: a package's datapackage.json or .zip ("" if none)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        tr("Open briefing"),
        str(settings().value("last_dir", str(Path.home()))),
        tr("Briefing packages (datapackage.json *.zip *.json);;All files (*)"),
    )
    return path


def open_instead(result: LoadResult) -> LoadResult | None:
    """After the package the app was started on failed to open: its problems, and the
    package the user opens instead (another, or the bundled briefing), until one opens;
    None if they quit."""
    while not result.ok:
        offer_bundled = result.location != str(bundled_package_path())
        choice = ask_after_failed_start(result, offer_bundled=offer_bundled)
        if choice == QUIT:
            return None
        path = None if choice == OPEN_BUNDLED else choose_package(None)
        if choice == OPEN_ANOTHER and not path:
            continue  # the file dialog was cancelled: the problems again
        result = load_package_cached(path)
    return result


class Opener(QObject):
    """Opens packages into *window*'s document, one at a time; lists the recent ones in
    *recent_menu*.  A package that cannot be opened leaves the briefing on screen open
    and shows its problems (`show_problems`)."""

    def __init__(self, window: QMainWindow, doc: BriefingDocument, recent_menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self.doc = doc
        self.recent_menu = recent_menu
        self._thread: QThread | None = None
        self._worker: _LoadWorker | None = None
        self._progress: QProgressDialog | None = None
        self.refresh_recent()

    def open_dialog(self) -> None:
        path = choose_package(self._window)
        if path:
            self.open(path)

    def open_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self._window,
            tr("Open briefing folder"),
            str(settings().value("last_dir", str(Path.home()))),
        )
        if path:
            self.open(path)

    def open(self, path: str | None, *, wait: bool = False) -> None:
        """Load a package (None: the bundled one) in the background; show it, or its problems."""
        if self._thread is not None:
            return
        if wait:
            self._on_loaded(load_package_cached(path))
            return
        self._thread = QThread(self)
        worker = _LoadWorker(path)  # type: ignore[arg-type]
        worker.moveToThread(self._thread)
        self._thread.started.connect(worker.run)
        worker.done.connect(self._on_loaded)
        worker.done.connect(self._thread.quit)
        self._thread.finished.connect(self._on_thread_finished)
        self._worker = worker
        self._progress = QProgressDialog(
            tr("Loading and checking the briefing…"), "", 0, 0, self._window
        )
        self._progress.setCancelButton(None)
        self._progress.setWindowTitle(APP_NAME)
        self._progress.setMinimumDuration(400)
        what = path or tr("the bundled briefing")
        self._window.statusBar().showMessage(tr("Loading {what}…").format(what=what))
        self._thread.start()

    def _on_thread_finished(self) -> None:
        if self._thread is not None:
            self._thread.deleteLater()
        self._thread = None
        self._worker = None

    def _on_loaded(self, result: LoadResult) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        status = self._window.statusBar()
        status.clearMessage()
        if not result.ok or result.briefing is None:
            show_problems(self._window, result)
            return
        self.doc.set_briefing(result.briefing)
        loc = result.location
        settings().setValue("last_package", loc)
        settings().setValue("last_dir", str(Path(loc).parent))
        add_recent(loc)
        self.refresh_recent()
        if result.warnings:
            n = len(result.warnings)
            text = ntr(
                "Opened with {n} warning(s): see Help > Package warnings",
                "Opened with {n} warning(s): see Help > Package warnings",
                n,
            )
            status.showMessage(text.format(n=fmt_number(n)), 8000)

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        items = recent_files()
        for p in items:
            act = self.recent_menu.addAction(p, lambda p=p: self.open(p))
            describe_action(act, tr("Open {path}").format(path=p))
        self.recent_menu.setEnabled(bool(items))

    # -- drag and drop (the window's dragEnterEvent and dropEvent) --------------------------------
    def drag_enter(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def drop(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                event.acceptProposedAction()
                self.open(url.toLocalFile())
                return
