"""Exporters: images, PDF handouts and data. Apart from the window, usable headless."""

from briefing_app.refcount_guard import protect_none

# exports make many thousands of PySide6 calls: see refcount_guard for why
protect_none()
