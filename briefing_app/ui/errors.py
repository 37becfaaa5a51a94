"""The global handler for unexpected errors: log them, tell the user, keep running.

PySide6 hands an exception raised in a slot (a menu action, a timer, a paint
handler written in Python) to ``sys.excepthook`` and then carries on with the
event loop.  `install_error_handler` (called by ``make_app``) replaces that hook
with an `ErrorHandler`, which

* writes the traceback, a timestamp and the application version to
  ``errors.log`` in the user's data folder (``QStandardPaths.AppDataLocation``),
  and to stderr;
* shows one plain-text dialog with the traceback under "Show Details…";
* guards against storms: one dialog at a time (later errors are counted in the
  log, and in the open dialog), the same error is shown only once per session,
  repeats are logged on one line, and an error inside the handler itself is
  only printed;
* while a presentation is on (`register_presentation`), shows no dialog at all: a
  modal box would go up on the projector, in front of the audience.  The error is a
  small non-modal note on the presenter view instead, or on the window the
  presentation was started from (behind the slides on a single screen).

A hook installed by someone else (a debugger, pytest-qt) is left alone.
A dialog is shown only when a ``QApplication`` exists and an event loop is
running: errors in command-line work (``validate``, ``export``, ``--self-test``)
and at start-up go to stderr and the log, as a traceback, and the process ends.
"""

from __future__ import annotations

import datetime as _dt
import platform
import sys
import threading
import traceback
import weakref
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from briefing_app import __version__
from briefing_app.model.i18n import ntr, tr

LOG_NAME = "errors.log"
#: the log is moved aside to errors.log.1 when it grows past this
MAX_LOG_BYTES = 1_000_000
#: at most this many characters of the exception message in the dialog
MAX_MESSAGE = 400
APP_TITLE = "Briefing Viewer"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

#: how long a note about an error stays up while presenting, in milliseconds
NOTE_MS = 15_000


class Presenting(Protocol):
    """What the handler asks of a presentation (`ui.presentation.session.Presentation`)."""

    #: True from its start to its end
    active: bool
    #: the presenter view on the laptop's screen, if there is one
    presenter: Any

    def parent(self) -> Any: ...


#: the presentations registered; weak, so that a presentation ended and dropped is forgotten
_presentations: weakref.WeakSet[Any] = weakref.WeakSet()


def register_presentation(presentation: Presenting) -> None:
    """While *presentation* is active, an unexpected error is logged and shown as a note
    on its presenter view (or on its parent, the main window), never as a dialog."""
    _presentations.add(presentation)


def presenting() -> tuple[bool, Any]:
    """(whether a registered presentation is active, the widget a note goes on or None).

    A presentation whose Qt object is gone (its window deleted while it was on, so it
    never ended) is not presenting: asking it for its parent raised, and that error in
    the handler itself left the real one with no dialog."""
    import shiboken6

    for p in list(_presentations):
        if not getattr(p, "active", False):
            continue
        if not shiboken6.isValid(p):
            _presentations.discard(p)
            continue
        presenter = p.presenter
        if presenter is not None and shiboken6.isValid(presenter):
            return True, presenter
        return True, p.parent()
    return False, None


def log_dir() -> Path:
    """The user's data folder for this application (created on first write)."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    loc = ""
    if QCoreApplication.instance() is not None:
        loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if not loc:
        base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
        loc = str(Path(base or Path.home() / ".local" / "share") / "BriefingViewer" / APP_TITLE)
    return Path(loc)


def log_path() -> Path:
    return log_dir() / LOG_NAME


def _versions() -> str:
    try:
        from PySide6 import __version__ as pyside
        from PySide6.QtCore import qVersion

        qt = f"PySide6 {pyside}, Qt {qVersion()}"
    except ImportError:  # pragma: no cover - Qt is a dependency
        qt = "Qt unavailable"
    return f"{APP_TITLE} {__version__} (Python {platform.python_version()}, {qt}, {sys.platform})"


def _signature(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """Type and the innermost frame: identifies "the same error" when it repeats."""
    where = ""
    frames = traceback.extract_tb(tb) if tb is not None else []
    if frames:
        last = frames[-1]
        where = f" at {last.filename}:{last.lineno} in {last.name}"
    return f"{exc_type.__module__}.{exc_type.__qualname__}{where}"


def _stderr(text: str) -> None:
    stream = sys.stderr or sys.__stderr__
    if stream is None:  # a windowed frozen app has no stderr
        return
    try:
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


class ErrorHandler:
    """``sys.excepthook`` replacement; see the module docstring."""

    def __init__(self, *, dialogs: bool = True) -> None:
        self.dialogs = dialogs
        self.previous_hook = sys.excepthook
        self.previous_thread_hook = threading.excepthook
        self.count = 0  # errors handled in this session
        self.suppressed = 0  # errors while the current dialog was open
        self.box = None  # the open dialog, if any
        self._seen: dict[str, int] = {}
        self._shown: set[str] = set()
        self._busy = False
        self._lock = threading.RLock()
        self._bridge = None

    # -- installation ---------------------------------------------------------------
    def install(self) -> ErrorHandler:
        sys.excepthook = self
        threading.excepthook = self._thread_hook
        self._make_bridge()
        return self

    def uninstall(self) -> None:
        if sys.excepthook is self:
            sys.excepthook = self.previous_hook
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self.previous_thread_hook

    def _make_bridge(self) -> None:
        """A QObject in the GUI thread: errors from any thread reach the dialog through it."""
        from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

        app = QCoreApplication.instance()
        if app is None or self._bridge is not None:
            return

        class _Bridge(QObject):
            error = Signal(str, str, str, str)

        self._bridge = _Bridge()
        self._bridge.moveToThread(app.thread())
        self._bridge.error.connect(self._show_dialog, Qt.ConnectionType.QueuedConnection)

    # -- the hook -------------------------------------------------------------------
    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if not issubclass(exc_type, Exception):  # KeyboardInterrupt, SystemExit: not ours
            self.previous_hook(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        with self._lock:
            if self._busy:  # an error while handling an error: print it, nothing more
                _stderr("Error in the error handler:\n" + text)
                return
            self._busy = True
        try:
            self._handle(exc_type, exc, tb, text)
        except Exception:  # never let the handler raise into Qt
            _stderr(text)
            _stderr("Error in the error handler:\n" + traceback.format_exc())
        finally:
            with self._lock:
                self._busy = False

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        self(args.exc_type, args.exc_value, args.exc_traceback)  # type: ignore[arg-type]

    def _handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
        text: str,
    ) -> None:
        self.count += 1
        sig = _signature(exc_type, tb)
        repeats = self._seen.get(sig, 0)
        self._seen[sig] = repeats + 1
        _stderr(text)
        want_dialog = self._dialog_possible()
        note = ""
        if want_dialog and self.box is not None:
            self.suppressed += 1
            note = f"no dialog: one is already open ({self.suppressed} error(s) since it opened)"
            self._update_open_box()
        elif want_dialog and sig in self._shown:
            note = "no dialog: this error was already shown in this session"
        elif not want_dialog:
            note = "no dialog: no event loop running"
        stamp = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
        if repeats:
            entry = (
                f"==== {stamp}  repeated ({repeats + 1} times this session): "
                f"{exc_type.__name__}: {_one_line(exc)}  [{sig}]" + (f"\n{note}" if note else "")
            )
        else:
            entry = f"==== {stamp}  {_versions()}\n{text.rstrip()}" + (f"\n{note}" if note else "")
        path = self._write(entry)
        if want_dialog and self.box is None and sig not in self._shown and self._bridge:
            self._shown.add(sig)
            self.box = "pending"  # claimed until the dialog exists (it is built in the GUI thread)
            message = f"{exc_type.__name__}: {_one_line(exc)}"
            self._bridge.error.emit(message, text, str(path) if path else "", sig)

    def _dialog_possible(self) -> bool:
        if not self.dialogs or self._bridge is None:
            return False
        from PySide6.QtCore import QThread
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if not isinstance(app, QApplication) or app.closingDown():
            return False
        if QThread.currentThread() is app.thread():
            return QThread.currentThread().loopLevel() > 0
        return app.thread().loopLevel() > 0

    def _write(self, entry: str) -> Path | None:
        try:
            path = log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
                    path.replace(path.with_name(LOG_NAME + ".1"))
                with open(path, "a", encoding="utf-8", errors="backslashreplace") as fh:
                    fh.write(entry + "\n")
            return path
        except OSError as exc:
            _stderr(f"cannot write the error log: {exc}")
            return None

    # -- the dialog (GUI thread) ----------------------------------------------------------
    def _show_dialog(self, message: str, details: str, path: str, sig: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QMessageBox

        on, target = presenting()
        if on:  # never a modal box in front of the audience
            self.box = None
            self.suppressed = 0
            try:
                show_note(target, message, path)
            except Exception:
                _stderr("cannot show the error note:\n" + traceback.format_exc())
            return
        try:
            box = QMessageBox(QApplication.activeWindow())
            box.setObjectName("error_dialog")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(tr("Unexpected error — {app}").format(app=APP_TITLE))
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setText(
                tr(
                    "Something went wrong inside Briefing Viewer. "
                    "The briefing stays open and you can keep working."
                )
            )
            self._info = (
                message
                + (
                    "\n\n" + tr("The details were written to {path}").format(path=path)
                    if path
                    else ""
                )
                + "\n"
                + tr("Please send that file with a report of what you were doing.")
            )
            box.setInformativeText(self._info)
            box.setDetailedText(details)
            box.setStandardButtons(QMessageBox.StandardButton.Close)
            box.finished.connect(self._on_closed)
            self.box = box
            if self.suppressed:  # errors that came while the dialog was being built
                self._update_open_box()
            # open(), not exec(): no nested event loop inside whatever just failed
            box.open()
        except Exception:
            self.box = None
            _stderr("cannot show the error dialog:\n" + traceback.format_exc())

    def _update_open_box(self) -> None:
        box = self.box
        if box is None or isinstance(box, str):
            return
        try:
            box.setInformativeText(
                self._info
                + "\n\n"
                + ntr(
                    "{n} more error(s) since; see the log.",
                    "{n} more error(s) since; see the log.",
                    self.suppressed,
                ).format(n=self.suppressed)
            )
        except RuntimeError:  # deleted meanwhile
            self.box = None

    def _on_closed(self, _result: int = 0) -> None:
        n = self.suppressed
        self.box = None
        self.suppressed = 0
        if n:
            stamp = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
            self._write(f"==== {stamp}  {n} further error(s) happened while the dialog was open")


def show_note(target: Any, message: str, path: str = "") -> Any:
    """A small non-modal note about an error at the foot of *target*'s window (plain
    text, closes itself after `NOTE_MS`); a later error replaces the note's text.
    Returns the note, or None without a widget to put it on (the error is in the log)."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

    if not isinstance(target, QWidget):
        return None
    window = target.window()
    note = window.findChild(QFrame, "error_note", Qt.FindChildOption.FindDirectChildrenOnly)
    if note is None:
        note = QFrame(window)
        note.setObjectName("error_note")
        note.setAccessibleName(tr("Error note"))
        note.setFrameShape(QFrame.Shape.Box)
        note.setAutoFillBackground(True)
        lay = QHBoxLayout(note)
        lay.setContentsMargins(10, 6, 6, 6)
        label = QLabel(note)
        label.setObjectName("error_note_text")
        label.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote package text
        label.setWordWrap(True)
        lay.addWidget(label, 1)
        close = QToolButton(note)
        close.setText(tr("Close"))
        close.setAccessibleName(tr("Close the error note"))
        close.setToolTip(tr("Close this note (it closes by itself after a while)"))
        close.clicked.connect(note.hide)
        lay.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        note.timer = QTimer(note)  # type: ignore[attr-defined]
        note.timer.setSingleShot(True)  # type: ignore[attr-defined]
        note.timer.timeout.connect(note.hide)  # type: ignore[attr-defined]
    label = note.findChild(QLabel, "error_note_text")
    label.setText(
        tr("An unexpected error happened; the presentation carries on.")
        + "\n"
        + message
        + ("\n" + tr("Details: {path}").format(path=path) if path else "")
    )
    width = min(560, max(200, window.width() - 24))
    note.setFixedWidth(width)
    note.adjustSize()
    note.move(12, max(0, window.height() - note.height() - 12))
    note.show()
    note.raise_()
    note.timer.start(NOTE_MS)  # type: ignore[attr-defined]
    return note


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def install_error_handler(*, dialogs: bool = True, force: bool = False) -> ErrorHandler | None:
    """Route unexpected errors to an `ErrorHandler` (once per process; returns it).

    A hook someone else installed (a debugger, a crash reporter, pytest-qt's
    exception capture) is left in place unless *force*: returns None then.
    """
    current = sys.excepthook
    if isinstance(current, ErrorHandler):
        current.dialogs = dialogs
        current._make_bridge()
        return current
    if current is not sys.__excepthook__ and not force:
        return None
    return ErrorHandler(dialogs=dialogs).install()


def current_handler() -> ErrorHandler | None:
    hook = sys.excepthook
    return hook if isinstance(hook, ErrorHandler) else None
