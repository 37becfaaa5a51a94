"""A cache of validated packages, so that opening the same package again skips the work.

Loading and validating the bundled briefing is ~50 ms of a ~650 ms start; a package of
years of daily data, 1.5 s.  The result of `load_package` for a package whose files
have not changed since is kept in the user's cache folder and read back in about a
millisecond, problems and warnings included: exactly what loading it would give.

A cache entry is named by a digest of everything the result depends on: the package's
path as given and as resolved, and the size, modification time, change time and inode
of each of its files (Python's own bytecode cache uses the first two; the other two
change when a file is replaced by a copy that keeps its time, or edited and its time put
back, on POSIX systems), the viewer's version and the size and time of
its data-layer code (or of the executable, when frozen), the Python, pandas and numpy
versions, and the size limits.  Anything else is a miss, and a miss loads the package
as usual.  A package is not cached when a file of it cannot be listed or read, when one
was modified in the last few seconds (a same-size edit within the clock's resolution
would not change its time: git's "racy" rule), or when it changed while loading.
Only valid packages are kept.  Entries are pickles, read only from a folder that
belongs to the user and that nobody else can write to (POSIX); a damaged or unreadable
entry is ignored and written again, and a cache that cannot be used means no cache,
silently: it is an optimisation, not data (failures are logged at debug level), and any
error in it falls back to loading.  The package folder itself is never written to.

``BRIEFING_CACHE_DIR`` names another cache folder; ``BRIEFING_NO_CACHE=1`` turns the
cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from briefing_app import __version__
from briefing_app.model.cachedir import cache_dir
from briefing_app.model.cachedir import usable as _usable
from briefing_app.model.loader import LoadResult, bundled_package_path, load_package
from briefing_app.model.storage import DEFAULT_LIMITS, DESCRIPTOR, Limits

#: a package folder with more files than this is not cached (walking it costs too much)
MAX_FILES = 2_000
#: entries kept, and their total size; the least recently used go first
MAX_ENTRIES = 8
MAX_BYTES = 256 * 1024**2
#: bumped when the entry format changes (3: a briefing carries its languages and translations)
FORMAT = 3
#: a package with a file modified less than this long ago is not cached (seconds)
RACY_SECONDS = 3.0
#: a temporary file left by a write that never finished is removed after this long
STALE_TMP_SECONDS = 600
_SUFFIX = ".pickle"
_log = logging.getLogger(__name__)


class _Uncacheable(Exception):
    """The package is not to be cached (see the module)."""


def _stat_line(path: Path, name: str, racy_after_ns: int | None = None) -> str:
    st = path.stat()
    if racy_after_ns is not None and st.st_mtime_ns > racy_after_ns:
        raise _Uncacheable(f"{name} was modified just now")
    # the change time and inode too: a copy that keeps the modification time (cp -p,
    # rsync -t, unpacking an archive) or an edit that puts it back changes them (POSIX)
    return f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n"


def _raise(exc: OSError) -> None:
    raise exc


def _package_files(path: Path) -> list[str]:
    """A line per file of the package (name, size, time)."""
    racy = time.time_ns() - int(RACY_SECONDS * 1e9)
    if path.is_file() and path.name != DESCRIPTOR and path.suffix.lower() != ".json":
        return [_stat_line(path, path.name, racy)]  # a .zip: one file
    folder = path.parent if path.is_file() else path
    lines: list[str] = []
    # a folder that cannot be listed would leave its files out of the key, while the
    # loader can still open them by name: an error means no caching
    for root, dirs, files in os.walk(folder, onerror=_raise):
        dirs.sort()
        for name in sorted(files):
            if len(lines) >= MAX_FILES:
                raise _Uncacheable(f"more than {MAX_FILES:,} files")
            full = Path(root) / name
            lines.append(_stat_line(full, str(full.relative_to(folder)), racy))
    return lines


def _code_lines() -> list[str]:
    """What identifies the code that made an entry."""
    lines = [
        f"format {FORMAT} viewer {__version__} python {platform.python_version()} "
        f"pandas {pd.__version__} numpy {np.__version__}\n"
    ]
    if getattr(sys, "frozen", False):
        lines.append(_stat_line(Path(sys.executable), "executable"))
    else:
        model = Path(__file__).resolve().parent
        lines += [_stat_line(p, p.name) for p in sorted(model.glob("*.py"))]
    return lines


def entry_key(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> str | None:
    """The cache entry's name for the package at *path*, or None if it is not cacheable."""
    try:
        resolved = Path(path).resolve(strict=True)
        files = _package_files(resolved)
        digest = hashlib.sha256()
        # the path as given too: the result says where it was loaded from (its location)
        head = f"{os.fspath(path)}\0{resolved}\n{limits!r}\n"
        for line in [head, *_code_lines(), *files]:
            digest.update(line.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()
    except (_Uncacheable, OSError, ValueError, TypeError) as exc:
        _log.debug("not caching %s: %s", path, exc)
        return None


@dataclass(frozen=True)
class Lookup:
    """A package looked up in the cache: its entry key, and the result if one is kept."""

    path: str | os.PathLike[str]
    limits: Limits
    folder: Path | None = None
    key: str | None = None
    #: the cached result, when the package has not changed since it was kept
    result: LoadResult | None = None


def lookup(path: str | os.PathLike[str] | None = None, limits: Limits = DEFAULT_LIMITS) -> Lookup:
    """Look the package at *path* (None: the bundled one) up; see `load`."""
    path = bundled_package_path() if path is None else path
    try:
        folder = cache_dir()
        key = entry_key(path, limits) if folder is not None else None
        if folder is not None and key is not None and _usable(folder):
            return Lookup(path, limits, folder, key, _read(folder / (key + _SUFFIX)))
        return Lookup(path, limits, folder, key)
    except Exception:  # a bug in the cache must not stop a package from opening
        _log.debug("package cache failed for %s", path, exc_info=True)
        return Lookup(path, limits)


def load(found: Lookup) -> LoadResult:
    """The result of a `lookup`: the cached one, or the package loaded (and kept, if it
    is valid and nothing changed while it loaded).  Split from `lookup` so that a package
    looked up in one process can be loaded in a child without its files listed again."""
    if found.result is not None:
        return found.result
    result = load_package(found.path, found.limits)
    folder, key = found.folder, found.key
    # kept only if nothing changed while it loaded (same key again)
    if (
        folder is not None
        and key is not None
        and result.ok
        and entry_key(found.path, found.limits) == key
    ):
        _write(folder, folder / (key + _SUFFIX), result)
    return result


def load_package_cached(
    path: str | os.PathLike[str] | None = None, limits: Limits = DEFAULT_LIMITS
) -> LoadResult:
    """`load_package`, answered from the cache when the package has not changed."""
    return load(lookup(path, limits))


def _read(entry: Path) -> LoadResult | None:
    try:
        with open(entry, "rb") as fh:
            result = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # damaged, truncated, or from code that no longer unpickles it
        _log.debug("ignoring unreadable cache entry %s", entry, exc_info=True)
        return None
    if not isinstance(result, LoadResult) or not result.ok:
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used
    return result


def _write(folder: Path, entry: Path, result: LoadResult) -> None:
    """Write *entry* atomically; a cache that cannot be written is no cache, not an error."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(folder)
    except Exception:  # OSError, an object that does not pickle, MemoryError...
        _log.debug("could not write cache entry %s", entry, exc_info=True)


def _stats(paths) -> list[tuple[Path, os.stat_result]]:
    out = []
    for p in paths:
        with contextlib.suppress(OSError):  # removed meanwhile (another instance pruning)
            out.append((p, p.stat()))
    return out


def _prune(folder: Path) -> None:
    """Keep the newest entries, at most MAX_ENTRIES of them and MAX_BYTES in all, and
    remove temporary files of writes that never finished."""
    stats = _stats(folder.glob("*" + _SUFFIX))
    stats.sort(key=lambda ps: ps[1].st_mtime_ns, reverse=True)
    total = 0
    for i, (path, st) in enumerate(stats):
        total += st.st_size
        if i >= MAX_ENTRIES or (i > 0 and total > MAX_BYTES):
            with contextlib.suppress(OSError):
                path.unlink()
    stale = time.time() - STALE_TMP_SECONDS
    for path, st in _stats(folder.glob("*.tmp")):
        if st.st_mtime < stale:
            with contextlib.suppress(OSError):
                path.unlink()
