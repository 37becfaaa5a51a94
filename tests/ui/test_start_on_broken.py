"""Started on a package it cannot open (from a file manager, a menu: no terminal), the
app shows the problems in a window, as File > Open does, and offers another package,
the bundled briefing, or quit."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL, run_python
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from briefing_app.cli.main import _gui_parser
from briefing_app.model.loader import bundled_package_path
from briefing_app.ui import app as app_module
from briefing_app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch, qapp):
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    # the tests run offscreen, where nobody could answer a dialog: as on a screen here
    monkeypatch.setattr(app_module, "NO_SCREEN_PLATFORMS", ())
    sheet, palette, font = qapp.styleSheet(), qapp.palette(), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow):
            w.remember = False
            w.close()
            w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def broken(make_package) -> Path:
    return make_package({"events.csv": lambda t: t.replace("2024-10-15", "someday")})


class Session:
    """The app run with the user's answers: a button of the problems dialog each time it
    comes up, and what the file dialog returns; records what the dialogs said."""

    def __init__(self, monkeypatch, answers: list[str], files: list[str] | None = None) -> None:
        self.answers = list(answers)
        self.files = list(files or [])
        self.dialogs: list[dict] = []
        self.window: MainWindow | None = None

        def exec_box(box: QMessageBox) -> int:
            self.dialogs.append(
                {
                    "text": box.text(),
                    "info": box.informativeText(),
                    "format": box.textFormat(),
                    "buttons": [  # not "Show Details…"
                        b.text()
                        for b in box.buttons()
                        if box.buttonRole(b) != QMessageBox.ButtonRole.ActionRole
                    ],
                }
            )
            answer = self.answers.pop(0)
            next(b for b in box.buttons() if b.text() == answer).click()
            return 0

        def exec_app(*_args) -> int:  # the window is up: the event loop would start here
            self.window = next(
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()
            )
            return 0

        monkeypatch.setattr(QMessageBox, "exec", exec_box)
        monkeypatch.setattr(QApplication, "exec", exec_app)
        monkeypatch.setattr(
            QFileDialog,
            "getOpenFileName",
            lambda *a, **k: (self.files.pop(0) if self.files else "", ""),
        )

    def run(self, *argv: str) -> int:
        return app_module.run_app(_gui_parser().parse_args(list(argv)))


def test_the_problems_are_shown_and_the_bundled_briefing_opens_instead(monkeypatch, broken, capsys):
    s = Session(monkeypatch, ["Open the Bundled Briefing"])
    assert s.run(str(broken), "--tab", "3") == 0
    (dialog,) = s.dialogs
    assert f"{broken} has 1 problem(s); it was not opened." == dialog["text"]
    assert "events.csv:2:date: 'someday' is not a date (YYYY-MM-DD)" in dialog["info"]
    assert dialog["format"] == Qt.TextFormat.PlainText
    assert dialog["buttons"] == ["Open Another Briefing…", "Open the Bundled Briefing", "Quit"]
    assert s.window is not None and s.window.isVisible()
    assert s.window.doc.briefing.location == str(bundled_package_path())
    assert "events.csv:2:date" in capsys.readouterr().err, "and on stderr, as before"


def test_another_package_can_be_chosen_and_a_broken_one_asks_again(monkeypatch, broken):
    s = Session(
        monkeypatch,
        ["Open Another Briefing…", "Open Another Briefing…", "Open Another Briefing…"],
        files=["", str(broken), str(MINIMAL / "datapackage.json")],
    )
    assert s.run(str(broken)) == 0
    # cancelled the file dialog, then chose the broken package again: asked three times
    assert len(s.dialogs) == 3
    assert s.window.doc.briefing.title == "Minimal example briefing"


def test_quit_ends_with_status_1_and_no_window(monkeypatch, broken):
    s = Session(monkeypatch, ["Quit"])
    assert s.run(str(broken)) == 1
    assert s.window is None


def test_a_broken_bundled_briefing_offers_no_bundled_briefing(monkeypatch, tmp_path):
    monkeypatch.setenv("BRIEFING_APP_DATA", str(tmp_path / "nothing-here"))
    s = Session(monkeypatch, ["Quit"])
    assert s.run() == 1
    (dialog,) = s.dialogs
    assert dialog["buttons"] == ["Open Another Briefing…", "Quit"]


def test_without_a_screen_it_says_so_on_stderr_and_exits_1(broken):
    r = run_python("-m", "briefing_app", str(broken), timeout=60)
    assert r.returncode == 1
    assert "events.csv:2:date: 'someday' is not a date" in r.stderr
