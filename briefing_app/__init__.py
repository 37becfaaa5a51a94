"""Briefing Viewer: an offline situation briefing viewer for Frictionless briefing packages."""

from __future__ import annotations

__all__ = ["__version__"]

try:  # the installed distribution's version; the frozen app sets it at build time
    from importlib.metadata import PackageNotFoundError, version

    __version__ = version("briefing-viewer")
except PackageNotFoundError:  # pragma: no cover - running from an unpacked tree
    __version__ = "0.1.0"
