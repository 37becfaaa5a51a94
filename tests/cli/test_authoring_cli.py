"""``briefing-app new`` and ``import``: exit codes, messages, nothing half-written."""

from __future__ import annotations

import json

from conftest import MINIMAL, run_python


def app(*args: str):
    return run_python("-m", "briefing_app", *args)


def test_new_then_validate_exits_0_with_the_placeholders_as_warnings(tmp_path):
    pkg = tmp_path / "weekly"
    r = app("new", str(pkg), "--title", "Weekly <b>49</b>")
    assert r.returncode == 0, r.stderr
    assert f"{pkg}: new briefing package" in r.stdout
    r = app("validate", str(pkg), "--json")
    assert r.returncode == 0, r.stdout
    out = json.loads(r.stdout)
    assert out["valid"] and out["errors"] == []
    assert out["summary"]["title"] == "Weekly <b>49</b>"
    assert out["warnings"] and all("is a placeholder" in w["message"] for w in out["warnings"])
    assert "sources.csv:2:url: source address is a placeholder" in app("validate", str(pkg)).stdout


def test_new_never_writes_over_files(tmp_path):
    pkg = tmp_path / "weekly"
    assert app("new", str(pkg)).returncode == 0
    before = {p.name: p.read_bytes() for p in pkg.iterdir()}
    r = app("new", str(pkg))
    assert r.returncode == 1
    assert "already holds a package" in r.stderr and "Traceback" not in r.stderr
    assert {p.name: p.read_bytes() for p in pkg.iterdir()} == before
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("keep")
    r = app("new", str(other))
    assert r.returncode == 1 and "give a new or empty folder" in r.stderr
    assert [p.name for p in other.iterdir()] == ["todo.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_import_reports_cells_and_exits_1_for_a_workbook_with_problems(tmp_path):
    book = tmp_path / "b.xlsx"
    assert app("export", "xlsx", str(book), "--package", str(MINIMAL)).returncode == 0
    import openpyxl

    wb = openpyxl.load_workbook(book)
    wb["observations"]["E2"] = "=1+1"
    wb.save(book)
    r = app("import", str(book), str(tmp_path / "out"))
    assert r.returncode == 1
    assert "b.xlsx: not imported, 1 problem(s); nothing was written:" in r.stdout
    assert "  b.xlsx:observations!E2: a formula; formulas are not read" in r.stdout
    assert not (tmp_path / "out").exists()
    r = app("import", str(book), str(tmp_path / "out"), "--json")
    out = json.loads(r.stdout)
    assert out["written"] is False and out["errors"][0]["field"] == "observations!E2"


def test_import_into_an_existing_package_needs_force(tmp_path):
    book = tmp_path / "b.xlsx"
    assert app("export", "xlsx", str(book), "--package", str(MINIMAL)).returncode == 0
    assert app("import", str(book), str(tmp_path / "pkg")).returncode == 0
    r = app("import", str(book), str(tmp_path / "pkg"))
    assert r.returncode == 1 and "--force replaces its files" in r.stderr
    r = app("import", str(book), str(tmp_path / "pkg"), "--force")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "valid" in r.stdout


def test_help_names_the_authoring_commands():
    r = app("--help")
    for text in ("briefing-app new DIR", "briefing-app import BOOK.xlsx DIR", "briefing-app diff"):
        assert text in r.stdout
    assert "--no-watch" in r.stdout and "--compare OLD" in r.stdout
    assert app("import").returncode == 2 and app("diff", "only-one").returncode == 2
