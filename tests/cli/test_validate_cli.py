"""``briefing-app validate [PACKAGE] [--json]``: 0 valid, 1 invalid, 2 usage error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from briefing_app.cli.main import EXIT_INVALID, EXIT_OK, EXIT_USAGE, main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_valid_package_prints_a_summary_and_its_findings(capsys, minimal_path):
    code, out, _ = run(capsys, str(minimal_path))
    assert code == EXIT_OK == 0
    assert out.splitlines() == [
        f"{minimal_path}: valid briefing package",
        "  Minimal example briefing — as of 2024-12-01, version 1.0.0",
        "  3 tabs, 2 sources, 4 observations, 1 check, 1 quote, 1 event; checksum "
        + out.split("checksum ")[1].split()[0],
        # a check that does not hold is a finding of the briefing, not a package warning
        "1 finding(s) of the briefing, checks whose figures disagree:",
        "  checks.csv:2: check 'c1' does not hold: reported 230, computed 100 + 120 = 220 "
        "(difference −10)",
    ]


def test_an_invalid_package_prints_every_error(capsys, make_package):
    pkg = make_package(
        {
            "observations.csv": lambda t: t.replace(",100,", ",lots,"),
            "quotes.csv": lambda t: t.replace("as-quoted", "quoted"),
        }
    )
    code, out, _ = run(capsys, str(pkg))
    assert code == EXIT_INVALID == 1
    assert out.splitlines() == [
        f"{pkg}: invalid briefing package, 2 error(s):",
        "  observations.csv:2:value: 'lots' is not a number",
        "  quotes.csv:2:status: 'quoted' is not one of: verified, as-quoted, not-found",
    ]


def test_findings_of_an_invalid_package_are_marked(capsys, make_package):
    pkg = make_package({"quotes.csv": lambda t: t.replace("as-quoted", "quoted")})
    code, out, _ = run(capsys, str(pkg))
    assert code == EXIT_INVALID
    assert out.splitlines()[-1] == (
        "  finding: checks.csv:2: check 'c1' does not hold: reported 230, "
        "computed 100 + 120 = 220 (difference −10)"
    )


def test_json_output(capsys, minimal_path, make_package):
    code, out, _ = run(capsys, "--json", str(minimal_path))
    assert code == EXIT_OK
    doc = json.loads(out)
    assert doc["package"] == str(minimal_path)
    assert doc["valid"] is True
    assert doc["errors"] == []
    assert doc["summary"]["observations"] == 4
    assert doc["warnings"] == []
    (w,) = doc["findings"]
    assert w == {
        "file": "checks.csv",
        "message": "check 'c1' does not hold: reported 230, computed 100 + 120 = 220 "
        "(difference −10)",
        "message_en": "check 'c1' does not hold: reported 230, computed 100 + 120 = 220 "
        "(difference −10)",
        "row": 2,
        "field": None,
        "severity": "finding",
        "text": "checks.csv:2: check 'c1' does not hold: reported 230, computed 100 + 120 = 220 "
        "(difference −10)",
    }

    bad = make_package({"events.csv": lambda t: t.replace("2024-10-15", "someday")})
    code, out, _ = run(capsys, str(bad), "--json")
    assert code == EXIT_INVALID
    doc = json.loads(out)
    assert doc["valid"] is False and "summary" not in doc
    assert [e["text"] for e in doc["errors"]] == [
        "events.csv:2:date: 'someday' is not a date (YYYY-MM-DD)"
    ]
    assert doc["errors"][0]["row"] == 2 and doc["errors"][0]["field"] == "date"


def test_a_missing_package_is_invalid_not_a_usage_error(capsys, tmp_path):
    code, out, _ = run(capsys, str(tmp_path / "nowhere"))
    assert code == EXIT_INVALID
    assert f"  {tmp_path / 'nowhere'}: no such file or folder" in out.splitlines()


@pytest.mark.parametrize("args", [["--bogus"], ["a", "b"], ["--json=yes"]])
def test_usage_errors_exit_2(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(["validate", *args])
    assert info.value.code == EXIT_USAGE == 2
    assert "usage: briefing-app validate" in capsys.readouterr().err


def test_help_exits_0(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", "--help"])
    assert info.value.code == 0
    assert "report every problem with file, row and field" in capsys.readouterr().out


def test_a_zip_and_a_descriptor_path_validate(capsys, minimal_path, tmp_path):
    z = tmp_path / "package.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in minimal_path.iterdir():
            zf.write(f, f"minimal/{f.name}")
    assert run(capsys, str(z))[0] == EXIT_OK
    assert run(capsys, str(minimal_path / "datapackage.json"))[0] == EXIT_OK


@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_a_console_that_cannot_show_every_character_gets_no_traceback(encoding, minimal_path):
    # exited 1 with UnicodeEncodeError on '—' and '−' before
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for extra in ([], ["--json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "briefing_app", "validate", *extra, str(minimal_path)],
            capture_output=True,
            timeout=120,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")
        assert b"Traceback" not in proc.stderr
        text = proc.stdout.decode(encoding)
        if extra:
            assert json.loads(text)["findings"][0]["message"].endswith("(difference −10)")
        else:
            assert "Minimal example briefing - as of 2024-12-01" in text
            assert "(difference -10)" in text


def test_main_leaves_the_garbage_collector_as_it_found_it(capsys, minimal_path):
    import gc

    was_enabled = gc.isenabled()  # off when the test session's app collects (conftest)
    try:
        gc.enable()
        assert main(["validate", str(minimal_path)]) == EXIT_OK
        assert gc.isenabled(), "start-up turns the collector off; the command turns it back on"
        gc.disable()
        assert main(["validate", str(minimal_path)]) == EXIT_OK
        assert not gc.isenabled(), "a caller that had it off keeps it off"
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_commands_ask_numpy_for_one_blas_thread():
    """Run as a user would, in a fresh process: numpy is first imported after main() has
    set OPENBLAS_NUM_THREADS (importing the command line imported it before, so OpenBLAS
    started a thread per core anyway, one spinning beside the start-up)."""
    code = (
        "import json, os, sys; from briefing_app.cli.main import main; "
        "before = sorted(m for m in ('numpy', 'pandas') if m in sys.modules); "
        "rc = main(['validate']); import numpy; "
        "tasks = len(os.listdir('/proc/self/task')) if os.path.isdir('/proc/self/task') else 1; "
        "print(json.dumps({'before': before, 'env': os.environ.get('OPENBLAS_NUM_THREADS'), "
        "'threads': tasks})); sys.exit(rc)"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert r.returncode == EXIT_OK, r.stderr
    got = json.loads(r.stdout.strip().splitlines()[-1])
    assert got["before"] == [], "importing the command line imported numpy"
    assert got["env"] == "1"
    assert got["threads"] == 1, "OpenBLAS started threads of its own"
