"""Opening a package on another core while Qt imports (briefing_app.model.preload)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, run_python

from briefing_app.model.loader import load_package
from briefing_app.model.preload import Preload, can_fork

# run in a fresh interpreter: a child is forked only while the process has one thread and
# no Qt application, and this test session has both
SCRIPT = """
import json, sys
import briefing_app.model.preload as preload
if sys.argv[2] == "broken-child":
    def broken(*a, **k):
        raise RuntimeError("cannot pickle")
    preload.pickle.dump = broken  # the child's result never arrives
if sys.argv[2] == "cut-child":
    real = preload.pickle.dump
    def cut(obj, fh, *a, **k):
        fh.write(preload.pickle.dumps(obj, *a, **k)[:100])  # part of it, then it dies
        raise RuntimeError("died")
    preload.pickle.dump = cut
runs = []
for _ in range(2):
    p = preload.Preload(sys.argv[1])
    r = p()
    runs.append({"forked": p.forked, "ok": r.ok, "location": r.location,
                 "problems": [str(x) for x in r.problems],
                 "checksum": r.briefing.checksum if r.briefing else None})
print(json.dumps({"can_fork": preload.can_fork(), "runs": runs}))
"""


def _preload_in_fresh_process(path: Path, tmp_path: Path, mode: str = "") -> dict:
    r = run_python("-c", SCRIPT, str(path), mode, env=_cache_env(tmp_path))
    assert r.returncode == 0, r.stderr
    assert r.stderr == "", "the child writes to no stream"
    return json.loads(r.stdout)


def _cache_env(tmp_path: Path) -> dict[str, str]:
    return {"BRIEFING_CACHE_DIR": str(tmp_path / "cache")}


def _as_loaded(path: Path) -> dict:
    r = load_package(path)
    return {
        "ok": r.ok,
        "location": r.location,
        "problems": [str(x) for x in r.problems],
        "checksum": r.briefing.checksum if r.briefing else None,
    }


def _aged_copy(tmp_path: Path) -> Path:
    """The minimal package, its files dated an hour back (the cache skips fresh edits)."""
    import shutil
    import time

    pkg = Path(shutil.copytree(MINIMAL, tmp_path / "pkg"))
    when = time.time_ns() - 3600 * 10**9
    for p in [pkg, *pkg.rglob("*")]:
        os.utime(p, ns=(when, when))
    return pkg


def test_a_first_opening_is_loaded_by_a_child_and_a_second_read_from_the_cache(tmp_path):
    pkg = _aged_copy(tmp_path)
    out = _preload_in_fresh_process(pkg, tmp_path)
    if not out["can_fork"]:  # one core, or not Linux: loaded here, as without a preload
        assert [run["forked"] for run in out["runs"]] == [False, False]
        return
    first, second = out["runs"]
    assert first["forked"] and not second["forked"], "the second opening is a cache hit"
    expected = _as_loaded(pkg)
    for run in (first, second):
        assert {k: run[k] for k in expected} == expected


def test_an_invalid_package_gives_the_same_problems_through_the_child(tmp_path):
    pkg = _aged_copy(tmp_path)
    (pkg / "sources.csv").write_text("id,name\n", encoding="utf-8")
    out = _preload_in_fresh_process(pkg, tmp_path)
    expected = _as_loaded(pkg)
    assert not expected["ok"]
    for run in out["runs"]:
        assert {k: run[k] for k in expected} == expected
        assert run["forked"] == out["can_fork"], "an invalid package is never cached"


def test_a_child_whose_result_never_arrives_means_loading_here(tmp_path):
    pkg = _aged_copy(tmp_path)
    out = _preload_in_fresh_process(pkg, tmp_path, "broken-child")
    expected = _as_loaded(pkg)
    first = out["runs"][0]
    assert first["forked"] == out["can_fork"]
    assert {k: first[k] for k in expected} == expected


def test_a_child_that_dies_part_way_through_its_result_means_loading_here(tmp_path):
    pkg = _aged_copy(tmp_path)
    out = _preload_in_fresh_process(pkg, tmp_path, "cut-child")
    expected = _as_loaded(pkg)
    first = out["runs"][0]
    assert first["forked"] == out["can_fork"]
    assert {k: first[k] for k in expected} == expected


def test_a_large_package_is_loaded_here_not_handed_over_by_a_child(tmp_path, monkeypatch):
    from briefing_app.model import preload

    assert preload.package_bytes(MINIMAL, 10**9) == sum(
        f.stat().st_size for f in MINIMAL.rglob("*") if f.is_file()
    )
    assert preload.package_bytes(None, 10) == 0
    assert preload.package_bytes(MINIMAL, 10) > 10  # counted a little past the most
    monkeypatch.setattr(preload, "can_fork", lambda: True)
    forks = []
    monkeypatch.setattr(preload.Preload, "_fork", lambda self: forks.append(self.path))
    monkeypatch.setattr(preload, "PRELOAD_MAX_BYTES", 10)
    monkeypatch.setenv("BRIEFING_NO_CACHE", "1")
    preload.Preload(str(MINIMAL))
    assert forks == []
    monkeypatch.setattr(preload, "PRELOAD_MAX_BYTES", 10**9)
    preload.Preload(str(MINIMAL))
    assert forks == [str(MINIMAL)]


FORK_STATES = """
import json, os, sys, threading
from briefing_app.model.preload import can_fork, native_threads  # numpy, with OpenBLAS
states = {"numpy imported": (can_fork(), native_threads())}
import PySide6.QtCore  # as the packaged app's start-up hook does before any of ours
states["qtcore imported"] = (can_fork(), native_threads())
stop = threading.Event()
t = threading.Thread(target=stop.wait)
t.start()
states["a thread"] = (can_fork(), native_threads())
stop.set(); t.join()
app = PySide6.QtCore.QCoreApplication([])
states["an application"] = (can_fork(), native_threads())
print(json.dumps(states))
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="a child is forked on Linux with two cores or more",
)
def test_a_child_is_forked_only_while_the_process_has_one_thread_and_no_qt_application():
    r = run_python("-c", FORK_STATES, env={"OPENBLAS_NUM_THREADS": "1"})
    assert r.returncode == 0, r.stderr
    states = json.loads(r.stdout.strip().splitlines()[-1])
    assert states["numpy imported"] == [True, 1]
    assert states["qtcore imported"] == [True, 1]  # importing Qt starts no thread
    assert states["a thread"] == [False, 2]
    assert states["an application"][0] is False


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="OpenBLAS starts a thread per core",
)
def test_openblas_threads_are_threads_a_fork_must_not_split():
    """They are not in `threading`: numpy imported with OpenBLAS's default of a thread per
    core, no child is forked."""
    env = {"OPENBLAS_NUM_THREADS": str(len(os.sched_getaffinity(0)))}
    r = run_python("-c", FORK_STATES, env=env)
    assert r.returncode == 0, r.stderr
    states = json.loads(r.stdout.strip().splitlines()[-1])
    assert states["numpy imported"][0] is False and states["numpy imported"][1] > 1


def test_no_child_once_qt_runs(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "cache"))
    assert not can_fork()
    p = Preload(str(MINIMAL))
    assert not p.forked and p().ok


EXPORT_SCRIPT = """
import json, sys
import briefing_app.model.preload as preload
forks = []
fork = preload.Preload._fork
def counted(self):
    forks.append(self.path)
    fork(self)
preload.Preload._fork = counted
from briefing_app.cli.main import main
can_fork = preload.can_fork()  # before the export imports Qt
rc = main(["export", *sys.argv[1:]])
print(json.dumps({"rc": rc, "forks": len(forks), "can_fork": can_fork}))
"""


def _export_in_fresh_process(tmp_path: Path, *args: str) -> dict:
    r = run_python("-c", EXPORT_SCRIPT, *args, env=_cache_env(tmp_path), timeout=180)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_an_export_opens_a_new_package_as_the_window_does(tmp_path):
    pkg = _aged_copy(tmp_path)
    first = _export_in_fresh_process(tmp_path, "png", str(tmp_path / "a"), "--package", str(pkg))
    assert first["rc"] == 0 and sorted(p.name for p in (tmp_path / "a").iterdir())
    # validated on another core while Qt imported (where a child can be forked at all)
    assert first["forks"] == (1 if first["can_fork"] else 0)
    again = _export_in_fresh_process(tmp_path, "png", str(tmp_path / "b"), "--package", str(pkg))
    assert again["rc"] == 0 and again["forks"] == 0, "the second export reads the cache"
    csv = _export_in_fresh_process(
        tmp_path, "csv", str(tmp_path / "c"), "--package", str(_aged_copy(tmp_path / "x"))
    )
    assert csv["rc"] == 0 and csv["forks"] == 0, "a CSV export imports no Qt to wait for"
