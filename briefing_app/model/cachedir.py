"""The user's cache folder, and whether it may be read from (standard library only).

Split from `briefing_app.model.cache` so that what runs before Qt is imported (the
cache of PySide's support code, `briefing_app.render.pyside_hook`) can find the folder
without importing pandas and the data layer.

``BRIEFING_CACHE_DIR`` names another cache folder; ``BRIEFING_NO_CACHE=1`` turns the
cache of validated packages off (`cache_dir`).  PySide's compiled support code is kept
in the same folder regardless (`cache_root`), as Python keeps bytecode: it only saves
compiling the same source again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path | None:
    """The folder for cached packages, or None when that cache is turned off."""
    if os.environ.get("BRIEFING_NO_CACHE", "") not in ("", "0"):
        return None
    return cache_root()


def cache_root() -> Path:
    """The app's cache folder (``BRIEFING_CACHE_DIR``, or the platform's own)."""
    env = os.environ.get("BRIEFING_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "BriefingViewer" / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "BriefingViewer"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing-viewer"


def usable(folder: Path) -> bool:
    """Whether *folder* may be read from: the user's own, and writable by nobody else
    (what is read from it is unpickled or run)."""
    try:
        st = folder.stat()
    except OSError:
        return False
    if os.name != "posix":
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022
