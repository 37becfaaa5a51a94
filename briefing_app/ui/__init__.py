"""Qt widgets of the Briefing Viewer: one module per tab kind or widget."""

from briefing_app.refcount_guard import protect_none

# PySide6 6.12 on Python 3.11 leaks references to None/True/False: see refcount_guard
protect_none()
