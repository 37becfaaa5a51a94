"""Exporters: images, PDF handouts and data. Apart from the window, usable headless."""

from briefing_app.export._refcount import protect_none

# exports make many thousands of PySide6 calls: see _refcount for why this is needed
protect_none()
