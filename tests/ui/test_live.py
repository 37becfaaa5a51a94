"""The live preview: a saved change shows in the open window, a broken one keeps the last
valid version and lists its problems, a fix clears them; File > Reload; Compare with…."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import FULL, MINIMAL
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from briefing_app.model.loader import load_package
from briefing_app.render.themes import load_theme
from briefing_app.ui.document import BriefingDocument
from briefing_app.ui.main_window import MainWindow
from briefing_app.ui.problems_panel import ProblemsPanel

#: the offscreen platform says this of a presentation's windows; it is not our code
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
#: generous: the tests wait for a behaviour, the speed is measured by make bench
WAIT_MS = 10_000


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The files the problems panel asked the desktop to open (nothing is launched)."""
    urls: list[str] = []
    monkeypatch.setattr(
        ProblemsPanel, "open_url", staticmethod(lambda url: urls.append(url.toLocalFile()))
    )
    return urls


def _window(qtbot, path: Path) -> MainWindow:
    result = load_package(path)
    assert result.ok, [str(p) for p in result.errors]
    w = MainWindow(BriefingDocument(result.briefing, load_theme("screen")))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _edit_in_place(path: Path, old: str, new: str) -> None:
    """Rewrite *path* in place (same inode), as an editor that truncates and writes."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    with open(path, "r+", encoding="utf-8", newline="") as fh:
        fh.write(text.replace(old, new, 1))
        fh.truncate()


def _save_by_rename(path: Path, old: str, new: str) -> None:
    """Write a new file beside *path* and rename it over, as many editors save."""
    text = path.read_text(encoding="utf-8")
    tmp = path.with_name(f".{path.name}.new")
    tmp.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")
    os.replace(tmp, path)


def _value(w: MainWindow, oid: str) -> float:
    obs = w.doc.briefing.observations
    return float(obs.loc[obs["id"] == oid, "value"].iloc[0])


def test_an_edit_that_keeps_the_size_shows_on_the_same_tab(qtbot, tmp_path):
    pkg = shutil.copytree(FULL, tmp_path / "pkg")
    w = _window(qtbot, pkg)
    w.tabs.setCurrentIndex(2)
    first = w.doc.briefing
    _edit_in_place(pkg / "observations.csv", ",120,people", ",130,people")  # same size
    qtbot.waitUntil(lambda: w.doc.briefing is not first, timeout=WAIT_MS)
    assert _value(w, "m-10") == 130
    assert w.tabs.currentIndex() == 2
    assert not w.live.stale and w.live.panel.isHidden()


def test_a_broken_cell_keeps_the_last_valid_version_and_lists_it_until_fixed(
    qtbot, tmp_path, opened
):
    pkg = shutil.copytree(FULL, tmp_path / "pkg")
    w = _window(qtbot, pkg)
    first = w.doc.briefing
    _edit_in_place(pkg / "observations.csv", ",120,people", ",12O,people")
    qtbot.waitUntil(lambda: w.live.stale, timeout=WAIT_MS)
    assert w.doc.briefing is first  # the old figures stay on screen
    assert w.live.banner.isVisible() and "last valid version" in w.live.banner.text()
    assert w.live.panel.isVisible()
    assert w.live.panel.lines[0] == "observations.csv:3:value: '12O' is not a number"
    w.live.panel.list.itemActivated.emit(w.live.panel.list.item(0))
    assert opened == [str((pkg / "observations.csv").resolve())]
    _save_by_rename(pkg / "observations.csv", ",12O,people", ",125,people")
    qtbot.waitUntil(lambda: not w.live.stale, timeout=WAIT_MS)
    assert w.live.panel.isHidden() and w.live.banner.isHidden()
    assert _value(w, "m-10") == 125
    # the file renamed over the old one is watched in turn
    second = w.doc.briefing
    _edit_in_place(pkg / "observations.csv", ",125,people", ",135,people")
    qtbot.waitUntil(lambda: w.doc.briefing is not second, timeout=WAIT_MS)
    assert _value(w, "m-10") == 135


def test_the_scroll_position_is_kept(qtbot, tmp_path):
    pkg = shutil.copytree(FULL, tmp_path / "pkg")
    w = _window(qtbot, pkg)
    w.resize(1000, 600)
    view = w.tab_view(0)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 200, timeout=WAIT_MS)
    bar.setValue(200)
    first = w.doc.briefing
    _edit_in_place(pkg / "observations.csv", ",120,people", ",130,people")
    qtbot.waitUntil(lambda: w.doc.briefing is not first, timeout=WAIT_MS)
    new_bar = w.tab_view(0).verticalScrollBar()
    assert new_bar is not bar
    qtbot.waitUntil(lambda: new_bar.value() == 200, timeout=WAIT_MS)


def test_a_problem_outside_the_package_or_not_text_opens_nothing(tmp_path, opened):
    from briefing_app.model.problems import Problem

    panel = ProblemsPanel()
    pkg = shutil.copytree(MINIMAL, tmp_path / "pkg")
    (pkg / "run.desktop").write_text("[Desktop Entry]\nExec=xterm\n")
    panel.show_problems([Problem("run.desktop", "x")], pkg, zipped=False)
    assert "not opened" in panel.open_problem(Problem("run.desktop", "x"))
    assert "not opened" in panel.open_problem(Problem("../outside.csv", "x"))
    panel.show_problems([], pkg, zipped=True)
    assert "zip" in panel.open_problem(Problem("sources.csv", "x"))
    assert opened == []
    panel.deleteLater()


def test_file_reload_shows_a_change_made_while_not_watching(qtbot, tmp_path):
    pkg = shutil.copytree(MINIMAL, tmp_path / "pkg")
    w = _window(qtbot, pkg)
    w.live.set_watching(False)
    assert w.live.watcher.watched() == []
    first = w.doc.briefing
    _edit_in_place(pkg / "sources.csv", "Example News", "Example Times")
    qtbot.wait(800)
    assert w.doc.briefing is first  # --no-watch: nothing until asked
    reload = next(a for a in w.menuBar().actions()[0].menu().actions() if a.text() == "Re&load")
    assert reload.shortcut() == QKeySequence("Ctrl+R")
    reload.trigger()
    qtbot.waitUntil(lambda: w.doc.briefing is not first, timeout=WAIT_MS)
    assert w.doc.briefing.sources["art"].publisher == "Example Times"


def test_a_zip_is_watched_as_one_file(qtbot, tmp_path):
    def zipped(publisher: str) -> bytes:
        out = tmp_path / "tmp.zip"
        with zipfile.ZipFile(out, "w") as z:
            for f in MINIMAL.iterdir():
                data = f.read_bytes()
                if f.name == "sources.csv":
                    data = data.replace(b"Example News", publisher.encode())
                z.writestr(f.name, data)
        return out.read_bytes()

    pkg = tmp_path / "pkg.zip"
    pkg.write_bytes(zipped("Example News"))
    w = _window(qtbot, pkg)
    assert w.live.watcher.watched() == sorted([str(pkg), str(tmp_path)]) or set(
        w.live.watcher.watched()
    ) == {str(pkg), str(tmp_path)}
    first = w.doc.briefing
    (tmp_path / "unrelated.txt").write_text("a file beside the zip")
    qtbot.wait(800)
    assert w.doc.briefing is first
    tmp = tmp_path / "pkg.zip.new"
    tmp.write_bytes(zipped("Example Times"))
    os.replace(tmp, pkg)
    qtbot.waitUntil(lambda: w.doc.briefing is not first, timeout=WAIT_MS)
    assert w.doc.briefing.sources["art"].publisher == "Example Times"


def test_the_window_never_writes_to_the_package(qtbot, tmp_path):
    pkg = shutil.copytree(FULL, tmp_path / "pkg")
    w = _window(qtbot, pkg)
    _edit_in_place(pkg / "observations.csv", ",120,people", ",12O,people")
    qtbot.waitUntil(lambda: w.live.stale, timeout=WAIT_MS)
    before = {p.name: p.read_bytes() for p in pkg.iterdir()}
    w.live.reload_now()
    w.close()
    assert {p.name: p.read_bytes() for p in pkg.iterdir()} == before


def test_compare_lists_the_changes_by_tab_and_marks_the_chart(qtbot, tmp_path):
    old = shutil.copytree(FULL, tmp_path / "old")
    new = shutil.copytree(FULL, tmp_path / "new")
    _edit_in_place(new / "observations.csv", ",120,people", ",130,people")
    w = _window(qtbot, new)
    w.compare.compare_with(str(old), wait=True)
    assert w.compare.dock.isVisible()
    lines = w.compare.lines()
    assert lines[0] == "Losses"
    assert any("m-10 (losses, Oct 2024): 120 people → 130 people" in x for x in lines)
    assert any("c1 (" in x for x in lines)  # the check's verdict moved with it
    panels = w.tab_view(0).chart_panels
    marked = w.compare.marked()
    assert marked and all(p in panels for p in marked)
    # a live reload compares again; stopping takes the marks off
    _edit_in_place(new / "observations.csv", ",130,people", ",120,people")
    qtbot.waitUntil(
        lambda: w.compare.changes is not None and w.compare.changes.empty, timeout=WAIT_MS
    )
    w.compare.stop()
    assert w.compare.marked() == [] and w.compare.dock.isHidden()


def test_a_running_presentation_follows_a_reload(qtbot, tmp_path):
    pkg = shutil.copytree(FULL, tmp_path / "pkg")
    w = _window(qtbot, pkg)
    w.start_presentation()
    p = w.presentation
    qtbot.waitUntil(lambda: p.window.deck != [], timeout=WAIT_MS)
    p.controller.go(3)
    shown = p.window.deck[3]
    first = w.doc.briefing
    _edit_in_place(pkg / "observations.csv", ",120,people", ",130,people")
    qtbot.waitUntil(lambda: w.doc.briefing is not first, timeout=WAIT_MS)
    assert p.window.briefing is w.doc.briefing
    assert p.window.deck[p.controller.index].tab_index == shown.tab_index
    p.stop()


def test_a_presentation_opens_with_what_changed_since_the_edition_compared(qtbot, tmp_path):
    from briefing_app.content.slides import SINCE_TITLE

    since_prefix = SINCE_TITLE.split("{")[0]

    old = shutil.copytree(FULL, tmp_path / "old")
    new = shutil.copytree(FULL, tmp_path / "new")
    _edit_in_place(new / "observations.csv", ",120,people", ",130,people")
    w = _window(qtbot, new)
    w.start_presentation()
    p = w.presentation
    qtbot.waitUntil(lambda: p.window.deck != [], timeout=WAIT_MS)
    assert not [s for s in p.window.deck if s.heading.startswith(since_prefix)]
    # comparing while presenting puts the slide after the title, in the main deck
    w.compare.compare_with(str(old), wait=True)
    qtbot.waitUntil(lambda: p.window.deck[1].heading.startswith(since_prefix), timeout=WAIT_MS)
    since = p.window.deck[1]
    assert since.part == "main"
    assert since.takeaway.startswith("1 figure changed")
    assert "m-10 (losses, Oct 2024): 120 people → 130 people" in since.notes
    p.controller.go(1)
    qtbot.waitUntil(lambda: p.window.current_view is p.window.view(1), timeout=WAIT_MS)
    texts = [lab.text() for lab in p.window.current_view.findChildren(QLabel)]
    assert any(t.startswith("1 figure changed") for t in texts), texts
    # stopping the comparison takes it out again
    w.compare.stop()
    qtbot.waitUntil(
        lambda: not [s for s in p.window.deck if s.heading.startswith(since_prefix)],
        timeout=WAIT_MS,
    )
    p.stop()


def test_a_restored_scroll_position_follows_the_layout_until_the_user_scrolls(qtbot):
    """A tab rebuilt on screen grows and shrinks as its parts come: the scroll position
    is put back each time its range allows it, until the user scrolls (issue #22)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollArea, QWidget

    from briefing_app.ui.live import restore_scroll

    area = QScrollArea()
    area.setWidgetResizable(True)
    inner = QWidget()
    inner.setMinimumHeight(300)
    area.setWidget(inner)
    area.resize(200, 100)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    bar = area.verticalScrollBar()
    restore_scroll(area, 500)
    assert bar.value() == bar.maximum() < 500, "as far as it goes for now"
    inner.setMinimumHeight(2000)
    qtbot.waitUntil(lambda: bar.value() == 500)
    inner.setMinimumHeight(300)  # a part being made: for a moment shorter
    qtbot.waitUntil(lambda: bar.maximum() < 500)
    inner.setMinimumHeight(2000)
    qtbot.waitUntil(lambda: bar.value() == 500, timeout=2000)
    qtbot.keyClick(bar, Qt.Key.Key_PageUp)  # the user scrolls
    moved = bar.value()
    assert moved < 500
    inner.setMinimumHeight(3000)
    qtbot.waitUntil(lambda: bar.maximum() > 2000)
    assert bar.value() == moved, "where the user went stays"
