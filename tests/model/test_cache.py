"""The cache of validated packages: a hit is what loading gives; any change is a miss."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import MINIMAL

import briefing_app.model.cache as cache
from briefing_app.model.loader import load_package


@pytest.fixture
def loads(monkeypatch) -> list[str]:
    """Paths the real loader was called for (a cache hit does not call it)."""
    calls: list[str] = []

    def counting(path, limits=cache.DEFAULT_LIMITS):
        calls.append(str(path))
        return load_package(path, limits)

    monkeypatch.setattr(cache, "load_package", counting)
    return calls


def _aged(path: Path, seconds: float = 3600) -> Path:
    """*path* (a file, or a folder and its files) modified *seconds* ago: a package edited
    just now is not cached (see briefing_app.model.cache)."""
    when = time.time_ns() - int(seconds * 1e9)
    for p in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(p, ns=(when, when))
    return path


@pytest.fixture
def package(tmp_path) -> Path:
    return _aged(Path(shutil.copytree(MINIMAL, tmp_path / "pkg")))


def _entries() -> list[Path]:
    return sorted(cache.cache_dir().glob("*.pickle"))


def _same(a, b) -> None:
    assert a.ok and b.ok
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]
    assert a.location == b.location
    ba, bb = a.briefing, b.briefing
    assert (ba.title, ba.as_of, ba.checksum, ba.tabs) == (bb.title, bb.as_of, bb.checksum, bb.tabs)
    pd.testing.assert_frame_equal(ba.observations, bb.observations)
    assert ba.checks == bb.checks and ba.quotes == bb.quotes


def test_a_package_opened_again_unchanged_is_read_back_as_loading_gave_it(package, loads):
    listing = sorted(p.name for p in package.iterdir())
    first = cache.load_package_cached(package)
    assert loads == [str(package)] and len(_entries()) == 1
    again = cache.load_package_cached(package)
    assert loads == [str(package)], "the second open did not load"
    _same(first, again)
    _same(again, load_package(package))
    assert again.briefing.warnings == first.briefing.warnings
    assert sorted(p.name for p in package.iterdir()) == listing, "the package is not written"
    # the descriptor's path names the same package
    cache.load_package_cached(package / "datapackage.json")
    assert len(loads) == 2, "another path is another entry"


def test_a_changed_file_is_a_miss(package, loads):
    cache.load_package_cached(package)
    sources = package / "sources.csv"
    st = sources.stat()
    sources.write_bytes(sources.read_bytes())  # same bytes, new time: reloaded (as pyc)
    os.utime(sources, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    cache.load_package_cached(package)
    assert len(loads) == 2
    obs = package / "observations.csv"
    text = obs.read_text(encoding="utf-8")
    obs.write_text(text + text.splitlines()[-1] + "\n", encoding="utf-8")  # a repeated row
    result = cache.load_package_cached(package)
    assert len(loads) == 3 and not result.ok, "the change is seen, not the cached package"
    assert [str(p) for p in result.problems] == [str(p) for p in load_package(package).problems]
    (package / "notes.txt").write_text("a new file", encoding="utf-8")
    cache.load_package_cached(package)
    assert len(loads) == 4, "a new file is a change too"


def test_an_invalid_package_is_never_cached(package, loads):
    (package / "datapackage.json").write_text("{", encoding="utf-8")
    for _ in range(2):
        result = cache.load_package_cached(package)
        assert not result.ok and result.errors
    assert len(loads) == 2 and _entries() == []


def test_a_damaged_entry_is_loaded_again_and_replaced(package, loads):
    cache.load_package_cached(package)
    (entry,) = _entries()
    entry.write_bytes(entry.read_bytes()[:100])
    result = cache.load_package_cached(package)
    assert len(loads) == 2 and result.ok
    cache.load_package_cached(package)
    assert len(loads) == 2, "the entry was written again"


def test_a_cache_that_cannot_be_written_is_no_cache(package, loads, tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocked / "cache"))
    for _ in range(2):
        assert cache.load_package_cached(package).ok
    assert len(loads) == 2


def test_the_cache_can_be_turned_off(package, loads, monkeypatch):
    monkeypatch.setenv("BRIEFING_NO_CACHE", "1")
    assert cache.cache_dir() is None
    for _ in range(2):
        assert cache.load_package_cached(package).ok
    assert len(loads) == 2


def test_old_entries_make_room(tmp_path, loads, monkeypatch):
    for i in range(cache.MAX_ENTRIES + 3):
        cache.load_package_cached(_aged(shutil.copytree(MINIMAL, tmp_path / f"p{i}")))
    assert len(_entries()) == cache.MAX_ENTRIES
    newest = max(_entries(), key=lambda p: p.stat().st_mtime_ns)
    # a size cap too: here, room for one entry and a half
    monkeypatch.setattr(cache, "MAX_BYTES", newest.stat().st_size * 3 // 2)
    cache.load_package_cached(_aged(shutil.copytree(MINIMAL, tmp_path / "last")))
    (kept,) = _entries()
    assert kept != newest, "the newest entry stays, the older ones go"
    cache.load_package_cached(tmp_path / "last")
    assert len(loads) == cache.MAX_ENTRIES + 4, "the kept one is read back"


def test_a_zip_is_cached_by_its_own_size_and_time(tmp_path, loads):
    z = tmp_path / "package.zip"
    with zipfile.ZipFile(z, "w") as out:
        for f in sorted(MINIMAL.iterdir()):
            out.write(f, f.name)
    _aged(z)
    first = cache.load_package_cached(z)
    _same(first, cache.load_package_cached(z))
    assert len(loads) == 1
    st = z.stat()
    os.utime(z, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    cache.load_package_cached(z)
    assert len(loads) == 2


def test_no_entry_for_a_path_that_does_not_exist(tmp_path, loads):
    result = cache.load_package_cached(tmp_path / "missing")
    assert not result.ok and len(loads) == 1 and _entries() == []


def test_a_hit_says_where_the_package_was_opened_from(package, loads, monkeypatch):
    monkeypatch.chdir(package.parent)
    assert cache.load_package_cached("pkg").location == "pkg"
    absolute = cache.load_package_cached(str(package))
    assert absolute.location == str(package) and absolute.briefing.location == str(package)
    assert cache.load_package_cached("pkg").location == "pkg"
    assert cache.load_package_cached(str(package)).location == str(package)
    assert len(loads) == 2, "one entry per way of naming it"


def test_a_package_with_a_folder_that_cannot_be_listed_is_not_cached(package, loads, monkeypatch):
    (package / "more").mkdir()
    real = os.scandir

    def scandir(path="."):
        if Path(path).name == "more":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert cache.entry_key(package) is None
    for _ in range(2):
        assert cache.load_package_cached(package).ok
    assert len(loads) == 2 and _entries() == []


def test_a_package_edited_just_now_is_not_cached(package, loads):
    (package / "sources.csv").touch()
    for _ in range(2):
        cache.load_package_cached(package)
    assert len(loads) == 2 and _entries() == []


def test_a_package_that_changes_while_it_loads_is_not_cached(package, monkeypatch):
    def changing(path, limits=cache.DEFAULT_LIMITS):
        result = load_package(path, limits)
        _aged(package / "events.csv", 1800)  # another time: another key
        return result

    monkeypatch.setattr(cache, "load_package", changing)
    assert cache.load_package_cached(package).ok
    assert _entries() == []


def test_an_entry_that_cannot_be_written_or_read_falls_back_to_loading(package, loads, monkeypatch):
    def no_pickle(*args, **kwargs):
        raise TypeError("cannot pickle '_thread.lock' object")

    monkeypatch.setattr(cache.pickle, "dump", no_pickle)
    assert cache.load_package_cached(package).ok
    assert _entries() == [] and not list(cache.cache_dir().glob("*.tmp"))
    monkeypatch.undo()
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(package.parent / "cache"))
    cache.load_package_cached(package)
    monkeypatch.setattr(cache, "_read", lambda entry: 1 / 0)  # a bug in the cache
    assert cache.load_package_cached(package).ok


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_entries_in_a_folder_others_can_write_to_are_not_read(package, loads):
    cache.load_package_cached(package)
    folder = cache.cache_dir()
    folder.chmod(0o777)
    try:
        cache.load_package_cached(package)
        assert len(loads) == 2, "not read from a folder anyone could have written to"
    finally:
        folder.chmod(0o700)
    cache.load_package_cached(package)
    assert len(loads) == 2


def test_temporary_files_of_unfinished_writes_are_removed(package, loads):
    cache.load_package_cached(package)
    folder = cache.cache_dir()
    old = folder / "left-over.tmp"
    old.write_bytes(b"half an entry")
    _aged(old, cache.STALE_TMP_SECONDS + 60)
    recent = folder / "being-written.tmp"
    recent.write_bytes(b"another instance")
    cache.load_package_cached(_aged(shutil.copytree(MINIMAL, package.parent / "other")))
    assert not old.exists() and recent.exists()


def _edit_keeping_size_and_time(path: Path, old: str, new: str) -> None:
    """Rewrite *path* with *old* replaced by *new* (same length) and its times put back,
    as `rsync -t`, `cp -p` or unpacking an archive over a package can leave it."""
    assert len(old) == len(new)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)


def test_an_edit_that_keeps_a_files_size_and_time_is_a_miss(package, loads):
    cache.load_package_cached(package)
    _edit_keeping_size_and_time(package / "observations.csv", ",100,people,", ",999,people,")
    result = cache.load_package_cached(package)
    assert len(loads) == 2, "the edited package was loaded, not read from the cache"
    assert 999 in result.briefing.observations["value"].tolist()


def test_an_export_reads_an_unchanged_package_from_the_cache_and_an_edited_one_afresh(
    package, loads, tmp_path
):
    import zipfile

    from briefing_app.cli.main import main

    out = tmp_path / "data.zip"
    args = ["export", "csv", str(out), "--force", "--package", str(package)]

    def exported_values() -> str:
        with zipfile.ZipFile(out) as z:
            return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".csv"))

    assert main(args) == 0 and main(args) == 0
    assert loads == [str(package)], "the second export was answered from the cache"
    assert "999" not in exported_values()
    # an edit the file's size and time do not show: the export has the new value
    _edit_keeping_size_and_time(package / "observations.csv", ",100,people,", ",999,people,")
    assert main(args) == 0
    assert len(loads) == 2 and "999" in exported_values()
