"""packaging/check_exports.py, which CI runs on the executable's exports: it passes real
exports and fails each kind of broken one."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import pytest
from conftest import MINIMAL, ROOT, run_python

_spec = importlib.util.spec_from_file_location(
    "check_exports", ROOT / "packaging" / "check_exports.py"
)
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo not installed")


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    for argv in (
        ["pdf", str(out / "handout.pdf")],
        ["md", str(out / "briefing.md")],
        ["csv", str(out / "data.zip")],
        ["svg", str(out / "svg"), "--size", "640x360"],
        ["png", str(out / "charts"), "--charts", "--size", "640x360"],
    ):
        r = run_python("-m", "briefing_app", "export", *argv, "--package", str(MINIMAL))
        assert r.returncode == 0, r.stderr
    return out


def _copy(exports, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(exports, out)
    return out


def test_real_exports_pass(exports):
    assert check.problems(exports, "Minimal example briefing") == []
    r = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "check_exports.py"), str(exports), "Minimal"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda o: (o / "handout.pdf").write_bytes(b"%PDF-1.6\n1 0 obj"), "PDF"),
        (lambda o: (o / "briefing.md").write_text("nothing", encoding="utf-8"), "title"),
        (lambda o: next((o / "svg").glob("*.svg")).write_text("<svg", encoding="utf-8"), "XML"),
        (lambda o: next((o / "charts").glob("*.png")).unlink(), "counts differ"),
    ],
)
def test_each_kind_of_broken_export_fails(exports, tmp_path, damage, reason):
    out = _copy(exports, tmp_path)
    damage(out)
    found = check.problems(out, "Minimal example briefing")
    assert any(reason in p for p in found), found
