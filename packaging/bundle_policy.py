"""What goes into the packaged executable and what stays out (no PyInstaller import here).

Shared by ``briefing-app.spec`` (which filters PyInstaller's collected files through
`keep`) and ``build.py`` (which audits the built folder with `audit`), and unit-tested
in ``tests/test_packaging.py``. Loaded by file path, never as ``packaging.…``: the
``packaging`` name belongs to the PyPI distribution of that name.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

APP_NAME = "BriefingViewer"
BUNDLED_PACKAGE = "ukraine-2024-12"

#: Python modules never to collect. The app does not import them at run time, but
#: PyInstaller's import scan finds them behind optional or function-level imports
#: (pandas' test helpers import pytest, pyqtgraph optionally imports matplotlib …).
EXCLUDES: tuple[str, ...] = (
    # validation and test tools: used by the test suite only
    "frictionless",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pluggy",
    "iniconfig",
    # Qt parts the app does not use (pyqtgraph imports none of them at run time)
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtHelp",
    "PySide6.QtSql",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    # geometry libraries: maps are drawn with Qt and measured with numpy (model/geo.py)
    "shapely",
    "pyproj",
    "geopandas",
    "fiona",
    "pyogrio",
    # other Qt bindings pyqtgraph could use
    "PyQt5",
    "PyQt6",
    "PySide2",
    # optional extras of numpy / pandas / pyqtgraph that are not installed or not used
    "tkinter",
    "_tkinter",
    "matplotlib",
    "IPython",
    "scipy",
    "h5py",
    "numba",
    "cupy",
    "OpenGL",
    "jinja2",
    "pyarrow",
    "sqlalchemy",
    "lxml",
    "bs4",
    "html5lib",
    "xlrd",
    "tables",
    # reached only through lazy imports in functions the app never calls
    "numpy.f2py",  # -> charset_normalizer
    "numpy.testing",  # -> unittest, doctest, pdb
    "numpy.distutils",
    "numpy.conftest",
    "pandas.conftest",
    "yaml",  # numpy.show_config()
    "markupsafe",  # pandas Styler (jinja2)
    "charset_normalizer",
    "chardet",
    "requests",
    "urllib3",
    "sqlite3",  # pandas.read_sql
    "_sqlite3",
    "ssl",  # urllib over https (pandas.read_csv of a URL)
    "_ssl",
    "readline",
    "unittest",
    "doctest",
    "pdb",
    "setuptools",
    "pkg_resources",
    "distutils",
    "pip",
    "PyInstaller",
)

#: Modules the app needs at run time that a careless trim would remove; each
#: breaks the built app only when it runs. `audit` checks they are present.
MUST_KEEP_MODULES: tuple[str, ...] = (
    "pydoc",  # pyqtgraph.parametertree imports it
    "PySide6.QtOpenGL",  # pyqtgraph's Qt shim imports QtOpenGL(Widgets)
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSvg",  # SVG icon and SVG export
    "PySide6.QtTest",  # pyqtgraph.Qt imports QtTest at import time
    "openpyxl",  # export xlsx and import: imported when they run, not at start
    "et_xmlfile",  # openpyxl writes workbooks with it
)

#: Qt platform plugins kept, per platform (everything else in plugins/platforms goes).
PLATFORM_PLUGINS: dict[str, tuple[str, ...]] = {
    "linux": ("libqxcb.so", "libqoffscreen.so", "libqminimal.so"),
    "win32": ("qwindows.dll", "qoffscreen.dll", "qminimal.dll"),
    "darwin": ("libqcocoa.dylib", "libqoffscreen.dylib", "libqminimal.dylib"),
}

#: Qt plugin folders dropped whole: Wayland and EGLFS integrations, network plugins
#: (QtNetwork is excluded), QML tooling, Designer, SQL drivers, evdev/tslib input for
#: framebuffer platforms, the virtual keyboard.
DROP_PLUGIN_DIRS: tuple[str, ...] = (
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-graphics-integration-server",
    "wayland-shell-integration",
    "egldeviceintegrations",
    "networkinformation",
    "tls",
    "qmltooling",
    "designer",
    "sqldrivers",
    "generic",
    "vectorimageformats",
    "qmllint",
)

#: Image format plugins kept: SVG (icon) only; PNG is built into QtGui.
IMAGE_FORMATS = ("qsvg",)

#: Platform-input-context plugins dropped (the virtual keyboard needs QtQuick).
DROP_INPUT_CONTEXTS = ("qtvirtualkeyboardplugin",)

_QT_DIR = re.compile(r"(?:^|/)PySide6/Qt/")
#: Qt shared libraries that only the dropped plugins use.
_DROP_QT_LIBS = re.compile(
    r"(?:^|/)(?:lib)?Qt6(?:Wayland\w*|WlShellIntegration|EglFS\w*|EglFsKmsSupport|EglFsKmsGbmSupport"
    r"|Network|Qml\w*|Quick\w*|Designer\w*|Help|Sql|VirtualKeyboard\w*|Lottie\w*|Labs\w*|Pdf\w*)"
    r"(?:\.so[.\d]*|\.dll|\.dylib|\.framework.*)$"
)
#: System libraries only the dropped plugins link (GTK theme, Wayland, CUPS printing).
_DROP_SYSTEM_LIBS = re.compile(
    r"(?:^|/)lib(?:gtk-3|gdk-3|gdk_pixbuf-2\.0|atk-1\.0|atk-bridge-2\.0|atspi|wayland-\w+|cups)"
    r"\.so[.\d]*$"
)
#: Test suites shipped inside third-party packages (numpy/tests, pandas/tests …).
_TEST_DIR = re.compile(r"(?:^|/)(?:tests?|testing/_private)/")
_PY_TESTS = re.compile(r"^(?:numpy|pandas|pyqtgraph|dateutil)\.(?:.*\.)?tests?(?:\.|$)")


def platform_key(platform: str | None = None) -> str:
    p = platform or sys.platform
    if p.startswith("linux"):
        return "linux"
    if p in ("win32", "cygwin"):
        return "win32"
    if p == "darwin":
        return "darwin"
    return p


#: Qt's translations the app loads (`briefing_app.ui.language`): its own words in the
#: languages the interface speaks besides English
QT_TRANSLATIONS = ("qtbase_uk.qm",)


def keep(dest: str, platform: str | None = None) -> bool:
    """True if a collected file (its destination path in the bundle) belongs in the app."""
    p = dest.replace("\\", "/")
    name = p.rsplit("/", 1)[-1]
    if p.startswith("resources/translations/"):
        # the app's own, compiled (briefing_app.model.i18n).  Not the .po: the bundle's
        # copies get new times in copying order, so a .po copied after its .mo looked
        # newer and was parsed at every start instead (~75 ms in Ukrainian, issue #18)
        return p.endswith(".mo")
    if "/Qt/translations/" in f"/{p}" or p.endswith(".qm"):
        # Qt's own words (dialog buttons, the file dialog) in the languages the app speaks
        return name in QT_TRANSLATIONS
    if _DROP_QT_LIBS.search(p) or _DROP_SYSTEM_LIBS.search(p):
        return False
    if _TEST_DIR.search(p) and not p.startswith(("resources/", "data/")):
        return False
    m = re.search(r"(?:^|/)plugins/([^/]+)/", p)
    if m or _QT_DIR.search(p):
        folder = m.group(1) if m else ""
        if folder in DROP_PLUGIN_DIRS:
            return False
        if folder == "platforms":
            return name in PLATFORM_PLUGINS.get(platform_key(platform), ())
        if folder == "imageformats":
            return any(f in name for f in IMAGE_FORMATS)
        if folder == "platforminputcontexts":
            return not any(f in name for f in DROP_INPUT_CONTEXTS)
        if folder == "platformthemes":
            # GTK3 theme drags in the build machine's GTK; the XDG portal theme (file
            # dialogs through the desktop portal, D-Bus only) is kept.
            return "gtk" not in name
        if folder == "printsupport":
            return False  # CUPS printing; the app prints through PDF export
    return True


def keep_module(name: str) -> bool:
    """True if a Python module (dotted name) belongs in the app."""
    if _PY_TESTS.match(name):
        return False
    return not any(name == e or name.startswith(e + ".") for e in EXCLUDES)


def filter_toc(toc: Iterable[tuple], platform: str | None = None) -> list[tuple]:
    """PyInstaller TOC entries (dest, src, typecode) that `keep` accepts."""
    return [entry for entry in toc if keep(entry[0], platform)]


def filter_hook_entries(entries: Iterable[tuple], platform: str | None = None) -> list[tuple]:
    """Hook-style (source file, destination folder) pairs that `keep` accepts."""
    return [
        (src, dest_dir)
        for src, dest_dir in entries
        if keep(f"{str(dest_dir).rstrip('/')}/{Path(src).name}", platform)
    ]


def filter_pure(toc: Iterable[tuple]) -> list[tuple]:
    """Pure-Python module entries (name, src, 'PYMODULE') that `keep_module` accepts."""
    return [entry for entry in toc if keep_module(entry[0])]


def audit(app_dir: Path, platform: str | None = None) -> list[str]:
    """Problems with a built app folder: forbidden content present or needed content missing."""
    problems: list[str] = []
    internal = app_dir / "_internal" if (app_dir / "_internal").is_dir() else app_dir
    files = [p.relative_to(internal).as_posix() for p in internal.rglob("*") if p.is_file()]
    for rel in files:
        if not keep(rel, platform):
            problems.append(f"should not be bundled: {rel}")
        low = rel.lower()
        for bad in ("frictionless", "_pytest/", "hypothesis/", "qtnetwork"):
            if bad in low:
                problems.append(f"should not be bundled: {rel}")
    needed = {
        "bundled briefing": f"data/{BUNDLED_PACKAGE}/datapackage.json",
        "font licence": "resources/fonts/LICENSE-Inter.txt",
        "font": "resources/fonts/Inter-Regular.otf",
        "app icon": "resources/icons/briefing-viewer.svg",
        "theme": "resources/themes/screen.json",
        "stylesheet": "resources/themes/style.qss",
        "Ukrainian translation (make translations)": "resources/translations/uk.mo",
    }
    for what, rel in needed.items():
        if not (internal / rel).is_file():
            problems.append(f"missing {what}: {rel}")
    plugins = PLATFORM_PLUGINS.get(platform_key(platform), ())
    for plugin in plugins:
        if not any(f.endswith(f"plugins/platforms/{plugin}") for f in files):
            problems.append(f"missing Qt platform plugin {plugin}")
    for mod in ("QtOpenGL", "QtOpenGLWidgets", "QtSvg", "QtTest"):
        if not any(re.search(rf"PySide6/{mod}\.(?:abi3\.so|pyd|so)$", f) for f in files):
            problems.append(f"missing PySide6.{mod} (pyqtgraph needs it at run time)")
    if platform_key(platform) == "linux" and not any(
        f.startswith("numpy.libs/") or "/numpy.libs/" in f for f in files
    ):
        problems.append("missing numpy.libs (numpy's bundled BLAS)")
    return sorted(set(problems))
