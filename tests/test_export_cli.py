"""``briefing-app export``: exit codes, refusing to overwrite, unwritable targets, no leftovers."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL, derive_package
from PySide6.QtGui import QImage

from briefing_app.export.png import image_is_blank
from briefing_app.model.loader import load_package

ROOT = Path(__file__).resolve().parents[1]


def export(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
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
    return [p.name for p in folder.rglob("*") if p.name.endswith(".part")]


def test_pdf_written_then_refused_then_forced(tmp_path):
    out = tmp_path / "handout.pdf"
    r = export("pdf", str(out), "--package", str(MINIMAL))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out)
    assert out.read_bytes().startswith(b"%PDF")
    first = out.read_bytes()

    r = export("pdf", str(out), "--package", str(MINIMAL))
    assert r.returncode == 1
    assert "already exists" in r.stderr and "--force" in r.stderr
    assert "Traceback" not in r.stderr
    assert out.read_bytes() == first

    r = export("pdf", str(out), "--package", str(MINIMAL), "--force", "--notes")
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() != first
    assert leftovers(tmp_path) == []


def test_unwritable_target_exits_1_with_a_clear_message(tmp_path):
    a_file = tmp_path / "plain-file"
    a_file.write_text("not a folder")
    for target in (a_file / "out.pdf", tmp_path / "missing" / "out.pdf"):
        r = export("pdf", str(target), "--package", str(MINIMAL))
        assert r.returncode == 1
        assert "cannot write" in r.stderr
        assert "Traceback" not in r.stderr
    r = export("csv", str(a_file / "out.zip"), "--package", str(MINIMAL))
    assert r.returncode == 1 and "cannot write" in r.stderr
    r = export("svg", str(a_file / "sub"), "--package", str(MINIMAL))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_exits_1_and_leaves_nothing(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        r = export("pdf", str(locked / "out.pdf"), "--package", str(MINIMAL))
        assert r.returncode == 1
        assert "cannot write" in r.stderr or "permission" in r.stderr.lower()
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_invalid_package_exits_1(tmp_path):
    bad = derive_package(tmp_path / "bad", {"sources.csv": None})
    out = tmp_path / "out.pdf"
    r = export("pdf", str(out), "--package", str(bad))
    assert r.returncode == 1
    assert "not a valid briefing package" in r.stderr
    assert not out.exists()


def test_unknown_theme_exits_1_and_bad_size_too(tmp_path):
    r = export("pdf", str(tmp_path / "x.pdf"), "--package", str(MINIMAL), "--theme", "neon")
    assert r.returncode == 1 and "unknown theme" in r.stderr
    r = export("svg", str(tmp_path / "s"), "--package", str(MINIMAL), "--size", "big")
    assert r.returncode == 1 and "WIDTHxHEIGHT" in r.stderr


def test_svg_and_chart_pngs_one_per_chart(tmp_path):
    b = load_package(MINIMAL).briefing
    charts = [(t, c) for t in b.tabs for c in t.charts]
    r = export("svg", str(tmp_path / "svg"), "--package", str(MINIMAL))
    assert r.returncode == 0, r.stderr
    svgs = sorted((tmp_path / "svg").glob("*.svg"))
    assert [p.name for p in svgs] == sorted(f"{t.id}-{c.id}.svg" for t, c in charts)
    assert all(p.read_text(encoding="utf-8").lstrip().startswith("<?xml") for p in svgs)

    r = export(
        "png", str(tmp_path / "png"), "--charts", "--size", "640x360", "--package", str(MINIMAL)
    )
    assert r.returncode == 0, r.stderr
    pngs = sorted((tmp_path / "png").glob("*.png"))
    assert [p.name for p in pngs] == sorted(f"{t.id}-{c.id}.png" for t, c in charts)
    for p in pngs:
        image = QImage(str(p))
        assert (image.width(), image.height()) == (640, 360)
        assert not image_is_blank(image)

    # again: refused, nothing touched
    before = {p: p.stat().st_mtime_ns for p in pngs}
    r = export("png", str(tmp_path / "png"), "--charts", "--package", str(MINIMAL))
    assert r.returncode == 1 and "already exists" in r.stderr
    assert {p: p.stat().st_mtime_ns for p in pngs} == before
    assert leftovers(tmp_path) == []


def test_csv_zip(tmp_path):
    out = tmp_path / "data.zip"
    r = export("csv", str(out), "--package", str(MINIMAL))
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(out) as zf:
        assert "README.txt" in zf.namelist()
    r = export("csv", str(out), "--package", str(MINIMAL))
    assert r.returncode == 1 and "already exists" in r.stderr


def test_help_documents_the_outputs():
    r = subprocess.run(
        [sys.executable, "-m", "briefing_app", "export", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert r.returncode == 0
    for text in ("png OUTDIR --charts", "svg OUTDIR", "pdf OUT.pdf", "csv OUT.zip", "--force"):
        assert text in r.stdout
