"""Where bundled resources live, from the source tree and from the frozen app.

The frozen app (PyInstaller) puts ``resources/`` and ``data/`` under
``sys._MEIPASS``; from source they sit beside the package.
"""

from __future__ import annotations

import sys
from pathlib import Path


def base_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return base_dir() / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
