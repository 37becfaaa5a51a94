"""The package is never written to: a full session (open, every tab, present, every export)
leaves every file of a copy of the bundled package byte-for-byte and time-for-time alone.

`full_session` is also what tests/test_no_network.py runs with the network blocked.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

BUNDLED = ROOT / "data" / "ukraine-2024-12"


def have(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def full_session(
    package: str | None,
    out: Path,
    themes: tuple[str, ...] = ("projector-dark",),
    quick: bool = False,
) -> list[str]:
    """Open *package* in the window (screen theme), switch to each of *themes* (a rebuild) and
    visit every tab there (chart and table), present every slide, run every export the window
    and the command line offer into *out*.

    Returns the names of the steps done; steps whose code is not in this build are left out.
    *quick* leaves out the window's image exports that the command line's also make.
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from briefing_app.cli.main import main
    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.app import make_app
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow
    from briefing_app.ui.style import apply_theme

    def settle() -> None:
        QApplication.processEvents()
        # outside an event loop deleteLater() waits for this: windows the exports made
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    done: list[str] = []
    out.mkdir(parents=True, exist_ok=True)
    app = make_app()
    theme = load_theme("screen")
    apply_theme(app, theme)
    result = load_package(package)
    assert result.ok, [str(p) for p in result.errors]
    w = MainWindow(BriefingDocument(result.briefing, theme))
    w.resize(1280, 800)
    w.show()
    settle()
    try:
        for name in themes:
            w.doc.set_theme(load_theme(name))
            for i in range(w.tabs.count()):
                w.tabs.setCurrentIndex(i)
                w.tab_view(i)
                settle()
                w.toggle_tables()
                settle()
                w.toggle_tables()
                settle()
        done.append("tabs")

        if have("briefing_app.ui.presentation.session"):
            w.start_presentation()
            p = w.presentation
            assert p is not None, "presentation started"
            for k in range(p.controller.count):
                p.controller.go(k)
                settle()
            p.stop()
            settle()
            done.append("present")

        if have("briefing_app.ui.export_dialogs"):
            from briefing_app.ui import export_dialogs as gui

            assert gui.export_pdf(w, out / "window.pdf", notes=True) is not None
            assert gui.export_data(w, out / "window-data.zip") is not None
            if hasattr(gui, "export_markdown"):
                assert gui.export_markdown(w, out / "window.md", notes=True) is not None
            if not quick:
                (out / "window-tabs").mkdir()  # the folder dialog gives an existing folder
                assert gui.export_tab_images(w, out / "window-tabs")
            for fmt in ("svg",) if quick else ("png", "svg"):
                (out / f"window-charts-{fmt}").mkdir()
                assert gui.export_chart_images(w, out / f"window-charts-{fmt}", fmt)
            settle()
            done.append("window exports")

        w.open_path(package, wait=True)  # as File > Open does, again
        settle()
        done.append("reopen")
    finally:
        w.close()
        w.deleteLater()
        settle()

    # the command line's exports (each its own process in real use: no window is open)
    pkg = ["--package", package] if package else []
    commands = [
        (None, ["png", str(out / "png"), "--size", "960x600"]),
        (
            "briefing_app.render.slides.images",
            ["png", str(out / "slides"), "--slides", "--size", "960x540"],
        ),
        ("briefing_app.export.svg", ["svg", str(out / "svg")]),
        ("briefing_app.export.pdf", ["pdf", str(out / "handout.pdf"), "--notes"]),
        ("briefing_app.export.csv_export", ["csv", str(out / "data.zip")]),
        ("briefing_app.export.markdown", ["md", str(out / "briefing.md"), "--notes"]),
    ]
    for module, argv in commands:
        if module is None or have(module):
            assert main(["export", *argv, *pkg]) == 0, argv
            settle()
            done.append(f"export {' '.join(argv[:1] + argv[2:])}")
    return done


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under *root*: kind, size, mtime (ns), mode and the SHA-256 of files."""
    snap: dict[str, tuple] = {}
    for path in sorted([root, *root.rglob("*")]):
        st = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        snap[str(path.relative_to(root))] = (
            stat.S_IFMT(st.st_mode),
            st.st_size if path.is_file() else 0,
            st.st_mtime_ns,
            stat.S_IMODE(st.st_mode),
            digest,
        )
    return snap


def read_only(root: Path) -> None:
    """Take write permission away (it stops writes unless we run as root; the snapshot
    comparison catches them either way)."""
    for path in sorted([root, *root.rglob("*")], reverse=True):
        mode = stat.S_IMODE(path.lstat().st_mode)
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def writable(root: Path) -> None:
    for path in [root, *root.rglob("*")]:
        path.chmod(stat.S_IMODE(path.lstat().st_mode) | stat.S_IWUSR)


def _compare(before: dict, after: dict) -> list[str]:
    changes = [f"new: {k}" for k in after.keys() - before.keys()]
    changes += [f"gone: {k}" for k in before.keys() - after.keys()]
    for k in before.keys() & after.keys():
        if before[k] != after[k]:
            fields = ("kind", "size", "mtime", "mode", "sha256")
            what = [f for f, a, b in zip(fields, before[k], after[k], strict=True) if a != b]
            changes.append(f"changed {'/'.join(what)}: {k}")
    return sorted(changes)


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))


# the offscreen platform says this when the presentation raises its windows
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_full_session_never_writes_to_the_package(qtbot, tmp_path):
    pkg = tmp_path / "package"
    shutil.copytree(BUNDLED, pkg)
    read_only(pkg)
    before = snapshot(pkg)
    try:
        done = full_session(str(pkg), tmp_path / "out")
        after = snapshot(pkg)
    finally:
        writable(pkg)
    assert "tabs" in done and "reopen" in done
    assert _compare(before, after) == []
    assert any((tmp_path / "out").rglob("*.png")), "the exports went to the output folder"


def test_a_zipped_package_is_not_written_to(qtbot, tmp_path):
    """Opening a .zip and building every tab leave the zip, and its folder, as they were."""
    folder = tmp_path / "zipped"
    folder.mkdir()
    zpath = folder / "briefing.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(BUNDLED.rglob("*")):
            z.write(f, f.relative_to(BUNDLED))
    read_only(folder)
    before = snapshot(folder)

    from briefing_app.model.loader import load_package
    from briefing_app.render.themes import load_theme
    from briefing_app.ui.document import BriefingDocument
    from briefing_app.ui.main_window import MainWindow

    try:
        result = load_package(str(zpath))
        assert result.ok, [str(p) for p in result.errors]
        w = MainWindow(BriefingDocument(result.briefing, load_theme("screen")))
        qtbot.addWidget(w)
        w.show()
        for i in range(w.tabs.count()):
            w.tabs.setCurrentIndex(i)
            w.tab_view(i)
        w.open_path(str(zpath), wait=True)
        after = snapshot(folder)
    finally:
        writable(folder)
    assert _compare(before, after) == []


def test_the_snapshot_notices_a_touch_a_rewrite_and_a_new_file(tmp_path):
    pkg = tmp_path / "p"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", pkg)
    before = snapshot(pkg)
    st = (pkg / "sources.csv").stat()
    os.utime(pkg / "sources.csv", ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    data = (pkg / "quotes.csv").read_bytes()
    (pkg / "quotes.csv").write_bytes(data.replace(b"A. Person", b"B. Person"))
    (pkg / "datapackage.json.lock").write_text("")
    changes = _compare(before, snapshot(pkg))
    assert "changed mtime: sources.csv" in changes
    assert any(
        c.startswith("changed") and c.endswith("quotes.csv") and "sha256" in c for c in changes
    )
    assert "new: datapackage.json.lock" in changes
