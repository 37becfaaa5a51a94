"""PySide6's look at every imported module, made cheaper (`render.pyside_hook`): the same
answers as PySide's own check, without keeping every module's source in memory."""

from __future__ import annotations

import builtins
import json
import linecache
import marshal
import sys
import types
from pathlib import Path

from conftest import ROOT, run_python

from briefing_app.render import pyside_hook
from briefing_app.render.pyside_hook import lighten, uses_pyside


def _module(tmp_path: Path, name: str, text: str | None) -> types.ModuleType:
    module = types.ModuleType(name)
    if text is not None:
        path = tmp_path / f"{name}.py"
        path.write_text(text, encoding="utf-8")
        module.__file__ = str(path)
    return module


def _never(module: types.ModuleType) -> bool:
    raise AssertionError(f"PySide's own check was asked about {module.__name__}")


def _json_from(code: str, *args: str) -> dict:
    """Run *code* in a fresh process (Qt offscreen, this tree first on the path) and read
    back the JSON it prints last."""
    out = run_python("-c", code, *args, env={"PYTHONPATH": str(ROOT)})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_module_naming_pyside6_in_its_source_uses_it_and_others_do_not(tmp_path):
    assert uses_pyside(_module(tmp_path, "a", "from PySide6.QtCore import Qt\n"), _never)
    assert uses_pyside(_module(tmp_path, "b", "# Прапор: PySide6 named in a comment\n"), _never)
    assert not uses_pyside(_module(tmp_path, "c", "import json\nPYSIDE = 6\n"), _never)


def test_a_module_without_a_source_file_is_left_to_pysides_check(tmp_path):
    asked = []

    def fallback(module):
        asked.append(module.__name__)
        return True

    assert uses_pyside(_module(tmp_path, "built_in", None), fallback)
    gone = _module(tmp_path, "gone", "import PySide6\n")
    Path(gone.__file__).unlink()  # unreadable: PySide's check decides
    assert uses_pyside(gone, fallback)
    compiled = types.ModuleType("compiled")
    compiled.__file__ = str(tmp_path / "compiled.cpython-311-x86_64-linux-gnu.so")
    assert uses_pyside(compiled, fallback)
    assert asked == ["built_in", "gone", "compiled"]


def test_the_answers_are_pysides_own_for_every_module_loaded():
    """Against PySide's check itself, over every module of this process with a source
    file (numpy, pandas, pyqtgraph, PySide6's own, the app's, the tests')."""
    import briefing_app.render.charts  # noqa: F401  (pyqtgraph and the app's charts)

    feature = sys.modules["shibokensupport.feature"]
    check = getattr(feature, pyside_hook.HOOK)
    original = getattr(check, "original", check)  # PySide's, lightened here or not
    modules = [
        m
        for m in list(sys.modules.values())
        if isinstance(getattr(m, "__file__", None), str) and m.__file__.endswith(".py")
    ]
    assert len(modules) > 300
    answers = {m.__name__: uses_pyside(m, original) for m in modules}
    try:
        differ = [m.__name__ for m in modules if answers[m.__name__] != original(m)]
    finally:
        linecache.clearcache()  # PySide's check kept every source read: not for the worker
    assert differ == []
    assert sum(answers.values()) >= 5  # some do use PySide6 (pyqtgraph.Qt, the charts)


def test_lighten_before_pyside6_answers_every_import_without_keeping_sources():
    """As `ui.app.run_app` does: pandas first, then the check lightened, then PySide6 and
    pyqtgraph.  PySide's own check kept ~280 sources in linecache (~11 MB)."""
    code = (
        "import json, linecache, sys\n"
        "import pandas\n"
        "from briefing_app.render.pyside_hook import lighten\n"
        "ok = lighten()\n"
        "import PySide6.QtWidgets, pyqtgraph\n"
        "import briefing_app.render.charts\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "d = feature.pyside_feature_dict\n"
        "print(json.dumps({'ok': ok, 'lightened': feature._mod_uses_pyside.lightened,\n"
        "  'again': lighten(), 'cached': len(linecache.cache), 'seen': len(d),\n"
        "  'pg': d.get('pyqtgraph.Qt'),\n"
        "  'plot': d.get('briefing_app.render.charts.plot'), 'stdlib': d.get('html.entities')}))\n"
    )
    got = _json_from(code)
    assert got["ok"] and got["lightened"] and got["again"]
    assert got["seen"] > 200  # PySide still looked at every module imported after it
    assert got["pg"] == 0 and got["plot"] == 0  # they use PySide6
    assert got["stdlib"] == -1  # it does not
    assert got["cached"] < 10, "sources were read into linecache"


def test_lighten_is_a_no_op_where_pyside_has_no_such_check(monkeypatch):
    import shiboken6  # noqa: F401

    # a support module without the check (PySide's own keeps serving this process's imports)
    without = types.SimpleNamespace()
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", without)
    assert lighten() is False
    assert vars(without) == {}


def test_a_call_the_light_check_does_not_expect_goes_to_pysides():
    import shiboken6  # noqa: F401

    lighten()
    check = getattr(sys.modules["shibokensupport.feature"], pyside_hook.HOOK)
    assert check.lightened
    assert check(json) == check.original(json)  # a module: the same answer
    for odd in (("json",), (json, "extra")):  # not a module, or another signature
        try:
            expected = check.original(*odd)
        except Exception as exc:  # PySide's own answer, whatever it is
            expected = type(exc)
        try:
            got = check(*odd)
        except Exception as exc:
            got = type(exc)
        assert got == expected, odd


#: run in a fresh process: pyqtgraph imported the app's way ("hook", `import_qt`) or
#: plainly; what its Qt shim then holds, and how many types PySide6 has made
MIRRORS = r"""
import json, sys
import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets
if sys.argv[1] == "hook":
    from briefing_app.render.pyside_hook import import_qt, mirror_lazily
    finders = list(sys.meta_path)
    with mirror_lazily():  # a second one at once (another caller) changes nothing
        import_qt()
    restored = sys.meta_path == finders
else:
    import pyqtgraph
    restored = True
qt = (PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets)
made = {m.__name__: len(m.__dict__) for m in qt}  # PySide6 adds a type when first made
import pyqtgraph.Qt as shim
shim.QtCore.QLineF
# a name asked for once is the mirror's own from then on; one never asked for is not
cached = "QLineF" in vars(shim.QtCore) and "QXmlStreamReader" not in vars(shim.QtCore)
differ = [
    f"{m.__name__}.{name}"
    for m in qt
    for name in dir(m)
    if not name.startswith("__")
    and getattr(getattr(shim, m.__name__.rsplit(".", 1)[1]), name) is not getattr(m, name)
]
star = {}
exec("from pyqtgraph.Qt.QtCore import *", star)
starred = "QPointF" in star and "Qt" in star and "QTimer" in star
listed = all(
    {n for n in dir(m) if not n.startswith("__")}
    <= set(dir(getattr(shim, m.__name__.rsplit(".", 1)[1])))
    for m in qt
)
import numpy as np
import pyqtgraph as pg
app = PySide6.QtWidgets.QApplication([])
plot = pg.PlotWidget()
plot.resize(320, 240)
item = plot.plot(np.arange(5.0), np.array([3.0, 1.0, 4.0, 1.0, 5.0]), pen="r")
plot.show()
app.processEvents()
image = plot.grab().toImage()
red = sum(
    PySide6.QtGui.QColor(image.pixel(x, y)).red() > 200
    and PySide6.QtGui.QColor(image.pixel(x, y)).green() < 60
    for x in range(0, image.width(), 2)
    for y in range(0, image.height(), 2)
)
print(json.dumps({"made": made, "differ": differ, "listed": listed, "restored": restored,
                  "starred": starred, "cached": cached,
                  "loader": type(shim.__loader__).__name__, "red": red,
                  "opengl": shim.QtWidgets.QOpenGLWidget.__name__,
                  "version": shim.VERSION_INFO}))
"""


def test_pyqtgraphs_qt_shim_answers_every_name_without_making_every_type():
    """pyqtgraph copies all of QtCore, QtGui and QtWidgets into its shim: every type made
    at import (~100 ms).  Imported as the app does, its shim forwards instead: the same
    object for every name, the types made when first used, pyqtgraph drawing as before."""
    hook, plain = _json_from(MIRRORS, "hook"), _json_from(MIRRORS, "plain")
    for got in (hook, plain):
        assert got["differ"] == [] and got["listed"] and got["restored"]
        assert got["starred"]
        assert got["red"] > 20, "the plotted line was not drawn"
        assert got["opengl"] == "QOpenGLWidget" and got["version"].startswith("PySide6 ")
    assert hook["loader"] == plain["loader"]  # the module keeps its own loader
    assert hook["cached"] and not plain["cached"]  # the copy held every name at once
    for name, count in plain["made"].items():
        assert hook["made"][name] < 0.6 * count, (name, hook["made"], plain["made"])


def test_mirror_lazily_leaves_an_imported_pyqtgraph_alone():
    code = (
        "import json, sys\n"
        "import pyqtgraph\n"
        "from briefing_app.render.pyside_hook import mirror_lazily\n"
        "finders = list(sys.meta_path)\n"
        "with mirror_lazily():\n"
        "    inside = sys.meta_path == finders\n"
        "print(json.dumps({'inside': inside,\n"
        "  'forwarding': '__getattr__' in vars(pyqtgraph.Qt.QtWidgets)}))\n"
    )
    got = _json_from(code)
    assert got == {"inside": True, "forwarding": False}


def test_the_suite_runs_with_pyqtgraph_imported_as_the_app_imports_it():
    import pyqtgraph.Qt as shim

    assert "__getattr__" in vars(shim.QtWidgets)  # tests/conftest.py: import_qt()


# -- PySide's support code, compiled once (support_code_kept) ----------------------------
def _support(name: str = "signature/x.py") -> str:
    return pyside_hook.SUPPORT_PREFIX + name


def test_support_code_is_compiled_once_then_read_back_until_its_source_changes():
    with pyside_hook.support_code_kept() as first:
        code = compile("answer = 41 + 1\n", _support(), "exec")
    assert (first.read, first.compiled) == (0, 1)
    assert first.path is not None and first.path.is_file()
    with pyside_hook.support_code_kept() as again:
        kept = compile("answer = 41 + 1\n", _support(), "exec")
    assert (again.read, again.compiled) == (1, 0)
    assert kept is not code and kept == code  # a copy read back, the same code
    space: dict = {}
    exec(kept, space)
    assert space["answer"] == 42
    with pyside_hook.support_code_kept() as changed:  # another PySide, another source
        newer = compile("answer = 43\n", _support(), "exec")
    assert (changed.read, changed.compiled) == (0, 1)
    exec(newer, space)
    assert space["answer"] == 43
    # the file keeps what the last run used: the newer source is now read back
    with pyside_hook.support_code_kept() as last:
        compile("answer = 43\n", _support(), "exec")
    assert (last.read, last.compiled) == (1, 0)


def test_only_pysides_own_compile_calls_are_kept_and_compile_is_put_back():
    before = builtins.compile
    with pyside_hook.support_code_kept() as run:
        assert eval(compile("20 + 22", "<string>", "eval")) == 42
        exec(compile("x = 1", "elsewhere/mod.py", "exec"), {})
        exec(compile("x = 1", _support(), "exec", dont_inherit=True), {})  # not PySide's call
    assert (run.read, run.compiled) == (0, 0)
    assert builtins.compile is before
    try:
        with pyside_hook.support_code_kept():
            raise KeyError("in the import")
    except KeyError:
        pass
    assert builtins.compile is before


def test_a_damaged_cache_file_is_compiled_again_and_written_anew():
    path = pyside_hook.support_code_file()
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    for damage in (
        b"",
        b"\x00not marshal at all",
        marshal.dumps(["a", "list"]),
        marshal.dumps({_support(): "not code"}),
    ):
        path.write_bytes(damage)
        with pyside_hook.support_code_kept() as run:
            compile("y = 2\n", _support(), "exec")
        assert (run.read, run.compiled) == (0, 1), damage
    with pyside_hook.support_code_kept() as run:
        compile("y = 2\n", _support(), "exec")
    assert (run.read, run.compiled) == (1, 0)


def test_code_is_not_read_from_a_folder_others_can_write_to(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(folder))
    with pyside_hook.support_code_kept():
        compile("z = 3\n", _support(), "exec")
    folder.chmod(0o777)
    with pyside_hook.support_code_kept() as run:
        compile("z = 3\n", _support(), "exec")
    assert (run.read, run.compiled) == (0, 1)


def test_support_code_is_kept_with_the_package_cache_off(monkeypatch):
    """``BRIEFING_NO_CACHE`` is about packages (a package's first opening, validated
    again): PySide's code is kept regardless, as Python keeps bytecode."""
    monkeypatch.setenv("BRIEFING_NO_CACHE", "1")
    with pyside_hook.support_code_kept() as first:
        compile("w = 4\n", _support(), "exec")
    with pyside_hook.support_code_kept() as again:
        compile("w = 4\n", _support(), "exec")
    assert first.path is not None and (first.read, first.compiled) == (0, 1)
    assert (again.read, again.compiled) == (1, 0)


def test_a_cache_folder_that_cannot_be_made_only_means_compiling(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocker / "cache"))
    for _ in range(2):
        with pyside_hook.support_code_kept() as run:
            space: dict = {}
            exec(compile("v = 5\n", _support(), "exec"), space)
        assert (run.read, run.compiled) == (0, 1) and space["v"] == 5


def test_a_second_start_reads_pysides_support_modules_back_and_they_work(tmp_path):
    """The real import of shiboken6, twice, in fresh processes sharing a cache folder:
    every support module PySide compiled on the first start is read back on the second,
    and what those modules make (signatures in PySide's errors) still works."""
    code = (
        "import json\n"
        "from briefing_app.render import pyside_hook\n"
        "pyside_hook.lighten()\n"
        "from PySide6.QtCore import QPoint\n"
        "try:\n"
        "    QPoint('a', 'b')\n"
        "except TypeError as exc:\n"
        "    told = str(exc)\n"
        "run = pyside_hook.SUPPORT_CODE\n"
        "print(json.dumps({'read': run.read, 'compiled': run.compiled,\n"
        "  'in_place': pyside_hook.in_place()[2], 'told': told}))\n"
    )
    env = {"PYTHONPATH": str(ROOT), "BRIEFING_CACHE_DIR": str(tmp_path / "cache")}
    first = run_python("-c", code, env=env)
    assert first.returncode == 0, first.stderr
    first_got = json.loads(first.stdout.strip().splitlines()[-1])
    second = run_python("-c", code, env=env)
    assert second.returncode == 0, second.stderr
    second_got = json.loads(second.stdout.strip().splitlines()[-1])
    assert first_got["read"] == 0 and first_got["compiled"] >= 10
    assert second_got["read"] == first_got["compiled"] and second_got["compiled"] == 0
    assert first_got["in_place"] and second_got["in_place"]
    # PySide's error for a wrong call lists the signatures: its support modules made it
    assert first_got["told"] == second_got["told"]
    assert "Supported signatures" in second_got["told"] and "xpos: int" in second_got["told"]
