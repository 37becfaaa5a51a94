"""Watching a package's files for saved changes (the window's live preview).

`PackageWatcher` watches the package folder, its sub-folders and every file in them
(a zip, or its folder: the archive as one file) with a ``QFileSystemWatcher``, and emits
`changed` once the files have been quiet for `DEBOUNCE_MS`: an editor's save, which may
truncate and write, or write a new file and rename it over the old one, is one change,
and so are a dozen saves in a row.

Renaming a new file over a watched one ends the watch on it (the watcher followed the
old file, now gone); the folder's own change tells of the new one, and after each change
the watcher watches whatever is there now.  A change is reported only when the files'
sizes, times or inodes differ from what was last reported (`signature`), so a save that
changes nothing, a lock file that comes and goes, or a file beside a zip, is no reload.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from briefing_app.model.storage import DESCRIPTOR

#: quiet time after the last event before a change is reported, in milliseconds
DEBOUNCE_MS = 250
#: at most this many files and folders are watched (a package lists at most 100 tables)
MAX_WATCHED = 1_000
#: files editors keep beside the one being edited, which are no change to the package
_EDITOR_LITTER = ("~", ".swp", ".swx", ".tmp", ".part", ".lock", "#")


def package_root(location: str | os.PathLike[str]) -> tuple[Path, Path | None]:
    """(folder to watch, the one file that is the package, or None for a folder)."""
    p = Path(location)
    if p.is_dir():
        return p, None
    if p.name == DESCRIPTOR or p.suffix.lower() == ".json":
        return p.parent, None
    return p.parent, p  # a zip: watched as one file, in its folder


def _litter(name: str) -> bool:
    return name.startswith((".~lock", ".#", "#")) or name.endswith(_EDITOR_LITTER)


def package_files(folder: Path, single: Path | None) -> tuple[list[Path], list[Path]]:
    """(folders, files) to watch: the package folder and its sub-folders and their files,
    or a zip's folder and the zip alone."""
    if single is not None:
        return [folder], ([single] if single.exists() else [])
    folders, files = [folder], []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folders += [Path(root) / d for d in dirs]
        files += [Path(root) / n for n in sorted(names) if not _litter(n)]
        if len(folders) + len(files) > MAX_WATCHED:
            break
    return folders, files[: max(0, MAX_WATCHED - len(folders))]


def signature(folder: Path, single: Path | None) -> tuple:
    """What tells that the package changed: each file's name, size, times and inode."""
    out = []
    for f in package_files(folder, single)[1]:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((str(f), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return tuple(out)


class PackageWatcher(QObject):
    """Emits `changed` when the package at a location changed on disk (debounced)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._settled)
        self._folder: Path | None = None
        self._single: Path | None = None
        self._signature: tuple = ()

    @property
    def location(self) -> Path | None:
        """What is watched: the folder, or the zip."""
        return self._single or self._folder

    def watch(self, location: str | os.PathLike[str] | None) -> None:
        """Watch the package at *location* (None: nothing)."""
        self._timer.stop()
        self._clear()
        self._folder = self._single = None
        if location is None:
            return
        self._folder, self._single = package_root(location)
        self._rewatch()
        self._signature = signature(self._folder, self._single)

    def stop(self) -> None:
        self.watch(None)

    def watched(self) -> list[str]:
        return self._watcher.files() + self._watcher.directories()

    def _clear(self) -> None:
        paths = self.watched()
        if paths:
            self._watcher.removePaths(paths)

    def _rewatch(self) -> None:
        """Watch what is there now: a file renamed over a watched one is a new file."""
        if self._folder is None:
            return
        folders, files = package_files(self._folder, self._single)
        want = {str(p) for p in folders + files}
        have = set(self.watched())
        gone = sorted(have - want)
        if gone:
            self._watcher.removePaths(gone)
        new = sorted(p for p in want - have if os.path.exists(p))
        if new:
            self._watcher.addPaths(new)

    def _poke(self, _path: str = "") -> None:
        self._timer.start()  # restarted by each event: a burst is one change

    def _settled(self) -> None:
        if self._folder is None:
            return
        self._rewatch()
        now = signature(self._folder, self._single)
        if now != self._signature:
            self._signature = now
            self.changed.emit()

    def check_now(self) -> None:
        """Look at the files at once (tests; a file system that sends no events)."""
        self._timer.stop()
        self._settled()
