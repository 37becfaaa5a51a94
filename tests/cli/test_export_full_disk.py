"""A full disk, for real (#21 item 3): every export checks every write and its close,
checks the file it wrote before renaming it, and exits 1 leaving nothing behind; an
export of several files writes all of them or none.

Two ways to run out of room without faking a write: a file size limit in the child
(RLIMIT_FSIZE, with SIGXFSZ ignored a write past it fails with EFBIG), and, as root, a
small tmpfs mounted for the test (ENOSPC, the disk really full).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FULL, ROOT

CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from briefing_app.cli.main import main
sys.exit(main(["export", *sys.argv[2:]]))
"""

#: (format, its output, options, a size limit the output, or one of its files, exceeds,
#: the room left on a full disk: some of the output fits, or some of its files)
CASES = [
    ("pdf", "handout.pdf", [], 20_000, 20_000),
    ("md", "briefing.md", [], 2_000, 0),
    ("csv", "data.zip", [], 2_000, 0),
    ("png", "tabs", ["--size", "640x400"], 50_000, 50_000),
    # every chart's image fits but one: the others must not be left behind (the limit is
    # worked out from the images' sizes: None)
    ("png", "charts", ["--charts", "--size", "640x400"], None, 60_000),
    ("svg", "svg", [], 25_000, 80_000),
]
PARAMS = ("fmt", "name", "options", "limit", "room")


def _env() -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BRIEFING_NO_CACHE": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def _export_limited(limit: int, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(limit), *argv],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def _everything(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _assert_refused_cleanly(r: subprocess.CompletedProcess, out: Path) -> None:
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    assert "cannot write" in r.stderr, r.stderr
    assert r.stdout == ""  # no file is reported written


@pytest.mark.parametrize(PARAMS, CASES, ids=[c[1] for c in CASES])
def test_a_file_too_large_for_the_system_is_not_written(tmp_path, fmt, name, options, limit, room):
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    if limit is None:  # between the largest file and the next: one file cannot be written
        free = tmp_path / "free"
        r = _export_limited(2**40, fmt, str(free), "--package", str(FULL), *options)
        assert r.returncode == 0, r.stderr
        largest, second = sorted((f.stat().st_size for f in free.iterdir()), reverse=True)[:2]
        assert largest > second, "the test needs one file larger than the others"
        limit = (largest + second) // 2
    r = _export_limited(limit, fmt, str(target), "--package", str(FULL), *options)
    _assert_refused_cleanly(r, target)
    assert "file too large" in r.stderr, r.stderr
    assert _everything(out) == ([name] if fmt in ("png", "svg") else [])
    assert not list(target.iterdir()) if target.is_dir() else not target.exists()


def test_without_a_limit_the_same_exports_are_written(tmp_path):
    """The cases above fail for the limit alone: with room, each writes."""
    for fmt, name, options, _, _ in CASES:
        target = tmp_path / name
        r = _export_limited(2**40, fmt, str(target), "--package", str(FULL), *options)
        assert r.returncode == 0, r.stderr
        assert target.exists()


# -- a disk that is really full ----------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs of 1 MiB mounted on a folder of tmp_path (root only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    where = tmp_path / "disk"
    where.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0777", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _export(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefing_app", "export", *argv],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(PARAMS, CASES, ids=[c[1] for c in CASES])
def test_a_full_disk_leaves_nothing_and_keeps_what_was_there(
    small_disk, fmt, name, options, limit, room
):
    """The disk fills part way (the SVGs: a few fit, then no more): exit 1, the files
    that were there before are as they were, no new file and no .part file is left."""
    target = small_disk / name
    if fmt in ("png", "svg"):
        target.mkdir()
        kept = target / "kept.txt"
    else:
        kept = target  # the file the export replaces
    kept.write_bytes(b"x" * 40_000)  # replaced with --force: it must stay as it is
    before = _everything(small_disk)
    ballast = small_disk / "ballast"  # fills the disk but for *room* bytes
    free = os.statvfs(small_disk)
    ballast.write_bytes(b"\0" * max(0, free.f_bavail * free.f_frsize - room))
    r = _export(fmt, str(target), "--package", str(FULL), "--force", *options)
    _assert_refused_cleanly(r, target)
    assert "no space left on device" in r.stderr, r.stderr
    ballast.unlink()
    assert _everything(small_disk) == before
    assert kept.read_bytes() == b"x" * 40_000


# -- in Ukrainian ------------------------------------------------------------------------


def test_a_file_too_large_is_told_in_ukrainian(tmp_path):
    """The system's reason (EFBIG) in the language of the interface, the path kept: not
    the C library's English "File too large"."""
    target = tmp_path / "briefing.md"
    r = _export_limited(2_000, "md", str(target), "--package", str(FULL), "--lang", "uk")
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    assert r.stderr.startswith(f"briefing-app export: не вдається записати {target}: "), r.stderr
    assert "файл завеликий (більше, ніж тут дозволяє система" in r.stderr, r.stderr
    for word in ("cannot", "write", "File", "too large", "limit", "quota"):
        assert word not in r.stderr, r.stderr
    assert not target.exists()


def test_a_full_disk_is_told_in_ukrainian(small_disk):
    target = small_disk / "briefing.md"
    ballast = small_disk / "ballast"
    free = os.statvfs(small_disk)
    ballast.write_bytes(b"\0" * (free.f_bavail * free.f_frsize))
    r = _export("md", str(target), "--package", str(FULL), "--lang", "uk")
    assert r.returncode == 1, r.stderr
    assert f"не вдається записати {target}: " in r.stderr, r.stderr
    assert "на пристрої не лишилося місця (диск заповнено)" in r.stderr, r.stderr
    assert "No space" not in r.stderr and "disk is full" not in r.stderr, r.stderr
