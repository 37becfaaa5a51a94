"""Unexpected errors in slots: logged to errors.log, shown once in a dialog, the app keeps going."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from briefing_app import __version__
from briefing_app.ui import errors
from briefing_app.ui.app import make_app
from briefing_app.ui.errors import ErrorHandler, current_handler, log_path

# pytest-qt's own capture would take the exceptions (and keep make_app() from installing)
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture(autouse=True)
def _fresh_handler(tmp_path: Path, monkeypatch):
    """Each test gets its own data folder and a handler that is removed afterwards."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    saved_hook, saved_thread_hook = sys.excepthook, threading.excepthook
    if isinstance(sys.excepthook, ErrorHandler):  # installed by an earlier make_app()
        sys.excepthook.uninstall()
    yield
    for box in _error_boxes():
        box.close()
    QApplication.processEvents()
    sys.excepthook, threading.excepthook = saved_hook, saved_thread_hook


def _error_boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "error_dialog" and w.isVisible()
    ]


def _handler(qapp) -> ErrorHandler:
    make_app()
    h = current_handler()
    assert h is not None, "make_app() installs the error handler"
    return h


def _log() -> str:
    p = log_path()
    return p.read_text(encoding="utf-8") if p.exists() else ""


def _raise_later(exc: BaseException) -> None:
    def raiser() -> None:
        raise exc

    QTimer.singleShot(0, raiser)


def test_an_error_in_a_slot_is_logged_shown_and_the_app_keeps_running(qtbot, qapp, tmp_path):
    h = _handler(qapp)
    assert log_path().is_relative_to(tmp_path / "data"), "errors.log is in the user's data folder"
    assert log_path().name == "errors.log"

    _raise_later(ValueError("boom in a slot"))
    qtbot.waitUntil(lambda: len(_error_boxes()) == 1, timeout=5000)

    log = _log()
    assert re.search(r"^==== \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", log, re.M), "timestamp"
    assert f"Briefing Viewer {__version__}" in log
    assert "Traceback (most recent call last)" in log
    assert "in raiser" in log
    assert "ValueError: boom in a slot" in log

    (box,) = _error_boxes()
    assert box is h.box
    assert "ValueError: boom in a slot" in box.informativeText()
    assert str(log_path()) in box.informativeText()
    assert "Traceback (most recent call last)" in box.detailedText()
    assert "in raiser" in box.detailedText()
    for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
        assert box.findChild(QLabel, name).textFormat() == Qt.TextFormat.PlainText

    # and the event loop carries on
    ran: list[int] = []
    QTimer.singleShot(0, lambda: ran.append(1))
    qtbot.waitUntil(lambda: ran == [1], timeout=5000)
    box.close()
    qtbot.waitUntil(lambda: h.box is None, timeout=5000)


def test_error_text_from_data_is_shown_literally(qtbot, qapp):
    _handler(qapp)
    _raise_later(KeyError("<b>x</b><script>alert(1)</script>"))
    qtbot.waitUntil(lambda: len(_error_boxes()) == 1, timeout=5000)
    (box,) = _error_boxes()
    assert box.textFormat() == Qt.TextFormat.PlainText
    info = box.findChild(QLabel, "qt_msgbox_informativelabel")
    assert info is not None
    assert info.textFormat() == Qt.TextFormat.PlainText
    assert "<b>x</b><script>alert(1)</script>" in info.text()


def test_an_error_storm_gives_one_dialog_and_a_counted_log(qtbot, qapp):
    h = _handler(qapp)

    def make_raiser(i: int):
        def raiser() -> None:
            raise RuntimeError(f"storm {i}")

        return raiser

    # the same error five times, and five different errors
    for _ in range(5):
        _raise_later(ValueError("again"))
    for i in range(5):
        QTimer.singleShot(0, make_raiser(i) if i % 2 else (lambda i=i: [][i]))
    qtbot.waitUntil(lambda: h.count == 10, timeout=5000)
    qtbot.wait(50)
    assert len(_error_boxes()) == 1, "one dialog at a time"
    log = _log()
    # one full traceback per distinct error (ValueError, IndexError, RuntimeError); repeats: a line
    assert log.count("Traceback (most recent call last)") == 3
    assert "repeated (5 times this session): ValueError: again" in log
    assert "no dialog: one is already open (9 error(s) since it opened)" in log
    (box,) = _error_boxes()
    assert "9 more error(s) since" in box.informativeText()
    box.close()
    qtbot.waitUntil(lambda: h.box is None, timeout=5000)
    assert "9 further error(s) happened while the dialog was open" in _log()

    # a new error gets a new dialog; one already shown does not
    _raise_later(ValueError("again"))
    qtbot.waitUntil(lambda: h.count == 11, timeout=5000)
    qtbot.wait(50)
    assert _error_boxes() == []
    assert "no dialog: this error was already shown in this session" in _log()
    _raise_later(OSError("something new"))
    qtbot.waitUntil(lambda: len(_error_boxes()) == 1, timeout=5000)
    assert "OSError: something new" in _error_boxes()[0].informativeText()


def test_an_error_in_another_thread_reaches_the_dialog_in_the_gui_thread(qtbot, qapp):
    h = _handler(qapp)

    def work() -> None:
        raise ArithmeticError("in a worker thread")

    t = threading.Thread(target=work)
    QTimer.singleShot(0, t.start)  # while the GUI thread runs its event loop
    qtbot.waitUntil(lambda: not t.is_alive() and h.count == 1, timeout=5000)
    qtbot.waitUntil(lambda: len(_error_boxes()) == 1, timeout=5000)
    assert "ArithmeticError: in a worker thread" in _log()
    assert _error_boxes()[0] is h.box


def _exc_info(exc: BaseException):
    try:
        raise exc
    except BaseException as e:
        return type(e), e, e.__traceback__


def test_outside_an_event_loop_errors_are_logged_without_a_dialog(qapp, capsys):
    h = _handler(qapp)
    h(*_exc_info(LookupError("at start-up")))
    QApplication.processEvents()
    assert _error_boxes() == []
    log = _log()
    assert "LookupError: at start-up" in log
    assert "no dialog: no event loop running" in log
    assert "LookupError: at start-up" in capsys.readouterr().err, "also printed to stderr"


def test_an_error_in_the_handler_itself_is_printed_not_raised(qapp, capsys, monkeypatch):
    h = _handler(qapp)

    def broken(_entry):
        raise RuntimeError("the log is broken")

    monkeypatch.setattr(h, "_write", broken)
    h(*_exc_info(ValueError("first")))  # must not raise
    err = capsys.readouterr().err
    assert "ValueError: first" in err
    assert "Error in the error handler" in err and "the log is broken" in err

    # re-entry while handling (an error raised by the handler's own work) is only printed
    h._busy = True
    h(*_exc_info(ValueError("nested")))
    h._busy = False
    assert "Error in the error handler:" in capsys.readouterr().err


def test_an_unwritable_data_folder_does_not_break_the_handler(qapp, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    h = _handler(qapp)
    h(*_exc_info(ValueError("nowhere to log")))
    err = capsys.readouterr().err
    assert "cannot write the error log" in err
    assert "ValueError: nowhere to log" in err


def test_the_log_is_moved_aside_when_large(qapp, monkeypatch):
    h = _handler(qapp)
    monkeypatch.setattr(errors, "MAX_LOG_BYTES", 200)
    for i in range(3):
        h(*_exc_info(ValueError(f"error number {i}")))
    assert log_path().with_name("errors.log.1").exists()
    assert log_path().stat().st_size < 5000


def test_keyboard_interrupt_goes_to_the_previous_hook(qapp):
    h = _handler(qapp)
    seen = []
    h.previous_hook = lambda *a: seen.append(a[0])
    h(*_exc_info(KeyboardInterrupt()))
    assert seen == [KeyboardInterrupt]
    assert not log_path().exists()


def test_validate_does_not_install_the_handler():
    from briefing_app.cli.main import main

    assert main(["validate", str(MINIMAL)]) == 0
    assert current_handler() is None


def test_without_a_qapplication_errors_are_logged_and_printed(tmp_path):
    code = (
        "from briefing_app.ui.errors import install_error_handler\n"
        "install_error_handler()\n"
        "raise ValueError('no app here')\n"
    )
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "d"), QT_QPA_PLATFORM="offscreen")
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 1
    assert "ValueError: no app here" in r.stderr
    logs = list((tmp_path / "d").rglob("errors.log"))
    assert len(logs) == 1
    assert "ValueError: no app here" in logs[0].read_text()


def test_a_hook_installed_by_someone_else_is_left_alone(qapp):
    def other_hook(*_a):
        pass

    sys.excepthook = other_hook
    make_app()
    assert sys.excepthook is other_hook, "debuggers, crash reporters, pytest-qt keep their hook"
    h = errors.install_error_handler(force=True)
    assert sys.excepthook is h
    h.uninstall()
    assert sys.excepthook is other_hook


# -- while presenting -------------------------------------------------------------------------


def _notes() -> list:
    from PySide6.QtWidgets import QFrame

    return [
        f
        for w in QApplication.topLevelWidgets()
        for f in w.findChildren(QFrame, "error_note")
        if f.isVisible()
    ]


def _any_message_box() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


class _FakePresentation:
    """What the handler asks of a presentation: active, presenter, parent()."""

    def __init__(self, presenter) -> None:
        self.active = True
        self.presenter = presenter

    def parent(self):
        return None


def test_while_presenting_an_error_is_a_note_on_the_presenter_view_not_a_dialog(qtbot, qapp):
    from PySide6.QtWidgets import QWidget

    h = _handler(qapp)
    presenter = QWidget()
    qtbot.addWidget(presenter)
    presenter.resize(800, 500)
    presenter.show()
    fake = _FakePresentation(presenter)
    errors.register_presentation(fake)
    try:
        _raise_later(ValueError("<b>while</b> presenting"))
        qtbot.waitUntil(lambda: len(_notes()) == 1, timeout=5000)
        qtbot.wait(50)
        assert _any_message_box() == [], "no modal box may go up on the projector"
        (note,) = _notes()
        assert note.window() is presenter, "on the presenter view"
        label = note.findChild(QLabel, "error_note_text")
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert "ValueError: <b>while</b> presenting" in label.text()
        assert str(log_path()) in label.text()
        assert "ValueError: <b>while</b> presenting" in _log(), "and logged"
        assert h.box is None, "the next error is not held back by a dialog that is not there"

        # the presentation ends: a new error gets the dialog again
        fake.active = False
        _raise_later(OSError("after presenting"))
        qtbot.waitUntil(lambda: len(_error_boxes()) == 1, timeout=5000)
    finally:
        fake.active = False


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_an_error_in_a_real_presentation_puts_no_dialog_on_the_projector(qtbot, qapp, tmp_path):
    from PySide6.QtCore import QSettings

    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "c"))
    _handler(qapp)
    w = MainWindow(BriefingDocument(load_package(MINIMAL).briefing, load_theme("projector")))
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    qtbot.waitExposed(w)
    w.start_presentation()
    p = w.presentation
    qtbot.waitExposed(p.window)
    try:
        _raise_later(RuntimeError("in a slot during the talk"))
        qtbot.waitUntil(lambda: len(_notes()) == 1, timeout=5000)
        qtbot.wait(50)
        assert _any_message_box() == []
        (note,) = _notes()
        # one screen: no presenter view, so the note goes on the main window, not the slides
        assert note.window() is (p.presenter or w)
        assert note.window() is not p.window
    finally:
        p.stop()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_presentation_deleted_while_on_does_not_keep_the_dialog_away(qtbot, qapp, tmp_path):
    """A window deleted in the middle of its presentation takes the presentation's Qt object
    with it, never having ended it: the next error still gets its dialog, and the handler
    raises nothing of its own (it asked the dead presentation for its parent)."""
    import shiboken6
    from PySide6.QtCore import QSettings

    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "c"))
    _handler(qapp)
    w = MainWindow(BriefingDocument(load_package(MINIMAL).briefing, load_theme("screen")))
    w.resize(900, 600)
    w.show()
    qtbot.waitExposed(w)
    w.start_presentation()
    p = w.presentation  # kept, as a reference elsewhere would keep it
    qtbot.waitExposed(p.window)
    assert p.active and errors.presenting()[0]
    shiboken6.delete(w)
    assert not shiboken6.isValid(p), "the presentation went with its window"
    assert errors.presenting() == (False, None)
    _raise_later(ValueError("after the window went"))
    qtbot.waitUntil(lambda: len(_error_boxes()) == 1, timeout=5000)
    assert "cannot show" not in _log()
