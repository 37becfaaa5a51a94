"""Load and validate a package on another core while the window's libraries import.

The first opening of a package validates all of it (~45 ms for the bundled briefing)
before anything is shown; after that the window imports Qt and pyqtgraph (~250 ms), on
one core.  `start` forks a child that loads the package in the meantime and hands the
result back through a pipe, so a laptop's second core does the validating.  A package
in the cache of validated packages (`model.cache`) is read at once instead (~1 ms).

Forking is done only where it is safe and pays: on Linux, before Qt's application is
made and while the process has one thread (`can_fork`), with at least two cores.  Anything that
goes wrong in the child (it dies, its result does not arrive or does not unpickle) means
loading in this process, as without a preload; the child writes to no stream and runs
no exit handlers.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import threading

from briefing_app.model import cache
from briefing_app.model.loader import LoadResult

_log = logging.getLogger(__name__)


#: a package of more bytes than this is loaded where it is used, not in a child: handing
#: a validated package back through a pipe costs its pickling on both sides (memory the
#: size of the package's objects again: a package of 8 million text cells peaked over
#: 1.1 GB), and beside its seconds of loading the ~0.3 s of imports it overlaps is little
PRELOAD_MAX_BYTES = 32 * 1024**2


def package_bytes(path: str | os.PathLike[str] | None, most: int) -> int:
    """The bytes of the files of the package at *path* (a folder, its descriptor or a
    zip; None, the bundled one: 0), counted up to a little over *most*."""
    if path is None:
        return 0
    p = os.fspath(path)
    if os.path.isfile(p) and not p.endswith(".json"):
        return os.path.getsize(p)
    folder = os.path.dirname(p) if os.path.isfile(p) else p
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                continue
            if total > most:
                return total
    return total


def native_threads() -> int:
    """The threads of this process as the system counts them (numpy's OpenBLAS and Qt
    start threads that `threading` does not know of); 0 where it cannot tell."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def can_fork() -> bool:
    """Whether a child may be forked here: Linux, no Qt application yet, one thread,
    two cores.

    Qt's modules may be imported: importing them starts no thread, and the packaged
    app's start-up hook (PyInstaller's for PySide6) imports QtCore before any code of
    ours runs.  What makes a fork unsafe is another thread, which could hold a lock the
    child then waits for forever, and an application object, which starts them.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    qtcore = sys.modules.get("PySide6.QtCore")
    app_class = getattr(qtcore, "QCoreApplication", None)
    if app_class is not None and app_class.instance() is not None:
        return False
    # a count it cannot read (0) is not taken for one thread
    if threading.active_count() > 1 or native_threads() != 1:
        return False
    return len(os.sched_getaffinity(0)) >= 2


class Preload:
    """The package at *path* (None: the bundled one) being opened; call it for its
    `LoadResult`, the same as `load_package_cached` gives."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        # looked up once: the child, or a load here, uses the same key (no second listing)
        self._lookup = cache.lookup(path)
        self._result: LoadResult | None = self._lookup.result
        self._child: tuple[int, int] | None = None
        #: whether a child was forked to load the package
        self.forked = False
        if (
            self._result is None
            and can_fork()
            and package_bytes(path, PRELOAD_MAX_BYTES) <= PRELOAD_MAX_BYTES
        ):
            self._fork()

    def _fork(self) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: load, send, leave without exit handlers or flushing
            status = 1
            try:
                os.close(read_end)
                result = cache.load(self._lookup)
                # pickled into the pipe as it goes, not into bytes first: a package of
                # millions of text cells made a pickle of hundreds of MB on top of itself
                with os.fdopen(write_end, "wb") as out:
                    pickle.dump(result, out, pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._child = (pid, read_end)
        self.forked = True

    def _from_child(self) -> LoadResult | None:
        pid, read_end = self._child
        self._child = None
        try:
            try:
                # read as it is unpickled (a pickle ends with its own end: a child that
                # died part way makes this fail, and its status is checked below)
                with os.fdopen(read_end, "rb") as fh:
                    result = pickle.load(fh)
            finally:
                _, status = os.waitpid(pid, 0)
            if status == 0 and isinstance(result, LoadResult):
                return result
            _log.debug("preload of %s ended with status %s", self.path, status)
        except Exception:
            _log.debug("preload of %s failed", self.path, exc_info=True)
        return None

    def __call__(self) -> LoadResult:
        if self._result is None and self._child is not None:
            self._result = self._from_child()
        if self._result is None:
            self._result = cache.load(self._lookup)
        return self._result
