"""Shared test fixtures: the reference packages, and a helper to derive others from them."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from briefing_app.render.pyside_hook import import_qt

# Qt and pyqtgraph imported as the app imports them (a lighter PySide check, pyqtgraph's
# Qt shim forwarding to PySide6, PySide's support code kept compiled): the suite tests
# what ships.  Its cache is the run's own, not the user's (each test then gets its own:
# _own_package_cache); a worker's fresh processes read it back.
if "BRIEFING_CACHE_DIR" not in os.environ:
    import atexit
    import tempfile

    os.environ["BRIEFING_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefing-test-cache-")
    atexit.register(shutil.rmtree, os.environ["BRIEFING_CACHE_DIR"], ignore_errors=True)
import_qt()

#: the tests folder and the repository
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
#: the reference valid package (read-only)
MINIMAL = FIXTURES / "minimal"
#: a valid package using every resource, tab and chart kind, with a series table
FULL = FIXTURES / "full"
#: the public reference data beside the repository (absent on some machines)
SHARED_DATA = ROOT.parent / "shared" / "data"


def run_python(
    *argv: str, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """``python ARGV`` in a fresh process, as a user starts it: Qt offscreen, no standard
    input, output captured as text; *env* is added to this process's environment."""
    return subprocess.run(
        [sys.executable, *argv],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        stdin=subprocess.DEVNULL,
    )


#: what a change may be: new text or bytes, None to delete the file, or a function of
#: the old text returning the new text or bytes
Change = str | bytes | None | Callable[[str], str | bytes]


def derive_package(
    dest: Path, changes: Mapping[str, Change] | None = None, base: Path = MINIMAL
) -> Path:
    """Copy *base* to *dest* (which must not exist) and apply *changes* per file name."""
    shutil.copytree(base, dest)
    for name, change in (changes or {}).items():
        path = dest / name
        if callable(change):
            change = change(path.read_text(encoding="utf-8"))
        if change is None:
            path.unlink()
        elif isinstance(change, bytes):
            path.write_bytes(change)
        else:
            path.write_text(change, encoding="utf-8", newline="")
    return dest


def edit_json(edit: Callable[[dict[str, Any]], Any]) -> Callable[[str], str]:
    """A change that parses a JSON file, lets *edit* mutate it, and writes it back."""

    def change(text: str) -> str:
        doc = json.loads(text)
        edit(doc)
        return json.dumps(doc, indent=2, ensure_ascii=False)

    return change


def load_briefing(path: Path | str | None):
    """The briefing of the valid package *path* (None: the bundled one); a test of the
    bundled briefing is skipped while it does not validate."""
    from briefing_app.model.loader import load_package

    result = load_package(path)
    if path is None and not result.ok:
        pytest.skip("the bundled briefing does not validate at the moment")
    assert result.ok, [str(p) for p in result.errors]
    return result.briefing


@pytest.fixture(params=["minimal", "full", "bundled"])
def reference_briefing(request):
    """The briefing of each reference package: minimal, full and the bundled one."""
    return load_briefing({"minimal": MINIMAL, "full": FULL, "bundled": None}[request.param])


@pytest.fixture
def minimal_path() -> Path:
    """The reference valid package; do not write to it."""
    return MINIMAL


@pytest.fixture
def make_package(tmp_path: Path) -> Callable[..., Path]:
    """``make_package({"observations.csv": text})``: a changed copy of the minimal package
    (or of ``base=``) in tmp_path."""
    counter = itertools.count(1)

    def make(changes: Mapping[str, Change] | None = None, *, base: Path = MINIMAL) -> Path:
        return derive_package(tmp_path / f"package-{next(counter)}", changes, base)

    return make


@pytest.fixture
def fresh_budget(monkeypatch):
    """The kept pictures' account (`briefing_app.render.kept`), empty: the pictures of
    other tests' widgets, not yet collected, left out of it."""
    from collections import OrderedDict

    import briefing_app.render.kept as kept

    monkeypatch.setattr(kept, "_KEPT", OrderedDict())
    monkeypatch.setattr(kept, "_TAKEN", [0])
    return kept


def paint_counter():
    """An event filter that counts the Paint events of the widgets it is installed on."""
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        count = 0

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    return PaintCounter()


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's application, collecting garbage from its event loop as the app does.

    With automatic collection a test could hang for good: a collection started inside
    a Qt call holding a lock that a freed widget's destructor then waits for (see
    briefing_app.ui.collector).
    """
    import gc

    from briefing_app.ui.collector import start_collector

    was_enabled = gc.isenabled()
    collector = start_collector(qapp)
    yield qapp
    collector.stop()
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    """Every test starts in English, whatever the machine's locale (the commands it runs
    too: LANGUAGE comes first in `i18n.system_language`), and leaves English behind."""
    from briefing_app.model import i18n

    monkeypatch.setenv("LANGUAGE", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _own_settings(monkeypatch, tmp_path_factory):
    """Each test its own settings folder, in this process (QSettings) and in the commands
    it runs (XDG_CONFIG_HOME): no test reads what the user or another test remembered (a
    language, a last tab), and none writes the user's settings. A test may set its own."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture(autouse=True)
def _own_package_cache(monkeypatch, tmp_path_factory):
    """Each test its own cache of validated packages (briefing_app.model.cache), so none
    reads what another cached, and nothing is written to the user's cache folder."""
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path_factory.mktemp("package-cache")))
    monkeypatch.delenv("BRIEFING_NO_CACHE", raising=False)


def export(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``briefing-app export ARGS`` in a fresh process, offscreen."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "briefing_app", "export", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=180,
    )


def leftovers(folder: Path) -> list[str]:
    """The temporary files an export left behind in *folder* (there should be none)."""
    return [p.name for p in folder.rglob("*") if p.name.endswith(".part")]
