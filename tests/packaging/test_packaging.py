"""The packaging files (no PyInstaller build here: `.ci/run` builds the executable and runs
it: self-test, a window, every export format, the outputs opened).

The spec and its bundle policy, the desktop entry and its installer, the Windows and
macOS icon files, and that resources are found both from source and frozen.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / "briefing-viewer.desktop"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _load(name: str):
    """A module of packaging/ by file path (``packaging`` is also a PyPI package's name)."""
    key = f"_briefing_packaging_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


policy = _load("bundle_policy")
installer = _load("install_desktop")
icons = _load("icons")


# -- the spec and what it keeps out -------------------------------------------------------


def test_the_bundle_policy_keeps_the_package_the_code_opens():
    from briefing_app.model import loader

    assert policy.BUNDLED_PACKAGE == loader.BUNDLED_NAME


@pytest.mark.parametrize(
    "module",
    [
        "frictionless",
        "pytest",
        "_pytest",
        "hypothesis",
        "PySide6.QtNetwork",
        "tkinter",
        "matplotlib",
        "numpy.f2py",
        "numpy.testing",
        "shapely",
        "pyproj",
        "geopandas",
    ],
)
def test_excluded_modules(module):
    assert module in policy.EXCLUDES
    assert not policy.keep_module(module)
    assert not policy.keep_module(module + ".sub")


@pytest.mark.parametrize(
    "module",
    [
        "pydoc",
        "PySide6.QtOpenGL",
        "PySide6.QtOpenGLWidgets",
        "PySide6.QtSvg",
        "PySide6.QtTest",
        "pandas._testing",  # pandas imports it on import
        "numpy._pytesttester",  # numpy imports it on import
        "briefing_app.ui.app",
        "pyqtgraph",
    ],
)
def test_kept_modules(module):
    assert policy.keep_module(module)


def test_nothing_needed_is_excluded():
    for module in policy.MUST_KEEP_MODULES:
        assert policy.keep_module(module), module


@pytest.mark.parametrize(
    ("dest", "platform", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", "linux", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "linux", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "linux", True),
        ("PySide6/Qt/plugins/platforms/libqminimal.so", "linux", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", "linux", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", "linux", False),
        ("PySide6/Qt/plugins/platforms/libqlinuxfb.so", "linux", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", "linux", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", "linux", False),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", "linux", False),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", "linux", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", "linux", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", "linux", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "linux", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "linux", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", "linux", False),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", "linux", False),
        ("PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so.6", "linux", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", "linux", False),
        ("PySide6/Qt/lib/libQt6OpenGL.so.6", "linux", True),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "linux", True),
        ("PySide6/QtOpenGL.abi3.so", "linux", True),
        ("libgtk-3.so.0", "linux", False),
        ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", "linux", True),
        ("numpy/_core/tests/data/astype_copy.pkl", "linux", False),
        ("resources/fonts/Inter-Regular.otf", "linux", True),
        ("resources/fonts/LICENSE-Inter.txt", "linux", True),
        ("data/ukraine-2024-12/datapackage.json", "linux", True),
        ("resources/translations/uk.mo", "linux", True),
        ("resources/translations/uk.po", "linux", False),  # the .mo is what is read
        ("resources/translations/briefing.pot", "linux", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", "win32", True),
        ("PySide6\\plugins\\platforms\\qdirect2d.dll", "win32", False),
        ("PySide6\\translations\\qtbase_fr.qm", "win32", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", "darwin", True),
    ],
)
def test_keep(dest, platform, kept):
    assert policy.keep(dest, platform) is kept


def test_filters_take_pyinstaller_toc_and_hook_entries():
    toc = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", "/x/libqwayland.so", "BINARY"),
    ]
    assert [e[0] for e in policy.filter_toc(toc, "linux")] == [toc[0][0]]
    hook = [
        ("/x/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms"),
        ("/x/plugins/platforms/libqeglfs.so", "PySide6/Qt/plugins/platforms"),
        ("/x/translations/qtbase_de.qm", "PySide6/Qt/translations"),
    ]
    assert policy.filter_hook_entries(hook, "linux") == hook[:1]


def test_audit_flags_forbidden_and_missing(tmp_path):
    internal = tmp_path / "BriefingViewer" / "_internal"
    for rel in (
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/translations/qtbase_de.qm",
        "frictionless/__init__.pyc",
    ):
        (internal / rel).parent.mkdir(parents=True, exist_ok=True)
        (internal / rel).write_bytes(b"x")
    problems = "\n".join(policy.audit(tmp_path / "BriefingViewer", "linux"))
    for expected in ("libqwayland.so", "qtbase_de.qm", "frictionless", "missing bundled briefing"):
        assert expected in problems
    assert "missing Qt platform plugin libqxcb.so" in problems
    assert "missing PySide6.QtOpenGL" in problems


BLOCKER = """
import importlib.abc, importlib.util, sys
spec = importlib.util.spec_from_file_location("bundle_policy", {policy!r})
policy = importlib.util.module_from_spec(spec); spec.loader.exec_module(policy)
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if not policy.keep_module(name):
            raise ImportError("excluded from the executable: " + name)
sys.meta_path.insert(0, Block())
import pkgutil, briefing_app
for m in pkgutil.walk_packages(briefing_app.__path__, "briefing_app."):
    if not m.name.endswith("__main__"):
        __import__(m.name)
from briefing_app.cli.main import main
rc = main(["validate", {package!r}])
rc = rc or main(["export", "png", {outdir!r}, "--package", {package!r}, "--size", "800x600"])
sys.exit(rc)
"""


def test_the_app_runs_without_the_excluded_modules(tmp_path):
    """What the executable leaves out is not needed: every module imports and the
    package validates and exports with those modules made unimportable."""
    code = BLOCKER.format(
        policy=str(PACKAGING / "bundle_policy.py"), package=str(MINIMAL), outdir=str(tmp_path)
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert list(tmp_path.glob("*.png"))


# -- icons for Windows and macOS -----------------------------------------------------------


def test_ico_and_icns_hold_every_png_size(tmp_path):
    src = ROOT / "resources" / "icons"
    ico = icons.write_ico(src, tmp_path / "app.ico")
    images = icons.read_ico(ico)
    assert [size for size, _ in images] == list(icons.ICO_SIZES)
    assert all(icons.png_size(png) == (s, s) for s, png in images)
    icns = icons.write_icns(src, tmp_path / "app.icns")
    elements = dict(icons.read_icns(icns))
    assert {b"ic07", b"ic08", b"ic09", b"icp4", b"icp5"} <= set(elements)
    assert icons.png_size(elements[b"ic09"]) == (512, 512)


def test_icon_pngs_have_the_size_in_their_name():
    for size in ICON_SIZES:
        data = (ROOT / "resources" / "icons" / f"briefing-viewer-{size}.png").read_bytes()
        assert icons.png_size(data) == (size, size)
    assert (ROOT / "resources" / "icons" / "briefing-viewer.svg").is_file()


# -- the desktop entry and its installer ---------------------------------------------------


def _entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _validate(path: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator:
        r = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert r.returncode == 0 and not r.stdout.strip(), r.stdout + r.stderr


def test_desktop_file_has_the_required_keys():
    entry = _entry(DESKTOP)
    for key in ("Name", "Exec", "Icon", "Type", "Categories", "Comment", "TryExec"):
        assert entry.get(key), key
    assert entry["Type"] == "Application"
    assert entry["Categories"].endswith(";")
    assert entry["Exec"].split()[0] == "BriefingViewer"
    assert entry["Icon"] == installer.ICON_NAME
    assert entry["Terminal"] == "false"
    _validate(DESKTOP)


def _fake_exe(tmp_path: Path, folder: str = "Briefing Viewer") -> Path:
    exe = tmp_path / folder / "BriefingViewer"
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    return exe


def _run_installer(env_over: dict[str, str | None], *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for key, value in env_over.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, str(PACKAGING / "install_desktop.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_install_desktop_writes_into_xdg_data_home(tmp_path):
    exe = _fake_exe(tmp_path)
    xdg, home = tmp_path / "xdg", tmp_path / "home"
    r = _run_installer({"XDG_DATA_HOME": str(xdg), "HOME": str(home)}, "--exec", str(exe))
    assert r.returncode == 0, r.stdout + r.stderr
    desktop = xdg / "applications" / "briefing-viewer.desktop"
    entry = _entry(desktop)
    assert entry["Exec"] == f'"{exe}" %f'  # absolute, quoted: the path has a space
    assert entry["TryExec"] == str(exe)
    assert entry["Icon"] == "briefing-viewer"
    for size in ICON_SIZES:
        png = xdg / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "briefing-viewer.png"
        assert icons.png_size(png.read_bytes()) == (size, size)
    assert (xdg / "icons" / "hicolor" / "scalable" / "apps" / "briefing-viewer.svg").is_file()
    assert not home.exists()  # nothing outside XDG_DATA_HOME
    _validate(desktop)

    r = _run_installer({"XDG_DATA_HOME": str(xdg), "HOME": str(home)}, "--uninstall")
    assert r.returncode == 0, r.stderr
    assert not desktop.exists()
    assert not list((xdg / "icons").rglob("briefing-viewer.*"))


@pytest.mark.parametrize("xdg", [None, "", "relative/share"])
def test_install_desktop_defaults_to_home_local_share(tmp_path, xdg):
    exe = _fake_exe(tmp_path, "app")
    home = tmp_path / "home"
    r = _run_installer({"XDG_DATA_HOME": xdg, "HOME": str(home)}, "--exec", str(exe))
    assert r.returncode == 0, r.stdout + r.stderr
    entry = _entry(home / ".local" / "share" / "applications" / "briefing-viewer.desktop")
    assert entry["Exec"] == f"{exe} %f"


def test_install_desktop_without_a_built_executable(tmp_path):
    r = _run_installer(
        {"XDG_DATA_HOME": str(tmp_path / "xdg")}, "--exec", str(tmp_path / "nowhere" / "BV")
    )
    assert r.returncode != 0
    assert "make package" in r.stderr
    assert not (tmp_path / "xdg").exists()


@pytest.mark.parametrize(
    ("path", "quoted"),
    [
        ("/opt/bv/BriefingViewer", "/opt/bv/BriefingViewer"),
        ("/home/a b/BriefingViewer", '"/home/a b/BriefingViewer"'),
        ('/x/"q"/BV', r'"/x/\\"q\\"/BV"'),
        ("/x/$HOME/BV", r'"/x/\\$HOME/BV"'),
        ("/x/100%/BV", "/x/100%%/BV"),
        ("/x/a\\b/BV", r'"/x/a\\\\b/BV"'),
    ],
)
def test_exec_quoting(path, quoted):
    assert installer.quote_exec_arg(path) == quoted


def test_xdg_data_home_rules():
    assert installer.data_home({"XDG_DATA_HOME": "/x/share", "HOME": "/h"}) == Path("/x/share")
    assert installer.data_home({"XDG_DATA_HOME": "rel", "HOME": "/h"}) == Path("/h/.local/share")
    assert installer.data_home({"HOME": "/h"}) == Path("/h/.local/share")


# -- resources from source and frozen ------------------------------------------------------


def test_resources_found_from_source(monkeypatch):
    from briefing_app import paths
    from briefing_app.model.loader import bundled_package_path

    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.delenv("BRIEFING_APP_DATA", raising=False)
    assert paths.base_dir() == ROOT
    assert paths.resource("fonts", "LICENSE-Inter.txt").is_file()
    assert list(paths.resource("fonts").glob("*.otf"))
    assert paths.resource("themes", "style.qss").is_file()
    assert paths.resource("icons", "briefing-viewer.svg").is_file()
    assert bundled_package_path() == ROOT / "data" / policy.BUNDLED_PACKAGE


def test_resources_found_frozen(monkeypatch, tmp_path):
    """With sys._MEIPASS set (as PyInstaller does), everything comes from under it."""
    from briefing_app import paths
    from briefing_app.model.loader import bundled_package_path, load_package

    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    shutil.copytree(MINIMAL, tmp_path / "data" / policy.BUNDLED_PACKAGE)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("BRIEFING_APP_DATA", raising=False)
    assert paths.base_dir() == tmp_path
    assert paths.resource("themes", "screen.json") == tmp_path / "resources/themes/screen.json"
    assert paths.resource("fonts", "Inter-Regular.otf").is_file()
    assert bundled_package_path() == tmp_path / "data" / policy.BUNDLED_PACKAGE
    result = load_package(None)
    assert result.ok, [str(p) for p in result.errors]
    assert result.location.startswith(str(tmp_path))


def test_every_resource_the_code_names_exists():
    """The spec bundles resources/ whole; each resource("dir", "file") the code asks for
    must be in it."""
    pattern = re.compile(r'resource\(\s*"([^"]+)"(?:\s*,\s*"([^"{}]+)")?\s*\)')
    found = 0
    for py in (ROOT / "briefing_app").rglob("*.py"):
        for folder, name in pattern.findall(py.read_text(encoding="utf-8")):
            found += 1
            target = ROOT / "resources" / folder / name if name else ROOT / "resources" / folder
            assert target.exists(), f"{py.relative_to(ROOT)} asks for {target.relative_to(ROOT)}"
    assert found


def test_version_matches_pyproject():
    """The executable's --version comes from the copied distribution metadata."""
    import briefing_app

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert briefing_app.__version__ == pyproject["project"]["version"]
