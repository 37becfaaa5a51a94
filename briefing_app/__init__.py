"""Briefing Viewer: an offline situation briefing viewer for Frictionless briefing packages."""

from __future__ import annotations

__all__ = ["__version__"]

# A constant rather than importlib.metadata: reading the installed metadata imports the
# email package (~19 ms on every start). tests/test_entry_points.py checks it against
# pyproject.toml and the installed distribution.
__version__ = "0.1.0"
