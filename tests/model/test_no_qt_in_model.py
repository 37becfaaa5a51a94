"""The data layer, and ``briefing-app validate``, import no Qt.

Checked two ways: in a fresh interpreter (what is actually imported), and with the
import-linter contract declared in pyproject.toml (what any module could import).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
PROBE = """
import json, sys
import briefing_app.model
import briefing_app.model.loader, briefing_app.model.spec, briefing_app.model.storage
import briefing_app.model.tables, briefing_app.model.types, briefing_app.model.formula
from briefing_app.cli.main import main
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["validate", sys.argv[1]])
    code_json = main(["validate", "--json", sys.argv[1]])
qt = {"PySide6", "pyqtgraph", "shiboken6"}
loaded = sorted(m for m in sys.modules if m.split(".")[0] in qt)
print(json.dumps({"code": code, "code_json": code_json, "qt": loaded}))
"""


def test_loading_and_validating_imports_no_qt():
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(MINIMAL)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"code": 0, "code_json": 0, "qt": []}


def test_validate_runs_without_a_display():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run(
        [sys.executable, "-m", "briefing_app", "validate", str(MINIMAL)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**env, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{MINIMAL}: valid briefing package" in proc.stdout


def _toml_value(v: object) -> str:
    return json.dumps(v)  # strings, lists of strings and booleans read the same in TOML


def test_the_import_linter_contract_holds(tmp_path):
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(lint).exists():
        pytest.skip("import-linter is not installed")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    il = config["tool"]["importlinter"]
    contracts = il["contracts"]
    assert any(
        "briefing_app.model" in c.get("source_modules", [])
        and "PySide6" in c.get("forbidden_modules", [])
        for c in contracts
    ), "pyproject.toml lost the contract that keeps Qt out of the data layer"
    # Forbidding external packages (PySide6) needs include_external_packages; written
    # here so that the contract is checked even if the project's config lacks it.
    lines = ["[tool.importlinter]"]
    for key, value in il.items():
        if key != "contracts":
            lines.append(f"{key} = {_toml_value(value)}")
    if "include_external_packages" not in il:
        lines.append("include_external_packages = true")
    for c in contracts:
        lines.append("\n[[tool.importlinter.contracts]]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in c.items()]
    cfg = tmp_path / "importlinter.toml"
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run(
        [lint, "--config", str(cfg), "--no-cache"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout, proc.stdout
