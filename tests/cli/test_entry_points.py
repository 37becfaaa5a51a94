"""Each entry point, run as a user would: in a subprocess."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, run_python
from PySide6.QtGui import QImage

from briefing_app import __version__


def run(*args: str, timeout: int = 120, script: Path | None = None) -> subprocess.CompletedProcess:
    """The command line (``python -m briefing_app``, or *script*) in a subprocess."""
    entry = [str(script)] if script is not None else ["-m", "briefing_app"]
    return run_python(*entry, *args, timeout=timeout)


def test_version():
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"briefing-app {__version__}"


def test_version_constant_matches_pyproject_and_installed_metadata():
    import tomllib
    from importlib.metadata import version

    pyproject = ROOT / "pyproject.toml"
    declared = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    assert __version__ == declared
    assert version("briefing-viewer") == declared


def test_help_names_the_commands():
    r = run("--help")
    assert r.returncode == 0
    for word in ("validate", "export", "--present", "--theme", "--self-test"):
        assert word in r.stdout


def test_usage_error_exits_2():
    r = run("--no-such-option")
    assert r.returncode == 2
    assert "unrecognized arguments" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_theme_is_a_usage_error():
    r = run("--theme", "sepia")
    assert r.returncode == 2
    assert "unknown theme 'sepia'" in r.stderr


def test_gui_on_an_invalid_package_says_why(tmp_path):
    r = run(str(tmp_path))
    assert r.returncode == 1
    assert "has no datapackage.json" in r.stderr
    assert "Traceback" not in r.stderr


def test_self_test_renders_every_tab():
    r = run("--self-test", timeout=180)
    assert r.returncode == 0, r.stderr
    assert "self-test passed: 7 tabs rendered" in r.stdout
    # Qt imported as the window imports it, with the start-up hooks (render.pyside_hook)
    assert "ok  start-up: PySide's check of imported modules lightened" in r.stdout
    assert "ok  start-up: pyqtgraph's Qt shim forwarding" in r.stdout
    assert "ok  start-up: PySide's support code compiled once and kept" in r.stdout
    # a fresh cache folder (conftest): compiled on this start, none read back yet
    assert re.search(r"support modules: 0 read back compiled, [1-9]\d* compiled now", r.stdout)
    again = run("--self-test", timeout=180)
    assert re.search(r"support modules: [1-9]\d* read back compiled, 0 compiled now", again.stdout)


def test_self_test_renders_the_package_it_is_given(tmp_path):
    r = run("--self-test", str(MINIMAL), timeout=180)
    assert r.returncode == 0, r.stderr
    assert "self-test passed: 3 tabs rendered" in r.stdout
    r = run("--self-test", str(tmp_path), timeout=180)
    assert r.returncode == 1
    assert f"self-test FAILED: {tmp_path}" in r.stderr and "Traceback" not in r.stderr


def test_export_png_writes_one_image_per_tab_at_the_size(tmp_path):
    out = tmp_path / "png"
    r = run("export", "png", str(out), "--package", str(MINIMAL), "--size", "1024x768")
    assert r.returncode == 0, r.stderr
    files = sorted(out.glob("*.png"))
    assert [f.name for f in files] == ["01-losses.png", "02-timeline.png", "03-sources.png"]
    img = QImage(str(files[0]))
    assert img.width() == 1024 and img.height() > 768  # a page: as tall as the tab
    from briefing_app.export.png import image_is_blank

    assert not image_is_blank(img)
    # refuses to overwrite without --force
    again = run("export", "png", str(out), "--package", str(MINIMAL))
    assert again.returncode == 1
    assert "already exists (use --force to overwrite)" in again.stderr


def test_export_png_on_an_invalid_package_fails_clearly(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "datapackage.json").write_text("{ not json")
    r = run("export", "png", str(tmp_path / "out"), "--package", str(bad))
    assert r.returncode == 1
    assert "datapackage.json:1: invalid JSON" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("size", ["big", "10x10", "1920x"])
def test_export_png_rejects_bad_sizes(tmp_path, size):
    r = run("export", "png", str(tmp_path / "o"), "--package", str(MINIMAL), "--size", size)
    assert r.returncode == 1
    assert "size" in r.stderr


def test_the_entry_point_exits_with_mains_status_leaving_the_last_collection_out(monkeypatch):
    """`run` is `main`, then an exit whose objects the collector no longer walks."""
    import gc

    import briefing_app.cli.main as entry

    calls: list[str] = []
    monkeypatch.setattr(entry, "main", lambda: calls.append("main") or 3)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    with pytest.raises(SystemExit) as exc:
        entry.run()
    assert exc.value.code == 3
    assert calls == ["main", "freeze"]


def _main_guard_calls(path: Path) -> list[str]:
    """Names of the functions called under ``if __name__ == "__main__":`` in *path*."""
    import ast

    calls = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                    calls.append(sub.func.id)
    return calls


def test_every_way_of_starting_the_app_goes_through_the_entry_point():
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["briefing-app"] == "briefing_app.cli.main:run"
    assert _main_guard_calls(ROOT / "packaging" / "launcher.py") == ["run"]
    assert _main_guard_calls(ROOT / "briefing_app" / "__main__.py") == ["run"]


def test_the_executables_launcher_runs_the_command_line():
    r = run("--version", script=ROOT / "packaging" / "launcher.py")
    assert r.returncode == 0 and r.stdout.strip() == f"briefing-app {__version__}"
