"""A corpus of bad packages: each is refused (or accepted) with its exact message.

Static cases live in ``tests/fixtures/bad/<case>/`` as differences from the minimal
package (see the README there): files that replace or add to it, a ``PATCH.json`` of
small edits, and ``EXPECTED``, the exact problem lines.  Cases that are big, binary,
links, pipes or archives are generated here at test time in tmp_path.

None may raise, hang or exhaust memory: ``load_package`` returns problems and
``briefing-app validate`` exits 1 printing them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, MINIMAL, derive_package

from briefing_app.model import Severity, load_package
from briefing_app.model.storage import Limits

BAD = FIXTURES / "bad"
CONTROL_FILES = {"EXPECTED", "PATCH.json"}
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def materialize(case: str, dest: Path) -> Path:
    """Build the bad package *case* in *dest*: the minimal package plus the case's changes."""
    case_dir = BAD / case
    derive_package(dest)
    for f in sorted(case_dir.rglob("*")):
        rel = f.relative_to(case_dir)
        if f.is_file() and str(rel) not in CONTROL_FILES:
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest / rel)
    patch = case_dir / "PATCH.json"
    for op in json.loads(patch.read_text(encoding="utf-8")) if patch.exists() else []:
        _apply(dest / op["file"], op)
    return dest


def _apply(path: Path, op: dict[str, Any]) -> None:
    if op.get("remove"):
        path.unlink()
    elif "replace" in op:
        text = path.read_text(encoding="utf-8")
        assert op["replace"] in text, f"{op['replace']!r} not found in {path.name}"
        path.write_text(text.replace(op["replace"], op["with"], 1), encoding="utf-8", newline="")
    else:
        doc = json.loads(path.read_text(encoding="utf-8"))
        keys = op.get("set") or op.get("delete") or op["append"]
        *parents, last = keys
        target = doc
        for key in parents:
            target = target[key]
        if "append" in op:
            target[last].append(op["value"])
        elif "set" in op:
            target[last] = op["value"]
        else:
            del target[last]
        path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")


def expected(case: str) -> list[tuple[str, str]]:
    """(severity or 'valid', text) pairs from the case's EXPECTED file."""
    out = []
    for line in (BAD / case / "EXPECTED").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.strip() == "valid":
            out.append(("valid", ""))
            continue
        severity, _, text = line.partition(": ")
        assert severity in ("error", "warning", "finding"), f"{case}/EXPECTED: bad line {line!r}"
        out.append((severity, text))
    assert out, f"{case}/EXPECTED lists nothing"
    return out


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30
    for case in CASES:
        assert (BAD / case / "EXPECTED").is_file(), case


@pytest.mark.parametrize("case", CASES)
def test_bad_package_reports_its_exact_problem(case, tmp_path):
    pkg = materialize(case, tmp_path / case)
    result = load_package(pkg)
    found = {(str(p.severity), str(p)) for p in result.problems}
    want = expected(case)
    for severity, text in want:
        if severity == "valid":
            continue
        text = text.replace("{package}", str(pkg))
        assert (severity, text) in found, "\n".join(
            [f"expected {severity}: {text}", "got:"] + [f"  {s}: {t}" for s, t in sorted(found)]
        )
    should_load = all(s != "error" for s, _ in want)
    assert result.ok is should_load, [str(p) for p in result.errors]
    assert (result.briefing is not None) is should_load


# -- generated at test time: big, binary, links, pipes, archives ------------------------


def _zip(path: Path, members: dict[str, bytes], **kw: Any) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, **kw) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _minimal_members(prefix: str = "") -> dict[str, bytes]:
    return {prefix + f.name: f.read_bytes() for f in sorted(MINIMAL.iterdir())}


def _one_error(result) -> str:
    assert not result.ok and result.briefing is None
    return "\n".join(str(p) for p in result.errors)


def test_a_one_megabyte_quote_is_refused(make_package):
    pkg = make_package({"quotes.csv": lambda t: t.replace("stays literal", "x" * 1_000_000)})
    errors = _one_error(load_package(pkg))
    assert "quotes.csv:2:text: text is 1,000,018 characters; the limit is 20,000" in errors


def test_a_resource_over_the_default_size_limit_is_refused_unread(make_package):
    pkg = make_package()
    # a sparse file: 65 MiB on paper, nothing on disk; refused from its size alone
    with open(pkg / "events.csv", "r+b") as fh:
        fh.truncate(65 * 1024**2)
    errors = _one_error(load_package(pkg))
    assert "events.csv: file is 65.0 MiB; the limit is 64.0 MiB" in errors


def test_a_resource_over_a_small_limit_is_refused(minimal_path):
    errors = _one_error(load_package(minimal_path, limits=Limits(resource=300)))
    assert "observations.csv: file is 409 bytes; the limit is 300 bytes" in errors


def test_a_package_over_the_total_limit_is_refused(minimal_path):
    errors = _one_error(load_package(minimal_path, limits=Limits(total=10_000)))
    assert "the package is larger than the 9.8 KiB this viewer reads in total" in errors


def test_a_zip_bomb_is_refused_before_inflating(tmp_path):
    members = _minimal_members()
    members["events.csv"] = members["events.csv"] + b"\n" * (20 * 1024**2)
    z = _zip(tmp_path / "bomb.zip", members)
    errors = _one_error(load_package(z))
    assert re.search(
        r"events\.csv: is compressed [\d,]+ to 1 in the archive, more than the 200 to 1 "
        r"allowed \(a zip bomb\?\); not read",
        errors,
    ), errors


def test_a_zip_inflating_past_the_total_limit_is_refused_from_its_directory(tmp_path):
    members = _minimal_members()
    members["padding.bin"] = b"\0" * (2 * 1024**2)
    z = _zip(tmp_path / "big.zip", members)
    errors = _one_error(load_package(z, limits=Limits(total=1024**2)))
    assert "big.zip: the archive would inflate to 2.0 MiB; the limit is 1.0 MiB" in errors


def test_a_zip_with_too_many_files_is_refused_before_its_directory_is_read(tmp_path):
    z = _zip(tmp_path / "many.zip", {**_minimal_members(), **{f"f{i}": b"" for i in range(20)}})
    errors = _one_error(load_package(z, limits=Limits(zip_members=10)))
    assert errors == "many.zip: the archive holds 26 files; at most 10 are read"


def test_a_table_with_too_many_cells_is_refused_before_it_is_parsed(make_package, monkeypatch):
    from briefing_app.model import resources, tables

    monkeypatch.setattr(tables, "MAX_CELLS", 40)
    monkeypatch.setattr(resources, "MAX_CELLS", 40)
    pkg = make_package()
    assert (
        "observations.csv: the table has more than 3 rows of its columns; at most 40 cells "
        "are read from one table"
    ) in _one_error(load_package(pkg))


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("../evil.csv", "leads outside the package ('..' is not allowed)"),
        ("data/../../evil.csv", "leads outside the package ('..' is not allowed)"),
        ("/etc/evil.csv", "is an absolute path; give a path relative to the package folder"),
        ("C:/evil.csv", "is an absolute path; give a path relative to the package folder"),
        ("data\\evil.csv", "uses '\\' between folders; use '/'"),
    ],
)
def test_a_zip_with_an_unsafe_member_name_is_not_read(tmp_path, member, reason):
    z = _zip(tmp_path / "unsafe.zip", {**_minimal_members(), member: b"x"})
    errors = _one_error(load_package(z))
    assert f"unsafe.zip: archive member '{member}' {reason}; the archive was not read" in errors


def test_a_zip_with_a_symbolic_link_member_is_not_read(tmp_path):
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in _minimal_members().items():
            z.writestr(name, data)
        info = zipfile.ZipInfo("events.csv.link")
        info.create_system = 3
        info.external_attr = (0o120777 << 16) | 0x20
        z.writestr(info, "/etc/passwd")
    errors = _one_error(load_package(path))
    assert (
        "link.zip: archive member 'events.csv.link' is a symbolic link; the archive was not read"
        in errors
    )


def test_a_file_named_zip_that_is_not_one_is_refused(tmp_path):
    path = tmp_path / "package.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    errors = _one_error(load_package(path))
    assert "package.zip: is not a readable zip archive (file is not a zip file)" in errors


def test_a_zip_needing_a_newer_zip_version_is_refused(tmp_path):
    # zipfile raised NotImplementedError from its constructor: a traceback before
    z = _zip(tmp_path / "new.zip", _minimal_members())
    data = bytearray(z.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = (64).to_bytes(2, "little")  # version needed: 6.4
    z.write_bytes(bytes(data))
    assert _one_error(load_package(z)) == (
        "new.zip: is not a readable zip archive (it uses a zip feature this viewer cannot "
        "read: zip file version 6.4)"
    )


def test_a_zip_without_a_descriptor_is_refused(tmp_path):
    members = {k: v for k, v in _minimal_members().items() if k != "datapackage.json"}
    z = _zip(tmp_path / "nodesc.zip", members)
    errors = _one_error(load_package(z))
    assert (
        "nodesc.zip: the archive has no datapackage.json at its top level (or in a single top "
        "folder): not a briefing package"
    ) in errors


def test_a_damaged_zip_member_is_reported(tmp_path):
    z = _zip(tmp_path / "damaged.zip", _minimal_members())
    data = bytearray(z.read_bytes())
    # flip bytes inside the first member's compressed data (datapackage.json comes first)
    start = data.index(b"datapackage.json") + len("datapackage.json") + 20
    for i in range(start, start + 40):
        data[i] ^= 0xFF
    z.write_bytes(bytes(data))
    errors = _one_error(load_package(z))
    assert errors.startswith("datapackage.json: cannot be read from the archive ("), errors


def test_a_symbolic_link_leaving_the_package_is_not_followed(make_package, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("id,date,title,description,sources\n", encoding="utf-8")
    pkg = make_package({"events.csv": None})
    (pkg / "events.csv").symlink_to(outside)
    errors = _one_error(load_package(pkg))
    assert "events.csv: is a symbolic link that leads outside the package; not followed" in errors


def test_a_link_to_a_device_leaves_the_package(make_package):
    pkg = make_package({"events.csv": None})
    (pkg / "events.csv").symlink_to(os.devnull)
    errors = _one_error(load_package(pkg))
    assert "events.csv: is a symbolic link that leads outside the package; not followed" in errors


def test_a_folder_linked_outside_the_package_is_not_followed(make_package, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(MINIMAL / "events.csv", tmp_path / "elsewhere" / "events.csv")
    pkg = make_package(
        {"datapackage.json": lambda t: t.replace('"path": "events.csv"', '"path": "ev/events.csv"')}
    )
    (pkg / "ev").symlink_to(tmp_path / "elsewhere")
    errors = _one_error(load_package(pkg))
    assert "ev/events.csv: is a symbolic link that leads outside the package; not followed" in (
        errors
    )


def test_a_symbolic_link_loop_is_reported(make_package):
    pkg = make_package({"events.csv": None})
    (pkg / "events.csv").symlink_to("events.csv")
    errors = _one_error(load_package(pkg))
    assert "events.csv: cannot read: a symbolic link loops back on itself" in errors


def test_a_dangling_symbolic_link_is_reported(make_package):
    pkg = make_package({"events.csv": None})
    (pkg / "events.csv").symlink_to("nowhere.csv")
    errors = _one_error(load_package(pkg))
    assert "events.csv: is a symbolic link to a file that does not exist" in errors


def test_a_link_inside_the_package_is_followed(make_package):
    pkg = make_package()
    (pkg / "events.csv").rename(pkg / "events-2024.csv")
    (pkg / "events.csv").symlink_to("events-2024.csv")
    assert load_package(pkg).ok


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(make_package):
    pkg = make_package({"events.csv": None})
    os.mkfifo(pkg / "events.csv")
    errors = _one_error(load_package(pkg))
    assert "events.csv: is not a regular file (a device, pipe or socket); not read" in errors


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_opened_as_the_package_is_refused(tmp_path):
    fifo = tmp_path / "package.zip"
    os.mkfifo(fifo)
    errors = _one_error(load_package(fifo))
    assert f"{fifo}: is not a file or folder (a device, pipe or socket); not read" in errors


def test_an_empty_file_opened_as_the_package_is_refused(tmp_path):
    empty = tmp_path / "package.zip"
    empty.write_bytes(b"")
    assert _one_error(load_package(empty)) == f"{empty}: file is empty"


def test_a_path_that_does_not_exist_is_reported(tmp_path):
    missing = tmp_path / "nowhere"
    assert _one_error(load_package(missing)) == f"{missing}: no such file or folder"


def test_a_path_with_a_nul_character_is_reported():
    # the NUL shows as an escape: each problem prints on one line, as it is
    assert _one_error(load_package("bad\0name")) == (
        "bad\\x00name: is not a valid file or folder name"
    )


def test_a_non_package_file_is_refused(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("hello\n", encoding="utf-8")
    assert _one_error(load_package(f)) == (
        f"{f}: not a briefing package: open a folder, a datapackage.json or a .zip"
    )


def test_every_problem_is_reported_at_once(make_package):
    pkg = make_package(
        {
            "observations.csv": lambda t: t.replace(",100,", ",lots,").replace(",125,", ",-5,"),
            "quotes.csv": lambda t: t.replace("as-quoted", "quoted"),
            "events.csv": lambda t: t.replace("2024-10-15", "15/10/2024"),
        }
    )
    errors = [str(p) for p in load_package(pkg).errors]
    # each file's own problems first, in the order of the resources; then those across files
    assert errors == [
        "observations.csv:2:value: 'lots' is not a number",
        "quotes.csv:2:status: 'quoted' is not one of: verified, as-quoted, not-found",
        "events.csv:2:date: '15/10/2024' is not a date (YYYY-MM-DD)",
        "observations.csv:4:value: −5 is below 0, the minimum for indicator 'losses'",
    ]


def test_many_bad_rows_are_summarised(make_package):
    rows = "".join(f"e{i},someday,Event {i},,art\n" for i in range(1, 26))
    pkg = make_package({"events.csv": "id,date,title,description,sources\n" + rows})
    errors = [str(p) for p in load_package(pkg).errors]
    assert errors[0] == "events.csv:2:date: 'someday' is not a date (YYYY-MM-DD)"
    assert len([e for e in errors if "is not a date" in e]) == 10
    assert "events.csv:12:date: 15 more rows with the same kind of problem" in errors


# -- the command line: exit 1 and the message, never a traceback -----------------------

CLI_CASES = ["json-truncated", "value-nan", "dangling-quote-source", "path-absolute", "csv-latin1"]


@pytest.mark.parametrize("case", CLI_CASES)
def test_validate_exits_1_and_prints_the_message(case, tmp_path):
    pkg = materialize(case, tmp_path / case)
    proc = subprocess.run(
        [sys.executable, "-m", "briefing_app", "validate", str(pkg)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{pkg}: invalid briefing package" in proc.stdout
    for severity, text in expected(case):
        if severity == "error":
            assert f"  {text}" in proc.stdout.splitlines(), proc.stdout


def test_validate_of_a_zip_bomb_exits_1(tmp_path):
    members = _minimal_members()
    members["events.csv"] = members["events.csv"] + b"\n" * (20 * 1024**2)
    z = _zip(tmp_path / "bomb.zip", members)
    proc = subprocess.run(
        [sys.executable, "-m", "briefing_app", "validate", str(z)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "(a zip bomb?); not read" in proc.stdout


def test_severities_are_errors_warnings_or_findings():
    assert {str(s) for s in Severity} == {"error", "warning", "finding"}
