"""The window and the whole bad-package corpus (#21, "Done when"): opening each case as
File > Open does keeps the briefing on screen and shows the problems in a dialog, in the
validator's words; a case that is valid opens, and every one of its tabs draws.

One window for the corpus: what is tested is what a user does, opening one package after
another in the same window, not a fresh window per case."""

from __future__ import annotations

import sys

import pytest
from conftest import MINIMAL, TESTS
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow

sys.path.insert(0, str(TESTS / "model"))
from test_bad_packages import CASES, expected, materialize

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _dialogs() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_every_case_of_the_corpus_opens_or_is_refused_with_its_problems(qtbot, tmp_path):
    doc = BriefingDocument(load_package(MINIMAL).briefing, load_theme("screen"))
    w = MainWindow(doc, prebuild=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    opened = refused = 0
    for case in CASES:
        pkg = materialize(case, tmp_path / case)
        want = expected(case)
        before = w.doc.briefing
        w.open_path(str(pkg), wait=True)
        errors = [text.replace("{package}", str(pkg)) for sev, text in want if sev == "error"]
        if errors:
            box = w._problems_box
            assert isinstance(box, QMessageBox) and box.isVisible(), f"{case}: no problems dialog"
            shown = box.informativeText() + box.detailedText()
            assert errors[0] in shown, f"{case}: {errors[0]!r} not in the dialog:\n{shown}"
            assert w.doc.briefing is before, f"{case}: the briefing on screen was replaced"
            box.close()
            refused += 1
        else:
            assert w.doc.briefing is not before, f"{case}: a valid package did not open"
            for i in range(w.tabs.count()):  # every tab draws, charts and all
                w.tabs.setCurrentIndex(i)
                w.tab_view(i).repaint()
                QApplication.processEvents()
            opened += 1
        assert _dialogs() == [], f"{case}: a dialog is left open"
    assert refused >= 80 and opened >= 2, (refused, opened)
