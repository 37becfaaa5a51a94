"""File > Export and a chart's context menu: dialogs, overwrite questions, errors, clipboard."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMenu, QMessageBox

from briefing_app.content.chartdata import chart_data
from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui import chart_actions
from briefing_app.ui import export_dialogs as gui
from briefing_app.ui.chart_panel import ChartPanel, chart_menu_extensions
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow

Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


@pytest.fixture
def window(qtbot):
    result = load_package(MINIMAL)
    assert result.ok
    w = MainWindow(BriefingDocument(result.briefing, load_theme("screen")))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


class Dialogs:
    """Stands in for the file dialog and the questions, and records what was asked."""

    def __init__(self, monkeypatch, path: Path | None, answers=()):
        self.path = path
        self.answers = list(answers)
        self.questions: list[str] = []
        self.save_calls: list[tuple] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)
        monkeypatch.setattr(QMessageBox, "question", self._question)

    def _save(self, *args, **kwargs):
        self.save_calls.append((args, kwargs))
        return (str(self.path) if self.path else "", "")

    def _folder(self, *args, **kwargs):
        return str(self.path) if self.path else ""

    def _question(self, parent, title, text, *args, **kwargs):
        self.questions.append(text)
        return self.answers.pop(0) if self.answers else No


def _action(window, text: str):
    for a in window.export_menu.actions():
        if a.text().replace("&", "") == text:
            return a
    raise AssertionError(
        f"no action {text!r} in {[a.text() for a in window.export_menu.actions()]}"
    )


def test_file_export_menu_has_the_exports(window):
    texts = [a.text().replace("&", "") for a in window.export_menu.actions() if a.text()]
    assert texts == [
        "Export handout (PDF)…",
        "Export briefing as Markdown…",
        "Export tab images (PNG)…",
        "Export chart images (PNG)…",
        "Export chart images (SVG)…",
        "Export data (CSV zip)…",
        "Export package as workbook (XLSX)…",
    ]
    assert window.export_menu.isEnabled()


def test_every_registered_format_has_a_menu_entry(window):
    from briefing_app.export.formats import FORMATS

    actions = [a for a in window.export_menu.actions() if not a.isSeparator()]
    for f in FORMATS:
        assert f.menu, f"{f.name} has no entry in File > Export"
        mine = [a.text() for a in actions if a.data() == f.name]
        assert mine == [e.label for e in f.menu], f.name
    assert all(a.data() in {f.name for f in FORMATS} for a in actions)


def test_export_markdown_writes_the_briefing_and_asks_before_replacing(
    window, monkeypatch, tmp_path
):
    from briefing_app.export.markdown import markdown

    b = window.doc.briefing
    assert any(t.notes for t in b.tabs)
    out = tmp_path / "briefing"  # no suffix: .md is added
    d = Dialogs(monkeypatch, out, answers=[Yes])  # with the speaker notes
    _action(window, "Export briefing as Markdown…").trigger()
    written = tmp_path / "briefing.md"
    assert written.read_text(encoding="utf-8") == markdown(b, notes=True)
    assert "Speaker notes" in written.read_text(encoding="utf-8")
    assert len(d.questions) == 1 and "speaker notes" in d.questions[0]
    args, kwargs = d.save_calls[0]
    assert "Markdown (*.md)" in (*args, *kwargs.values())
    written.write_text("keep me", encoding="utf-8")
    d = Dialogs(monkeypatch, written, answers=[No])
    _action(window, "Export briefing as Markdown…").trigger()
    assert written.read_text(encoding="utf-8") == "keep me"
    assert "already exists" in d.questions[0]
    assert gui.export_markdown(window, written, notes=False) == written
    assert written.read_text(encoding="utf-8") == markdown(b)
    assert not list(tmp_path.glob("*.part"))


def test_export_handout_pdf_writes_the_file(window, monkeypatch, tmp_path):
    out = tmp_path / "handout"  # no suffix: .pdf is added
    d = Dialogs(monkeypatch, out, answers=[No])  # no speaker notes
    _action(window, "Export handout (PDF)…").trigger()
    pdf = tmp_path / "handout.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    # the native dialog must not ask about overwriting: we do, the same way everywhere
    args, kwargs = d.save_calls[0]
    assert QFileDialog.Option.DontConfirmOverwrite in (*args, *kwargs.values())
    assert len(d.questions) == 1 and "speaker notes" in d.questions[0]
    assert not list(tmp_path.glob("*.part"))


def test_existing_file_is_kept_unless_the_user_agrees(window, monkeypatch, tmp_path):
    out = tmp_path / "data.zip"
    out.write_bytes(b"keep me")
    d = Dialogs(monkeypatch, out, answers=[No])
    _action(window, "Export data (CSV zip)…").trigger()
    assert out.read_bytes() == b"keep me"
    assert "already exists" in d.questions[0]
    d = Dialogs(monkeypatch, out, answers=[Yes])
    _action(window, "Export data (CSV zip)…").trigger()
    assert zipfile.is_zipfile(out)


def test_overwrite_question_shows_file_names_literally(window, monkeypatch, tmp_path):
    out = tmp_path / "<b>data<i>.zip"
    out.write_bytes(b"x")
    d = Dialogs(monkeypatch, out, answers=[No])
    _action(window, "Export data (CSV zip)…").trigger()
    assert "&lt;b&gt;data&lt;i&gt;.zip" in d.questions[0]  # escaped: shown as typed


def test_unwritable_target_shows_a_plain_text_error(window, monkeypatch, tmp_path):
    a_file = tmp_path / "plain-file"
    a_file.write_text("x")
    Dialogs(monkeypatch, a_file / "out.zip")
    _action(window, "Export data (CSV zip)…").trigger()
    box = window._export_error_box
    assert box.isVisible()
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "cannot write" in box.text()
    box.close()
    assert not list(tmp_path.rglob("*.part"))


def test_an_export_error_is_shown_in_ukrainian(window, monkeypatch, tmp_path):
    """The reason from the export (and the system's words in it) in the language of the
    interface, the path kept: File > Export chosen from the menu in Ukrainian."""
    from briefing_app.ui.language import apply_language

    a_file = tmp_path / "plain-file"
    a_file.write_text("x")
    target = a_file / "out.zip"
    apply_language("uk")
    try:
        window.retranslate()
        Dialogs(monkeypatch, target)
        _action(window, "Експортувати дані (CSV у zip)…").trigger()
        box = window._export_error_box
        text = box.text()
    finally:
        apply_language("en")
        window.retranslate()
    assert box.isVisible()
    box.close()
    assert text.startswith("Не вдалося експортувати"), text
    assert f"не вдається записати {target}: теки {a_file} не існує" in text, text
    assert "cannot" not in text and "does not exist" not in text, text


def test_cancelled_dialog_writes_nothing(window, monkeypatch, tmp_path):
    Dialogs(monkeypatch, None)
    _action(window, "Export handout (PDF)…").trigger()
    _action(window, "Export data (CSV zip)…").trigger()
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".pdf", ".zip", ".part")]


def test_chart_images_into_a_folder(window, monkeypatch, tmp_path):
    folder = tmp_path / "charts"
    folder.mkdir()
    Dialogs(monkeypatch, folder)
    _action(window, "Export chart images (SVG)…").trigger()
    b = window.doc.briefing
    from briefing_app.export.csv_export import charts_with_tabs

    expected = sorted(f"{t.id}-{c.id}.svg" for t, c in charts_with_tabs(b))
    assert sorted(p.name for p in folder.iterdir()) == expected


def test_tab_images_are_the_pages_the_command_line_writes(window, monkeypatch, tmp_path):
    """File > Export tab images writes what ``export png`` writes at its default size:
    each tab as a page, not a picture of the window."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "window"
    folder.mkdir()
    (folder / "01-losses.png").write_bytes(b"old")
    d = Dialogs(monkeypatch, folder, answers=[Yes])
    _action(window, "Export tab images (PNG)…").trigger()
    assert "already exists" in d.questions[0]
    written = sorted(folder.iterdir())
    assert [p.name for p in written] == ["01-losses.png", "02-timeline.png", "03-sources.png"]
    cli = tmp_path / "cli"
    r = subprocess.run(
        [sys.executable, "-m", "briefing_app", "export", "png", str(cli), "--package", MINIMAL],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=180,
    )
    assert r.returncode == 0, r.stderr
    for path in written:
        image = QImage(str(path))
        assert image.width() == 1920 and image.height() >= 1080
        assert image == QImage(str(cli / path.name)), path.name
    shot = window.grab().toImage()
    assert QImage(str(written[0])).size() != shot.size()


def _panel(window) -> ChartPanel:
    panel = window.tab_view(0).findChild(ChartPanel)
    assert panel is not None
    return panel


def test_chart_context_menu_has_copy_and_exports(window):
    panel = _panel(window)
    menu = QMenu(panel)
    texts = [a.text() for a in chart_menu_extensions(panel, menu)]
    assert texts == [
        "Copy image",
        "Export image (PNG)…",
        "Export image (SVG)…",
        "Export data (CSV)…",
    ]


def test_copy_image_puts_the_chart_on_the_clipboard(window):
    panel = _panel(window)
    QApplication.clipboard().clear()
    actions = chart_actions.actions_for(panel, QMenu(panel))
    actions[0].trigger()
    image = QApplication.clipboard().image()
    assert not image.isNull()
    assert (image.width(), image.height()) == (1920, 1080)


def test_chart_png_at_the_chosen_size(window, monkeypatch, tmp_path):
    panel = _panel(window)
    Dialogs(monkeypatch, tmp_path / "chart.png")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("1280 × 720", True))
    chart_actions.actions_for(panel, QMenu(panel))[1].trigger()
    image = QImage(str(tmp_path / "chart.png"))
    assert (image.width(), image.height()) == (1280, 720)


def test_chart_svg_and_csv_from_the_menu(window, monkeypatch, tmp_path):
    panel = _panel(window)
    Dialogs(monkeypatch, tmp_path / "chart.svg")
    chart_actions.actions_for(panel, QMenu(panel))[2].trigger()
    assert (tmp_path / "chart.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    Dialogs(monkeypatch, tmp_path / "chart")
    chart_actions.actions_for(panel, QMenu(panel))[3].trigger()
    text = (tmp_path / "chart.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("label,")
    assert "attribution" in text.splitlines()[0] and "citation" in text.splitlines()[0]
    assert len(text.splitlines()) == 1 + len(chart_data(panel.briefing, panel.chart).table)


def test_error_helpers_are_plain_text(window):
    box = gui.show_error(window, "<b>not bold</b>")
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert box.text() == "<b>not bold</b>"
    box.close()
